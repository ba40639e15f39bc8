"""Event rules: families, occurrence tests, dates, fatalities and in-document merging.

Every sentence here is written for the test (none is taken from the seed corpus).
"""

from __future__ import annotations

import pytest

from actorgraph import extract
from actorgraph.ingest import load_text, prose_view
from actorgraph.model import Extraction

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def events_of(nlp_en):
    """Run the events component on a text; returns (events as dicts with names, extraction)."""

    def run(text: str, published: str | None = None) -> list[dict]:
        document = load_text(text, "test.txt")
        document.published = published
        for article in document.articles:
            article.published = published
        extraction = extract.run(document, prose_view(document), nlp_en, ["events"])
        return [_named(extraction, f.data) | {"rule": f.rule, "confidence": f.confidence}
                for f in extraction.facts if f.kind == "event"]

    return run


def _named(extraction: Extraction, data: dict) -> dict:
    out = dict(data)
    for role in ("actors", "assoc_actors", "actors2", "location"):
        out[role] = [extraction.entities[i].name for i in data.get(role, [])]
    return out


def _one(events: list[dict]) -> dict:
    assert len(events) == 1, events
    return events[0]


# ------------------------------------------------------------------ violence
def test_killing_of_villagers_is_violence_against_civilians(events_of):
    e = _one(events_of("Gunmen killed 12 villagers in Djibo on 3 May 2024."))
    assert (e["type"], e["sub_type"]) == ("violence_against_civilians", "attack")
    assert e["fatalities"] == 12
    assert (e["date"], e["time_precision"]) == ("2024-05-03", 1)
    assert e["place"] == "Djibo" and e["country"] == "Burkina Faso"
    assert e["lat"] is not None and e["geo_precision"] == 1
    assert e["targets"] == ["villagers"]
    assert e["rule"] == "events.kill.v1"


def test_attack_on_army_base_is_a_battle(events_of):
    e = _one(events_of("JNIM fighters attacked an army base in Boulkessi on 1 June 2022."))
    assert e["type"] == "battles"
    assert e["date"] == "2022-06-01"
    assert e["place"] == "Boulkessi"
    assert "Jama'at Nusrat al-Islam wal-Muslimin" in e["actors"] or "JNIM" in e["actors"]


def test_attack_on_a_hotel_targets_civilians(events_of):
    e = _one(events_of("Al-Mourabitoun carried out an attack on a hotel in Bamako in November 2015."))
    assert e["type"] == "violence_against_civilians"
    assert e["date"] == "2015-11"
    assert e["place"] == "Bamako"


def test_raids_with_two_victim_groups_sum_their_fatalities(events_of):
    e = _one(events_of("In February 2018, French forces launched three raids on JNIM positions in northern "
                       "Mali, killing over 20 fighters and six commanders."))
    assert e["type"] == "battles"
    assert e["fatalities"] == 26
    assert e["date"] == "2018-02"


def test_dozens_counts_as_twelve(events_of):
    e = _one(events_of("Militants killed dozens of civilians near Djibo in March 2023."))
    assert e["fatalities"] == 12
    assert e["type"] == "violence_against_civilians"


def test_attack_that_killed_security_personnel(events_of):
    e = _one(events_of("A 2019 attack in Ouagadougou that killed five soldiers shocked the capital."))
    assert (e["type"], e["date"], e["fatalities"]) == ("battles", "2019", 5)
    assert e["place"] == "Ouagadougou"


def test_explosive_device(events_of):
    e = _one(events_of("An IED attack killed four soldiers near Gao on 5 June 2023."))
    assert e["type"] == "explosions_remote_violence"
    assert e["fatalities"] == 4


def test_abduction(events_of):
    e = _one(events_of("Gunmen abducted 20 passengers near Kaya on 2 January 2024."))
    assert (e["type"], e["sub_type"]) == ("violence_against_civilians", "abduction_forced_disappearance")
    assert e["date"] == "2024-01-02"


def test_capture_of_towns_gives_one_event_per_town(events_of):
    events = events_of("Ansar Dine captured the towns of Kidal and Gao in 2012.")
    assert sorted(e["place"] for e in events) == ["Gao", "Kidal"]
    assert {e["type"] for e in events} == {"battles"}
    assert {e["sub_type"] for e in events} == {"non_state_actor_overtakes_territory"}


@pytest.mark.parametrize("text", [
    "The group regularly attacks convoys on the road to Gao.",
    "JNIM attacks fuel convoys and kidnaps Westerners.",
    "The militants use sieges and ambushes to isolate towns.",
    "JNIM could take Bamako within months.",
    "The possibility of JNIM taking Bamako seems remote.",
    "The group has carried out attacks in Togo and Benin.",
    "JNIM did not attack the convoy.",
    "Between 2019 and 2020, clashes with ISGS resulted in 125 confrontations.",
    "The group carried out 271 attacks since September.",
    "The toll from JNIM attacks this year reached 2,100 deaths.",
    "JNIM has continually clashed with French forces.",
])
def test_habits_possibilities_and_aggregates_are_not_events(events_of, text):
    assert events_of(text, "2025-11-17") == []


