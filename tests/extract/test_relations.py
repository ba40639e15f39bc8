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


# ------------------------------------------------------------------ role sequences and leader lists
def test_role_of_org_then_name(extract_text, named):
    ex = extract_text("The current leader of Ansar al-Dine Amadou Kouffa has been linked to Algeria.",
                      names=["relations"])
    assert ("Amadou Kouffa", "leader_of", "Ansar al-Dine") in triples(ex, named)


def test_leaders_including_name(extract_text, named):
    ex = extract_text("Ansar al-Dine formed in 2012. Its leaders, including Amadou Kouffa, say their goal is "
                      "to capture territory.", names=["relations"])
    assert ("Amadou Kouffa", "leader_of", "Ansar al-Dine") in triples(ex, named)


def test_regional_emir_is_member_and_place(extract_text, named):
    ex = extract_text("Yahya Abu Hammam, the emir of AQIM in West Africa, was killed.", names=["relations"])
    got = triples(ex, named)
    assert ("Yahya Abu Hammam", "member_of", "AQIM") in got
    assert ("Yahya Abu Hammam", "leader_of", "AQIM") not in got
    assert ("AQIM", "operates_in", "West Africa") in got


def test_conjoined_role_of_another_person_is_not_shared(extract_text, named):
    ex = extract_text("He pledged allegiance to Abdelmalek Droukdel, the emir of AQIM; Ayman al-Zawahiri, "
                      "al-Qaeda's emir.", names=["relations"])
    got = triples(ex, named)
    assert ("Abdelmalek Droukdel", "leader_of", "AQIM") in got
    assert ("Abdelmalek Droukdel", "leader_of", "al-Qaeda") not in got


def test_former_agent_conjoined_lower_down(extract_text, named):
    ex = extract_text("Michael Shurkin, the director of global programs at 14 North Strategies and a former "
                      "CIA agent, told AFP.", names=["relations"])
    got = triples(ex, named)
    assert ("Michael Shurkin", "member_of", "CIA") in got


def test_person_sanctioned_not_the_group_in_his_title(extract_text, named):
    ex = extract_text("Sidan Ag-Hitta, another senior Ansar al-Dine leader designated as a terrorist by the "
                      "U.S. and sanctioned by the EU, is the commander of Kidal.", names=["relations"])
    got = triples(ex, named)
    assert any(s == "Sidan Ag-Hitta" and p == "sanctioned_by" for s, p, _ in got)
    assert not any(s == "Ansar al-Dine" and p == "sanctioned_by" for s, p, _ in got)


PROFILE = """Ansar al-Dine

Ansar al-Dine is an armed group. Ansar al-Dine attacked Gao. Ansar al-Dine has fighters.

  • Founder(s):

    Amadou Kouffa

  • Places of Operation:

    Mali, Niger, Burkina Faso

Abu Dujana al-Qasimi

Spokesman

Yahya Abu Hammam

Senior leader of AQIM, founder of al-Mourabitoun
"""


def test_fact_box_and_leader_list(extract_text, named):
    got = triples(extract_text(PROFILE, names=["relations"]), named)
    assert ("Amadou Kouffa", "founded", "Ansar al-Dine") in got
    assert {("Ansar al-Dine", "operates_in", p) for p in ("Mali", "Niger", "Burkina Faso")} <= got
    assert ("Abu Dujana al-Qasimi", "member_of", "Ansar al-Dine") in got
    assert ("Yahya Abu Hammam", "member_of", "AQIM") in got
    assert ("Yahya Abu Hammam", "founded", "al-Mourabitoun") in got
    # the leaders list after the box is not a list of places, the founder line is no place
    assert not any(p == "operates_in" and o in ("Abu Dujana al-Qasimi", "Amadou Kouffa") for _, p, o in got)


