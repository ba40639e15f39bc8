"""The one module the rest of the code goes through to read and write the store."""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, load_only, selectinload
from sqlalchemy.orm.exc import StaleDataError

from actorgraph.model import LocalEntity, Processed
from actorgraph.resolve.names import normalise, same_name
from actorgraph.store.database import batches, make_engine, migrate, session_factory
from actorgraph.store.dedupe import dedupe_events
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
    utcnow,
)

# Fields of a fact that say which entity plays which part; the rest of ``data`` is plain values.
ENTITY_FIELDS = {"subject": "subject", "object": "object"}
ROLE_FIELDS = ("actors", "assoc_actors", "actors2", "location", "attributed_entity")


# How often a document's transaction is retried after losing a race (PostgreSQL deadlock,
# a unique key another writer took first, SQLite busy) before the error propagates.
SAVE_ATTEMPTS = 5


class DuplicateContent(Exception):
    """Another writer stored the same content first (a race between concurrent ingests)."""

    def __init__(self, document_id: int, source: str):
        super().__init__(f"same content as document {document_id} ({source})")
        self.document_id = document_id
        self.source = source


@dataclass
class SaveResult:
    document_id: int
    version: int
    entities: int
    mentions: int
    facts: int


class Store:
    """A workspace's database: SQLite by default, PostgreSQL by URL."""

    def __init__(self, url: str, reader: bool = True):
        """``reader=False`` for ingest: no read tuning (see ``database.make_engine``)."""
        self.url = url
        self.engine = make_engine(url, reader)
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

    def refresh_statistics(self) -> None:
        """Refresh the query planner's table statistics after an ingest.

        Without them SQLite may answer "sentences of these 60 ids in current documents" by walking
        every current document (100 ms at 10,000 documents instead of 1). ``analysis_limit`` samples
        each index, so this takes milliseconds however large the store; PostgreSQL's autovacuum
        keeps its own statistics."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA analysis_limit=400")
            conn.exec_driver_sql("ANALYZE")

    # ------------------------------------------------------------------ documents
    def has_content(self, content_hash: str) -> DocumentRow | None:
        """The document stored with these bytes (id, source, version, current loaded), or None.

        One lookup on the unique content_hash index; the text is not loaded.
        """
        with self.session() as s:
            return s.scalar(select(DocumentRow).options(_DOC_HEAD)
                            .where(DocumentRow.content_hash == content_hash))

    def known_hashes(self, hashes: Iterable[str]) -> dict[str, tuple[int, str]]:
        """content hash -> (document id, source) for those of ``hashes`` already stored (one query)."""
        wanted = list(dict.fromkeys(hashes))
        if not wanted:
            return {}
        with self.session() as s:
            rows = s.execute(select(DocumentRow.content_hash, DocumentRow.id, DocumentRow.source)
                             .where(DocumentRow.content_hash.in_(wanted)))
            return {h: (i, src) for h, i, src in rows}

    def log(self, source: str, outcome: str, detail: str = "", content_hash: str | None = None,
            document_id: int | None = None) -> None:
        with self.transaction() as s:
            s.add(IngestRunRow(source=source, outcome=outcome, detail=detail,
                               content_hash=content_hash, document_id=document_id))

    def save(self, processed: Processed) -> SaveResult:
        """Write a document and its extraction in one transaction, then replay analyst judgements.

        Safe with several writers on one PostgreSQL store: see ``_lock_for``. Raises
        DuplicateContent when another writer stored the same bytes first.
        """
        digest = processed.document.content_hash
        for attempt in range(SAVE_ATTEMPTS):
            try:
                with self.transaction() as s:
                    _lock_for(s, processed)
                    existing = s.execute(select(DocumentRow.id, DocumentRow.source)
                                         .where(DocumentRow.content_hash == digest)).first()
                    if existing is not None:
                        raise DuplicateContent(existing[0], existing[1])
                    result = _save(s, processed)
                    _lock_replay(s)
                    apply_judgements(s)
                    # The same incident told by several documents is one event.
                    dedupe_events(s, result.document_id)
                    s.add(IngestRunRow(source=processed.document.source, outcome="ingested",
                                       content_hash=digest, document_id=result.document_id))
                return result
            except (IntegrityError, OperationalError, StaleDataError):
                existing_row = self.has_content(digest)
                if existing_row is not None:
                    raise DuplicateContent(existing_row.id, existing_row.source) from None
                if attempt == SAVE_ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.05, 0.2) * (attempt + 1))
        raise AssertionError("unreachable")

    def fts_search(self, session: Session, query: str, limit: int = 50) -> list[tuple[int, str]]:
        """(sentence id, snippet) of sentences matching a full-text query, accent-insensitive.

        Every word must occur (no stemming, no operators); best matches first. SQLite uses the
        FTS5 table, PostgreSQL the GIN index over ``to_tsvector('actorgraph_unaccent', text)``;
        the snippet marks matched words with [ and ].
        """
        words = query.replace('"', " ").split()
        if not words:
            return []
        if session.get_bind().dialect.name == "postgresql":
            rows = session.execute(text(PG_SEARCH), {"q": " ".join(words), "n": limit})
        else:
            terms = " ".join(f'"{t}"' for t in words)
            rows = session.execute(
                text("SELECT rowid, snippet(sentence_fts, 0, '[', ']', '…', 16) FROM sentence_fts "
                     "WHERE sentence_fts MATCH :q ORDER BY rank LIMIT :n"), {"q": terms, "n": limit})
        return [(r[0], r[1]) for r in rows]


_DOC_HEAD = load_only(DocumentRow.id, DocumentRow.source, DocumentRow.content_hash, DocumentRow.version,
                      DocumentRow.current, DocumentRow.title, raiseload=False)

# The inner query ranks on the index; the (costly) headline is computed for the kept rows only.
PG_SEARCH = """
SELECT hit.id, ts_headline('actorgraph_unaccent'::regconfig, hit.text, hit.q,
       'StartSel=[, StopSel=], MaxWords=24, MinWords=8, ShortWord=2, MaxFragments=1, FragmentDelimiter=…')
