"""Entity mentions and within-document resolution, on sentences written for the test."""

from __future__ import annotations

import pytest

from actorgraph.model import Extraction


def entities(ex: Extraction) -> dict[str, tuple[str, set[str]]]:
    """name -> (type, aliases) of each local entity."""
    return {e.name: (e.type, set(e.aliases)) for e in ex.entities}


def names_of(ex: Extraction) -> set[str]:
    return {n for e in ex.entities for n in (e.name, *e.aliases)}


def test_registry_names_win_over_model_labels(extract_text):
    ex = extract_text("Fighters of AQIM and al-Mourabitoun attacked a base near Gao in northern Mali.")
    found = entities(ex)
    assert found["AQIM"][0] == "Organization"
    assert found["al-Mourabitoun"][0] == "Organization"
    assert found["Mali"][0] == "Location" and found["Gao"][0] == "Location"


def test_text_defined_acronym_and_alternatives_join_the_full_name(extract_text):
    ex = extract_text("The Sahel Defence Front (SDF or Katiba Sahel) claimed the attack. "
                      "Later the SDF denied it.")
    found = entities(ex)
    assert "Sahel Defence Front" in found
    assert {"SDF", "Katiba Sahel"} <= found["Sahel Defence Front"][1]


def test_registry_vetoes_a_bracketed_parent_as_alias(extract_text):
    ex = extract_text("The Sahara branch of al-Qaeda in the Islamic Maghreb (AQIM) merged with others. "
                      "AQIM later issued a statement.")
    by_name = {n: e for e in ex.entities for n in (e.name, *e.aliases)}
    assert by_name["AQIM"].local_id != by_name["Sahara branch of al-Qaeda in the Islamic Maghreb"].local_id


def test_aka_names_are_aliases(extract_text):
    ex = extract_text("Abdou Rahim Maiga (a.k.a. Abu Talha al-Malii) commands the unit.")
    assert any({"Abdou Rahim Maiga", "Abu Talha al-Malii"} <= {e.name, *e.aliases} for e in ex.entities)


def test_surname_refers_to_the_full_name_even_when_labelled_org(extract_text):
    ex = extract_text("Oumar Diallo Kone, a researcher at the Institute for Security Studies, spoke. "
                      "“It is complicated,” Kone of ISS added.")
    person = [e for e in ex.entities if e.name == "Oumar Diallo Kone"]
    assert person and "Kone" in person[0].aliases and person[0].type == "Person"


def test_ambiguous_surname_is_not_merged(extract_text):
    ex = extract_text("Dioncounda Traoré met Ibrahim Traoré in Bamako. Traoré then left.")
    full = [e for e in ex.entities if e.name in ("Dioncounda Traoré", "Ibrahim Traoré")]
    assert len(full) == 2
    assert all("Traoré" not in e.aliases for e in full)


def test_state_forces_named_by_nationality(extract_text):
    ex = extract_text("Mali's armed forces and the Malian army retook the town; French troops left.")
    found = entities(ex)
    army = [e for e in ex.entities if e.key == "state:Mali:army"]
    assert len(army) == 1 and {army[0].name, *army[0].aliases} == {"Mali's armed forces", "Malian army"}
    assert any(e.key == "state:France:forces" for e in ex.entities)
    assert "Russian military" not in found


def test_adjectival_military_is_not_an_actor(extract_text):
    ex = extract_text("The junta welcomed Russian military assistance last year.")
    assert not any(e.key and e.key.startswith("state:Russia") for e in ex.entities)


def test_border_names_the_country(extract_text):
    ex = extract_text("Kidal lies near the Algerian border.")
    algeria = [e for e in ex.entities if e.key and "alger" in e.key]
    assert algeria and algeria[0].type == "Location"


def test_trailing_function_words_and_possessives_are_trimmed(extract_text):
    ex = extract_text("Ahmed Ould Salem of the University of Nouakchott said Ghali’s fighters left.")
    assert not any(n.endswith((" of", "’s", "'s")) for n in names_of(ex))


