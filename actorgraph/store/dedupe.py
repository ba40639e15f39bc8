"""Cross-document event dedupe: one incident told by several documents becomes one event fact.

``save_fact`` already folds *identical* facts together (same fingerprint). Two
reports of one incident rarely agree on every field, though: one says "at
least 10 dead" in "Lere" on "2025-11-03", the other "14 civilians" in "the
town of Lere" in "November 2025". ``dedupe_events`` merges such facts:

* same event type (and, for strategic developments, the same sub-type);
* compatible dates: the same day, or one at a coarser precision containing the
  other ("2025-11" contains "2025-11-03"); never two different days;
* the same place (the same location entity, or points within ~10 km); a place
  given only as a region or a country needs a shared actor too;
* or, for strategic developments with no date or no place on one side, the
  same sub-type and a shared actor (JNIM's formation told as "in 2017" and
  "on 2 March 2017"), and compatible places;
* never two facts with evidence from the same document: the extractor already
  merged what a document says twice, so two events of one document are two.

A weak match (a coarse place, or the actor rule) is taken only when it is
unambiguous: an undated "coup in Mali" that fits both the 2020 and the 2021
coup is left alone.

Merging keeps the oldest fact (lowest id), moves the other's evidence rows and
``fact_entity`` roles onto it and deletes it; the kept fact takes the more
precise date and place. Each evidence row keeps the figures its document gave
(``evidence.data``: date, place, fatalities, and the roles under ``roles``).
When the sources give different fatality counts the event records
``fatalities_disputed`` and ``fatalities_by_source`` ({document id: figure})
and, as ACLED does, takes the lowest credible figure. Running it again
changes nothing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.orm import Session

from actorgraph.extract.dates import PartialDate
from actorgraph.store.database import batches
from actorgraph.store.models import DocumentRow, EvidenceRow, FactEntityRow, FactRow

NEAR_KM = 10.0
ACTOR_ROLES = ("actors", "assoc_actors", "actors2")
PLACE_FIELDS = ("place", "country", "admin1", "lat", "lon", "geo_precision")


@dataclass
class _Event:
    id: int
    type: str
    sub_type: str | None
    date: PartialDate | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    country: str | None
    admin1: str | None
    locations: set[int]
    actors: set[int]
    documents: set[int] = field(default_factory=set)

    @property
    def placed(self) -> bool:
        return bool(self.locations) or (self.lat is not None and self.lon is not None)

    @property
    def coarse(self) -> bool:
        """Placed only at a region or a country (ACLED geo_precision 3)."""
        return (self.geo_precision or 3) >= 3


# ------------------------------------------------------------------ comparisons
def dates_compatible(a: PartialDate | None, b: PartialDate | None) -> bool:
    """The same day, or one date at a coarser precision containing the other; None fits anything."""
    if a is None or b is None:
        return True
    return a.iso().startswith(b.iso()) or b.iso().startswith(a.iso())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _same_place(a: _Event, b: _Event) -> bool:
    if a.locations & b.locations:
        return True
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    return distance_km(a.lat, a.lon, b.lat, b.lon) <= NEAR_KM  # type: ignore[arg-type]


def _contains(coarse: _Event, fine: _Event) -> bool:
    """A country- or region-level place containing the other ("Mali" contains "Bamako")."""
    if not coarse.coarse or not coarse.country or coarse.country != fine.country:
        return False
    # A region-level place (admin1 set) contains only places of that region.
    return not coarse.admin1 or coarse.admin1 == fine.admin1 or coarse.admin1 == coarse.country


def _places_compatible(a: _Event, b: _Event) -> bool:
    if not a.placed or not b.placed:
        return True
    return _same_place(a, b) or _contains(a, b) or _contains(b, a)


def _match(a: _Event, b: _Event) -> str | None:
    """'strong', 'weak' or None: whether two events are one incident, and how surely."""
    if a.type != b.type or a.documents & b.documents:
        return None
    strategic = a.type == "strategic_developments"
    if strategic and a.sub_type != b.sub_type:
        return None
    if not dates_compatible(a.date, b.date) or not _places_compatible(a, b):
        return None
    shared = bool(a.actors & b.actors)
    if a.actors and b.actors and not shared:
        return None  # two named perpetrators: two events (or a dispute an analyst must settle)
    dated = a.date is not None and b.date is not None
    if dated and _same_place(a, b):
        if not (a.coarse or b.coarse):
            return "strong"
        if shared or (strategic and not a.actors and not b.actors):
            return "weak"  # "a coup in Mali in 2020", twice
    if strategic and shared and (not dated or not a.placed or not b.placed):
        return "weak"
    return None


# ------------------------------------------------------------------ loading
def _candidate_filter(s: Session, document_id: int):
    """Events that share a block with one of the document's events: same type and a compatible
    date; for strategic developments, also same sub-type and a shared actor.

    Only these can pair with the document's events, so a save need not load the whole table.
    Each block is its own indexed query: OR-ed together they made SQLite scan every event.
    """
    mine = select(EvidenceRow.fact_id).where(EvidenceRow.document_id == document_id)
    rows = s.execute(select(FactRow.id, FactRow.predicate, FactRow.start, FactRow.data)
                     .where(FactRow.kind == "event", FactRow.id.in_(mine))).all()
    ids = {r.id for r in rows}
    events = select(FactRow.id).where(FactRow.kind == "event")
    for predicate, start in {(r.predicate, r.start) for r in rows if r.start}:
        # Compatible dates are prefixes of one another ("2020" fits "2020-03-15"): the coarser
        # ones by value, the finer ones as a range of strings.
        same = events.where(FactRow.predicate == predicate)
        ids |= set(s.scalars(same.where(FactRow.start.in_(_prefixes(start)))))
        ids |= set(s.scalars(same.where(FactRow.start > start, FactRow.start < start + "~")))
    for sub_type in {(r.data or {}).get("sub_type") for r in rows if r.predicate == "strategic_developments"}:
        mine_of_kind = [r.id for r in rows if r.predicate == "strategic_developments"
                        and (r.data or {}).get("sub_type") == sub_type]
        actors = select(FactEntityRow.entity_id).where(FactEntityRow.fact_id.in_(mine_of_kind),
                                                       FactEntityRow.role == "actors")
        shared = select(FactEntityRow.fact_id).where(FactEntityRow.role == "actors",
                                                     FactEntityRow.entity_id.in_(actors))
        ids |= set(s.scalars(events.where(FactRow.predicate == "strategic_developments", FactRow.id.in_(shared),
                                          FactRow.data["sub_type"].as_string() == sub_type)))
    return FactRow.id.in_(sorted(ids))


def _prefixes(iso: str) -> list[str]:
    """"2020-03-15" -> ["2020", "2020-03", "2020-03-15"]: the dates it is compatible with at coarser precision."""
    return [iso[:n] for n in (4, 7, 10) if len(iso) >= n]


def _load(s: Session, document_id: int | None = None) -> dict[int, _Event]:
    # Columns, not FactRow objects: a save reads dozens of candidates and merges few of them.
    query = (select(FactRow.id, FactRow.predicate, FactRow.data)
             .where(FactRow.kind == "event", FactRow.status == "active").order_by(FactRow.id))
    if document_id is not None:
        query = query.where(_candidate_filter(s, document_id))
    facts = s.execute(query).all()
    ids = [f.id for f in facts]
    roles: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    docs: dict[int, set[int]] = defaultdict(set)
    for chunk in batches(ids):
        for fact_id, role, entity_id in s.execute(select(FactEntityRow.fact_id, FactEntityRow.role,
                                                         FactEntityRow.entity_id)
                                                  .where(FactEntityRow.fact_id.in_(chunk))):
            roles[fact_id][role].add(entity_id)
        for fact_id, document_id in s.execute(select(EvidenceRow.fact_id, EvidenceRow.document_id)
                                              .where(EvidenceRow.fact_id.in_(chunk))):
            docs[fact_id].add(document_id)
    out = {}
    for f in facts:
        d = f.data or {}
        out[f.id] = _Event(
            f.id, f.predicate or d.get("type") or "", d.get("sub_type"), PartialDate.from_stored(d.get("date")),
            as_float(d.get("lat")), as_float(d.get("lon")), d.get("geo_precision"), d.get("country"),
            d.get("admin1"), set(roles[f.id]["location"]), set(roles[f.id]["actors"]), docs[f.id])
    return out


def as_float(value) -> float | None:
    """A stored number as float; None when missing or not a number."""
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


# ------------------------------------------------------------------ candidate pairs
def _pairs(events: dict[int, _Event], focus: set[int] | None = None) -> list[tuple[int, int, str]]:
    """Matching pairs, found within blocks (type and year; type, sub-type and actor) not the whole table.

    With ``focus``, only pairs with at least one event of it: the others were compared when their
    own documents were saved, and comparing them again made each save grow with the store."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for e in events.values():
        if e.date is not None:
            blocks[(e.type, e.date.year)].append(e.id)
        if e.type == "strategic_developments":
            for actor in e.actors:
                blocks[("actor", e.sub_type, actor)].append(e.id)
    seen: set[tuple[int, int]] = set()
    out = []
    for members in blocks.values():
        for a, b in _block_pairs(sorted(set(members)), focus):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            kind = _match(events[a], events[b])
            if kind:
                out.append((a, b, kind))
    return out


