from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def triples(ex, named) -> set[tuple[str, str, str]]:
    return {(r["subject"], r["predicate"], r["object"]) for r in named(ex, "relation")}


def test_apposition_former_emir(extract_text, named):
    ex = extract_text("Iyad Ag Ghaly, the former emir of Ansar al-Dine, was seen in Kidal.",
                      names=["relations"])
    [r] = [r for r in named(ex, "relation") if r["predicate"] == "leader_of"]
    assert r["subject"] == "Iyad Ag Ghaly" and r["object"] == "Ansar al-Dine" and r["former"] is True


def test_title_before_name_and_member_role(extract_text, named):
    ex = extract_text("AQIM leader Abdelmalek Droukdel met Amadou Kouffa, a senior leader of Ansar al-Dine.",
                      names=["relations"])
    got = triples(ex, named)
    assert ("Abdelmalek Droukdel", "leader_of", "AQIM") in got
    assert ("Amadou Kouffa", "member_of", "Ansar al-Dine") in got


def test_merger_distributes_and_dates(extract_text, named):
    ex = extract_text("Ansar al-Dine was founded on March 2, 2017, when al-Mourabitoun merged with the "
                      "Macina Liberation Front and Katiba Serma.", names=["relations"])
    parts = {(r["subject"], r["start"]) for r in named(ex, "relation") if r["predicate"] == "part_of"}
    assert ("al-Mourabitoun", "2017-03-02") in parts
    assert ("Macina Liberation Front", "2017-03-02") in parts


def test_sanctions_by_two_bodies(extract_text, named):
    ex = extract_text("Salem Ould Breihmatt, an explosives expert designated as a terrorist by the U.S. "
                      "and sanctioned by the EU, lives in Mali.", names=["relations"])
    objects = {r["object"] for r in named(ex, "relation") if r["predicate"] == "sanctioned_by"}
    assert len(objects) == 2


def test_affiliation_modifier(extract_text, named):
    ex = extract_text("The al-Qaeda-affiliated Macina Liberation Front attacked villages.",
                      names=["relations"])
    assert ("Macina Liberation Front", "affiliated_with", "al-Qaeda") in triples(ex, named)


def test_operates_list(extract_text, named):
    ex = extract_text("Ansar al-Dine has expanded its operations to Burkina Faso, Niger and Senegal.",
                      names=["relations"])
    places = {o for s, p, o in triples(ex, named) if p == "operates_in"}
    assert {"Burkina Faso", "Niger", "Senegal"} <= places


def test_collaborating_civilians_is_no_alliance(extract_text, named):
    ex = extract_text("Ansar al-Dine killed 14 civilians it suspected of collaborating with the Malian army.",
                      names=["relations"])
    assert not any(p == "allied_with" for _, p, _ in triples(ex, named))
