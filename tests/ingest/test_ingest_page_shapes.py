"""Page shapes found while measuring generalisation on unseen scrapes: menus and breadcrumbs,
mastheads, captions closed by a credit, short bracketed endnotes, comment threads and author
lines at the foot of an article. The texts are written for these tests."""

from __future__ import annotations

from actorgraph.ingest import chrome, metadata, prose_view
from actorgraph.ingest.segment import lay_out

_BODY = ("Militants attacked an army post near the town on Monday, killing several soldiers and wounding "
         "others, local officials said. The group later claimed the attack in a statement.\n\n"
         "Residents said the fighters arrived on motorbikes before dawn and left with weapons and vehicles "
         "taken from the post, according to two witnesses reached by telephone.\n\n")


def test_menus_and_breadcrumbs_are_navigation():
    for line in ("Home > Research > Actor Profiles", "News | Analysis | Opinion | Podcasts", "WORLD > AFRICA",
                 "Print | Download PDF | Share"):
        assert chrome.line_chrome(line) == "navigation", line
    assert chrome.line_chrome("Mali: junta extends transition, 3 May 2024") is None
    assert chrome.line_chrome("Militants kill 12 in Burkina, officials say") is None


def test_site_name_date_reading_time_line_is_a_dateline():
    assert metadata.date_line("Sahel Brief - 18 November 2025 - 5 min read") == (True, "2025-11-18")
    assert metadata.date_line("Iyad Ag Ghaly, April 3, 2017")[0] is False


def test_caption_closed_by_credit_and_share_line():
    assert chrome.line_chrome("A woman sells vegetables at a market on 20 September. Photo: Site/M. Name") == \
        "photo caption"
    assert chrome.line_chrome("Share: Facebook - LinkedIn - X - Email") == "share/follow"


def test_masthead_above_menu_is_not_the_title():
    text = ("The Daily Observer\n\nNews | Analysis | Opinion | Podcasts\n\n"
            "Militants storm army post in northern town\n\n2 October 2023\n\n" + _BODY)
    layout = lay_out(text)
    assert layout.articles[0].title == "Militants storm army post in northern town"
    assert layout.articles[0].published == "2023-10-02"


def test_short_bracketed_endnotes_and_related_profiles_are_not_main(tmp_path):
    notes = "\n".join(f"[{n}] Some Institute, report, {2010 + n}." for n in range(1, 5))
    text = ("Group profile\n\n" + _BODY + "Notes\n\n" + notes + "\n\nRelated profiles\n\nFirst Group\n\n"
            "Second Group\n")
    path = tmp_path / "profile.txt"
    path.write_text(text)
    from actorgraph.ingest import load_path

    view = prose_view(load_path(path)).text
    assert "Some Institute" not in view and "Second Group" not in view
    assert "claimed the attack" in view


def test_comment_thread_and_byline_author_note_are_not_main(tmp_path):
    text = ("Militants storm army post in northern town\n\nBy Jane Roe\n\n2 October 2023\n\n" + _BODY +
            "Jane Roe is a West Africa correspondent based in Dakar, Senegal.\n\n"
            "2 comments\n\nReader One says:\n\nGood piece, the Other Group was involved too.\n\nReply\n")
    path = tmp_path / "post.txt"
    path.write_text(text)
    from actorgraph.ingest import load_path

    view = prose_view(load_path(path)).text
    assert "Other Group" not in view and "correspondent based in Dakar" not in view
