"""The prose view and its mapping back to the original text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from actorgraph.errors import IngestError
from actorgraph.ingest import load_text, prose_view
from actorgraph.model import Document

from .helpers import SEEDS, fixture


def _assert_pieces_map(doc: Document) -> None:
    view = prose_view(doc)
    last_view_end = 0
    for view_start, orig_start, length in view.pieces:
        assert view_start >= last_view_end
        assert orig_start >= 0
        assert orig_start + length <= len(doc.text)
        assert view.text[view_start:view_start + length] == doc.text[orig_start:orig_start + length]
        last_view_end = view_start + length
        # any sub-range of a piece maps back too
        mid = view_start + length // 2
        a, b = view.span_to_original(view_start, mid + 1)
        assert doc.text[a:b] == view.text[view_start:mid + 1]


def test_offsets_map_back_on_every_fixture_and_seed():
    from actorgraph.ingest import load_path

    docs = [load_path(p) for p in sorted(SEEDS.glob("*.txt"))]
    docs += [fixture(name) for name in ("appended_story.txt", "author_bio.txt", "promo_box.txt",
                                        "share_chrome.txt", "runin_citations.txt", "endnotes.txt")]
    for doc in docs:
        _assert_pieces_map(doc)


def test_segments_are_separated_by_blank_lines():
    text = "Title of the piece\n\nFirst paragraph ends here.\nSecond paragraph follows it.\n"
    doc = load_text(text, "p.txt")
    assert prose_view(doc).text.split("\n\n") == ["Title of the piece", "First paragraph ends here.",
                                                  "Second paragraph follows it."]


_scrape_text = st.lists(
    st.one_of(
        st.text(min_size=0, max_size=120),
        st.sampled_from(["", "Follow", "Short Url", "Updated 17 November 2025", "Written by Jane Roe",
                         "1 Jane Roe. “Report”. 2020. https://example.org/x", "Similar Posts", "View Archive",
                         "Mali.Ryan Hess, “Title,” Journal 3 (2020): 4, https://example.org/y. Then prose.",
                         "The group[1] attacked. (AFP)", "DAKAR: The army said so.", "\u00a0", "\ufeff"]),
    ),
    max_size=25,
).map("\n".join)


@settings(max_examples=150, deadline=None)
@given(_scrape_text)
def test_arbitrary_text_never_raises_anything_but_ingest_error_and_maps_back(text):
    try:
        doc = load_text(text, "fuzz.txt")
    except IngestError:
        return
    _assert_pieces_map(doc)
    for seg in doc.segments:
        assert 0 <= seg.start <= seg.end <= len(doc.text)
    for cit in doc.citations:
        assert doc.text[cit.start:cit.end] == cit.text
    for art in doc.articles:
        assert 0 <= art.start <= art.end <= len(doc.text)