def test_headlines_and_capitalised_common_words_are_not_names(extract_text):
    ex = extract_text("Colossal Ransom Paid For Hostages In Desert\n"
                      "Hasten and seek forgiveness, the statement said.")
    assert "Colossal" not in names_of(ex) and "Hasten" not in names_of(ex)
    assert "Colossal Ransom" not in names_of(ex)


def test_a_name_recognised_once_is_found_where_the_model_missed_it(extract_text):
    ex = extract_text("Katiba Serma claimed the attack. Observers said Katiba Serma had grown. "
                      "Katiba Serma is active near Boni.")
    serma = [m for m in ex.mentions if m.text == "Katiba Serma"]
    assert len(serma) == 3
    assert len({m.local_id for m in serma}) == 1


@pytest.mark.parametrize("a,b", [("Mali", "Malawi"), ("Niger", "Nigeria"), ("Kidal", "Kayes")])
def test_lookalike_places_stay_apart(extract_text, a, b):
    ex = extract_text(f"Delegations from {a} and {b} met in Dakar.")
    by_name = {n: e.local_id for e in ex.entities for n in (e.name, *e.aliases)}
    assert by_name[a] != by_name[b]


def test_mention_offsets_point_into_the_original(extract_text):
    text = "Fighters of Ansar Dine entered Timbuktu in April 2012."
    ex = extract_text(text)
    assert ex.mentions
    for m in ex.mentions:
        assert text[m.start:m.end] == m.text
        sentence = ex.sentences[m.sentence]
        assert sentence.start <= m.start and m.end <= sentence.end


def test_counted_soldiers_are_not_the_state_forces(extract_text):
    ex = extract_text("The ambush near Tongo Tongo killed four US soldiers and four Nigerien soldiers.")
    assert not any(e.type == "Organization" and "soldiers" in e.name for e in ex.entities)
    assert any(e.type == "Location" and "US" in (e.name, *e.aliases) for e in ex.entities)


def test_troops_soldiers_and_army_of_one_state_are_one_actor(extract_text):
    ex = extract_text("Malian troops moved north. The Malian army said it had retaken the town. "
                      "In May, Malian soldiers arrested villagers.")
    armies = [e for e in ex.entities if e.type == "Organization" and "Malian" in e.name]
    assert len(armies) == 1
    assert {"Malian troops", "Malian army", "Malian soldiers"} <= {armies[0].name, *armies[0].aliases}


def test_army_base_is_a_site_not_an_actor(extract_text):
    ex = extract_text("Jihadists killed dozens in an attack on a Burkina army base near Djibo on Sunday.")
    assert not any(e.key and e.key.startswith("state:") for e in ex.entities)


def test_org_name_ending_of_country_is_kept_whole(extract_text):
    ex = extract_text("The High Islamic Council of Mali, which the government mandated in 2021, "
                      "has been asked to mediate.")
    assert "High Islamic Council of Mali" in entities(ex)


def test_bracketed_acronym_keeps_a_locative_name_whole(extract_text):
    ex = extract_text("He was a spokesman of the Movement for Oneness and Jihad in West Africa (MUJAO) "
                      "before he broke with al-Mourabitoun.")
    found = entities(ex)
    assert "Movement for Oneness and Jihad in West Africa" in found
    assert "MUJAO" in found["Movement for Oneness and Jihad in West Africa"][1]


def test_ambiguous_surname_refers_to_the_name_introduced_before_it(extract_text):
    ex = extract_text("Ibrahim Malam Dicko founded the group. Dicko preached on the radio. "
                      "His brother Jafar Dicko took over. Under Jafar, the group grew.")
    found = entities(ex)
    assert "Dicko" in found["Ibrahim Malam Dicko"][1]
    assert "Jafar" in found["Jafar Dicko"][1] and "Dicko" not in found["Jafar Dicko"][1]
