"""The actor registry: names, types and aliases of recurring actors (no facts).

`load_registry()` reads and validates `actors.yaml` once per path.  `Registry.lookup`
maps a surface form to its entry (normalised exact match, never fuzzy); `patterns()`
gives spaCy EntityRuler patterns for every name and alias.

Short all-caps acronyms (<= 5 letters, like "US", "AAD", "ISS") are matched
case-sensitively: "US" is the country, "us" is a pronoun.  Longer names go through
`actorgraph.resolve.names.normalise`, so case, accents, articles and common
transliteration variants do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from actorgraph.errors import ActorgraphError
from actorgraph.resolve.names import normalise

__all__ = ["DEFAULT_PATH", "Entry", "Registry", "RegistryError", "load_registry"]

DEFAULT_PATH = Path(__file__).with_name("actors.yaml")
TYPES = ("Person", "Organization", "Location")
KINDS = {
    "Person": {"person"},
    "Organization": {
        "armed_group",
        "state_force",
        "government",
        "government_agency",
        "international_body",
        "mission",
        "military_operation",
        "media",
        "think_tank",
        "ngo",
        "company",
        "university",
    },
    "Location": {"country", "region", "town", "area", "river", "lake", "mountains", "site"},
}
GPE_KINDS = frozenset({"country", "region", "town"})  # places with a government; the rest are LOC
LABELS = {"Person": "PERSON", "Organization": "ORG"}
ENTRY_KEYS = frozenset({"id", "type", "kind", "name", "aliases", "note"})
TOP_KEYS = frozenset({"entries", "not_entities", "demonyms"})
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,4}")  # after dots/hyphens are removed
APOSTROPHES = ("'", "’")
LINE = "__line__"


class RegistryError(ActorgraphError):
    """actors.yaml is malformed; the message names the file, line and entry."""


@dataclass(frozen=True)
class Entry:
    """One actor, place or person: canonical name and aliases, no facts."""

    id: str
    type: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    note: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name first, then the aliases."""
        return (self.name, *self.aliases)

    @property
    def label(self) -> str:
        """spaCy entity label: PERSON, ORG, GPE (countries, regions, towns) or LOC."""
        if self.type == "Location":
            return "GPE" if self.kind in GPE_KINDS else "LOC"
        return LABELS[self.type]


def acronym_key(surface: str) -> str | None:
    """The case-sensitive key of a short all-caps acronym ('U.N.' -> 'UN'), else None."""
    compact = re.sub(r"[.\-&\s]", "", surface.strip())
    return compact if ACRONYM.fullmatch(compact) else None


def _strip_possessive(surface: str) -> str:
    return re.sub(r"['’]s$", "", surface.strip())


class Registry:
    """Validated registry contents with lookup indexes."""

    def __init__(
        self,
        entries: Iterable[Entry],
        not_entities: Iterable[str],
        demonyms: dict[str, str],
        path: Path | None = None,
    ):
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.not_entities: tuple[str, ...] = tuple(not_entities)
        self.demonyms: dict[str, str] = dict(demonyms)
        self.path = path
        self._by_id = {e.id: e for e in self.entries}
        self._by_name: dict[str, Entry] = {}
        self._by_acronym: dict[str, Entry] = {}
        for entry in self.entries:
            for name in entry.names:
                acronym = acronym_key(name)
                index, key = (self._by_acronym, acronym) if acronym else (self._by_name, normalise(name))
                index.setdefault(key, entry)
        self._not_entity_keys = frozenset(normalise(w) for w in self.not_entities)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> Entry:
        """The entry with this id (KeyError if none)."""
        return self._by_id[entry_id]

    def lookup(self, surface: str) -> Entry | None:
        """The entry whose canonical name or alias is `surface` (normalised exact match).

        A short all-caps surface is first tried as a case-sensitive acronym ("US", "AAD");
        an all-caps word that is not a registered acronym ("MALI" in a headline) then falls
        back to the normalised names.  A trailing possessive ('s) is ignored.
        """
        if not isinstance(surface, str):
            return None
        surface = _strip_possessive(surface)
        acronym = acronym_key(surface)
        if acronym is not None and acronym in self._by_acronym:
            return self._by_acronym[acronym]
        key = normalise(surface)
        return self._by_name.get(key) if key else None

    def is_not_entity(self, surface: str) -> bool:
        """True if the whole span is a generic word listed in `not_entities` (Tuareg, IED...)."""
        return normalise(_strip_possessive(surface)) in self._not_entity_keys

    def country_of(self, demonym: str) -> Entry | None:
        """The country (or region) of a nationality adjective: 'Malian' -> Mali."""
        target = self.demonyms.get(demonym.strip()) or self.demonyms.get(demonym.strip().capitalize())
        return self.lookup(target) if target else None

    def patterns(self, tokenizer: Callable[[str], Iterable[Any]] | None = None) -> list[dict[str, Any]]:
        """spaCy EntityRuler token patterns for every name and alias, with `id` = entry id.

        Multi-token names match on LOWER (case variations), except short all-caps tokens
        which keep ORTH; single-word names match on ORTH (as written and in capitals), so
        that "Chad" the country is not found in "chad"; hyphens are optional ("al Qaeda").
        Accent-free and apostrophe variants are added.  `tokenizer` must split like the
        pipeline's tokenizer; the default is spaCy's blank English tokenizer.
        """
        tokenize = tokenizer or _blank_english_tokenizer()
        seen: set[tuple[str, str]] = set()
        out: list[dict[str, Any]] = []
        for entry in self.entries:
            for surface in sorted({v for name in entry.names for v in _surface_variants(name)}):
                for pattern in _token_patterns(surface, tokenize):
                    key = (entry.id, repr(pattern))
                    if key not in seen:
                        seen.add(key)
                        out.append({"label": entry.label, "pattern": pattern, "id": entry.id})
        return out


