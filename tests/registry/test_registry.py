"""The actor registry: loading, validation errors, lookup of variants, EntityRuler patterns."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from actorgraph.errors import ActorgraphError
from actorgraph.registry import Registry, RegistryError, load_registry
from actorgraph.resolve.names import same_name


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def test_default_registry_loads_and_is_cached(registry: Registry) -> None:
    assert load_registry() is registry
    counts = Counter(e.type for e in registry.entries)
    assert counts["Person"] >= 30 and counts["Organization"] >= 100 and counts["Location"] >= 150
    assert len({e.id for e in registry.entries}) == len(registry)


@pytest.mark.parametrize(
    ("surface", "entry_id"),
    [
        ("JNIM", "jnim"),
        ("Jama'at Nusrat al-Islam wal-Muslimin", "jnim"),
        ("Jama’at Nasr al-Islam wal Muslimin", "jnim"),
        ("Jamaat Nusrat al-Islam wal Muslimeen", "jnim"),
        ("The Support Group for Islam and Muslims", "jnim"),
        ("Group for Support of Islam and Muslims", "jnim"),
        ("Groupe de soutien à l'islam et aux musulmans", "jnim"),
        ("GSIM", "jnim"),
        ("JNIM's", "jnim"),  # possessive
        ("AQIM", "aqim"),
        ("AQMI", "aqim"),
        ("Al-Qaeda", "al-qaeda"),
        ("El-Qaida", "al-qaeda"),
        ("al-Qaeda central", "al-qaeda"),
        ("AQIM Sahara Emirate", "aqim-sahara-branch"),
        ("Ansar Dine", "ansar-al-dine"),
        ("Ansar Eddine", "ansar-al-dine"),
        ("AAD", "ansar-al-dine"),
        ("Al-Murabitun", "al-mourabitoun"),
        ("Katiba Macina", "macina-liberation-front"),
        ("FLM", "macina-liberation-front"),
        ("EIGS", "isgs"),
        ("Daesh", "islamic-state"),
        ("Iyad ag Ghali", "iyad-ag-ghaly"),
        ("Iyad Ag‑Ghali", "iyad-ag-ghaly"),  # non-breaking hyphen
        ("Amadou Koufa", "amadou-kouffa"),
        ("IBK", "ibrahim-boubacar-keita"),
        ("Mali's armed forces", "malian-army"),
        ("Mali’s military", "malian-army"),
        ("FAMa", "malian-army"),
        ("Mali’s junta", "malian-government"),
        ("Russian Wagner Group", "wagner-group"),
        ("U.N.", "united-nations"),
        ("UN", "united-nations"),
        ("MINUSMA", "minusma"),
        ("United Nations Multidimensional Integrated Stabilization Mission in Mali", "minusma"),
        ("CWA", "cma"),
        ("CEDEAO", "ecowas"),
        ("G5 Sahel Joint Forces", "g5-sahel-joint-force"),
        ("US", "united-states"),
        ("U.S.", "united-states"),
        ("UK", "united-kingdom"),
        ("MALI", "mali"),  # all-caps headline word that is no acronym
        ("Côte d’Ivoire", "ivory-coast"),
        ("Tombouctou", "timbuktu"),
        ("Sevare", "sevare"),
        ("Léré", "lere"),
        ("Aribinda", "arbinda"),
        ("Sahel region", "sahel"),
        ("Niger river", "niger-river"),
        ("Mopti region", "mopti-region"),
        ("ISS", "iss"),
    ],
)
def test_lookup_variants(registry: Registry, surface: str, entry_id: str) -> None:
    entry = registry.lookup(surface)
    assert entry is not None, surface
    assert entry.id == entry_id


@pytest.mark.parametrize("surface", ["us", "Us", "aad", "iss", "Goa", "Macina", "Ghaly", "Tuareg", "", "   "])
def test_lookup_misses(registry: Registry, surface: str) -> None:
    assert registry.lookup(surface) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Niger", "Niger River"),
        ("Sahel", "Région du Sahel"),
        ("al-Qaeda", "AQIM"),
        ("AQIM", "Sahara Emirate"),
        ("ISGS", "ISSP"),
        ("Islamic State", "ISGS"),
        ("Wagner", "Africa Corps"),
        ("Mopti", "Mopti Region"),
        ("Kayes", "Kayes region"),
        ("Malian army", "Malian security forces"),
        ("G5 Sahel", "G5 Sahel Joint Force"),
        ("Guinea", "Guinea-Bissau"),
    ],
)
def test_distinct_entries_stay_distinct(registry: Registry, a: str, b: str) -> None:
    ea, eb = registry.lookup(a), registry.lookup(b)
    assert ea is not None and eb is not None
    assert ea.id != eb.id


def test_every_name_looks_up_its_own_entry(registry: Registry) -> None:
    for entry in registry.entries:
        for name in entry.names:
            assert registry.lookup(name) is entry, (name, entry.id)


@pytest.mark.parametrize("type_", ["Person", "Organization", "Location"])
def test_no_two_entries_share_a_name_under_the_matcher(registry: Registry, type_: str) -> None:
    names = [(n, e.id) for e in registry.entries if e.type == type_ for n in e.names]
    clashes = [(a, b) for (a, ea), (b, eb) in combinations(names, 2) if ea != eb and same_name(a, b, type_)]
    assert clashes == []


def test_not_entities_and_demonyms(registry: Registry) -> None:
    for word in ("Tuareg", "Fulani", "Sharia", "Salafi", "jihadists", "IEDs", "Malian", "French"):
        assert registry.is_not_entity(word), word
    assert not registry.is_not_entity("JNIM")
    mali = registry.country_of("Malian")
    assert mali is not None and mali.id == "mali"
    assert registry.country_of("Burkinabe").id == "burkina-faso"  # type: ignore[union-attr]
    assert registry.country_of("Emirati").id == "uae"  # type: ignore[union-attr]
    assert registry.country_of("Martian") is None


def test_labels(registry: Registry) -> None:
    assert registry.get("iyad-ag-ghaly").label == "PERSON"
    assert registry.get("jnim").label == "ORG"
    assert registry.get("mali").label == "GPE"
    assert registry.get("bamako").label == "GPE"
    assert registry.get("sahel").label == "LOC"
    assert registry.get("niger-river").label == "LOC"


# ------------------------------------------------------------------ patterns
# The pipeline uses the phrase-matcher "registry_ruler"; spaCy's token-pattern EntityRuler is
# the reference it must agree with.
@pytest.fixture(scope="module", params=["registry_ruler", "entity_ruler"])
def ruler_nlp(registry: Registry, request):
    spacy = pytest.importorskip("spacy")
    import actorgraph.extract.ruler  # noqa: F401  registers the factory

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe(request.param)
    ruler.add_patterns(registry.patterns())
    return nlp


def test_registry_ruler_agrees_with_entity_ruler(registry: Registry) -> None:
    spacy = pytest.importorskip("spacy")
    import actorgraph.extract.ruler  # noqa: F401

    pipes = {}
    for name in ("registry_ruler", "entity_ruler"):
        pipes[name] = spacy.blank("en")
        pipes[name].add_pipe(name).add_patterns(registry.patterns())
    # Every registry name in running text, in capitals and lower case, hyphenated and not.
    names = [n for e in registry.entries for n in e.names]
    text = " and ".join(names) + ". " + " then ".join(n.upper() for n in names[::7]) + ". " + \
        " or ".join(n.lower().replace("-", " ") for n in names[::5]) + "."
    ents = {name: [(e.start, e.end, e.label_, e.ent_id_) for e in nlp(text).ents] for name, nlp in pipes.items()}
    assert len(ents["registry_ruler"]) > len(names) * 0.9
    assert ents["registry_ruler"] == ents["entity_ruler"]


def _ents(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


def test_patterns_shape(registry: Registry) -> None:
    patterns = registry.patterns()
    assert all({"label", "pattern", "id"} <= set(p) for p in patterns)
    assert {p["label"] for p in patterns} == {"PERSON", "ORG", "GPE", "LOC"}
    jnim = [p["pattern"] for p in patterns if p["id"] == "jnim"]
    assert [{"ORTH": "JNIM"}] in jnim  # short acronym: case-sensitive


def test_patterns_tag_a_sentence(ruler_nlp) -> None:
    text = (
        "Iyad Ag‑Ghali said Ansar Dine, al Qaeda in the Islamic Maghreb and the Macina "
        "Liberation Front (MLF) had joined JNIM near Sévaré, by the Niger River in Mali."
    )
    assert _ents(ruler_nlp, text) == [
        ("Iyad Ag‑Ghali", "PERSON", "iyad-ag-ghaly"),
        ("Ansar Dine", "ORG", "ansar-al-dine"),
        ("al Qaeda in the Islamic Maghreb", "ORG", "aqim"),
        ("Macina Liberation Front", "ORG", "macina-liberation-front"),
        ("MLF", "ORG", "macina-liberation-front"),
        ("JNIM", "ORG", "jnim"),
        ("Sévaré", "GPE", "sevare"),
        ("Niger River", "LOC", "niger-river"),
        ("Mali", "GPE", "mali"),
    ]


def test_patterns_respect_case_and_variants(ruler_nlp) -> None:
    text = "Let us ask the U.S. and the UN Security Council; AL-QAEDA and Sevare and Cote d'Ivoire, not chad."
    assert _ents(ruler_nlp, text) == [
        ("U.S.", "GPE", "united-states"),
        ("UN Security Council", "ORG", "un-security-council"),
        ("AL-QAEDA", "ORG", "al-qaeda"),
        ("Sevare", "GPE", "sevare"),
        ("Cote d'Ivoire", "GPE", "ivory-coast"),
    ]


def test_patterns_prefer_the_longest_name(ruler_nlp) -> None:
    ents = _ents(ruler_nlp, "The Islamic State in the Greater Sahara and Mali's armed forces clashed.")
    assert ents == [
        ("Islamic State in the Greater Sahara", "ORG", "isgs"),
        ("Mali's armed forces", "ORG", "malian-army"),
    ]


# ------------------------------------------------------------------ validation
ENTRY_A = """
  - id: group-a
    type: Organization
    kind: armed_group
    name: Group A
    aliases: [GA]