FROM (SELECT sentence.id, sentence.text, q,
             ts_rank(to_tsvector('actorgraph_unaccent'::regconfig, sentence.text), q) AS rank
      FROM sentence, plainto_tsquery('actorgraph_unaccent'::regconfig, :q) AS q
      WHERE to_tsvector('actorgraph_unaccent'::regconfig, sentence.text) @@ q
      ORDER BY rank DESC, sentence.id LIMIT :n) AS hit
ORDER BY hit.rank DESC, hit.id
"""


# ------------------------------------------------------------------ concurrent writers (PostgreSQL)
def _lock_id(name: str) -> int:
    """A signed 64-bit advisory-lock id for a name (stable across processes and runs)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8, person=b"actorgraph").digest(),
                          "big", signed=True)


def _name_locks(etype: str, names: Iterable[str]) -> set[str]:
    """Lock names covering every entity a name could resolve to or create.

    Resolution looks entities up by normalised alias and, for fuzzy matches, by the alias's
    first three letters (see ``_candidates``). Two transactions that could meet on one entity
    therefore share a (type, prefix) lock.
    """
    keys = {normalise(n) for n in names} - {""}
    return {f"name:{etype}:{k[:3] if len(k) >= 3 else k}" for k in keys}


def _lock_replay(s: Session) -> None:
    """PostgreSQL: judgement replay and event dedupe read and rewrite rows of the whole store, so
    writers take turns for that last step (a lock taken last by everyone: no deadlock with the
    per-document locks). The extraction-heavy part of a save still runs concurrently."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_id("replay")})


def _lock_for(s: Session, processed: Processed) -> None:
    """PostgreSQL: take, in one sorted pass, transaction-level advisory locks on everything this
    document's save may race for: its content hash, its source (versioning), registry keys and
    name blocks of its entities. Sorted acquisition means document saves cannot deadlock on them.
    SQLite needs nothing: it has one writer at a time."""
    if s.get_bind().dialect.name != "postgresql":
        return
    doc, ex = processed.document, processed.extraction
    names = {f"hash:{doc.content_hash}", f"source:{doc.source}"}
    for e in ex.entities:
        if e.key:
            names.add(f"key:{e.key}")
        else:
            names |= _name_locks(e.type, (e.name, *e.aliases))
    ids = sorted({_lock_id(n) for n in names})
    s.execute(text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:ids AS bigint[])) AS k"), {"ids": ids})


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
    entity_ids = {e.local_id: row.id for e, row in zip(ex.entities, resolve_entities(s, ex.entities), strict=True)}
    for m in ex.mentions:
        s.add(MentionRow(document_id=row.id, sentence_id=sentence_rows[m.sentence].id,
                         entity_id=entity_ids[m.local_id], start=m.start, end=m.end, text=m.text,
                         type=m.type, label=m.label, rule=m.rule))
    save_facts(s, [(f, sentence_rows[f.sentence].id) for f in ex.facts], row.id, entity_ids)
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


def _fuzzy_candidates(s: Session, local: LocalEntity) -> list[EntityRow]:
    """Stored entities whose names are spelling variants of the local entity's (``same_name``).

    Blocking on the first letters keeps fuzzy matching off the whole table."""
    names = [local.name, *local.aliases]
    prefixes = sorted({k[:3] for k in (normalise(n) for n in names) if len(k) >= 3})
    found: dict[int, EntityRow] = {}
    for prefix in prefixes:
        rows = s.scalars(select(EntityRow).join(AliasRow).options(selectinload(EntityRow.aliases)).where(
            AliasRow.normalised.startswith(prefix), EntityRow.type == local.type,
            EntityRow.key.is_(None))).unique().all()
        found |= {r.id: r for r in rows if any(same_name(n, a.name, local.type) for n in names for a in r.aliases)}
    return [found[i] for i in sorted(found)]


def resolve_entities(s: Session, locals_: list[LocalEntity]) -> list[EntityRow]:
    """Store entities for a document's local entities (same order): by registry key, else by an
    exact normalised name, else by a spelling variant, else new.

    Lookups are batched (one query for the keys, one for the exact names) because a save
    resolves dozens of entities; entities created earlier in the same call are candidates too.
    """
    keyed = _keyed_rows(s, {loc.key for loc in locals_ if loc.key})
    exact = _exact_rows(s, {normalise(n) for loc in locals_ if not loc.key
                            for n in (loc.name, *loc.aliases)} - {""})
    created: list[EntityRow] = []
    out = []
    for local in locals_:
        if local.key:
            entity = keyed.get(local.key)
            if entity is None:
                entity = keyed[local.key] = _insert_keyed(s, local)
                add_alias(s, entity, entity.canonical_name, "registry" if local.canonical else "text")
        else:
            entity = _by_name(s, local, exact, created)
        for name in (local.name, *local.aliases):
            add_alias(s, entity, name, "text")
        out.append(entity)
    s.flush()
    return out


def _keyed_rows(s: Session, keys: set[str]) -> dict[str, EntityRow]:
    if not keys:
        return {}
    rows = s.scalars(select(EntityRow).options(selectinload(EntityRow.aliases)).where(EntityRow.key.in_(keys)))
    return {r.key: r for r in rows}


def _exact_rows(s: Session, normalised: set[str]) -> dict[str, list[EntityRow]]:
    """normalised alias -> unkeyed entities having it (ascending id)."""
    out: dict[str, list[EntityRow]] = {}
    for batch in batches(sorted(normalised)):
        rows = s.execute(select(AliasRow.normalised, EntityRow).join(EntityRow, EntityRow.id == AliasRow.entity_id)
                         .options(selectinload(EntityRow.aliases))
                         .where(AliasRow.normalised.in_(batch), EntityRow.key.is_(None)).order_by(EntityRow.id))
        for key, entity in rows:
            out.setdefault(key, []).append(entity)
    return out


def _by_name(s: Session, local: LocalEntity, exact: dict[str, list[EntityRow]],
             created: list[EntityRow]) -> EntityRow:
    keys = {normalise(n) for n in (local.name, *local.aliases)} - {""}
    stored = [e for k in sorted(keys) for e in exact.get(k, ()) if e.type == local.type]
    if stored:
        return min(stored, key=lambda e: e.id)
    names = [local.name, *local.aliases]
    new = [e for e in created if e.type == local.type and any(
        a.normalised in keys or same_name(n, a.name, local.type) for n in names for a in e.aliases)]
    found = new or _fuzzy_candidates(s, local)
    if found:
        return found[0]
    entity = EntityRow(type=local.type, canonical_name=local.name)
    s.add(entity)
    created.append(entity)
    return entity


def _insert_keyed(s: Session, local: LocalEntity) -> EntityRow:
    """The registry entity ``local.key``, created unless another writer just created it.

    INSERT ... ON CONFLICT (key) DO NOTHING, then select: a concurrent writer's row wins and
    this transaction uses it.
    """
    values = {"type": local.type, "canonical_name": local.canonical or local.name, "key": local.key,
              "created_at": utcnow()}
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # another backend: a plain insert; a lost race surfaces as IntegrityError and is retried
        s.execute(insert(EntityRow).values(**values))
        return s.scalars(select(EntityRow).where(EntityRow.key == local.key)).one()
    s.execute(dialect_insert(EntityRow).values(**values).on_conflict_do_nothing(index_elements=["key"]))
    return s.scalars(select(EntityRow).where(EntityRow.key == local.key)).one()


def fingerprint(kind: str, predicate: str | None, subject: int | None, obj: int | None, data: dict) -> str:
    payload = json.dumps([kind, predicate, subject, obj, data], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def save_fact(s: Session, fact, document_id: int, sentence_id: int, entity_ids: dict[int, int]) -> FactRow:
    """A fact with one more piece of evidence: an identical fact gains evidence, not a twin."""
    return save_facts(s, [(fact, sentence_id)], document_id, entity_ids)[0]


def save_facts(s: Session, facts: list[tuple], document_id: int, entity_ids: dict[int, int]) -> list[FactRow]:
    """``save_fact`` for a document's (fact, sentence id) pairs, with one fingerprint lookup."""
    prepared = [(_fact_identity(fact, entity_ids), fact, sentence_id) for fact, sentence_id in facts]
    fps = sorted({p[0][0] for p in prepared})
    if s.get_bind().dialect.name == "postgresql" and fps:
        # Two documents naming one entity by unrelated names hold different name locks; this
        # keeps them from both creating the fact. (A rare deadlock with it is retried by save.)
        s.execute(text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:ids AS bigint[])) AS k"),
                  {"ids": sorted({_lock_id(f"fact:{fp}") for fp in fps})})
    rows = {r.fingerprint: r for batch in batches(fps)
            for r in s.scalars(select(FactRow).where(FactRow.fingerprint.in_(batch)))}
    new_roles = []
    out = []
    for (fp, subject, obj, predicate, data, roles), fact, sentence_id in prepared:
        row = rows.get(fp)
        if row is None:
            row = rows[fp] = FactRow(kind=fact.kind, subject_id=subject, predicate=predicate, object_id=obj,
                                     start=data.get("start") or data.get("date") or data.get("as_of"),
                                     end=data.get("end"), data=data, confidence=fact.confidence, fingerprint=fp)
            s.add(row)
            new_roles.append((row, roles))
        else:
            row.confidence = max(row.confidence, fact.confidence)
        out.append((row, fact, sentence_id, data))
    s.flush()
    for row, roles in new_roles:
        s.add_all(FactEntityRow(fact_id=row.id, entity_id=i, role=role) for role, ids in roles.items() for i in ids)
    s.add_all(EvidenceRow(fact_id=row.id, document_id=document_id, sentence_id=sentence_id, rule=fact.rule,
                          confidence=fact.confidence, data=data) for row, fact, sentence_id, data in out)
    s.flush()
    refresh_support(s, {o[0].id for o in out})
    return [o[0] for o in out]