# ------------------------------------------------------------------ patterns
@cache
def _blank_english_tokenizer() -> Callable[[str], Iterable[Any]]:
    import spacy  # imported lazily: lookups do not need spaCy

    return spacy.blank("en").tokenizer


def _fold_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _surface_variants(name: str) -> set[str]:
    """The name as written, without accents, with the other apostrophe, and with
    non-breaking hyphens (which spaCy does not split: 'Ag‑Ghali' is one token)."""
    variants = {name, _fold_accents(name)}
    for text in list(variants):
        for a, b in (APOSTROPHES, APOSTROPHES[::-1]):
            if a in text:
                variants.add(text.replace(a, b))
    variants |= {v.replace("-", "\u2011") for v in variants if "-" in v}
    return variants


def _token_patterns(surface: str, tokenize: Callable[[str], Iterable[Any]]) -> list[list[dict[str, Any]]]:
    tokens = [t.text for t in tokenize(surface)]
    if len(tokens) > 1 and tokens[0].casefold() == "the":
        tokens = tokens[1:]  # "the Taliban": the article is not part of the entity span
    if not tokens:
        return []
    if acronym_key(surface) is not None:
        return [[{"ORTH": t} for t in tokens]]
    if len(tokens) == 1:
        return [[{"ORTH": t}] for t in dict.fromkeys([tokens[0], tokens[0].upper()])]
    return [[_token_spec(t) for t in tokens]]


def _token_spec(token: str) -> dict[str, Any]:
    if token == "-":
        return {"ORTH": "-", "OP": "?"}
    if token.isupper() and len(token) <= 5:
        return {"ORTH": token}  # "UN Security Council": keep "UN" case-sensitive
    return {"LOWER": token.lower()}


# ------------------------------------------------------------------ loading and validation
class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's line, for error messages."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