"""


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "actors.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def _error(tmp_path: Path, body: str) -> str:
    with pytest.raises(RegistryError) as info:
        load_registry(_write(tmp_path, body))
    assert isinstance(info.value, ActorgraphError)
    return str(info.value)


def test_minimal_registry_loads(tmp_path: Path) -> None:
    registry = load_registry(_write(tmp_path, "entries:" + ENTRY_A))
    assert registry.lookup("GA").id == "group-a"  # type: ignore[union-attr]
    assert registry.lookup("ga") is None


def test_alias_claimed_by_two_entries_names_both(tmp_path: Path) -> None:
    body = (
        "entries:"
        + ENTRY_A
        + """
  - id: group-b
    type: Organization
    kind: armed_group
    name: Group B
    aliases: [Group-A]
"""
    )
    message = _error(tmp_path, body)
    assert "group-b" in message and "group-a" in message and "Group-A" in message
    assert "actors.yaml:" in message  # file and line


def test_acronym_claimed_by_two_entries(tmp_path: Path) -> None:
    body = "entries:" + ENTRY_A + ENTRY_A.replace("group-a", "group-c").replace("Group A", "Group C")
    message = _error(tmp_path, body)
    assert "group-c" in message and "'GA'" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("type: Organization", "type: Faction"), "unknown type 'Faction'"),
        (("kind: armed_group", "kind: spaceship"), "unknown kind 'spaceship'"),
        (("aliases: [GA]", "aliases: [GA]\n    leader: Someone"), "unknown keys ['leader']"),
        (("id: group-a", "id: Group A!"), "'id' must be a lower-case slug"),
        (("aliases: [GA]", "aliases: GA"), "'aliases' a list of strings"),
        (("name: Group A", "name: '--'"), "empty name or alias"),
    ],
)
def test_entry_errors_name_the_entry(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    message = _error(tmp_path, "entries:" + ENTRY_A.replace(*change))
    assert expected in message
    assert "entry '" in message


def test_duplicate_id(tmp_path: Path) -> None:
    body = "entries:" + ENTRY_A + ENTRY_A.replace("Group A", "Other").replace("[GA]", "[OT]")
    assert "entry 'group-a': duplicate id" in _error(tmp_path, body)


def test_file_level_errors(tmp_path: Path) -> None:
    assert "not valid YAML" in _error(tmp_path, "entries: [unclosed")
    assert "'entries' must be a non-empty list" in _error(tmp_path, "entries: []")
    assert "unknown top-level keys" in _error(tmp_path, "entries:" + ENTRY_A + "facts: []\n")
    with pytest.raises(RegistryError, match="cannot read"):
        load_registry(tmp_path / "nope.yaml")


def test_cross_reference_errors(tmp_path: Path) -> None:
    body = "entries:" + ENTRY_A + "not_entities: [Group A]\n"
    assert "not_entities word 'Group A' is a name of entry 'group-a'" in _error(tmp_path, body)
    body = "entries:" + ENTRY_A + "demonyms:\n  Atlantean: Atlantis\n"
    assert "demonym 'Atlantean'" in _error(tmp_path, body)