# ------------------------------------------------------------------ dates
def test_relative_dates_resolve_against_publication(events_of):
    e = _one(events_of("Two weeks ago in the town of Boni, the militants killed at least 14 civilians.",
                       "2025-11-17"))
    assert (e["date"], e["time_precision"]) == ("2025-11", 2)
    assert e["fatalities"] == 14


def test_bare_month_is_the_latest_such_month(events_of):
    e = _one(events_of("In August, JNIM intensified its deadly raids on the Kayes region.", "2025-11-17"))
    assert (e["type"], e["date"]) == ("battles", "2025-08")
    assert e["place"] == "Kayes region"


def test_relative_date_without_publication_date_stays_undated(events_of):
    e = _one(events_of("Two weeks ago the militants killed 14 civilians in Boni."))
    assert e["date"] is None


def test_publication_date_is_never_the_event_date(events_of):
    e = _one(events_of("JNIM fighters stormed the town of Boni.", "2025-11-17"))
    assert e["date"] is None


def test_sequel_takes_the_previous_sentence_date(events_of):
    events = events_of("In March 2018, French forces raided a JNIM camp near Tessalit. "
                       "In response, JNIM militants attacked the French embassy in Ouagadougou.")
    second = next(e for e in events if e["place"] == "Ouagadougou")
    assert second["date"] == "2018-03"


# ------------------------------------------------------------------ strategic developments
def test_coups_in_two_years_are_two_events(events_of):
    events = events_of("Mali was rocked by military coups in both 2020 and 2021.")
    assert sorted(e["date"] for e in events) == ["2020", "2021"]
    assert {e["sub_type"] for e in events} == {"coup"}
    assert {e["place"] for e in events} == {"Mali"}


def test_undated_coups_in_two_countries(events_of):
    events = events_of("Military coups in Niger and Guinea reflect the failures of those governments.")
    assert sorted(e["place"] for e in events) == ["Guinea", "Niger"]
    assert all(e["date"] is None for e in events)


def test_group_formation(events_of):
    e = _one(events_of("Iyad Ag Ghaly founded Ansar Dine in December 2011."))
    assert (e["type"], e["sub_type"], e["date"]) == ("strategic_developments", "group_formation", "2011-12")
    assert "Ansar al-Dine" in e["actors"] or "Ansar Dine" in e["actors"]


def test_formation_told_twice_is_one_event(events_of):
    events = events_of("JNIM was officially founded on March 2, 2017. "
                       "The formation of JNIM changed the region.")
    e = _one(events)
    assert e["date"] == "2017-03-02"


def test_creating_unnamed_forces_is_not_a_formation(events_of):
    assert events_of("The secret service played a role in creating armed militias.") == []


def test_withdrawal_undated_with_named_forces(events_of):
    e = _one(events_of("The withdrawal of French forces has expanded the group's operational space."))
    assert (e["sub_type"], e["date"]) == ("troop_withdrawal", None)
    assert e["actors"]


def test_dated_withdrawal_of_a_country(events_of):
    e = _one(events_of("Niger's complete military withdrawal from the force in August 2023 "
                       "surprised its allies."))
    assert (e["sub_type"], e["date"]) == ("troop_withdrawal", "2023-08")


def test_dated_statement_by_a_group(events_of):
    e = _one(events_of("On March 12, 2020, JNIM released a statement calling for talks."))
    assert (e["sub_type"], e["date"]) == ("statement", "2020-03-12")
    assert e["actors"]


def test_undated_statement_is_not_an_event(events_of):
    assert events_of("JNIM released a statement calling for talks.") == []


def test_ransom_payment_to_the_group(events_of):
    events = events_of("JNIM holds several foreigners. Two weeks ago the militants were paid $50 million "
                       "for the release of a Swiss hostage.", "2025-11-17")
    e = _one(events)
    assert (e["sub_type"], e["date"]) == ("ransom_payment", "2025-11")
    assert e["actors"]
    assert e["targets"] == ["Swiss hostage"]


def test_hostage_release(events_of):
    e = _one(events_of("A Swiss missionary was released by JNIM in October 2020."))
    assert (e["sub_type"], e["date"]) == ("hostage_release", "2020-10")


def test_blockade_is_an_event_without_a_date(events_of):
    e = _one(events_of("For weeks, JNIM has choked Bamako by blocking the main roads."))
    assert (e["sub_type"], e["date"], e["place"]) == ("blockade", None, "Bamako")


