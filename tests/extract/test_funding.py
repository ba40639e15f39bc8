from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def sources(ex, named) -> set[tuple[str, str]]:
    return {(f["subject"], f["source"]) for f in named(ex, "funding")}


def test_revenue_words_credit_the_subject(extract_text, named):
    ex = extract_text("Ansar al-Dine is an armed group in Mali. Ansar al-Dine has several funding streams, "
                      "including ransoms from kidnappings and extortion of traders.", names=["funding"])
    got = sources(ex, named)
    assert ("Ansar al-Dine", "kidnapping_ransom") in got
    assert ("Ansar al-Dine", "extortion") in got


def test_pronoun_resolves_to_group_in_focus(extract_text, named):
    ex = extract_text("Ansar al-Dine fights in northern Mali. It raises money through taxing local "
                      "populations, cattle rustling and gold smuggling.", names=["funding"])
    got = {s for _, s in sources(ex, named)}
    assert {"taxation_zakat", "livestock_theft", "smuggling", "gold_mining"} <= got


def test_uncertainty_is_not_credit(extract_text, named):
    ex = extract_text("Ansar al-Dine operates in Mali. It is uncertain if Ansar al-Dine receives "
                      "financial support from donors abroad.", names=["funding"])
    assert not any(s == "foreign_support" for _, s in sources(ex, named))


def test_smugglers_taxed_is_taxation_not_smuggling(extract_text, named):
    ex = extract_text("Ansar al-Dine officials reportedly tax smugglers crossing the desert.",
                      names=["funding"])
    got = {s for _, s in sources(ex, named)}
    assert "taxation_zakat" in got and "smuggling" not in got


def test_no_group_no_funding(extract_text, named):
    ex = extract_text("Kidnapping of journalists has damaged reporting in the region.", names=["funding"])
    assert sources(ex, named) == set()


def test_rarely_is_not_credit(extract_text, named):
    ex = extract_text("Ansar al-Dine is an armed group in Mali. Unlike other groups, Ansar al-Dine rarely "
                      "kidnaps foreigners for ransom.", names=["funding"])
    assert ("Ansar al-Dine", "kidnapping_ransom") not in {(f["subject"], f["source"]) for f in named(ex, "funding")}