def _block_pairs(members: list[int], focus: set[int] | None):
    """(a, b) with a < b: all pairs of a block, or only those with an event of ``focus`` (without
    walking every pair of a block that grows with the store)."""
    if focus is None:
        yield from combinations(members, 2)
        return
    for a in (m for m in members if m in focus):
        for b in members:
            if b != a and (b not in focus or a < b):
                yield (a, b) if a < b else (b, a)


def _unambiguous(x: int, candidates: dict[int, set[int]], events: dict[int, _Event]) -> bool:
    """A weak match is taken only when everything x matches could also be one incident."""
    others = sorted(candidates[x])
    return all(_match(events[a], events[b]) is not None for a, b in combinations(others, 2))


# ------------------------------------------------------------------ merging
def dedupe_events(session: Session, document_id: int | None = None) -> int:
    """Merge event facts of different documents that report one incident; returns how many were merged away.

    With ``document_id`` (a document just saved) only events that could pair with its events are read.
    """
    events = _load(session, document_id)
    # The new document's events, and then every event a merge changed, are compared with the rest.
    focus = None if document_id is None else {e.id for e in events.values() if document_id in e.documents}
    merged = 0
    while True:
        pairs = _pairs(events, focus)
        candidates: dict[int, set[int]] = defaultdict(set)
        for a, b, _ in pairs:
            candidates[a].add(b)
            candidates[b].add(a)
        done: set[int] = set()
        for a, b, kind in sorted(pairs, key=lambda p: (p[2] != "strong", p[0], p[1])):
            if {a, b, *candidates[a], *candidates[b]} & done:
                continue  # a fact it was compared with changed in this pass: compare again in the next
            if kind == "weak" and not (_unambiguous(a, candidates, events) and _unambiguous(b, candidates, events)):
                continue
            _merge(session, events, keep=a, other=b)
            done |= {a, b}
            merged += 1
        if not done:
            break
        if focus is not None:
            focus = (focus | done) & set(events)
        session.flush()
    if merged:
        session.flush()
    return merged