def test_designation(events_of):
    e = _one(events_of("Ahmed Ould Salem, a commander designated as a terrorist by the U.S., "
                       "leads the unit."))
    assert e["sub_type"] == "designation"
    assert e["actors2"] or e["targets"]


def test_signed_agreement(events_of):
    e = _one(events_of("The government and the rebels signed a peace agreement in Algiers in June 2015."))
    assert (e["sub_type"], e["date"]) == ("agreement", "2015-06")


# ------------------------------------------------------------------ news-style sentences
def test_fatalities_of_a_main_clause_go_to_the_ambush(events_of):
    e = _one(events_of("At least 15 soldiers were killed when militants ambushed a convoy near Diafarabé "
                       "on Tuesday.", "2024-07-10"))
    assert (e["type"], e["fatalities"], e["date"]) == ("battles", 15, "2024-07-09")


def test_suicide_bombing(events_of):
    e = _one(events_of("A suicide bomber blew himself up at a market in Gao on 12 April 2024, "
                       "killing nine people."))
    assert (e["type"], e["sub_type"]) == ("explosions_remote_violence", "suicide_bomb")
    assert (e["fatalities"], e["place"]) == (9, "Gao")


def test_army_retaking_a_town(events_of):
    e = _one(events_of("The Malian army retook the town of Léré in May 2024."))
    assert (e["type"], e["sub_type"]) == ("battles", "government_regains_territory")
    assert e["date"] == "2024-05"


def test_airstrikes_are_remote_violence(events_of):
    e = _one(events_of("The army said it killed 40 fighters in airstrikes near Ménaka on 3 March 2024."))
    assert (e["type"], e["sub_type"]) == ("explosions_remote_violence", "air_drone_strike")
    assert e["fatalities"] == 40


# ------------------------------------------------------------------ held-out failure modes (general patterns)
def test_group_inside_a_fighters_phrase_is_the_actor(events_of):
    e = _one(events_of("Dozens of militants from the Islamic State Sahel Province (ISSP) raided an army post "
                       "in Ansongo on 4 March 2024."))
    assert e["actors"] and "Islamic State Sahel Province" in e["actors"][0]


def test_fighters_from_a_town_name_no_actor(events_of):
    e = _one(events_of("Dozens of gunmen from the bush attacked an army post in Ansongo on 4 March 2024."))
    assert e["actors"] == []


def test_killing_in_an_attack_is_one_battle_when_soldiers_die(events_of):
    e = _one(events_of("Militants killed 30 soldiers and civilians in an assault on a military camp in "
                       "Ansongo on 2 February 2024."))
    assert e["type"] == "battles" and e["fatalities"] == 30


def test_killing_in_an_attack_on_civilians_stays_violence_against_civilians(events_of):
    e = _one(events_of("Gunmen killed 20 villagers in a raid on a market in Ansongo on 2 February 2024."))
    assert e["type"] == "violence_against_civilians" and e["fatalities"] == 20


def test_date_of_the_report_does_not_date_the_event(events_of):
    e = _one(events_of("Militants killed 30 soldiers in an assault on a military camp in Ansongo on Friday, "
                       "officials told reporters on Monday.", published="2024-02-07"))
    assert e["date"] == "2024-02-02"


def test_place_named_by_village_of_and_camp_at(events_of):
    e = _one(events_of("In 2020, militants ended a long siege of the village of Kowarabougou in the Mopti region."))
    assert e["place"] == "Kowarabougou" and e["actors"] == []
    e = _one(events_of("On 9 May 2024, militants attacked the army camp at Bamba in the Gao region."))
    assert e["place"] == "Bamba"


def test_name_of_a_boat_is_not_its_place(events_of):
    e = _one(events_of("On 9 May 2024, an attack on the ferry Gao near Ansongo killed 20 passengers."))
    assert e["place"] == "Ansongo"


def test_town_preferred_over_region_and_country(events_of):
    e = _one(events_of("On 9 May 2024, gunmen killed 12 villagers in the Gao region of Mali, near Ansongo."))
    assert e["place"] == "Ansongo"


def test_the_same_day_keeps_the_day(events_of):
    events = events_of("On 9 May 2024, gunmen killed 12 villagers in Ansongo. The same day, an army post in "
                       "Menaka was attacked.")
    attack = next(e for e in events if e["place"] == "Menaka")
    assert attack["date"] == "2024-05-09"


def test_detail_of_a_country_level_lede_is_merged(events_of):
    events = events_of("Militants killed 30 soldiers in an assault on a base in eastern Mali on Friday.\n\n"
                       "Fighters of the group stormed the army camp in Ansongo at dawn.", published="2024-02-07")
    assert len(events) == 1 and events[0]["place"] == "Ansongo" and events[0]["date"] == "2024-02-02"


