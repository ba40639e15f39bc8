"""French entity mentions: PER/ORG/LOC mapping, MISC only through the registry, articles and
elisions cleaned, state forces keyed like the English ones."""

from __future__ import annotations

from actorgraph.extract.entities import french_demonym_country
from actorgraph.registry import load_registry


def _entities(ex):
    return {e.name: e for e in ex.entities}


def test_french_pipeline_loads_by_name(nlp_fr):
    assert nlp_fr.meta["name"] == "core_news_md" and nlp_fr.lang == "fr"
    assert set(nlp_fr.get_pipe("ner").labels) == {"PER", "ORG", "LOC", "MISC"}
    assert nlp_fr.pipe_names.index("registry_ruler") < nlp_fr.pipe_names.index("ner")


def test_labels_map_to_types(extract_fr):
    ex = extract_fr("Le général Mamadou Diarra a rencontré mardi à Sévaré des responsables de l'Union africaine.")
    types = {e.name: e.type for e in ex.entities}
    assert types.get("Mamadou Diarra") == "Person"
    assert types.get("Sévaré") == "Location"
    assert types.get("African Union", types.get("Union africaine")) == "Organization"


def test_articles_and_elisions_are_not_part_of_names(extract_fr):
    ex = extract_fr("Des combattants d'AQMI et du GSIM ont été vus près de l'Azawad et de la frontière.")
    names = {m.text for m in ex.mentions}
    assert "AQMI" in names and "GSIM" in names
    assert not any(n.lower().startswith(("d'", "du ", "l'", "de ")) for n in names)


def test_misc_is_dropped_unless_registry_knows_it(extract_fr):
    ex = extract_fr("Les Touaregs et les Peuls célèbrent la Tabaski. Le JNIM a publié un message pour la Tabaski.")
    names = {m.text for m in ex.mentions}
    assert "Tabaski" not in names and "JNIM" in names


def test_french_aliases_resolve_to_registry_entries(extract_fr):
    ex = extract_fr("Le Groupe de soutien à l'islam et aux musulmans (GSIM) et l'État islamique au Grand Sahara "
                    "(EIGS) s'affrontent près de Tombouctou, de Ségou et de Mopti, selon les Forces armées "
                    "maliennes (FAMa).")
    keys = {e.key for e in ex.entities}
    assert {"jnim", "isgs", "timbuktu", "segou", "mopti"} <= keys


def test_state_forces_get_the_english_keys(extract_fr):
    ex = extract_fr("L'armée malienne et les soldats nigériens ont riposté, a indiqué le gouvernement malien.")
    keys = {e.key for e in ex.entities}
    assert {"state:Mali:army", "state:Niger:army", "state:Mali:government"} <= keys


def test_french_demonyms_in_any_gender_and_number():
    registry = load_registry()
    for word, country in (("maliennes", "Mali"), ("malien", "Mali"), ("françaises", "France"),
                          ("burkinabè", "Burkina Faso"), ("nigérienne", "Niger"), ("russes", "Russia")):
        assert french_demonym_country(registry, word).name == country, word
    assert french_demonym_country(registry, "locales") is None