def refresh_support(s: Session, fact_ids: Iterable[int]) -> None:
    """Recount ``fact.support`` (evidence rows) of these facts; call after adding or moving evidence."""
    count = select(func.count()).where(EvidenceRow.fact_id == FactRow.id).scalar_subquery()
    for batch in batches(sorted(set(fact_ids))):
        s.execute(FactRow.__table__.update().where(FactRow.id.in_(batch)).values(support=count))


def _fact_identity(fact, entity_ids: dict[int, int]) -> tuple:
    """(fingerprint, subject id, object id, predicate, data without entity fields, roles)."""
    data = dict(fact.data)
    subject = entity_ids.get(data.pop("subject", None))
    obj = entity_ids.get(data.pop("object", None))
    roles = {r: [entity_ids[i] for i in _as_list(data.pop(r, None)) if i in entity_ids] for r in ROLE_FIELDS}
    predicate = data.get("predicate") or data.get("quantity") or data.get("source") or data.get("type")
    identity = {k: v for k, v in data.items() if k not in ("summary", "attributed_to", "as_of", "sentence")}
    return fingerprint(fact.kind, predicate, subject, obj, identity | {"roles": roles}), subject, obj, predicate, \
        data, roles


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
    _repoint_evidence_roles(s, other.id, keep.id)
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


def _repoint_evidence_roles(s: Session, old: int, new: int) -> None:
    """Evidence rows keep each source's own roles (see store.dedupe); follow the entity merge there too."""
    fact_ids = select(FactEntityRow.fact_id).where(FactEntityRow.entity_id == old)
    for ev in s.scalars(select(EvidenceRow).where(EvidenceRow.fact_id.in_(fact_ids))):
        roles = (ev.data or {}).get("roles")
        if roles:
            ev.data = {**ev.data, "roles": {r: [new if i == old else i for i in ids] for r, ids in roles.items()}}


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
