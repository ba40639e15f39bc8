"""Read-side queries of the web workbench: facts with their evidence, the graph, the document view.

Everything returns plain dicts and lists (JSON-ready): the pages render them through Jinja2
(autoescaped) and the API returns them as they are. Rejected facts are left out unless asked for.
"""

from __future__ import annotations

import calendar
import math
import re
from collections import defaultdict
from dataclasses import asdict
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from actorgraph.analyse import queries
from actorgraph.analyse.events import sub_type_label, type_label
from actorgraph.errors import NotFoundError
from actorgraph.store.models import (
    ArticleRow,
    CitationRow,
    DocumentRow,
    EntityRow,
    EvidenceRow,
    FactEntityRow,
    FactRow,
    MentionRow,
    SegmentRow,
    SentenceRow,
)

KINDS = ("relation", "claim", "funding", "event")
GEO_PRECISION = {1: "town", 2: "near a town or part of a region", 3: "region or province"}
TIME_PRECISION = {1: "day", 2: "month", 3: "year"}
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


# ------------------------------------------------------------------ helpers
def parse_date(value: object, end: bool = False) -> date | None:
    """The first (or, with ``end``, the last) day of a YYYY, YYYY-MM or YYYY-MM-DD date."""
    if not isinstance(value, str):
        return None
    m = DATE_RE.match(value.strip())
    if not m:
        return None
    try:
        year = int(m.group(1))
        month = int(m.group(2) or (12 if end else 1))
        day = int(m.group(3) or (calendar.monthrange(year, month)[1] if end else 1))
        return date(year, month, day)
    except ValueError:
        return None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    try:
        out = float(str(value).replace(",", ""))
    except ValueError:
        return None
    return out if math.isfinite(out) else None


def mention_counts(s: Session, ids: list[int] | None = None) -> dict[int, int]:
    query = (
        select(MentionRow.entity_id, func.count())
        .where(MentionRow.document_id.in_(queries.current_docs()))
        .group_by(MentionRow.entity_id)
    )
    if ids is not None:
        query = query.where(MentionRow.entity_id.in_(ids))
    return dict(s.execute(query).all())


def entity_ref(e: EntityRow | None) -> dict | None:
    return {"id": e.id, "name": e.canonical_name, "type": e.type} if e is not None else None


class _Entities:
    """A cache of entity rows by id for one request."""

    def __init__(self, s: Session):
        self.s = s
        self.rows: dict[int, EntityRow | None] = {}

    def get(self, entity_id: int | None) -> EntityRow | None:
        if entity_id is None:
            return None
        if entity_id not in self.rows:
            self.rows[entity_id] = self.s.get(EntityRow, entity_id)
        return self.rows[entity_id]

    def ref(self, entity_id: int | None) -> dict | None:
        return entity_ref(self.get(entity_id))


# ------------------------------------------------------------------ facts
def evidence_for(s: Session, fact_ids: list[int]) -> dict[int, list[dict]]:
    """Evidence rows of these facts, with the sentence quoted and the document named."""
    out: dict[int, list[dict]] = defaultdict(list)
    if not fact_ids:
        return out
    rows = s.execute(
        select(EvidenceRow, SentenceRow, DocumentRow)
        .join(SentenceRow, SentenceRow.id == EvidenceRow.sentence_id)
        .join(DocumentRow, DocumentRow.id == EvidenceRow.document_id)
        .where(EvidenceRow.fact_id.in_(fact_ids))
        .order_by(EvidenceRow.id)
    ).all()
    for ev, sentence, doc in rows:
        out[ev.fact_id].append(
            {
                "document_id": doc.id,
                "document_title": doc.title or doc.source,
                "publisher": doc.publisher,
                "published": doc.published,
                "language": doc.language,
                "current": doc.current,
                "sentence_id": sentence.id,
                "sentence": sentence.text,
                "rule": ev.rule,
                "confidence": ev.confidence,
                "data": ev.data or {},
            }
        )
    return out


