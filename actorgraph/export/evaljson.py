"""The evaluation export: one JSON file per input document, in the shape of shared/eval/FORMAT.md."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from actorgraph.store.models import (
    ArticleRow,
    DocumentRow,
    EntityRow,
    EvidenceRow,
    FactEntityRow,
    FactRow,
    MentionRow,
)

SECTIONS = ("relations", "events", "claims", "funding")
DESCRIPTIVE = {"entities.border.v1"}


def _fullest(names: Counter) -> str:
    return max(names, key=lambda n: (len(n.split()) if not n.isupper() else 0, len(n), names[n]))


def document_entities(s: Session, document_id: int) -> tuple[list[dict], dict[int, str]]:
    """The document's entities with the surface forms it uses, and entity id -> name used here."""
    forms: dict[int, Counter] = defaultdict(Counter)
    for entity_id, text, rule in s.execute(select(MentionRow.entity_id, MentionRow.text, MentionRow.rule)
                                           .where(MentionRow.document_id == document_id)):
        # "the Algerian border" names the country without being one of its names.
        forms[entity_id][s.get(EntityRow, entity_id).canonical_name if rule in DESCRIPTIVE else text] += 1
    entities, names = [], {}
    for entity_id, counter in forms.items():
        entity = s.get(EntityRow, entity_id)
        name = _fullest(counter)
        names[entity_id] = name
        entities.append({"type": entity.type, "name": name, "aliases": sorted(set(counter) - {name})})
    return entities, names


def _name(s: Session, names: dict[int, str], entity_id: int | None) -> str | None:
    if entity_id is None:
        return None
    if entity_id not in names:
        entity = s.get(EntityRow, entity_id)
        names[entity_id] = entity.canonical_name if entity else None
    return names[entity_id]


def _roles(s: Session, fact_id: int) -> dict[str, list[int]]:
    roles: dict[str, list[int]] = defaultdict(list)
    for role, entity_id in s.execute(select(FactEntityRow.role, FactEntityRow.entity_id)
                                     .where(FactEntityRow.fact_id == fact_id)):
        roles[role].append(entity_id)
    return roles


def fact_item(s: Session, fact: FactRow, evidence: EvidenceRow, names: dict[int, str]) -> tuple[str, dict]:
    """(section, item) of a fact as this document's evidence states it."""
    data = {**fact.data, **(evidence.data or {})}
    subject, obj = _name(s, names, fact.subject_id), _name(s, names, fact.object_id)
    if fact.kind == "relation":
        return "relations", {"subject": subject, "predicate": fact.predicate, "object": obj,
                             "start": data.get("start"), "end": data.get("end")}
    if fact.kind == "claim":
        return "claims", {"subject": subject, "quantity": fact.predicate, "low": data.get("low"),
                          "high": data.get("high"), "unit": data.get("unit"), "as_of": data.get("as_of"),
                          "attributed_to": data.get("attributed_to")}
    if fact.kind == "funding":
        return "funding", {"subject": subject, "source": fact.predicate}
    # After a cross-document merge, each evidence row keeps the roles its own document gave.
    roles = (evidence.data or {}).get("roles") or _roles(s, fact.id)
    actors = [_name(s, names, i) for i in roles.get("actors", []) + roles.get("assoc_actors", [])]
    location = roles.get("location")
    return "events", {"type": fact.predicate, "date": data.get("date"),
                      "location": _name(s, names, location[0]) if location else data.get("place"),
                      "country": data.get("country"), "actors": actors,
                      "targets": data.get("targets", []), "fatalities": data.get("fatalities"),
                      "summary": data.get("summary")}


def export_document(s: Session, document: DocumentRow, file_name: str) -> dict:
    articles = s.scalars(select(ArticleRow).where(ArticleRow.document_id == document.id)
                         .order_by(ArticleRow.idx)).all()
    out: dict = {"file": file_name, "documents": [
        {"title": a.title, "published": a.published, "author": a.author, "publisher": a.publisher,
         "language": a.language or document.language, "main": a.main} for a in articles]}
    out["entities"], names = document_entities(s, document.id)
    for section in SECTIONS:
        out[section] = []
    rows = s.execute(select(FactRow, EvidenceRow).join(EvidenceRow, EvidenceRow.fact_id == FactRow.id)
                     .where(EvidenceRow.document_id == document.id, FactRow.status == "active")
                     .order_by(FactRow.id, EvidenceRow.id)).all()
    seen = set()
    for fact, evidence in rows:
        section, item = fact_item(s, fact, evidence, names)
        key = json.dumps(item, sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            out[section].append(item)
    return out


def write_eval_json(s: Session, document_ids: dict[str, int], out_dir: Path) -> list[Path]:
    """Write OUT/X.json for each input file X.* (its document id given)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source, doc_id in document_ids.items():
        document = s.get(DocumentRow, doc_id)
        name = Path(source).name
        target = out_dir / (Path(source).stem + ".json")
        target.write_text(json.dumps(export_document(s, document, name), ensure_ascii=False, indent=2), "utf-8")
        written.append(target)
    return written
