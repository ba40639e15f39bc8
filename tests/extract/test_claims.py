from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_fighters_range_with_attribution(extract_text, named):
    ex = extract_text("According to the International Crisis Group, Ansar al-Dine has between 1,000 and "
                      "1,500 fighters.", published="2024-03-10", names=["claims"])
    [c] = named(ex, "claim")
    assert c["subject"] == "Ansar al-Dine" and c["quantity"] == "fighters"
    assert (c["low"], c["high"], c["unit"]) == (1000, 1500, "persons")
    assert c["attributed_to"] == "International Crisis Group"
    assert c["as_of"] == "2024-03"  # undated present-tense figure: the publication month


def test_open_ended_fatalities_and_relative_date(extract_text, named):
    ex = extract_text("Ansar al-Dine is active in Mali. Two weeks ago, the group killed at least 20 "
                      "villagers near Gao.", published="2024-03-20", names=["claims"])
    [c] = [c for c in named(ex, "claim") if c["quantity"] == "fatalities"]
    assert c["subject"] == "Ansar al-Dine" and c["low"] == 20 and c["high"] is None
    assert c["as_of"] == "2024-03"


def test_ransom_in_euros(extract_text, named):
    ex = extract_text("A French aid worker was freed by Ansar al-Dine in May 2019 after a ransom payment "
                      "of 2.5 million euros.", names=["claims"])
    [c] = named(ex, "claim")
    assert (c["quantity"], c["low"], c["unit"]) == ("ransom", 2_500_000, "EUR")
    assert c["as_of"] == "2019-05"


def test_counts_of_groups_and_years_are_not_claims(extract_text, named):
    ex = extract_text("In 2017, four groups merged to form Ansar al-Dine.", names=["claims"])
    assert named(ex, "claim") == []


def test_patron_outlet_and_source_are_not_the_subject(extract_text, named):
    # "linked to X" names a patron, "told AFP" an outlet, "according to a report by X" a source.
    ex = extract_text("Jihadists linked to Ansar al-Dine killed more than 50 soldiers in an attack on Sunday, "
                      "security sources told AFP.", published="2025-05-14", names=["claims"])
    assert all(c["subject"] != "AFP" for c in named(ex, "claim"))
    ex = extract_text("Soldiers killed some 500 people in Moura, according to a report by the UN human rights "
                      "office.", published="2025-05-14", names=["claims"])
    assert all("office" not in (c["subject"] or "") for c in named(ex, "claim"))


def test_named_victims_are_the_subject(extract_text, named):
    ex = extract_text("The rebels said 84 Wagner fighters were killed near the border.", published="2025-06-20",
                      names=["claims"])
    [c] = named(ex, "claim")
    assert c["subject"] in ("Wagner", "Wagner Group") and c["low"] == 84


def test_militia_among_the_victims_is_not_the_subject(extract_text, named):
    ex = extract_text("Fighters from Ansar al-Dine stormed the town on Sunday. A resident said at least 30 civilians "
                      "were also killed, among them members of the Volunteers for the Defence of the Homeland (VDP).",
                      published="2025-05-14", names=["claims"])
    assert all("Volunteers" not in (c["subject"] or "") for c in named(ex, "claim"))


def test_state_force_strength_is_troops(extract_text, named):
    ex = extract_text("The Africa Corps has about 2,000 to 2,500 men in Mali.", published="2025-06-01",
                      names=["claims"])
    [c] = named(ex, "claim")
    assert c["quantity"] == "troops" and (c["low"], c["high"]) == (2000, 2500)
    ex = extract_text("Ansar al-Dine has between 1,000 and 1,500 men.", names=["claims"])
    assert [c["quantity"] for c in named(ex, "claim")] == ["fighters"]  # an armed group keeps fighters


def test_a_few_hundred_is_a_range(extract_text, named):
    ex = extract_text("Ansar al-Dine has a few hundred fighters.", names=["claims"])
    [c] = named(ex, "claim")
    assert (c["low"], c["high"]) == (200, 500)


def test_country_level_toll_has_the_country_as_subject(extract_text, named):
    ex = extract_text("Burkina Faso is battling Ansar al-Dine and other jihadist groups. Violence in the country "
                      "has killed more than 10,000 people since 2015, according to ACLED.", published="2025-05-14",
                      names=["claims"])
    [c] = named(ex, "claim")
    assert c["subject"] == "Burkina Faso" and c["quantity"] == "fatalities" and c["low"] == 10000


def test_victims_named_in_another_figure_are_not_the_killers(extract_text, named):
    ex = extract_text("The rebels said 84 Wagner fighters and 47 Malian soldiers were killed.",
                      published="2025-06-20", names=["claims"])
    assert all(not (c["low"] == 47 and "Wagner" in (c["subject"] or "")) for c in named(ex, "claim"))


def test_restated_ransom_figure(extract_text, named):
    ex = extract_text("Ansar al-Dine released the hostages in May. A source said a ransom of 3 million euros had "
                      "been paid. A diplomat put the figure at between 2 and 4 million euros.",
                      published="2025-06-20", names=["claims"])
    assert any(c["quantity"] == "ransom" and (c["low"], c["high"]) == (2_000_000, 4_000_000)
               for c in named(ex, "claim"))