def test_prose_is_no_leader_list(extract_text, named):
    ex = extract_text("Amadou Kouffa\n\nThe spokesman said nothing new on Tuesday about Ansar al-Dine.\n",
                      names=["relations"])
    assert not any(s == "Amadou Kouffa" for s, _, _ in triples(ex, named))


# ------------------------------------------------------------------ declared enemies and statements
QUOTE = """Amadou Kouffa is the emir of Ansar al-Dine.

Amadou Kouffa, April 3, 2017

In an interview with a newspaper:

“Our enemies are many, but France remains our historic enemy.
France and its supporters, such as Germany, Chad and Niger.”
"""


def test_quoted_enemy_list_goes_to_the_speakers_group(extract_text, named):
    got = triples(extract_text(QUOTE, names=["relations"]), named)
    for enemy in ("France", "Germany", "Chad", "Niger"):
        assert ("Ansar al-Dine", "opposes", enemy) in got or (enemy, "opposes", "Ansar al-Dine") in got
    assert ("Amadou Kouffa", "opposes", "Germany") not in got


def test_his_enemy_is_the_persons(extract_text, named):
    ex = extract_text("Amadou Kouffa stated in an interview that France was his “historic enemy”.",
                      names=["relations"])
    assert ("Amadou Kouffa", "opposes", "France") in triples(ex, named)


def test_list_not_continuing_a_declared_enemy(extract_text, named):
    ex = extract_text("“France remains our enemy.” Germany and Chad signed a trade deal.", names=["relations"])
    assert not any(o in ("Germany", "Chad") for _, p, o in triples(ex, named) if p == "opposes")


def test_statement_praising_and_violence(extract_text, named):
    ex = extract_text("Joint AQIM-Ansar al-Dine statement praising Hamas and encouraging violence on Israel:",
                      names=["relations"])
    got = triples(ex, named)
    assert ("AQIM", "allied_with", "Hamas") in got
    assert ("Ansar al-Dine", "opposes", "Israel") in got or ("Israel", "opposes", "Ansar al-Dine") in got


def test_people_working_together_is_no_alliance(extract_text, named):
    ex = extract_text("Amadou Kouffa works closely with Yahya Abu Hammam, the emir of AQIM.", names=["relations"])
    assert not any(p == "allied_with" for _, p, _ in triples(ex, named))


# ------------------------------------------------------------------ places
def test_group_acting_in_a_place(extract_text, named):
    ex = extract_text("Ansar al-Dine was formed in 2012. Two weeks ago in the central town of Gao, the group "
                      "killed at least 14 civilians.", names=["relations"])
    assert ("Ansar al-Dine", "operates_in", "Gao") in triples(ex, named)


def test_reporting_in_a_place_is_not_operating(extract_text, named):
    ex = extract_text("Ansar al-Dine said in a statement published in Dakar that it wants talks.",
                      names=["relations"])
    assert ("Ansar al-Dine", "operates_in", "Dakar") not in triples(ex, named)


def test_capture_with_start(extract_text, named):
    ex = extract_text("Ansar al-Dine captured a number of towns, including Tessalit and Timbuktu, in 2012.",
                      names=["relations"])
    starts = {r["object"]: r["start"] for r in named(ex, "relation") if r["predicate"] == "operates_in"}
    assert starts.get("Tessalit") == "2012" and starts.get("Timbuktu") == "2012"


def test_site_is_not_an_area_of_operation(extract_text, named):
    ex = extract_text("Al-Mourabitoun carried out the lethal attack on the Douankara border point in Mauritania.",
                      names=["relations"])
    places = {o for s, p, o in triples(ex, named) if p == "operates_in"}
    assert "Mauritania" in places and not any("Douankara" in p for p in places)


def test_forces_in_region_and_place_possessive(extract_text, named):
    ex = extract_text("Mali's Ansar al-Dine militants clashed with French forces in the Sahel.",
                      names=["relations"])
    got = triples(ex, named)
    assert ("Ansar al-Dine", "operates_in", "Mali") in got
    assert ("French forces", "operates_in", "Sahel") in got


