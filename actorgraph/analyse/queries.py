"""Read-side queries shared by the CLI, the web pages and the exports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import process
from sqlalchemy import Integer, func, or_, select, text
from sqlalchemy.orm import Session

from actorgraph.errors import NotFoundError
from actorgraph.resolve.names import normalise
from actorgraph.store.database import batches
from actorgraph.store.models import (
    AliasRow,
    ArticleRow,
    DocumentRow,
    EntityRow,
    EvidenceRow,
    FactEntityRow,
    FactRow,
    MentionRow,
    SegmentRow,
    SentenceRow,
)
from actorgraph.store.repository import find_entities


@dataclass
class EntitySummary:
    id: int
    name: str
    type: str
    aliases: list[str]
    documents: int
    mentions: int


@dataclass
class Quote:
    sentence_id: int
    text: str


@dataclass
class DocumentQuotes:
    document_id: int
    title: str | None
    publisher: str | None
    published: str | None
    source: str
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class EntityCard:
    summary: EntitySummary
    documents: list[DocumentQuotes]


def current_docs():
    return select(DocumentRow.id).where(DocumentRow.current.is_(True))


def superseded_docs():
    """Ids of documents replaced by a newer version: few, so ``NOT IN`` this is the cheap way to
    keep to current documents when reading many mentions (``IN current_docs()`` lists them all)."""
    return select(DocumentRow.id).where(DocumentRow.current.is_(False))


def entity_summaries(s: Session, etype: str | None = None, limit: int | None = None) -> list[EntitySummary]:
    """Entities with their aliases and how often current documents mention them, most mentioned first."""
    counts = (select(MentionRow.entity_id, func.count(func.distinct(MentionRow.document_id)).label("docs"),
                     func.count().label("mentions"))
              .where(MentionRow.document_id.in_(current_docs())).group_by(MentionRow.entity_id).subquery())
    query = (select(EntityRow, counts.c.docs, counts.c.mentions).join(counts, counts.c.entity_id == EntityRow.id)
             .order_by(counts.c.mentions.desc(), EntityRow.canonical_name))
    if etype:
        query = query.where(func.lower(EntityRow.type) == etype.lower())
    if limit:
        query = query.limit(limit)
    return [_summary(e, d, m) for e, d, m in s.execute(query).all()]


def _summary(entity: EntityRow, docs: int, mentions: int) -> EntitySummary:
    aliases = sorted({a.name for a in entity.aliases} - {entity.canonical_name})
    return EntitySummary(entity.id, entity.canonical_name, entity.type, aliases, docs, mentions)


def resolve_name(s: Session, name: str) -> EntityRow:
    """The entity a name or alias denotes; NotFoundError with close matches otherwise."""
    found = find_entities(s, name)
    if found:
        return found[0]
    if name.isdigit() and (entity := s.get(EntityRow, int(name))):
        return entity
    names = s.scalars(select(AliasRow.name).distinct()).all()
    close = [m[0] for m in process.extract(name, names, limit=5, score_cutoff=60)]
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise NotFoundError(f"no entity named {name!r}{hint}")


def entity_documents(s: Session, entity_id: int, first: int) -> tuple[int, list[int]]:
    """(how many current documents mention the entity, the ids of the first ``first`` of them).

    See ``superseded_docs`` for how current documents are kept to."""
    mine = select(MentionRow.document_id).where(MentionRow.entity_id == entity_id,
                                                MentionRow.document_id.not_in(superseded_docs()))
    n_docs = s.scalar(select(func.count()).select_from(mine.distinct().subquery())) or 0
    return n_docs, list(s.scalars(mine.distinct().order_by(MentionRow.document_id).limit(first)))


def entity_card(s: Session, name: str, per_document: int = 5, max_documents: int = 50) -> EntityCard:
    """Aliases, counts and, for the first ``max_documents`` current documents mentioning the
    entity, up to ``per_document`` quoted sentences each (``summary.documents`` counts them all)."""
    entity = resolve_name(s, name)
    n_docs, first_docs = entity_documents(s, entity.id, max_documents)
    # Columns, not rows: a DocumentRow would load the document's whole text once per mention.
    rows = s.execute(
        select(DocumentRow.id, DocumentRow.title, DocumentRow.publisher, DocumentRow.published,
               DocumentRow.source, SentenceRow.id, SentenceRow.text)
        .join(MentionRow, MentionRow.sentence_id == SentenceRow.id)
        .join(DocumentRow, DocumentRow.id == MentionRow.document_id)
        .where(MentionRow.entity_id == entity.id, MentionRow.document_id.in_(first_docs))
        .order_by(DocumentRow.id, SentenceRow.idx)).all()
    docs: dict[int, DocumentQuotes] = {}
    for doc_id, title, publisher, published, source, sentence_id, sentence_text in rows:
        dq = docs.setdefault(doc_id, DocumentQuotes(doc_id, title, publisher, published, source))
        if len(dq.quotes) < per_document and all(q.sentence_id != sentence_id for q in dq.quotes):
            dq.quotes.append(Quote(sentence_id, sentence_text))
    mentions = s.scalar(select(func.count()).where(MentionRow.entity_id == entity.id)) or 0
    return EntityCard(_summary(entity, n_docs, mentions), list(docs.values()))


@dataclass
class DocumentInfo:
    id: int
    title: str | None
    published: str | None
    author: str | None
    publisher: str | None
    language: str | None
    source: str
    version: int
    chrome: list[str]
    articles: list[tuple[str | None, bool]]


def documents(s: Session) -> list[DocumentInfo]:
    out = []
    for doc in s.scalars(select(DocumentRow).where(DocumentRow.current.is_(True)).order_by(DocumentRow.id)):
        reasons = s.scalars(select(SegmentRow.reason).where(SegmentRow.document_id == doc.id,
                                                            SegmentRow.kind == "chrome")).all()
        articles = s.execute(select(ArticleRow.title, ArticleRow.main).where(ArticleRow.document_id == doc.id)
                             .order_by(ArticleRow.idx)).all()
        out.append(DocumentInfo(doc.id, doc.title, doc.published, doc.author, doc.publisher, doc.language,
                                doc.source, doc.version, list(dict.fromkeys(reasons)),
                                [(t, m) for t, m in articles]))
    return out


@dataclass
class SearchHit:
    document_id: int
    title: str | None
    sentence_id: int
    snippet: str


def search_text(s: Session, store, query: str, limit: int = 20) -> list[SearchHit]:
    found = store.fts_search(s, query, limit * 3)
    # One query for the hits' documents (not two lookups per hit, nor the documents' text).
    docs = {sid: (did, title) for sid, did, title in s.execute(
        select(SentenceRow.id, DocumentRow.id, DocumentRow.title)
        .join(DocumentRow, DocumentRow.id == SentenceRow.document_id)
        .where(SentenceRow.id.in_([sid for sid, _ in found]), DocumentRow.current.is_(True)))} if found else {}
    hits = [SearchHit(docs[sid][0], docs[sid][1], sid, snippet) for sid, snippet in found if sid in docs]
    return hits[:limit]


def search_entities(s: Session, query: str, limit: int = 20) -> list[EntitySummary]:
    key = normalise(query)
    ids = s.scalars(select(AliasRow.entity_id).where(AliasRow.normalised.contains(key)).distinct()).all()
    return [x for x in entity_summaries(s) if x.id in set(ids)][:limit]


# ------------------------------------------------------------------ facts with their evidence
@dataclass(frozen=True)
class SourceRef:
    """A source document as a citation names it."""

    document_id: int
    title: str | None
    author: str | None
    publisher: str | None
    published: str | None
    source: str


@dataclass(frozen=True)
class EvidenceInfo:
    """One piece of evidence of a fact: the document, the sentence, the rule, and what this source said."""

    evidence_id: int
    fact_id: int
    document: SourceRef
    sentence: str
    rule: str
    data: dict


def source_ref(doc: DocumentRow) -> SourceRef:
    return SourceRef(doc.id, doc.title, doc.author, doc.publisher, doc.published, doc.source)


def supported_by_current():
    """Clause: the fact has evidence in a current document (EXISTS, so that it is checked per fact
    through the evidence index instead of materialising every supported fact id of the store)."""
    return (select(EvidenceRow.id).join(DocumentRow, DocumentRow.id == EvidenceRow.document_id)
            .where(EvidenceRow.fact_id == FactRow.id, DocumentRow.current.is_(True)).exists())


def active_facts(s: Session, kind: str | None = None, entity_id: int | None = None,
                 subjects: Iterable[int] | None = None, predicates: Iterable[str] | None = None,
                 limit: int | None = None) -> list[FactRow]:
    """Facts not rejected by an analyst that at least one current document supports, oldest first.

    With ``entity_id``, only the facts that entity takes part in (subject, object or any role);
    with ``subjects`` / ``predicates``, only those. With ``limit``, the ``limit`` best-supported
    (most evidence), still returned oldest first.
    """
    query = select(FactRow).where(FactRow.status == "active")
    if kind:
        query = query.where(FactRow.kind == kind)
    if entity_id is not None:
        involved = select(FactEntityRow.fact_id).where(FactEntityRow.entity_id == entity_id)
        query = query.where(or_(FactRow.subject_id == entity_id, FactRow.object_id == entity_id,
                                FactRow.id.in_(involved)))
    if subjects is not None:
        query = query.where(FactRow.subject_id.in_(sorted(set(subjects))))
    if predicates is not None:
        query = query.where(FactRow.predicate.in_(sorted(set(predicates))))
    if limit is None:
        return list(s.scalars(query.where(supported_by_current()).order_by(FactRow.id)))
    return best_supported(s, query, limit, current_only=True)


def best_supported(s: Session, query, limit: int, current_only: bool = False) -> list[FactRow]:
    """The ``limit`` facts of ``query`` (a select of FactRow) with the most evidence, oldest first;
    with ``current_only``, only facts that a current document supports.

    Candidates are read as (id, support) without ORDER BY, so that the planner serves the filters
    from their own indexes (sorting by support in SQL made SQLite walk every fact of the kind in
    support order); the current-support check runs only as far as needed.
    """
    ranked = sorted(s.execute(query.with_only_columns(FactRow.id, FactRow.support)).all(),
                    key=lambda r: (-(r.support or 0), r.id))
    kept: list[int] = []
    page = limit + limit // 4 + 8
    for start in range(0, len(ranked), page):
        ids = [r.id for r in ranked[start:start + page]]
        current = _currently_supported(s, ids) if current_only else set(ids)
        kept += [i for i in ids if i in current][:limit - len(kept)]
        if len(kept) >= limit:
            break
    rows = [r for batch in batches(sorted(kept)) for r in s.scalars(select(FactRow).where(FactRow.id.in_(batch)))]
    return sorted(rows, key=lambda f: f.id)


def _currently_supported(s: Session, fact_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for batch in batches(fact_ids):
        found.update(s.scalars(select(FactRow.id).where(FactRow.id.in_(batch), supported_by_current())))
    return found


def count_facts(s: Session, kind: str, entity_id: int) -> int:
    """How many facts of ``kind`` the entity is subject or object of (rejected or superseded ones too:
    an upper bound for "the N best-supported of M", cheap on large stores)."""
    return s.scalar(select(func.count()).select_from(FactRow).where(
        FactRow.kind == kind, or_(FactRow.subject_id == entity_id, FactRow.object_id == entity_id))) or 0


def fact_evidence(s: Session, fact_ids: list[int] | None = None,
                  per_fact: int | None = None) -> dict[int, list[EvidenceInfo]]:
    """Evidence from current documents per fact id (every fact when ``fact_ids`` is None), in text order.

    ``per_fact`` keeps the first N pieces of evidence of each fact (earliest documents first):
    a fact stated by thousands of documents is cited by a few, not loaded whole.
    """
    # Columns, not rows: ORM objects cost more than the query on large results.
    query = (select(EvidenceRow.id, EvidenceRow.fact_id, EvidenceRow.rule, EvidenceRow.data, DocumentRow.id,
                    DocumentRow.title, DocumentRow.author, DocumentRow.publisher, DocumentRow.published,
                    DocumentRow.source, SentenceRow.text)
             .join(DocumentRow, DocumentRow.id == EvidenceRow.document_id)
             .join(SentenceRow, SentenceRow.id == EvidenceRow.sentence_id)
             .where(DocumentRow.current.is_(True))
             .order_by(EvidenceRow.fact_id, DocumentRow.id, SentenceRow.idx, EvidenceRow.id))
    if fact_ids is None:
        queries = [query]
    elif per_fact is None:
        queries = [query.where(EvidenceRow.fact_id.in_(batch)) for batch in batches(list(fact_ids))]
    else:
        queries = [query.where(EvidenceRow.id.in_(_first_evidence(batch, per_fact)))
                   for batch in batches(list(fact_ids), 400)]  # SQLite: at most 500 united selects
    out: dict[int, list[EvidenceInfo]] = {}
    refs: dict[int, SourceRef] = {}
    for ev_id, fact_id, rule, data, doc_id, title, author, publisher, published, source, sentence in (
            row for q in queries for row in s.execute(q)):
        ref = refs.get(doc_id) or refs.setdefault(doc_id, SourceRef(doc_id, title, author, publisher, published,
                                                                    source))
        out.setdefault(fact_id, []).append(EvidenceInfo(ev_id, fact_id, ref, sentence, rule, dict(data or {})))
    return out


def _first_evidence(fact_ids: list[int], n: int):
    """Ids of the first ``n`` current evidence rows of each fact (earliest stored first).

    One small LIMIT query per fact, united: each reads its fact's first index entries and stops,
    where a window over all the evidence of much-cited facts would read every row. Written as
    SQL text (integers only) because building hundreds of select objects costs more than running them."""
    one = ('SELECT * FROM (SELECT e.id FROM evidence e JOIN document d ON d.id = e.document_id '
           'WHERE e.fact_id = {} AND d."current" ORDER BY e.id LIMIT {}) AS f{}')
    sql = " UNION ALL ".join(one.format(int(f), int(n), i) for i, f in enumerate(fact_ids))
    return text(sql).columns(id=Integer)


def fact_roles(s: Session, fact_ids: list[int] | None = None) -> dict[int, dict[str, list[int]]]:
    """fact id -> role (actors, actors2, location, attributed_entity ...) -> entity ids."""
    query = (select(FactEntityRow.fact_id, FactEntityRow.role, FactEntityRow.entity_id)
             .order_by(FactEntityRow.id))
    queries = [query] if fact_ids is None else [query.where(FactEntityRow.fact_id.in_(batch))
                                                 for batch in batches(list(fact_ids))]
    out: dict[int, dict[str, list[int]]] = {}
    for fact_id, role, entity_id in (row for q in queries for row in s.execute(q)):
        out.setdefault(fact_id, {}).setdefault(role, []).append(entity_id)
    return out


def entity_names(s: Session, ids: Iterable[int] | None = None) -> dict[int, str]:
    """entity id -> canonical name (of ``ids``, or every entity), for labelling many facts at once."""
    query = select(EntityRow.id, EntityRow.canonical_name)
    if ids is None:
        return dict(s.execute(query).all())
    wanted = sorted({i for i in ids if i is not None})
    return {k: v for batch in batches(wanted) for k, v in s.execute(query.where(EntityRow.id.in_(batch)))}


def mention_counts(s: Session) -> dict[int, tuple[int, int]]:
    """entity id -> (documents, mentions) over current documents."""
    docs = func.count(func.distinct(MentionRow.document_id))
    rows = s.execute(select(MentionRow.entity_id, docs, func.count())
                     .where(MentionRow.document_id.in_(current_docs())).group_by(MentionRow.entity_id))
    return {entity_id: (docs, mentions) for entity_id, docs, mentions in rows}


def armed_groups(s: Session, summaries: list[EntitySummary]) -> list[EntitySummary]:
    """The summaries whose entity the actor registry knows as an armed group, order kept."""
    from actorgraph.extract.entities import registry_entry
    from actorgraph.registry import load_registry

    registry = load_registry()
    keys = dict(s.execute(select(EntityRow.id, EntityRow.key).where(
        EntityRow.id.in_([x.id for x in summaries]))).all())
    return [x for x in summaries
            if (entry := registry_entry(registry, keys.get(x.id))) is not None and entry.kind == "armed_group"]
