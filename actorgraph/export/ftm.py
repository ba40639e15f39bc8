"""FollowTheMoney (4.x) export: the store's entities, relations and sources as FtM entities.

Mapping (chosen from what the FtM schemata support):

- Person -> ``Person``; Organization -> ``Organization`` (name, aliases as ``alias``).
- Location -> ``Address`` (``full`` and ``name``). FtM has no plain "place" schema; ``Address``
  is the only Thing that denotes a location and can be the object of a link, so a town,
  region or country becomes an Address with just its name.
- ``member_of`` and ``leader_of`` -> ``Membership`` (member, organization, role, startDate,
  endDate; a leader's role says "leader" and the role the source gave; "former" in status).
- ``sanctioned_by`` -> ``Sanction`` (entity, authority = the designating body's name, dates).
- Every other predicate (founded, part_of, affiliated_with, allegiance_to, opposes,
  allied_with, operates_in, media_arm_of) -> ``UnknownLink`` (subject, object, role = the
  predicate in words, dates); FtM has no closer schema for them.
- Events -> ``Event`` (name, date, summary, involved actors, addressEntity = place).
- Each source document -> ``Document`` (fileName, title, author, publisher, publishedAt,
  sourceUrl for URLs); each entity -> ``Documentation`` links to the documents that mention
  it; links and events carry ``proof`` pointing at the documents of their evidence.
- Claims (figures) and funding have no FtM schema and are not exported.

Dates are the store's ISO dates (YYYY, YYYY-MM or YYYY-MM-DD), which FtM accepts as they are.
Entity ids are stable hashes of the store's ids (entity key when the registry gives one).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import PurePath

from followthemoney import model
from followthemoney.proxy import EntityProxy
from sqlalchemy import select
from sqlalchemy.orm import Session

from actorgraph.analyse.claims import RelationRecord, relations
from actorgraph.analyse.queries import active_facts, fact_evidence, fact_roles
from actorgraph.store.models import DocumentRow, EntityRow, MentionRow

SCHEMA = {"Person": "Person", "Organization": "Organization", "Location": "Address"}
MEMBERSHIP = {"member_of", "leader_of"}
ACTOR_ROLES = ("actors", "assoc_actors", "actors2")
PREFIX = "actorgraph"


def _id(*parts: object) -> str:
    return model.make_entity("Thing").make_id(PREFIX, *(str(p) for p in parts))


def entity_id(entity: EntityRow) -> str:
    return _id("entity", entity.key or entity.id)


def document_id(doc_id: int, content_hash: str | None = None) -> str:
    return _id("document", content_hash or doc_id)


def _entity(row: EntityRow) -> EntityProxy:
    proxy = model.make_entity(SCHEMA.get(row.type, "LegalEntity"))
    proxy.id = entity_id(row)
    proxy.add("name", row.canonical_name)
    if row.type == "Location":
        proxy.add("full", row.canonical_name)
    for alias in sorted({a.name for a in row.aliases} - {row.canonical_name}):
        proxy.add("alias", alias)
    return proxy


def _document(doc: DocumentRow) -> EntityProxy:
    proxy = model.make_entity("Document")
    proxy.id = document_id(doc.id, doc.content_hash)
    proxy.add("fileName", PurePath(doc.source).name or doc.source)
    proxy.add("title", doc.title)
    proxy.add("author", doc.author)
    proxy.add("publisher", doc.publisher)
    proxy.add("publishedAt", doc.published)
    proxy.add("language", doc.language)
    url = doc.fetched_url or (doc.source if doc.source.startswith(("http://", "https://")) else None)
    proxy.add("sourceUrl", url)
    return proxy


def _link(r: RelationRecord, ids: dict[int, str], authorities: dict[int, str],
          docs: dict[int, str]) -> EntityProxy | None:
    subject, obj = ids.get(r.subject_id or 0), ids.get(r.object_id or 0)
    if subject is None or (obj is None and r.predicate != "sanctioned_by"):
        return None
    if r.predicate in MEMBERSHIP:
        proxy = model.make_entity("Membership")
        proxy.add("member", subject)
        proxy.add("organization", obj)
        roles = ["leader"] if r.predicate == "leader_of" else []
        proxy.add("role", [*roles, *([r.role] if r.role else [])] or ["member"])
        if r.former:
            proxy.add("status", "former")
    elif r.predicate == "sanctioned_by":
        proxy = model.make_entity("Sanction")
        proxy.add("entity", subject)
        proxy.add("authority", authorities.get(r.object_id or 0))
    else:
        proxy = model.make_entity("UnknownLink")
        proxy.add("subject", subject)
        proxy.add("object", obj)
        proxy.add("role", r.predicate.replace("_", " ") + (f" ({r.role})" if r.role else ""))
    proxy.id = _id("fact", r.fact_id)
    proxy.add("startDate", r.start)
    proxy.add("endDate", r.end)
    proxy.add("proof", [docs[ev.document.document_id] for ev in r.evidence if ev.document.document_id in docs])
    return proxy


def _link_allowed(proxy: EntityProxy, rows: dict[str, EntityRow]) -> bool:
    """FtM ranges: a Membership needs a person/organisation member and an Organization."""
    if proxy.schema.name != "Membership":
        return True
    org = rows.get(proxy.first("organization") or "")
    return org is not None and org.type == "Organization"


def _event(fact, roles: dict[str, list[int]], ids: dict[int, str], evidence,
           docs: dict[int, str], rows: dict[int, EntityRow]) -> EntityProxy:
    data = fact.data or {}
    proxy = model.make_entity("Event")
    proxy.id = _id("fact", fact.id)
    kind = (data.get("sub_type") or data.get("type") or "event").replace("_", " ")
    place = data.get("place")
    proxy.add("name", f"{kind}, {place}" if place else kind)
    proxy.add("date", data.get("date"))
    proxy.add("summary", data.get("summary"))
    proxy.add("involved", [ids[i] for r in ACTOR_ROLES for i in roles.get(r, [])
                           if i in ids and rows[i].type != "Location"])
    proxy.add("addressEntity", [ids[i] for i in roles.get("location", []) if i in ids])
    proxy.add("location", place)
    proxy.add("proof", [docs[ev.document.document_id] for ev in evidence if ev.document.document_id in docs])
    return proxy


def ftm_entities(s: Session) -> Iterator[EntityProxy]:
    """Every FtM entity of the store: documents, entities, documentation, links and events."""
    doc_rows = list(s.scalars(select(DocumentRow).where(DocumentRow.current.is_(True)).order_by(DocumentRow.id)))
    docs = {d.id: document_id(d.id, d.content_hash) for d in doc_rows}
    yield from (_document(d) for d in doc_rows)
    mentioned = _mentions(s, set(docs))
    rels = relations(s)
    events = active_facts(s, "event")
    roles = fact_roles(s, [f.id for f in events])
    wanted = set(mentioned) | {i for r in rels for i in (r.subject_id, r.object_id) if i}
    wanted |= {i for r in roles.values() for ids in r.values() for i in ids}
    rows = {e.id: e for e in s.scalars(select(EntityRow).where(EntityRow.id.in_(wanted)).order_by(EntityRow.id))}
    ids = {i: entity_id(e) for i, e in rows.items()}
    yield from (_entity(e) for e in rows.values())
    yield from _documentation(mentioned, ids, docs)
    by_ftm_id = {ids[i]: e for i, e in rows.items()}
    authorities = {i: e.canonical_name for i, e in rows.items()}
    for r in rels:
        link = _link(r, ids, authorities, docs)
        if link is not None and _link_allowed(link, by_ftm_id):
            yield link
    evidence = fact_evidence(s, [f.id for f in events])
    for fact in events:
        if evidence.get(fact.id):
            yield _event(fact, roles.get(fact.id, {}), ids, evidence[fact.id], docs, rows)


def _mentions(s: Session, doc_ids: set[int]) -> dict[int, list[int]]:
    """entity id -> current documents that mention it."""
    out: dict[int, list[int]] = {}
    query = select(MentionRow.entity_id, MentionRow.document_id).distinct().order_by(MentionRow.entity_id,
                                                                                    MentionRow.document_id)
    for entity, doc in s.execute(query):
        if doc in doc_ids:
            out.setdefault(entity, []).append(doc)
    return out


def _documentation(mentioned: dict[int, list[int]], ids: dict[int, str],
                   docs: dict[int, str]) -> Iterator[EntityProxy]:
    for entity, doc_ids in mentioned.items():
        for doc in doc_ids:
            proxy = model.make_entity("Documentation")
            proxy.id = _id("documentation", entity, doc)
            proxy.add("entity", ids[entity])
            proxy.add("document", docs[doc])
            proxy.add("role", "mentioned in")
            yield proxy


def ftm_lines(s: Session) -> Iterator[str]:
    """The export as line-delimited JSON, one entity a line."""
    for proxy in ftm_entities(s):
        yield json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True)
