"""Dates, bylines, names and titles read from header lines."""

from __future__ import annotations

import pytest

from actorgraph.ingest import load_text
from actorgraph.ingest.metadata import byline_author, clean_title, date_line, parse_date, proper_case


@pytest.mark.parametrize(("line", "expected"), [
    ("Updated 17 November 2025", "2025-11-17"),
    ("Published: March 3, 2024", "2024-03-03"),
    ("Posted on 2023-10-13", "2023-10-13"),
    ("Last updated Tuesday 4 Feb 2025 10:32 GMT", "2025-02-04"),
    ("17 novembre 2025", "2025-11-17"),
    ("Updated 5 sec ago", None),
    ("Updated 3 hours ago", None),
])
def test_datelines(line, expected):
    is_dateline, date = date_line(line)
    assert is_dateline
    assert date == expected


@pytest.mark.parametrize("line", ["Iyad Ag Ghaly, April 3, 2017", "JNIM statement, July 2022", "March 2017",
                                  "Updated rules for travellers"])
def test_headings_with_dates_are_not_datelines(line):
    assert date_line(line)[0] is False


def test_never_guess_a_date():
    assert parse_date("sometime last spring") is None
    assert parse_date("31 Foo 2020") is None
    assert parse_date("Published 2025-13-01") is None


@pytest.mark.parametrize(("line", "author"), [
    ("Writer's picturePerri Grace", "Perri Grace"),
    ("  • Writer's picture Jane Roe", "Jane Roe"),
    ("Written by John Smith", "John Smith"),
    ("By Aïcha Diallo | 4 March 2024", "Aïcha Diallo"),
    ("Author: Moussa Ag Assarid", "Moussa Ag Assarid"),
    ("Edited by Owen Swift", None),
    ("By the numbers", None),
])
def test_bylines(line, author):
    assert byline_author(line) == author


def test_capitalised_surnames_are_proper_cased_turkish_aware():
    assert proper_case("Göktuğ ÇALIŞKAN") == "Göktuğ Çalışkan"
    assert proper_case("JEAN DUPONT") == "Jean Dupont"


def test_greeting_run_on_after_a_question_title_is_dropped():
    assert clean_title("Is Mali at Risk of Falling Under JNIM’s Influence? Salam") == \
        "Is Mali at Risk of Falling Under JNIM’s Influence?"
    assert clean_title("What does JNIM want?") == "What does JNIM want?"


def test_updated_dateline_sets_the_document_date():
    text = ("Militants seize border post\n\nUpdated 17 November 2025\nShare\n\n"
            "Militants seized a border post in western Mali on Sunday, the army said in a statement.\n")
    doc = load_text(text, "d.txt")
    assert doc.published == "2025-11-17"
    assert doc.title == "Militants seize border post"
    assert doc.language == "en"


def test_no_date_no_author_no_publisher_when_the_text_does_not_say():
    text = ("A quiet week in Gao\n\nThe market reopened on Monday after a week of closures, traders said.\n"
            "https://www.example.com/news\n")
    doc = load_text(text, "n.txt")
    assert (doc.published, doc.author, doc.publisher) == (None, None, None)


def test_language_of_a_french_article():
    text = ("Attaque dans le centre du Mali\n\nDes hommes armés ont attaqué un village près de Mopti "
            "dimanche, tuant douze personnes, selon des responsables locaux qui ont demandé l'anonymat.\n")
    assert load_text(text, "fr.txt").language == "fr"