def test_no_merge_of_a_dated_detail(events_of):
    events = events_of("Militants killed 30 soldiers in an assault on a base in eastern Mali on 2 February 2024.\n\n"
                       "Gunmen stormed the army camp in Ansongo on 9 March 2024.")
    assert len(events) == 2


def test_retreat_during_a_fight_is_not_a_withdrawal(events_of):
    assert not [e for e in events_of("Helicopters struck the assailants as they withdrew towards the river "
                                     "on 3 May 2024.") if e["sub_type"] == "troop_withdrawal"]


def test_troops_withdrawing_is_a_withdrawal(events_of):
    e = _one(events_of("French troops withdrew from Gao on 3 May 2022."))
    assert e["sub_type"] == "troop_withdrawal"


def test_fighting_alongside_is_not_a_battle(events_of):
    assert events_of("He had earlier fought alongside the Macina Liberation Front in 2015.") == []


def test_fighting_against_is_a_battle(events_of):
    e = _one(events_of("The army fought against the Macina Liberation Front near Mopti in March 2015."))
    assert e["type"] == "battles"


def test_claimed_toll_under_saying_is_not_a_new_event(events_of):
    events = events_of("The army said it had killed 40 terrorists there.", published="2024-02-07")
    assert events == []


def test_reported_attack_with_its_own_place_is_kept(events_of):
    e = _one(events_of("The CSP said on 3 May 2024 that its fighters had attacked an army post at Ansongo."))
    assert e["type"] == "battles"


def test_claiming_the_attack_is_a_statement(events_of):
    e = _one(events_of("The Islamic State claimed the attack on Tuesday.", published="2024-02-07"))
    assert (e["type"], e["sub_type"]) == ("strategic_developments", "statement")


def test_blockade_since_is_dated_and_placed(events_of):
    e = _one(events_of("Ansongo has been under a blockade by the Islamic State since 2023."))
    assert (e["sub_type"], e["date"], e["place"]) == ("blockade", "2023", "Ansongo")


def test_when_clause_takes_the_place_of_its_frame(events_of):
    e = _one(events_of("The worst happened in Ansongo in March 2023, when gunmen killed 40 villagers."))
    assert e["place"] == "Ansongo"


def test_toll_over_months_is_not_an_incident(events_of):
    assert events_of("Hundreds of villagers were killed in the Gao region between March and June 2023.") == []


def test_kill_over_days_is_an_incident(events_of):
    e = _one(events_of("Gunmen killed 12 villagers in Ansongo between 3 and 4 May 2024."))
    assert e["fatalities"] == 12


def test_dated_relative_to_a_named_attack(events_of):
    text = ("Militants killed 20 soldiers in an attack on the army base in Menaka on 14 March 2024. "
            "Three days before the Menaka attack, gunmen ambushed a convoy near Ansongo, killing eight soldiers.")
    ambush = next(e for e in events_of(text, published="2024-03-20") if e["place"] == "Ansongo")
    assert ambush["date"] == "2024-03-11"


def test_relative_to_an_unknown_attack_stays_undated(events_of):
    text = "Three days before the Kidal attack, gunmen ambushed a convoy near Ansongo, killing eight soldiers."
    assert all(e["date"] is None for e in events_of(text) if e["place"] == "Ansongo")


def test_following_days_take_the_month_of_the_event_before(events_of):
    text = ("Gunmen killed a village chief in Ansongo on 3 February 2022, and militiamen killed dozens of "
            "Songhai herders in the following days.")
    events = events_of(text)
    assert len(events) == 2
    assert sorted(e["date"] for e in events) == ["2022-02", "2022-02-03"]


def test_community_as_victims_is_violence_against_civilians(events_of):
    e = _one(events_of("Militiamen killed dozens of Fulani in Ansongo on 3 February 2022."))
    assert e["type"] == "violence_against_civilians"


def test_undated_blockade_retold_is_one_event(events_of):
    text = ("A blockade of Ansongo has left the town short of food. "
            "The Islamic State declared in May 2023 that it would stop all goods from entering the Gao region. "
            "The blockade recalls earlier sieges in Mali.")
    blockades = [e for e in events_of(text, published="2023-10-01") if e["sub_type"] == "blockade"]
    assert len(blockades) == 1
    assert blockades[0]["date"] == "2023-05"


def test_blockades_of_two_places_stay_apart(events_of):
    text = ("A blockade of Ansongo has left the town short of food. "
            "In 2021, a deal ended a long siege of the village of Menaka.")
    blockades = [e for e in events_of(text) if e["sub_type"] == "blockade"]
    assert len(blockades) == 2


def test_plain_declaration_is_not_a_blockade(events_of):
    e = _one(events_of("The Islamic State declared on 3 May 2023 that it would stop attacking civilians.",
                       published="2023-05-10"))
    assert e["sub_type"] == "statement"
