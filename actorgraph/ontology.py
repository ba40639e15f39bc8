"""Loads and validates ontology.yaml; the only place that knows its shape."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from actorgraph.errors import ConfigError

PATH = Path(__file__).with_name("ontology.yaml")


@dataclass(frozen=True)
class Predicate:
    name: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    symmetric: bool
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Ontology:
    entity_types: tuple[str, ...]
    predicates: dict[str, Predicate]
    event_types: dict[str, tuple[str, ...]]
    quantity_kinds: tuple[str, ...]
    units: tuple[str, ...]
    funding_kinds: dict[str, str]
    components: tuple[str, ...]

    def allows(self, predicate: str, subject_type: str, object_type: str) -> bool:
        p = self.predicates.get(predicate)
        return p is not None and subject_type in p.subject and object_type in p.object


@cache
def load_ontology(path: Path = PATH) -> Ontology:
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
        types = tuple(raw["entity_types"])
        predicates = {name: Predicate(name, tuple(p["subject"]), tuple(p["object"]), bool(p.get("symmetric")),
                                      tuple(p.get("roles", ()))) for name, p in raw["predicates"].items()}
        events = {name: tuple(e.get("sub_types", [])) + tuple(e.get("actorgraph_sub_types", {}))
                  for name, e in raw["event_types"].items()}
        onto = Ontology(types, predicates, events, tuple(raw["quantity_kinds"]), tuple(raw["units"]),
                        dict(raw["funding_kinds"]), tuple(raw["components"]))
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: invalid ontology ({exc})") from exc
    for p in onto.predicates.values():
        unknown = set(p.subject + p.object) - set(types)
        if unknown:
            raise ConfigError(f"{path}: predicate {p.name} names unknown entity types {sorted(unknown)}")
    return onto