def _merge(s: Session, events: dict[int, _Event], keep: int, other: int) -> None:
    k_row, o_row = s.get(FactRow, keep), s.get(FactRow, other)
    k, o = events[keep], events[other]
    _stamp_evidence(s, k_row)
    _stamp_evidence(s, o_row)
    data = dict(k_row.data or {})
    odata = o_row.data or {}
    # The more precise date (ACLED time_precision: 1 day < 2 month < 3 year).
    if o.date is not None and (k.date is None or o.date.precision < k.date.precision):
        data["date"], data["time_precision"] = odata.get("date"), odata.get("time_precision")
        data.pop("date_inherited", None)
        if odata.get("date_inherited"):
            data["date_inherited"] = True
        k_row.start = odata.get("date")
        k.date = o.date
    # The more precise place, with its location entity.
    take_place = o.placed and (not k.placed or (o.geo_precision or 9) < (k.geo_precision or 9))
    roles = _roles(s, keep)
    oroles = _roles(s, other)
    if take_place:
        for name in PLACE_FIELDS:
            data[name] = odata.get(name)
        roles["location"] = list(oroles.get("location", []))
        k.lat, k.lon, k.geo_precision = o.lat, o.lon, o.geo_precision
        k.country, k.admin1, k.locations = o.country, o.admin1, set(o.locations)
    elif not roles.get("location"):
        roles["location"] = list(oroles.get("location", []))
    # Actors: every source's, each entity in one role only (actor over associate over actor2).
    placed: set[int] = set()
    for role in ACTOR_ROLES:
        ids = [i for i in roles.get(role, []) + oroles.get(role, []) if i not in placed]
        roles[role] = list(dict.fromkeys(ids))
        placed |= set(ids)
    k.actors = set(roles["actors"])
    data["targets"] = list(dict.fromkeys((data.get("targets") or []) + (odata.get("targets") or [])))
    if not data.get("summary"):
        data["summary"] = odata.get("summary")
    k_row.confidence = max(k_row.confidence, o_row.confidence)
    # Evidence moves over; the other fact and its roles go.
    s.execute(EvidenceRow.__table__.update().where(EvidenceRow.fact_id == other).values(fact_id=keep))
    s.execute(FactRow.__table__.update().where(FactRow.id == keep)
              .values(support=FactRow.support + select(FactRow.support).where(FactRow.id == other).scalar_subquery()))
    s.execute(FactEntityRow.__table__.delete().where(FactEntityRow.fact_id.in_([keep, other])))
    s.add_all(FactEntityRow(fact_id=keep, entity_id=i, role=role) for role, ids in roles.items() for i in ids)
    s.flush()
    s.delete(o_row)
    k.documents |= o.documents
    del events[other]
    data.update(_fatalities(s, keep, data))
    k_row.data = data
    s.flush()