def _roles(s: Session, fact_ids: list[int]) -> dict[int, dict[str, list[int]]]:
    out: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    if fact_ids:
        for fid, eid, role in s.execute(
            select(FactEntityRow.fact_id, FactEntityRow.entity_id, FactEntityRow.role).where(
                FactEntityRow.fact_id.in_(fact_ids)
            )
        ):
            out[fid][role].append(eid)
    return out


def fact_dicts(s: Session, rows: list[FactRow], cache: _Entities | None = None) -> list[dict]:
    """Facts as dicts: the kind's fields, the entities playing each role, and the evidence."""
    cache = cache or _Entities(s)
    ids = [r.id for r in rows]
    evidence = evidence_for(s, ids)
    roles = _roles(s, ids)
    out = []
    for r in rows:
        data = dict(r.data or {})
        item = {
            "id": r.id,
            "kind": r.kind,
            "predicate": r.predicate,
            "subject": cache.ref(r.subject_id),
            "object": cache.ref(r.object_id),
            "start": r.start,
            "end": r.end,
            "confidence": r.confidence,
            "status": r.status,
            "data": data,
            "roles": {
                role: [cache.ref(i) for i in eids if cache.get(i)] for role, eids in roles[r.id].items()
            },
            "evidence": evidence.get(r.id, []),
        }
        if r.kind == "event":
            item.update(_event_fields(data))
            item.update(_event_sources(data, item["evidence"]))
        elif r.kind == "claim":
            item.update(_claim_fields(data, item))
        out.append(item)
    return out


