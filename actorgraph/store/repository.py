"""The one module the rest of the code goes through to read and write the store."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from actorgraph.model import LocalEntity, Processed
from actorgraph.resolve.names import normalise, same_name
from actorgraph.store.database import make_engine, migrate, session_factory
from actorgraph.store.models import (
    AliasRow,
    ArticleRow,
    CitationRow,
    DocumentRow,
    EntityRow,
    EvidenceRow,
    FactEntityRow,
    FactRow,
    IngestRunRow,
    JudgementRow,
    MentionRow,
    SegmentRow,
    SentenceRow,
)

# Fields of a fact that say which entity plays which part; the rest of ``data`` is plain values.
ENTITY_FIELDS = {"subject": "subject", "object": "object"}
ROLE_FIELDS = ("actors", "assoc_actors", "actors2", "location", "attributed_entity")


@dataclass
class SaveResult:
    document_id: int
    version: int
    entities: int
    mentions: int
    facts: int


class Store:
    """A workspace's database: SQLite by default, PostgreSQL by URL."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        migrate(self.engine)
        self.sessions = session_factory(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole or rolled back whole."""
        with self.sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ documents
    def has_content(self, content_hash: str) -> DocumentRow | None:
        with self.session() as s:
            return s.scalar(select(DocumentRow).where(DocumentRow.content_hash == content_hash))

    def log(self, source: str, outcome: str, detail: str = "", content_hash: str | None = None,
            document_id: int | None = None) -> None:
        with self.transaction() as s:
            s.add(IngestRunRow(source=source, outcome=outcome, detail=detail,
                               content_hash=content_hash, document_id=document_id))

    def save(self, processed: Processed) -> SaveResult:
        """Write a document and its extraction in one transaction, then replay analyst judgements."""
        with self.transaction() as s:
            result = _save(s, processed)
            apply_judgements(s)
            s.add(IngestRunRow(source=processed.document.source, outcome="ingested",
                               content_hash=processed.document.content_hash, document_id=result.document_id))
        return result

    def fts_search(self, session: Session, query: str, limit: int = 50) -> list[tuple[int, str]]:
        """(sentence id, snippet) of sentences matching a full-text query, accent-insensitive."""
        terms = " ".join(f'"{t}"' for t in query.replace('"', " ").split())
        if not terms:
            return []
        rows = session.execute(
            text("SELECT rowid, snippet(sentence_fts, 0, '[', ']', '…', 16) FROM sentence_fts "
                 "WHERE sentence_fts MATCH :q ORDER BY rank LIMIT :n"), {"q": terms, "n": limit})
        return [(r[0], r[1]) for r in rows]


def _save(s: Session, processed: Processed) -> SaveResult:
    doc, ex = processed.document, processed.extraction
    previous = s.scalars(select(DocumentRow).where(DocumentRow.source == doc.source,
                                                   DocumentRow.current.is_(True))).all()
    version = 1 + max((p.version for p in previous), default=0)
    for p in previous:
        p.current = False
    row = DocumentRow(source=doc.source, content_hash=doc.content_hash, version=version, current=True,
                      media_type=doc.media_type, title=doc.title, author=doc.author, publisher=doc.publisher,
                      published=doc.published, language=doc.language, text=doc.text, raw_html=doc.raw_html,
                      repairs=list(doc.repairs), notes=list(ex.notes))
    s.add(row)
    s.flush()
    for i, a in enumerate(doc.articles):
        s.add(ArticleRow(document_id=row.id, idx=i, title=a.title, start=a.start, end=a.end, main=a.main,
                         published=a.published, author=a.author, publisher=a.publisher, language=a.language))
    for seg in doc.segments:
        s.add(SegmentRow(document_id=row.id, start=seg.start, end=seg.end, kind=seg.kind, reason=seg.reason,
                         article_idx=seg.article))
    sentence_rows = [SentenceRow(document_id=row.id, idx=i, start=x.start, end=x.end, text=x.text)
                     for i, x in enumerate(ex.sentences)]
    s.add_all(sentence_rows)
    s.flush()
    for c in doc.citations:
        s.add(CitationRow(document_id=row.id, start=c.start, end=c.end, text=c.text, url=c.url, marker=c.marker,
                          sentence_id=_sentence_at(sentence_rows, c.sentence_start)))
    entity_ids = {e.local_id: resolve_entity(s, e).id for e in ex.entities}
    for m in ex.mentions:
        s.add(MentionRow(document_id=row.id, sentence_id=sentence_rows[m.sentence].id,
                         entity_id=entity_ids[m.local_id], start=m.start, end=m.end, text=m.text,
                         type=m.type, label=m.label, rule=m.rule))
    for fact in ex.facts:
        save_fact(s, fact, row.id, sentence_rows[fact.sentence].id, entity_ids)
    return SaveResult(row.id, version, len(entity_ids), len(ex.mentions), len(ex.facts))


def _sentence_at(rows: list[SentenceRow], offset: int | None) -> int | None:
    if offset is None:
        return None
    for r in rows:
        if r.start <= offset < max(r.end, r.start + 1):
            return r.id
    return None


# ------------------------------------------------------------------ entities
def add_alias(s: Session, entity: EntityRow, name: str, origin: str) -> None:
    if name and not any(a.name == name for a in entity.aliases):
        entity.aliases.append(AliasRow(name=name, normalised=normalise(name), origin=origin))


def _candidates(s: Session, local: LocalEntity) -> list[EntityRow]:
    names = [local.name, *local.aliases]
    keys = {normalise(n) for n in names} - {""}
    exact = s.scalars(select(EntityRow).join(AliasRow).where(
        AliasRow.normalised.in_(keys), EntityRow.type == local.type, EntityRow.key.is_(None))).unique().all()
    if exact:
        return list(exact)
    # Blocking on the first letters keeps fuzzy matching off the whole table.
    prefixes = {k[:3] for k in keys if len(k) >= 3}
    fuzzy = []
    for prefix in prefixes:
        rows = s.scalars(select(EntityRow).join(AliasRow).where(
            AliasRow.normalised.startswith(prefix), EntityRow.type == local.type,
            EntityRow.key.is_(None))).unique().all()
        fuzzy += [r for r in rows if any(same_name(n, a.name, local.type) for n in names for a in r.aliases)]
    return fuzzy


def resolve_entity(s: Session, local: LocalEntity) -> EntityRow:
    """The store entity for a document's local entity: by registry key, else by name, else new."""
    entity = None
    if local.key:
        entity = s.scalar(select(EntityRow).where(EntityRow.key == local.key))
        if entity is None:
            entity = EntityRow(type=local.type, canonical_name=local.canonical or local.name, key=local.key)
            s.add(entity)
            add_alias(s, entity, entity.canonical_name, "registry" if local.canonical else "text")
    else:
        found = _candidates(s, local)
        entity = found[0] if found else None
        if entity is None:
            entity = EntityRow(type=local.type, canonical_name=local.name)
            s.add(entity)
    for name in (local.name, *local.aliases):
        add_alias(s, entity, name, "text")
    s.flush()
    return entity


def fingerprint(kind: str, predicate: str | None, subject: int | None, obj: int | None, data: dict) -> str:
    payload = json.dumps([kind, predicate, subject, obj, data], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def save_fact(s: Session, fact, document_id: int, sentence_id: int, entity_ids: dict[int, int]) -> FactRow:
    """A fact with one more piece of evidence: an identical fact gains evidence, not a twin."""
    data = dict(fact.data)
    subject = entity_ids.get(data.pop("subject", None))
    obj = entity_ids.get(data.pop("object", None))
    roles = {r: [entity_ids[i] for i in _as_list(data.pop(r, None)) if i in entity_ids] for r in ROLE_FIELDS}
    predicate = data.get("predicate") or data.get("quantity") or data.get("source") or data.get("type")
    identity = {k: v for k, v in data.items() if k not in ("summary", "attributed_to", "as_of", "sentence")}
    fp = fingerprint(fact.kind, predicate, subject, obj, identity | {"roles": roles})
    row = s.scalar(select(FactRow).where(FactRow.fingerprint == fp))
    if row is None:
        row = FactRow(kind=fact.kind, subject_id=subject, predicate=predicate, object_id=obj,
                      start=data.get("start") or data.get("date") or data.get("as_of"), end=data.get("end"),
                      data=data, confidence=fact.confidence, fingerprint=fp)
        s.add(row)
        s.flush()
        for role, ids in roles.items():
            s.add_all(FactEntityRow(fact_id=row.id, entity_id=i, role=role) for i in ids)
    else:
        row.confidence = max(row.confidence, fact.confidence)
    s.add(EvidenceRow(fact_id=row.id, document_id=document_id, sentence_id=sentence_id, rule=fact.rule,
                      confidence=fact.confidence, data=data))
    return row


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# ------------------------------------------------------------------ analyst judgements
def find_entities(s: Session, name: str) -> list[EntityRow]:
    """Entities any of whose names normalise like ``name``, most mentioned first."""
    key = normalise(name)
    rows = s.scalars(select(EntityRow).join(AliasRow).where(AliasRow.normalised == key)).unique().all()
    counts = dict(s.execute(select(MentionRow.entity_id, func.count()).where(
        MentionRow.entity_id.in_([r.id for r in rows])).group_by(MentionRow.entity_id)).all())
    return sorted(rows, key=lambda r: -counts.get(r.id, 0))


def merge_entities(s: Session, keep: EntityRow, other: EntityRow) -> None:
    """Move everything of ``other`` onto ``keep`` and delete ``other``."""
    if keep.id == other.id:
        return
    for table, column in ((MentionRow, MentionRow.entity_id), (FactEntityRow, FactEntityRow.entity_id)):
        s.execute(table.__table__.update().where(column == other.id).values(entity_id=keep.id))
    for column in (FactRow.subject_id, FactRow.object_id):
        s.execute(FactRow.__table__.update().where(column == other.id).values({column.key: keep.id}))
    for alias in list(other.aliases):
        add_alias(s, keep, alias.name, alias.origin)
    if keep.key is None and other.key is not None:
        keep.key, other.key = other.key, None
        s.flush()
    s.delete(other)
    s.flush()


def split_alias(s: Session, name: str) -> EntityRow | None:
    """Detach a surface form (and its mentions) from the entity it was merged into."""
    key = normalise(name)
    found = find_entities(s, name)
    alone = next((e for e in found if all(a.normalised == key for a in e.aliases)), None)
    for entity in found:
        if entity is alone:
            continue
        target = alone or EntityRow(type=entity.type, canonical_name=name)
        s.add(target)
        for alias in [a for a in entity.aliases if a.normalised == key]:
            entity.aliases.remove(alias)
        add_alias(s, target, name, "analyst")
        if normalise(entity.canonical_name) == key and entity.aliases:
            entity.canonical_name = entity.aliases[0].name
        s.flush()
        for m in s.scalars(select(MentionRow).where(MentionRow.entity_id == entity.id)):
            if normalise(m.text) == key:
                m.entity_id = target.id
        s.flush()
        alone = target
    return alone


def apply_judgements(s: Session) -> None:
    """Replay every analyst judgement, oldest first, so they hold after any re-ingest."""
    for j in s.scalars(select(JudgementRow).order_by(JudgementRow.id)):
        if j.kind == "merge":
            keep, other = find_entities(s, j.target["keep"]), find_entities(s, j.target["merge"])
            if keep and other and keep[0].id != other[0].id:
                merge_entities(s, keep[0], other[0])
        elif j.kind == "split":
            split_alias(s, j.target["name"])
        elif j.kind == "reject":
            s.execute(FactRow.__table__.update().where(FactRow.fingerprint == j.target["fingerprint"])
                      .values(status="rejected"))