def _roles(s: Session, fact_id: int) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for role, entity_id in s.execute(select(FactEntityRow.role, FactEntityRow.entity_id)
                                     .where(FactEntityRow.fact_id == fact_id).order_by(FactEntityRow.id)):
        out[role].append(entity_id)
    return out


def _stamp_evidence(s: Session, fact: FactRow) -> None:
    """Before a merge, write on each evidence row what its document said (figure, date, place, roles)."""
    roles = None
    for ev in s.scalars(select(EvidenceRow).where(EvidenceRow.fact_id == fact.id)):
        data = dict(ev.data or {})
        if "roles" in data:
            continue
        if roles is None:
            roles = {r: ids for r, ids in _roles(s, fact.id).items()}
        for name in ("fatalities", "date", "time_precision", *PLACE_FIELDS):
            data.setdefault(name, (fact.data or {}).get(name))
        data["roles"] = roles
        ev.data = data


def _fatalities(s: Session, fact_id: int, data: dict) -> dict:
    """Each source's figure; the lowest credible one is the event's (ACLED), a disagreement is flagged."""
    rows = s.execute(select(EvidenceRow.document_id, EvidenceRow.data, DocumentRow.current)
                     .join(DocumentRow, DocumentRow.id == EvidenceRow.document_id)
                     .where(EvidenceRow.fact_id == fact_id).order_by(EvidenceRow.id)).all()
    current = [r for r in rows if r[2]] or rows  # a superseded version's figure is not a source's word
    by_source: dict[str, int] = {}
    for document_id, ev_data, _current in current:
        figure = (ev_data or {}).get("fatalities")
        if isinstance(figure, int | float) and not isinstance(figure, bool):
            by_source.setdefault(str(document_id), int(figure))
    out: dict = {}
    if by_source:
        out["fatalities"] = min(by_source.values())
    if len(set(by_source.values())) > 1:
        out["fatalities_disputed"] = True
        out["fatalities_by_source"] = by_source
    else:
        data.pop("fatalities_disputed", None)
        data.pop("fatalities_by_source", None)
    return out
