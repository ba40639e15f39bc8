"""The five demo seeds: articles, main flags, titles, authors, dates and clean prose."""

from __future__ import annotations

from functools import cache

import pytest

from actorgraph.ingest import load_path, prose_view
from actorgraph.model import Document

from .helpers import SEEDS

EXPECTED = {
    "000": [("Mali’s JNIM militants: armed fighters or politically ambitious belligerents?", True, None,
             "2025-11-17"),
            ("Hong Kong election turnout in focus amid anger over deadly fire", False, None, None)],
    "001": [("Jama’at Nusrat al-Islam wal Muslimeen (JNIM)", True, None, None),
            ("Daily Dose – Extremists: Their Words. Their Actions.", False, None, None)],
    "002": [("Mali's Dark Shadow: Inside JNIM", True, "Perri Grace", None)],
    "003": [("The Anatomy of an Organization: JNIM", True, "Göktuğ Çalışkan", None),
            ("Author biography: Göktuğ Çalışkan", False, None, None),
            ("Similar Posts", False, None, None)],
    "004": [("Is Mali at Risk of Falling Under JNIM’s Influence?", True, None, None)],
}
NOT_IN_PROSE = {
    "000": ["Hong Kong", "Short Url", "Updated 17 November", "(AFP)", "Malian families fleeing", "DAKAR:"],
    "001": ["Daily Dose", "View Archive", "Holocaust", "http", "Long War Journal", "Ryan CK Hess", "/span",
            "&ldquo", "Constellis", "Europol", "[4]"],
    "002": ["top of page", "Writer's picture", "Credit: Edouard Elias", "Written by", "Edited by",
            "Owen Swift", "bottom of page"],
    "003": ["Paylaş", "also available in", "Human Rights Watch. “World", "Date of Access", "bachelor",
            "Similar Posts", "ÇALIŞKAN", "[1]", "[iv]", "Analysis\n"],
    "004": ["https://www.aljazeera.com"],
}
IN_PROSE = {
    "000": ["The Al-Qaeda-linked Group for the Support of Islam and Muslims", "told AFP"],
    "001": ["Burkina Faso, Niger, and Senegal. As a formal al-Qaeda affiliate in Africa",
            "Mohamed Lahbous", "Type of Organization", "France remains our historic enemy"],
    "002": ["Algerian Secret Service"],
    "003": ["over 1,300 attacks were recorded in Burkina Faso. A 2018 attack", "UNHCR", "SWISSAID"],
    "004": ["As-salamu alaykum"],
}


@cache
def _doc(prefix: str) -> Document:
    return load_path(next(SEEDS.glob(f"{prefix}_*.txt")))


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_articles(prefix):
    doc = _doc(prefix)
    got = [(a.title, a.main, a.author, a.published) for a in doc.articles]
    assert got == EXPECTED[prefix]
    main = EXPECTED[prefix][0]
    assert (doc.title, doc.author, doc.published, doc.publisher) == (main[0], main[2], main[3], None)
    assert doc.language == "en"
    assert all(a.language == "en" for a in doc.articles)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_prose_view_holds_no_chrome(prefix):
    view = prose_view(_doc(prefix)).text
    for junk in NOT_IN_PROSE[prefix]:
        assert junk not in view, junk
    for kept in IN_PROSE[prefix]:
        assert kept in view, kept


def test_seed_citations():
    assert len(_doc("001").citations) >= 50
    assert all(c.url for c in _doc("001").citations)
    notes = _doc("003").citations
    assert [c.marker for c in notes] == ["1", "2", "3", "4", "5", "6"]
    assert all(c.sentence_start is not None for c in notes)
    doc = _doc("003")
    assert "10 million euros" in doc.text[notes[1].sentence_start:notes[1].sentence_end]
    assert "SWISSAID’s 2024 report" in doc.text[notes[2].sentence_start:notes[2].sentence_end]
    for prefix in ("000", "002", "004"):
        assert _doc(prefix).citations == []


def test_seed_chrome_reasons():
    def reasons(prefix):
        return {s.reason for s in _doc(prefix).segments if s.kind == "chrome"}

    assert {"appended article", "photo caption", "dateline", "share/follow",
            "repeated title"} <= reasons("000")
    assert "promotional box" in reasons("001")
    assert {"byline", "photo credit", "navigation"} <= reasons("002")
    assert {"endnotes", "author biography", "related posts", "share/follow", "language switch",
            "section label"} <= reasons("003")
    assert "bare URL" in reasons("004")