def test_mission_in_countries_with_period(extract_text, named):
    ex = extract_text("JNIM clashed with French forces deployed under Operation Barkhane—France's anti-terror "
                      "mission in Chad, Niger, and Mauritania from 2014 until 2022.", names=["relations"])
    got = {(r["subject"], r["object"]): (r["start"], r["end"]) for r in named(ex, "relation")
           if r["predicate"] == "operates_in"}
    assert got.get(("Operation Barkhane", "Chad")) == ("2014", "2022")
    assert ("France", "Chad") not in got


def test_one_of_the_groups_operating_in(extract_text, named):
    ex = extract_text("Ansar al-Dine is prominent as one of the most dangerous organizations operating in the "
                      "Mali, Burkina Faso and Niger triangle.", names=["relations"])
    places = {o for s, p, o in triples(ex, named) if p == "operates_in" and s == "Ansar al-Dine"}
    assert {"Mali", "Burkina Faso", "Niger"} <= places


def test_affiliated_groups_in_parentheses(extract_text, named):
    ex = extract_text("Ansar al-Dine was established with the integration of four al-Qaeda associated groups "
                      "(Katiba Macina, al-Mourabitoun and Katiba Serma).", names=["relations"])
    got = triples(ex, named)
    assert ("al-Mourabitoun", "affiliated_with", "al-Qaeda") in got
    assert ("al-Qaeda", "part_of", "Ansar al-Dine") not in got


def test_lost_caliphate_in_places(extract_text, named):
    ex = extract_text("When ISIS lost its territorial caliphate in Iraq and Syria, Ansar al-Dine grew.",
                      names=["relations"])
    got = triples(ex, named)
    assert ("ISIS", "operates_in", "Iraq") in got and ("ISIS", "operates_in", "Syria") in got
    assert ("Ansar al-Dine", "operates_in", "Iraq") not in got


# ------------------------------------------------------------------ held-out generalisation rules
def test_founded_by_passive_is_dated(extract_text, named):
    ex = extract_text("Ansar Dine is a jihadist group. The group was founded in May 2015 by Iyad Ag Ghaly.",
                      names=["relations"])
    got = {(r["subject"], r["predicate"], r["object"], r["start"]) for r in named(ex, "relation")}
    assert ("Iyad Ag Ghaly", "founded", "Ansar Dine", "2015-05") in got


def test_founded_by_place_is_no_founder(extract_text, named):
    ex = extract_text("The Ansar Dine camp was established by the river near Kidal.", names=["relations"])
    assert not any(p == "founded" for _, p, _ in triples(ex, named))


def test_succeeded_as_emir_by(extract_text, named):
    ex = extract_text("Ansar Dine is a jihadist group in Mali. Its leader Iyad Ag Ghaly was killed in 2021. "
                      "He was succeeded as emir by Abu Hamza in March 2022.", names=["relations"])
    got = {(r["subject"], r["predicate"], r["object"], r["start"]) for r in named(ex, "relation")}
    assert ("Abu Hamza", "leader_of", "Ansar Dine", "2022-03") in got


def test_succeeded_without_role_is_nothing(extract_text, named):
    ex = extract_text("Abu Hamza succeeded in escaping from Kidal in 2019.", names=["relations"])
    assert not any(p in ("leader_of", "member_of") for _, p, _ in triples(ex, named))


def test_regional_commander_for_place_name(extract_text, named):
    ex = extract_text("JNIM's regional commander for Timbuktu, Talha Abu Hind, has demanded that residents "
                      "stop.", names=["relations"])
    got = triples(ex, named)
    assert ("Talha Abu Hind", "member_of", "JNIM") in got
    assert ("Talha Abu Hind", "leader_of", "JNIM") not in got