def _event_fields(data: dict) -> dict:
    lat, lon = _number(data.get("lat")), _number(data.get("lon"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        lat = lon = None
    gp = data.get("geo_precision")
    tp = data.get("date_precision") or data.get("time_precision")  # the pipeline writes time_precision
    return {
        "type": data.get("type"),
        "sub_type": data.get("sub_type"),
        "date": data.get("date"),
        "date_precision": tp,
        "date_precision_label": TIME_PRECISION.get(tp, str(tp) if tp else None),
        "location": data.get("location") or data.get("place"),  # the pipeline writes place
        "admin1": data.get("admin1"),
        "country": data.get("country"),
        "targets": data.get("targets") or [],
        "lat": lat,
        "lon": lon,
        "geo_precision": gp,
        "geo_precision_label": GEO_PRECISION.get(gp, str(gp) if gp else None),
        "fatalities": data.get("fatalities"),
        "summary": data.get("summary"),
    }


def _event_sources(data: dict, evidence: list[dict]) -> dict:
    """The documents reporting an event (one event may merge several reports: store/dedupe.py), and
    each one's fatality figure when they disagree (``fatalities_disputed``, ``fatalities_by_source``)."""
    by_source = {str(k): v for k, v in (data.get("fatalities_by_source") or {}).items()}
    current = [ev for ev in evidence if ev["current"]] or evidence
    sources: dict[int, dict] = {}
    for ev in current:
        sources.setdefault(
            ev["document_id"],
            {
                "document_id": ev["document_id"],
                "title": ev["document_title"],
                "publisher": ev["publisher"],
                "published": ev["published"],
                "sentence_id": ev["sentence_id"],
                "fatalities": by_source.get(str(ev["document_id"])),
            },
        )
    disputed = bool(data.get("fatalities_disputed"))
    return {
        "type_label": type_label(data.get("type")) if data.get("type") else None,
        "sub_type_label": sub_type_label(data.get("sub_type")) or None,
        "sources": list(sources.values()),
        "source_count": len(sources),
        "fatalities_disputed": disputed,
        "fatalities_by_source": [
            {"document_id": d["document_id"], "title": d["title"], "fatalities": d["fatalities"]}
            for d in sources.values()
            if d["fatalities"] is not None
        ]
        if disputed
        else [],
    }


def _claim_fields(data: dict, item: dict) -> dict:
    attributed = data.get("attributed_to")
    if not attributed and item["roles"].get("attributed_entity"):
        attributed = item["roles"]["attributed_entity"][0]["name"]
    return {
        "quantity": data.get("quantity") or item["predicate"],
        "low": _number(data.get("low")),
        "high": _number(data.get("high")),
        "unit": data.get("unit"),
        "as_of": data.get("as_of"),
        "attributed_to": attributed,
    }


def _active(query, include_rejected: bool):
    return query if include_rejected else query.where(FactRow.status != "rejected")


FACTS_PER_KIND = 300  # facts of each kind on an entity page: the best-supported


def facts_of_entity(s: Session, entity_id: int, include_rejected: bool = True,
                    per_kind: int = FACTS_PER_KIND) -> dict[str, list[dict]]:
    """The facts the entity takes part in (as subject, object or any role), grouped by kind: the
    ``per_kind`` best-supported of each kind, in date order."""
    in_role = select(FactEntityRow.fact_id).where(FactEntityRow.entity_id == entity_id)
    grouped: dict[str, list[dict]] = {k: [] for k in KINDS}
    for kind in KINDS:
        query = select(FactRow).where(FactRow.kind == kind, or_(
            FactRow.subject_id == entity_id, FactRow.object_id == entity_id, FactRow.id.in_(in_role)))
        rows = queries.best_supported(s, _active(query, include_rejected), per_kind)
        grouped[kind] = fact_dicts(s, sorted(rows, key=lambda f: (f.start or "", f.id)))
    return grouped


def fact_detail(s: Session, fact_id: int) -> dict:
    row = s.get(FactRow, fact_id)
    if row is None:
        raise NotFoundError(f"no fact with id {fact_id}")
    return fact_dicts(s, [row])[0]


def relations(
    s: Session,
    predicate: list[str] | None = None,
    entity: int | None = None,
    start: str | None = None,
    end: str | None = None,
    include_rejected: bool = False,
) -> list[dict]:
    query = select(FactRow).where(FactRow.kind == "relation").order_by(FactRow.start, FactRow.id)
    if predicate:
        query = query.where(FactRow.predicate.in_(predicate))
    if entity is not None:
        query = query.where(or_(FactRow.subject_id == entity, FactRow.object_id == entity))
    items = fact_dicts(s, list(s.scalars(_active(query, include_rejected))))
    return [i for i in items if _in_range(i.get("start"), i.get("end"), start, end, open_ended=True)]


def _in_range(
    f_start: str | None, f_end: str | None, start: str | None, end: str | None, open_ended: bool = False
) -> bool:
    """Whether a fact's [start, end] period meets [start, end]; an undated fact always does.

    With ``open_ended`` (relations), a fact with a start and no end is taken to hold still."""
    lo, hi = parse_date(start), parse_date(end, end=True)
    a, b = parse_date(f_start), parse_date(f_end, end=True)
    if a is None and b is None:
        return True
    if b is None and not open_ended:
        b = parse_date(f_start, end=True)
    if hi and a and a > hi:
        return False
    return not (lo and b and b < lo)


def events(
    s: Session,
    actor: int | None = None,
    etype: str | None = None,
    start: str | None = None,
    end: str | None = None,
    include_rejected: bool = False,
) -> list[dict]:
    query = select(FactRow).where(FactRow.kind == "event").order_by(FactRow.start, FactRow.id)
    if etype:
        query = query.where(FactRow.predicate == etype)
    if actor is not None:
        involved = select(FactEntityRow.fact_id).where(FactEntityRow.entity_id == actor)
        query = query.where(
            or_(FactRow.subject_id == actor, FactRow.object_id == actor, FactRow.id.in_(involved))
        )
    items = fact_dicts(s, list(s.scalars(_active(query, include_rejected))))
    # As analyse/events.py lists them: an event whose every source was superseded is not shown.
    return [
        i
        for i in items
        if _in_range(i.get("date") or i.get("start"), None, start, end)
        and any(ev["current"] for ev in i["evidence"])
    ]


def funding(s: Session, include_rejected: bool = False) -> list[dict]:
    query = select(FactRow).where(FactRow.kind == "funding").order_by(FactRow.id)
    return fact_dicts(s, list(s.scalars(_active(query, include_rejected))))


# ------------------------------------------------------------------ claims and disagreements
def _overlap(a: dict, b: dict) -> bool:
    """Whether two claimed ranges can both be true; ``high`` None means "at least low"."""
    a_lo = a["low"] if a["low"] is not None else -math.inf
    b_lo = b["low"] if b["low"] is not None else -math.inf
    a_hi = a["high"] if a["high"] is not None else math.inf
    b_hi = b["high"] if b["high"] is not None else math.inf
    return a_lo <= b_hi and b_lo <= a_hi


def claims(
    s: Session, subject: int | None = None, quantity: str | None = None, include_rejected: bool = False
) -> list[dict]:
    """Claims grouped by subject and quantity; a claim whose range meets no other's in its group
    (same unit, or a unit missing) is marked with the ids it disagrees with."""
    query = (
        select(FactRow)
        .where(FactRow.kind == "claim")
        .order_by(FactRow.subject_id, FactRow.predicate, FactRow.start, FactRow.id)
    )
    if subject is not None:
        query = query.where(FactRow.subject_id == subject)
    if quantity:
        query = query.where(FactRow.predicate == quantity)
    items = fact_dicts(s, list(s.scalars(_active(query, include_rejected))))
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for item in items:
        key = ((item["subject"] or {}).get("id"), item["quantity"])
        groups[key].append(item)
    out = []
    for (_, quantity_name), members in groups.items():
        active = [
            m
            for m in members
            if m["status"] != "rejected" and (m["low"] is not None or m["high"] is not None)
        ]
        for m in members:
            m["disagrees_with"] = [
                o["id"]
                for o in active
                if o is not m
                and m["status"] != "rejected"
                and (not m["unit"] or not o["unit"] or m["unit"] == o["unit"])
                and (m["low"] is not None or m["high"] is not None)
                and not _overlap(m, o)
            ]
        out.append(
            {
                "subject": members[0]["subject"],
                "quantity": quantity_name,
                "claims": members,
                "disagreement": any(m["disagrees_with"] for m in members),
            }
        )
    return out


# ------------------------------------------------------------------ graph
GRAPH_LIMIT = 500  # relations drawn at once: more is unreadable, and a large store has millions


def graph(
    s: Session,
    predicate: list[str] | None = None,
    etype: list[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    limit: int = GRAPH_LIMIT,
) -> dict:
    """Cytoscape elements: the ``limit`` best-supported relation facts (most evidence first) that
    match the filters, one edge each, and the entities they join, sized by the evidence of their
    drawn relations (counting their mentions would read most of a large store); part_of
    makes the part a child of the whole (a compound node), when that makes no cycle.
    ``truncated`` says whether more relations match than are drawn."""
    edges, truncated = _graph_edges(s, predicate, etype, start, end, limit)
    counts: dict[int, int] = defaultdict(int)
    for r in edges:
        counts[r.subject_id] += r.support
        counts[r.object_id] += r.support
    node_ids = set(counts)
    biggest = max(counts.values(), default=1) or 1
    parent = _compound_parents(edges)
    entities = {e.id: e for e in s.scalars(select(EntityRow).where(EntityRow.id.in_(sorted(node_ids))))}
    nodes = []
    for eid in sorted(node_ids):
        e, m = entities[eid], counts.get(eid, 0)
        data = {"id": f"e{eid}", "entity_id": eid, "label": e.canonical_name, "type": e.type, "evidence": m,
                "size": round(18 + 42 * math.sqrt(m / biggest), 1)}
        if eid in parent:
            data["parent"] = f"e{parent[eid]}"
        nodes.append({"group": "nodes", "data": data})
    edge_elements = [
        {"group": "edges", "data": {
            "id": f"f{r.id}", "fact_id": r.id, "source": f"e{r.subject_id}", "target": f"e{r.object_id}",
            "predicate": r.predicate, "label": r.predicate, "start": r.start, "end": r.end, "evidence": r.support,
            # shown by the compound box itself rather than by a line
            "contained": r.predicate == "part_of" and parent.get(r.subject_id) == r.object_id}}
        for r in edges
    ]
    return {"nodes": nodes, "edges": edge_elements, "predicates": relation_predicates(s),
            "compound_parents": sorted({f"e{p}" for p in parent.values()}), "truncated": truncated,
            "limit": limit}


def relation_predicates(s: Session) -> list[str]:
    """The ontology's relation predicates that the store holds (one indexed probe each: a
    DISTINCT over the facts would read them all)."""
    from actorgraph.ontology import load_ontology

    def held(p: str) -> bool:
        return s.scalar(select(FactRow.id).where(FactRow.predicate == p, FactRow.kind == "relation").limit(1)) \
            is not None

    return [p for p in sorted(load_ontology().predicates) if held(p)]


def _graph_edges(s: Session, predicate: list[str] | None, etype: list[str] | None, start: str | None,
                 end: str | None, limit: int) -> tuple[list, bool]:
    """(the first ``limit`` matching relation rows by support, whether more match). The index on
    (kind, support) gives them in order, so a large store is read only as far as needed."""
    subj, obj = aliased(EntityRow), aliased(EntityRow)
    query = (select(FactRow.id, FactRow.subject_id, FactRow.object_id, FactRow.predicate, FactRow.start,
                    FactRow.end, FactRow.support)
             .join(subj, subj.id == FactRow.subject_id).join(obj, obj.id == FactRow.object_id)
             .where(FactRow.kind == "relation", FactRow.status != "rejected", FactRow.subject_id != FactRow.object_id,
                    queries.supported_by_current())
             .order_by(FactRow.support.desc(), FactRow.id))
    if predicate:
        query = query.where(FactRow.predicate.in_(predicate))
    types = sorted({t.lower() for t in etype or []})
    if types:
        query = query.where(func.lower(subj.type).in_(types), func.lower(obj.type).in_(types))
    edges = []
    for row in s.execute(query.execution_options(yield_per=1000)):
        if _in_range(row.start, row.end, start, end, open_ended=True):
            if len(edges) == limit:
                return edges, True
            edges.append(row)
    return edges, False


def _compound_parents(edges: list) -> dict[int, int]:
    """part -> whole for drawing parts inside wholes: the best-supported whole of each part, no cycles."""
    parent: dict[int, int] = {}
    support: dict[tuple[int, int], int] = defaultdict(int)
    for r in edges:
        if r.predicate == "part_of":
            support[(r.subject_id, r.object_id)] += max(1, r.support)
    for (child, whole), _n in sorted(support.items(), key=lambda kv: -kv[1]):
        if child in parent or child == whole:
            continue
        cursor, seen = whole, {child}
        while cursor in parent and cursor not in seen:  # would the new link close a cycle?
            seen.add(cursor)
            cursor = parent[cursor]
        if cursor not in seen:
            parent[child] = whole
    return parent


# ------------------------------------------------------------------ entities
ENTITY_PAGE_DOCUMENTS = 100  # documents quoted on an entity page (the first ones; all are counted)


def entity_page(s: Session, entity_id: int) -> dict:
    """An entity's profile: summary, aliases, mentions per document with quotes, facts by kind."""
    entity = s.get(EntityRow, entity_id)
    if entity is None:
        raise NotFoundError(f"no entity with id {entity_id}")
    n_docs, first_docs = queries.entity_documents(s, entity.id, ENTITY_PAGE_DOCUMENTS)
    n_mentions = s.scalar(select(func.count()).where(
        MentionRow.entity_id == entity.id, MentionRow.document_id.not_in(queries.superseded_docs()))) or 0
    # Columns, not rows: a DocumentRow would load the whole text once per mention.
    rows = s.execute(
        select(DocumentRow.id, DocumentRow.title, DocumentRow.source, DocumentRow.publisher, DocumentRow.published,
               DocumentRow.language, SentenceRow.id, SentenceRow.text, MentionRow.text)
        .join(MentionRow, MentionRow.sentence_id == SentenceRow.id)
        .join(DocumentRow, DocumentRow.id == MentionRow.document_id)
        .where(MentionRow.entity_id == entity.id, MentionRow.document_id.in_(first_docs))
        .order_by(DocumentRow.id, SentenceRow.idx)
    ).all()
    docs: dict[int, dict] = {}
    for doc_id, title, source, publisher, published, language, sentence_id, sentence, surface in rows:
        d = docs.setdefault(doc_id, {"document_id": doc_id, "title": title or source, "publisher": publisher,
                                     "published": published, "language": language, "source": source,
                                     "mentions": 0, "quotes": []})
        d["mentions"] += 1
        if all(q["sentence_id"] != sentence_id for q in d["quotes"]):
            d["quotes"].append({"sentence_id": sentence_id, "text": sentence, "surface": surface})
    summary = asdict(queries._summary(entity, n_docs, n_mentions))
    aliases = sorted(
        ({"name": a.name, "origin": a.origin} for a in entity.aliases), key=lambda a: a["name"].lower()
    )
    return {
        "entity": summary | {"key": entity.key},
        "aliases": aliases,
        "documents": list(docs.values()),
        "more_documents": max(0, n_docs - len(docs)),
        "facts": facts_of_entity(s, entity.id),
    }


def entity_list(s: Session, etype: str | None = None, q: str | None = None, limit: int = 200) -> list[dict]:
    rows = queries.search_entities(s, q, limit) if q else queries.entity_summaries(s, etype, limit)
    if q and etype:
        rows = [r for r in rows if r.type.lower() == etype.lower()]
    return [asdict(r) for r in rows]


def all_entities(s: Session) -> list[dict]:
    """Every entity (also those with no mention), for the review forms."""
    counts = mention_counts(s)
    return [
        {"id": e.id, "name": e.canonical_name, "type": e.type, "mentions": counts.get(e.id, 0)}
        for e in s.scalars(select(EntityRow).order_by(func.lower(EntityRow.canonical_name), EntityRow.id))
    ]


# ------------------------------------------------------------------ documents
def document_list(s: Session, q: str | None = None) -> list[dict]:
    out = [asdict(d) for d in queries.documents(s)]
    if q:
        needle = q.lower()
        out = [
            d
            for d in out
            if any(needle in (d.get(k) or "").lower() for k in ("title", "author", "publisher", "source"))
        ]
    return out


def _runs(text: str, start: int, end: int, inline: list[dict]) -> list[dict]:
    """Text of [start, end) cut into plain runs and inline items (mentions, citations) inside it."""
    parts, cursor = [], start
    for item in inline:
        a, b = max(item["start"], start), min(item["end"], end)
        if a < cursor or b <= a:
            continue
        if a > cursor:
            parts.append({"text": text[cursor:a]})
        parts.append({"text": text[a:b], **{k: v for k, v in item.items() if k not in ("start", "end")}})
        cursor = b
    if cursor < end:
        parts.append({"text": text[cursor:end]})
    return parts


def document_view(s: Session, document_id: int, highlight: int | None = None) -> dict:
    """A document as blocks (main or chrome segments) of pieces (sentences or the text between them),
    each cut into runs with mentions and citation markers, all pointing into the original text."""
    doc = s.get(DocumentRow, document_id)
    if doc is None:
        raise NotFoundError(f"no document with id {document_id}")
    text = doc.text or ""
    n = len(text)
    segments = list(
        s.scalars(select(SegmentRow).where(SegmentRow.document_id == doc.id).order_by(SegmentRow.start))
    )
    sentences = list(
        s.scalars(select(SentenceRow).where(SentenceRow.document_id == doc.id).order_by(SentenceRow.start))
    )
    mentions = list(
        s.scalars(select(MentionRow).where(MentionRow.document_id == doc.id).order_by(MentionRow.start))
    )
    citations = list(
        s.scalars(select(CitationRow).where(CitationRow.document_id == doc.id).order_by(CitationRow.start))
    )
    entity_names = {
        e.id: e.canonical_name
        for e in s.scalars(select(EntityRow).where(EntityRow.id.in_({m.entity_id for m in mentions})))
    }
    inline = sorted(
        [
            {
                "start": m.start,
                "end": m.end,
                "mention": m.id,
                "entity_id": m.entity_id,
                "entity_name": entity_names.get(m.entity_id, ""),
                "entity_type": m.type,
            }
            for m in mentions
        ]
        + [{"start": c.start, "end": c.end, "citation": c.id, "marker": c.marker} for c in citations],
        key=lambda i: (i["start"], -i["end"]),
    )
    # Blocks: the segments, with any text they leave uncovered shown as unsegmented main text.
    spans, cursor = [], 0
    for seg in segments:
        a, b = max(seg.start, cursor), min(seg.end, n)
        if b <= a:
            continue
        if a > cursor and text[cursor:a].strip():
            spans.append((cursor, a, "main", ""))
        spans.append((a, b, seg.kind, seg.reason or ""))
        cursor = b
    if cursor < n and text[cursor:n].strip():
        spans.append((cursor, n, "main", ""))
    blocks, anchored = [], set()
    for a, b, kind, reason in spans:
        pieces, pos = [], a
        for sent in sentences:
            sa, sb = max(sent.start, a, pos), min(sent.end, b)
            if sb <= sa:
                continue
            if sa > pos:
                pieces.append({"sentence_id": None, "runs": _runs(text, pos, sa, inline)})
            pieces.append(
                {
                    "sentence_id": sent.id,
                    "anchor": sent.id not in anchored,
                    "highlight": sent.id == highlight,
                    "runs": _runs(text, sa, sb, inline),
                }
            )
            anchored.add(sent.id)
            pos = sb
        if pos < b:
            pieces.append({"sentence_id": None, "runs": _runs(text, pos, b, inline)})
        blocks.append({"kind": "chrome" if kind == "chrome" else "main", "reason": reason, "pieces": pieces})
    sentence_text = {x.id: x.text for x in sentences}
    articles = [
        {
            "idx": a.idx,
            "title": a.title,
            "main": a.main,
            "published": a.published,
            "author": a.author,
            "publisher": a.publisher,
            "language": a.language,
        }
        for a in s.scalars(
            select(ArticleRow).where(ArticleRow.document_id == doc.id).order_by(ArticleRow.idx)
        )
    ]
    return {
        "id": doc.id,
        "title": doc.title,
        "author": doc.author,
        "publisher": doc.publisher,
        "published": doc.published,
        "language": doc.language,
        "source": doc.source,
        "media_type": doc.media_type,
        "version": doc.version,
        "current": doc.current,
        "ingested_at": doc.ingested_at.isoformat() if doc.ingested_at else None,
        "fetched_url": doc.fetched_url,
        "repairs": doc.repairs or [],
        "notes": doc.notes or [],
        "articles": articles,
        "blocks": blocks,
        "text": text,
        "segments": [{"start": x.start, "end": x.end, "kind": x.kind, "reason": x.reason} for x in segments],
        "sentences": [{"id": x.id, "start": x.start, "end": x.end} for x in sentences],
        "mentions": [
            {
                "id": m.id,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "type": m.type,
                "entity_id": m.entity_id,
                "entity_name": entity_names.get(m.entity_id, ""),
            }
            for m in mentions
        ],
        "citations": [
            {
                "id": c.id,
                "marker": c.marker,
                "text": c.text,
                "url": c.url,
                "safe_url": safe_url(c.url),
                "sentence_id": c.sentence_id,
                "sentence": sentence_text.get(c.sentence_id),
            }
            for c in citations
        ],
        "highlight": highlight,
    }


def safe_url(url: str | None) -> str | None:
    """The URL when it is plain http(s), else None (javascript:, data: and the like are never links)."""
    if not url:
        return None
    value = url.strip()
    if re.match(r"^https?://[^\s<>\"']+$", value, re.IGNORECASE) and not any(ord(c) < 32 for c in value):
        return value
    return None


# ------------------------------------------------------------------ timeline
def _event_label(e: dict) -> str:
    """"Battles / Armed clash: JNIM vs FAMa in Boulkessi, 14 dead (disputed)", as the CLI timeline says."""
    what = e["type_label"] or e["type"] or "event"
    if e["sub_type_label"] and e["sub_type_label"] != "Other":
        what += f" / {e['sub_type_label']}"
    actors = ", ".join(a["name"] for a in e["roles"].get("actors", []))
    other = ", ".join(a["name"] for a in e["roles"].get("actors2", [])) or ", ".join(
        str(x) for x in e["targets"]
    )
    label = what + (f": {actors}" if actors else "") + (f" vs {other}" if other else "")
    if e["location"]:
        label += f" in {e['location']}"
    if e["fatalities"] is not None:
        label += f", {e['fatalities']} dead" + (" (disputed)" if e["fatalities_disputed"] else "")
    return label


def timeline(s: Session, actor: int | None = None, width: int = 1000) -> dict:
    """Dated events and relations placed on a time axis (x in [0, width])."""
    items = []
    for e in events(s, actor=actor):
        a = parse_date(e["date"] or e["start"])
        if a:
            items.append(
                {
                    "kind": "event",
                    "lane": e["type_label"] or e["type"] or "event",
                    "start": a,
                    "end": parse_date(e["date"] or e["start"], end=True),
                    "fact": e,
                    "when": e["date"] or e["start"],
                    "label": _event_label(e),
                    "source_count": e["source_count"],
                }
            )
    for r in relations(s, entity=actor):
        a = parse_date(r["start"])
        b = parse_date(r["end"], end=True)
        if a or b:
            items.append(
                {
                    "kind": "relation",
                    "lane": r["predicate"] or "relation",
                    "start": a or b,
                    "end": b,
                    "open": r["end"] is None,
                    "fact": r,
                    "when": f"{r['start'] or '?'} – {r['end'] or ''}".strip(),
                    "label": f"{r['subject']['name'] if r['subject'] else '?'} {r['predicate']} "
                    f"{r['object']['name'] if r['object'] else '?'}",
                    "source_count": len({ev["document_id"] for ev in r["evidence"] if ev["current"]}),
                }
            )
    if not items:
        return {"items": [], "lanes": [], "ticks": [], "width": width, "height": 60}
    lo = min(i["start"] for i in items)
    hi = max(max(i["start"], i["end"] or i["start"]) for i in items)
    today = date.today()
    if any(i.get("open") for i in items):
        hi = max(hi, min(today, date(hi.year + 1, 12, 31)))
    lo = date(lo.year, 1, 1)
    hi = date(hi.year, 12, 31)
    span = max((hi - lo).days, 1)

    def x(d: date) -> float:
        return round(160 + (width - 180) * (d - lo).days / span, 1)

    lanes = sorted({(i["kind"], i["lane"]) for i in items})
    lane_index = {lane: n for n, lane in enumerate(lanes)}
    for i in items:
        row = lane_index[(i["kind"], i["lane"])]
        i["y"] = 30 + row * 28
        i["x"] = x(i["start"])
        end = i["end"] or (hi if i.get("open") else i["start"])
        i["x2"] = max(x(end), i["x"] + 4)
        i["start"] = i["start"].isoformat()
        i["end"] = i["end"].isoformat() if i["end"] else None
    ticks = [{"x": x(date(y, 1, 1)), "label": str(y)} for y in range(lo.year, hi.year + 1)]
    return {
        "items": items,
        "ticks": ticks,
        "width": width,
        "height": 50 + len(lanes) * 28,
        "lanes": [{"kind": k, "name": n, "y": 30 + lane_index[(k, n)] * 28} for k, n in lanes],
    }