def _fail(path: Path, line: int | None, what: str) -> RegistryError:
    where = f"{path}:{line}" if line else str(path)
    return RegistryError(f"{where}: {what}. Fix actors.yaml and reload.")


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # a SafeLoader subclass
    except OSError as exc:
        raise _fail(path, None, f"cannot read the registry ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise _fail(path, None, f"not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise _fail(path, None, "the top level must be a mapping with 'entries'")
    unknown = set(data) - TOP_KEYS - {LINE}
    if unknown:
        raise _fail(path, data.get(LINE), f"unknown top-level keys {sorted(unknown)}")
    return data


def _parse_entry(raw: Any, path: Path, index: int) -> Entry:
    if not isinstance(raw, dict):
        raise _fail(path, None, f"entry #{index + 1} is not a mapping")
    line, entry_id = raw.get(LINE), raw.get("id")
    label = f"entry '{entry_id}'" if entry_id else f"entry #{index + 1}"
    unknown = set(raw) - ENTRY_KEYS - {LINE}
    if unknown:  # guards against facts (leader, founded...) creeping into a names-only file
        raise _fail(path, line, f"{label}: unknown keys {sorted(unknown)} (the registry holds names only)")
    if not isinstance(entry_id, str) or not SLUG.fullmatch(entry_id):
        raise _fail(path, line, f"{label}: 'id' must be a lower-case slug like 'al-qaeda'")
    type_, kind, name = raw.get("type"), raw.get("kind"), raw.get("name")
    if type_ not in TYPES:
        raise _fail(path, line, f"{label}: unknown type {type_!r} (expected one of {', '.join(TYPES)})")
    if kind not in KINDS[type_]:
        raise _fail(
            path, line, f"{label}: unknown kind {kind!r} for {type_} (expected {sorted(KINDS[type_])})"
        )
    aliases = raw.get("aliases") or []
    if (
        not isinstance(name, str)
        or not isinstance(aliases, list)
        or not all(isinstance(a, str) for a in aliases)
    ):
        raise _fail(path, line, f"{label}: 'name' must be a string and 'aliases' a list of strings")
    for surface in (name, *aliases):
        if not surface.strip() or not normalise(surface):
            raise _fail(path, line, f"{label}: empty name or alias {surface!r}")
    note = raw.get("note")
    return Entry(entry_id, type_, kind, name.strip(), tuple(a.strip() for a in aliases), note)


def _index_keys(name: str) -> tuple[str, str]:
    acronym = acronym_key(name)
    return ("acronym", acronym) if acronym else ("name", normalise(name))


def _check_unique(entries: list[Entry], lines: list[int | None], path: Path) -> None:
    """Ids are unique and no name or alias is claimed by two entries."""
    ids: dict[str, int] = {}
    owners: dict[tuple[str, str], Entry] = {}
    for position, entry in enumerate(entries):
        if entry.id in ids:
            raise _fail(
                path,
                lines[position],
                f"entry '{entry.id}': duplicate id (first at entry #{ids[entry.id] + 1})",
            )
        ids[entry.id] = position
        for name in entry.names:
            owner = owners.setdefault(_index_keys(name), entry)
            if owner is not entry:
                raise _fail(
                    path,
                    lines[position],
                    f"entry '{entry.id}': alias {name!r} is already a name of "
                    f"entry '{owner.id}' (an alias may belong to one entry only)",
                )


def _parse_not_entities(raw: Any, path: Path) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise _fail(path, None, "'not_entities' must be a list of strings")
    return [w.strip() for w in raw]


def _parse_demonyms(raw: Any, path: Path) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _fail(path, None, "'demonyms' must map an adjective to a registry name")
    line = raw.get(LINE)
    pairs = {k: v for k, v in raw.items() if k != LINE}
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in pairs.items()):
        raise _fail(path, line, "'demonyms' keys and values must be strings")
    return pairs


def _check_cross_references(registry: Registry, path: Path) -> None:
    for word in registry.not_entities:
        entry = registry.lookup(word)
        if entry is not None:
            raise _fail(path, None, f"not_entities word {word!r} is a name of entry '{entry.id}'")
    for demonym, target in registry.demonyms.items():
        entry = registry.lookup(target)
        if entry is None or entry.type != "Location":
            raise _fail(path, None, f"demonym {demonym!r} points to {target!r}, which is no Location entry")


def parse_registry(data: dict[str, Any], path: Path) -> Registry:
    """Validate loaded YAML data and build the registry."""
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise _fail(path, data.get(LINE), "'entries' must be a non-empty list")
    entries = [_parse_entry(raw, path, i) for i, raw in enumerate(raw_entries)]
    _check_unique(entries, [raw.get(LINE) for raw in raw_entries], path)
    registry = Registry(
        entries,
        _parse_not_entities(data.get("not_entities"), path),
        _parse_demonyms(data.get("demonyms"), path),
        path,
    )
    _check_cross_references(registry, path)
    return registry


@cache
def _load_cached(path: Path) -> Registry:
    return parse_registry(_read(path), path)


def load_registry(path: str | Path | None = None) -> Registry:
    """Load and validate the registry (default: the packaged actors.yaml); cached per path.

    Raises RegistryError naming the file, line and entry when the YAML is malformed, an id
    repeats, a type or kind is unknown, or an alias is claimed by two entries.
    """
    return _load_cached(Path(path).resolve() if path else DEFAULT_PATH)


load_registry.cache_clear = _load_cached.cache_clear  # type: ignore[attr-defined]