def test_active_designation_and_sanctions_list(extract_text, named):
    ex = extract_text("The United States designated Ansar Dine a Foreign Terrorist Organization in May 2018. "
                      "The UN Security Council added Katiba Macina to its sanctions list in February 2020.",
                      names=["relations"])
    got = {(r["subject"], r["predicate"], r["object"], r["start"]) for r in named(ex, "relation")}
    assert ("Ansar Dine", "sanctioned_by", "United States", "2018-05") in got
    assert ("Katiba Macina", "sanctioned_by", "UN Security Council", "2020-02") in got


def test_added_to_patrols_is_no_sanction(extract_text, named):
    ex = extract_text("The Malian army added Ansar Dine defectors to its patrols in Gao.", names=["relations"])
    assert not any(p == "sanctioned_by" for _, p, _ in triples(ex, named))


def test_name_internal_parent(extract_text, named):
    ex = extract_text("The UN said the UN Security Council met. Islamic State and Islamic State West Africa "
                      "Province fought al-Qaeda and al-Qaeda in the Islamic Maghreb.", names=["relations"])
    got = triples(ex, named)
    assert ("UN Security Council", "part_of", "UN") in got
    assert ("Islamic State West Africa Province", "part_of", "Islamic State") in got
    assert ("al-Qaeda in the Islamic Maghreb", "part_of", "al-Qaeda") not in got


def test_ministry_of_a_country_does_not_operate_there(extract_text, named):
    ex = extract_text("India's Ministry of External Affairs confirmed the release on 12 November.",
                      names=["relations"])
    assert not any(p == "operates_in" for _, p, _ in triples(ex, named))


def test_linked_channels_are_no_affiliate(extract_text, named):
    ex = extract_text("Wagner-linked Telegram channels acknowledged dozens of deaths.", names=["relations"])
    assert not any(p == "affiliated_with" for _, p, _ in triples(ex, named))


def test_fighters_from_group_storm_camp_in_town(extract_text, named):
    ex = extract_text("Hundreds of fighters from the Group for the Support of Islam and Muslims (JNIM) stormed "
                      "the army camp in Djibo at dawn.", names=["relations"])
    assert ("Group for the Support of Islam and Muslims", "operates_in", "Djibo") in triples(ex, named)


def test_hundreds_of_civilians_from_place_are_no_group(extract_text, named):
    ex = extract_text("Hundreds of residents from Djibo fled to Ouagadougou.", names=["relations"])
    assert not any(p == "operates_in" for _, p, _ in triples(ex, named))



# --- joint actions, bodies of organisations, "including" targets and "since" dates
def test_joint_ambush_makes_allies(extract_text, named):
    ex = extract_text("MNLA rebels and AQIM fighters ambushed a convoy near Kidal.", names=["relations"])
    got = triples(ex, named)
    assert ("MNLA", "allied_with", "AQIM") in got or ("AQIM", "allied_with", "MNLA") in got


def test_reciprocal_attack_is_no_alliance(extract_text, named):
    ex = extract_text("MNLA fighters and AQIM fighters attacked each other near Kidal.", names=["relations"])
    assert not any(p == "allied_with" for _, p, _ in triples(ex, named))


def test_body_in_apposition_is_part_of(extract_text, named):
    ex = extract_text("The army took over bases vacated by the AQIM logistics unit, Katiba Serma.",
                      names=["relations"])
    assert ("Katiba Serma", "part_of", "AQIM") in triples(ex, named)


def test_possessive_media_name_is_not_part_of(extract_text, named):
    ex = extract_text("AQIM's media arm, Al-Andalus, published a video.", names=["relations"])
    assert not any(p == "part_of" for _, p, _ in triples(ex, named))


def test_oppose_including_and_since(extract_text, named):
    ex = extract_text("Since 2019 AQIM has fought Ansar al-Dine and other armed groups, including the MNLA, "
                      "in northern Mali.", names=["relations"])
    facts = [r for r in named(ex, "relation") if r["predicate"] == "opposes"]
    assert {"MNLA"} <= {r["object"] for r in facts} | {r["subject"] for r in facts}
