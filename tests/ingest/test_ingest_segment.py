"""Chrome segmentation on small scrapes written for these tests (not the seeds)."""

from __future__ import annotations

from actorgraph.ingest import prose_view

from .helpers import chrome_text, fixture, reasons


def test_appended_unrelated_story_is_a_non_main_article():
    doc = fixture("appended_story.txt")
    assert [(a.title, a.main) for a in doc.articles] == [
        ("Burkina Faso junta extends emergency rule as militants tighten grip", True),
        ("Ferrari unveils new electric sports car at Geneva motor show", False),
    ]
    view = prose_view(doc).text
    assert "Ferrari" not in view and "carmaker" not in view
    assert "The militant group JNIM claimed the attacks" in view
    assert "appended article" in reasons(doc)
    assert doc.articles[1].published is None  # "Updated 3 min ago" cannot be resolved


def test_header_chrome_caption_share_dateline_and_repeated_title():
    doc = fixture("appended_story.txt")
    found = reasons(doc)
    assert {"photo caption", "share/follow", "dateline", "repeated title"} <= found
    view = prose_view(doc).text
    assert view.count("Burkina Faso junta extends emergency rule") == 1
    assert "Soldiers patrol a market" not in view
    assert "OUAGADOUGOU:" not in view  # the dateline prefix is metadata
    assert view.split("\n\n")[1].startswith("Burkina Faso's military government")


def test_author_biography_is_flagged_and_names_the_author():
    doc = fixture("author_bio.txt")
    titles = [(a.title, a.main) for a in doc.articles]
    assert titles[0] == ("Why the Sahel coalition is fraying", True)
    assert ("Author biography: Amina Traoré", False) in titles
    assert doc.author == "Amina Traoré"
    view = prose_view(doc).text
    assert "master's degree" not in view and "Amina" not in view
    assert "Commentary" not in view  # the section label above the title


def test_related_posts_list_is_flagged():
    doc = fixture("author_bio.txt")
    assert ("Related Articles", False) in [(a.title, a.main) for a in doc.articles]
    assert "Fuel blockade hits Bamako" in chrome_text(doc, "related posts")
    assert "Fuel blockade" not in prose_view(doc).text


def test_promotional_box_is_flagged_but_the_fact_sheet_above_stays():
    doc = fixture("promo_box.txt")
    assert [(a.title, a.main) for a in doc.articles] == [
        ("Ansar Dine (AD)", True),
        ("Weekly Briefing – Terror Watch: Names. Places.", False),
    ]
    view = prose_view(doc).text
    assert "In 2001" not in view and "View Archive" not in view
    assert "The group later merged with other factions" in view


def test_share_follow_navigation_captions_credits_and_bylines_are_chrome():
    doc = fixture("share_chrome.txt")
    assert {"navigation", "byline", "share/follow", "language switch", "photo caption", "photo credit",
            "bare URL"} <= reasons(doc)
    view = prose_view(doc).text
    for junk in ("top of page", "bottom of page", "Share", "also available", "Jane Roe", "John Smith",
                 "Mary Major", "example.org", "(AFP)"):
        assert junk not in view, junk
    assert view.startswith("Gold mines fuel the conflict in western Mali")
    assert "The armed groups also protect smuggling routes" in view


def test_byline_gives_the_author_not_the_editor():
    doc = fixture("share_chrome.txt")
    assert doc.author == "John Smith"
    assert doc.articles[0].author == "John Smith"


def test_a_plain_article_is_one_main_article_without_chrome():
    from actorgraph.ingest import load_text

    text = ("Fighting in central Mali\n\nArmed men attacked a village near Mopti on Sunday, killing "
            "twelve people, local officials said.\nThe army sent reinforcements to the area.\n")
    doc = load_text(text, "plain.txt")
    assert [(a.title, a.main) for a in doc.articles] == [("Fighting in central Mali", True)]
    assert all(s.kind == "main" for s in doc.segments)
    assert prose_view(doc).text == ("Fighting in central Mali\n\nArmed men attacked a village near Mopti on "
                                    "Sunday, killing twelve people, local officials said.\n\n"
                                    "The army sent reinforcements to the area.")
