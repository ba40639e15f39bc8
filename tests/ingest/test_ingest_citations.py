"""Bibliography in prose: run-in references, endnote lists and note markers."""

from __future__ import annotations

from actorgraph.ingest import load_text, prose_view

from .helpers import fixture


def test_run_in_citations_are_split_and_the_prose_around_stays_intact():
    doc = fixture("runin_citations.txt")
    urls = [c.url for c in doc.citations]
    assert urls == ["https://example.org/central-front.pdf", "https://example.net/delta", None]
    view = prose_view(doc).text
    assert ("Katiba Macina is an armed group active in central Mali that joined a larger coalition in 2017. "
            "The group recruits among herders who feel abandoned by the state. "
            "It also taxes farmers in the areas it controls.") in view
    for cited in ("Jane Roe", "Sahel Review", "Delta News", "Sahel Institute", "http", "Spring 2021"):
        assert cited not in view, cited


def test_run_in_citation_points_at_the_sentence_it_follows():
    doc = fixture("runin_citations.txt")
    first = doc.citations[0]
    assert doc.text[first.sentence_start:first.sentence_end] == (
        "Katiba Macina is an armed group active in central Mali that joined a larger coalition in 2017.")
    assert first.text.startswith("Jane Roe, “The Rise of the Central Front,”")
    assert doc.text[first.start:first.end] == first.text


def test_spaced_quote_title_citation_and_html_junk():
    text = ("Groups\n\nThe group attacked a U.N. base in northern Mali in June 2016. “Peacekeeping in Mali,” "
            "Newsweek, June 12, 2016, http://www.example.com/mali-468907./span> Additionally, the group "
            "expanded into Libya.\n")
    doc = load_text(text, "c.txt")
    assert [c.url for c in doc.citations] == ["http://www.example.com/mali-468907"]
    view = prose_view(doc).text
    assert "a U.N. base in northern Mali in June 2016. Additionally, the group expanded into Libya." in view
    assert "span" not in view and "Newsweek" not in view


def test_prose_with_urls_in_it_is_not_taken_for_a_citation():
    text = ("Where to read more\n\nThe full report is online at https://example.org/report and was "
            "written by researchers who visited the region twice last year.\n")
    doc = load_text(text, "u.txt")
    assert doc.citations == []


def test_numbered_endnotes_become_citations_and_markers_leave_the_prose():
    doc = fixture("endnotes.txt")
    notes = doc.citations
    assert [(c.marker, c.url) for c in notes] == [("1", "https://example.org/gold-and-guns"),
                                                  ("2", "https://example.net/gold-goes")]
    assert doc.text[notes[0].sentence_start:notes[0].sentence_end] == \
        "Armed groups earn millions from artisanal gold mines in the region[1]."
    assert "illegally [2]." in doc.text[notes[1].sentence_start:notes[1].sentence_end]
    view = prose_view(doc).text
    assert "[1]" not in view and "[2]" not in view and "Jane Roe" not in view
    assert "gold mines in the region. Officials estimate" in view
    assert "leaves the country illegally. The trade continues" in view
    assert any(s.reason == "endnotes" for s in doc.segments)


def test_roman_markers_map_to_numbered_notes_in_order():
    text = ("Notes on the Sahel\n\nThe group took hostages in 2020[i]. It also smuggles gold[ii].\n\n"
            "1 Jane Roe. “Hostages”. Sahel Institute, 2021. https://example.org/a\n\n"
            "2 Ali Kone. “Gold”. Delta News, 2022. https://example.org/b\n")
    doc = load_text(text, "r.txt")
    first, second = doc.citations
    assert doc.text[first.sentence_start:first.sentence_end] == "The group took hostages in 2020[i]."
    assert doc.text[second.sentence_start:second.sentence_end] == "It also smuggles gold[ii]."


def test_numbered_paragraphs_that_are_not_references_stay_prose():
    text = ("Three lessons\n\nThe war has taught observers a few things about the armed groups.\n\n"
            "1 The groups adapt faster than the armies that fight them, and they learn from defeats.\n\n"
            "2 Local grievances matter more than ideology for most of the recruits.\n")
    doc = load_text(text, "l.txt")
    assert doc.citations == []
    assert "Local grievances matter" in prose_view(doc).text
