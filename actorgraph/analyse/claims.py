"""Attributed figures and the disagreements between sources.

``claims`` lists every figure as each source states it (one record per piece of evidence:
two documents giving the same figure are two records, because their dates and attributions
may differ). ``contradictions`` finds

- *figures*: two estimates of the same quantity for the same subject whose ranges do not
  overlap, at comparable dates;
- *component_vs_whole*: a component's estimate (``X part_of Y``, transitively) that on its
  own exceeds an estimate of the whole; a component being smaller than the whole is expected
  and never reported;
- *leaders*: two different ``leader_of`` subjects of one organisation over periods that
  overlap (a *conflict*) or may overlap because a date is unknown (a *possible conflict*);
- *relation_dates*: one single-valued relation (``X part_of Y since ...``) asserted with
  dates that cannot both be true.

Everything returned is a plain dataclass so the CLI and the web render the same thing.
"""

from __future__ import annotations

import calendar
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from actorgraph.analyse.queries import (
    EvidenceInfo,
    active_facts,
    entity_names,
    fact_evidence,
    supported_by_current,
)
from actorgraph.store.database import batches
from actorgraph.store.models import FactRow

# Quantities that describe a state of the group at a date. Counts of attacks, fatalities or
# ransoms describe different incidents and periods, so two different values are not a disagreement.
COMPARABLE_QUANTITIES: tuple[str, ...] = ("fighters", "troops")
DEFAULT_UNITS = {"fighters": "persons", "troops": "persons"}
MAX_YEARS_APART = 3.0
# Relations that hold once per subject and object: two different dates for one of them cannot
# both be right. Recurring relations (opposes, operates_in, sanctioned_by ...) may have many periods.
SINGLE_VALUED = frozenset({"founded", "part_of", "leader_of", "media_arm_of", "allegiance_to",
                           "affiliated_with"})


# ------------------------------------------------------------------ dates
def date_bounds(value: str | None) -> tuple[date, date] | None:
    """First and last day a YYYY, YYYY-MM or YYYY-MM-DD date can mean; None when absent or unreadable."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")[:3]]
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
        day = date(*parts)
    except ValueError:
        return None
    return day, day


def years_apart(a: str | None, b: str | None) -> float | None:
    """Distance in years between the middles of two dates; None when either is unknown."""
    ba, bb = date_bounds(a), date_bounds(b)
    if ba is None or bb is None:
        return None
    mid_a = ba[0].toordinal() + (ba[1].toordinal() - ba[0].toordinal()) / 2
    mid_b = bb[0].toordinal() + (bb[1].toordinal() - bb[0].toordinal()) / 2
    return abs(mid_a - mid_b) / 365.25


def _compatible_dates(a: str | None, b: str | None) -> bool:
    """True unless both dates are stated and one cannot be a more precise form of the other."""
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a)


# ------------------------------------------------------------------ records
@dataclass(frozen=True)
class ClaimRecord:
    """One figure as one source states it."""

    fact_id: int
    subject_id: int | None
    subject: str
    quantity: str
    low: float | None
    high: float | None  # None: open-ended ("more than low")
    unit: str | None
    currency: str | None
    as_of: str | None
    attributed_to: str | None
    evidence: tuple[EvidenceInfo, ...]  # exactly one for a claim record

    @property
    def open_ended(self) -> bool:
        return self.low is not None and self.high is None

    def figure(self) -> str:
        """The value as a reader would write it: "5,000-8,000 persons", "more than 14 persons"."""
        unit = f" {self.unit}" if self.unit else ""
        if self.low is None and self.high is None:
            return "no figure"
        if self.low is None:
            return f"up to {_number(self.high)}{unit}"
        if self.high is None:
            return f"more than {_number(self.low)}{unit}"
        if self.low == self.high:
            return f"{_number(self.low)}{unit}"
        return f"{_number(self.low)}-{_number(self.high)}{unit}"

    def interval(self) -> tuple[float, float]:
        low = self.low if self.low is not None else float("-inf")
        high = self.high if self.high is not None else float("inf")
        return low, high


@dataclass(frozen=True)
class RelationRecord:
    """One relation fact with all its evidence from current documents."""

    fact_id: int
    subject_id: int | None
    subject: str
    predicate: str
    object_id: int | None
    object: str
    role: str | None
    former: bool
    start: str | None
    end: str | None
    evidence: tuple[EvidenceInfo, ...]

    def period(self) -> str:
        """"since 2017-03", "2012 to 2017", "former; dates not stated", "dates not stated"."""
        if self.predicate == "founded" and self.start:
            return f"in {self.start}"  # a founding is an act on a date, not a period
        if self.start and self.end:
            return f"{self.start} to {self.end}"
        if self.start:
            return f"from {self.start}" if self.former else f"since {self.start}"
        if self.end:
            return f"until {self.end}"
        return "former; dates not stated" if self.former else "dates not stated"


@dataclass(frozen=True)
class Contradiction:
    """Two sourced statements that cannot both be true (or, for *possible conflict*, may not be)."""

    kind: str  # figures | component_vs_whole | leaders | relation_dates
    certainty: str  # contradiction | possible conflict
    first: ClaimRecord | RelationRecord
    second: ClaimRecord | RelationRecord
    years_apart: float | None
    summary: str


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def when(record: ClaimRecord) -> str:
    """The figure's date, or why there is none: the reader must see an undated figure as such."""
    if record.as_of:
        return f"as of {record.as_of}"
    published = record.evidence[0].document.published if record.evidence else None
    return f"date not stated; source published {published}" if published else \
        "date not stated; source undated"


# ------------------------------------------------------------------ loading
def claims(s: Session, entity_ids: Iterable[int] | None = None, quantities: Iterable[str] | None = None,
           limit: int | None = None, per_fact: int | None = None) -> list[ClaimRecord]:
    """Every figure per source, by subject, quantity and date; only of these entities/quantities if given.

    ``limit`` keeps the best-supported facts, ``per_fact`` the first sources of each (large stores)."""
    facts = active_facts(s, "claim", subjects=entity_ids, predicates=quantities, limit=limit)
    evidence = fact_evidence(s, [f.id for f in facts], per_fact)
    names = entity_names(s, [f.subject_id for f in facts])
    out = [_claim_record(f, ev, names) for f in facts for ev in evidence.get(f.id, [])]
    return sorted(out, key=lambda r: (r.subject.casefold(), r.quantity, r.as_of or "9999", r.fact_id))


def _claim_record(fact, ev: EvidenceInfo, names: dict[int, str]) -> ClaimRecord:
    # The evidence row keeps what this source said when it differs from the first source (as_of, attribution).
    data = {**(fact.data or {}), **ev.data}
    return ClaimRecord(fact.id, fact.subject_id, names.get(fact.subject_id, "(no subject)"),
                       fact.predicate or "other", _float(data.get("low")), _float(data.get("high")),
                       data.get("unit"), data.get("currency"), data.get("as_of"), data.get("attributed_to"),
                       (ev,))


def _float(value) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def relations(s: Session, predicates: Iterable[str] | None = None, entity_id: int | None = None,
              limit: int | None = None, per_fact: int | None = None) -> list[RelationRecord]:
    """Active relation facts with their current evidence (of one entity, the best-supported, the
    first sources of each: see ``claims``)."""
    facts = active_facts(s, "relation", entity_id, predicates=predicates, limit=limit)
    evidence = fact_evidence(s, [f.id for f in facts], per_fact)
    names = entity_names(s, [i for f in facts for i in (f.subject_id, f.object_id)])
    return [_relation_record(f, evidence[f.id], names) for f in facts if evidence.get(f.id)]


def _relation_record(fact, evidence: list[EvidenceInfo], names: dict[int, str]) -> RelationRecord:
    data = fact.data or {}
    return RelationRecord(fact.id, fact.subject_id, names.get(fact.subject_id, "?"), fact.predicate or "?",
                          fact.object_id, names.get(fact.object_id, "?"), data.get("role"),
                          bool(data.get("former")), fact.start or data.get("start"),
                          fact.end or data.get("end"), tuple(evidence))


def part_of_ancestors(records: Iterable[RelationRecord]) -> dict[int, set[int]]:
    """entity id -> every entity it is part of, directly or through other components."""
    return _closure((r.subject_id, r.object_id) for r in records
                    if r.predicate == "part_of" and r.subject_id is not None and r.object_id is not None)


def _closure(pairs: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    parents: dict[int, set[int]] = defaultdict(set)
    for child, whole in pairs:
        parents[child].add(whole)
    closure: dict[int, set[int]] = {}
    for child in parents:
        seen: set[int] = set()
        todo = list(parents[child])
        while todo:
            p = todo.pop()
            if p not in seen and p != child:
                seen.add(p)
                todo.extend(parents.get(p, ()))
        closure[child] = seen
    return closure


def part_of_family(s: Session, entity_id: int, max_depth: int = 1, max_pairs: int = 5000) -> dict[int, set[int]]:
    """``part_of_ancestors`` restricted to one entity's wholes and components (transitively, to
    ``max_depth`` levels: by default its direct components and wholes), read level by level
    from the part_of facts instead of every relation of the store."""
    part_of = (select(FactRow.subject_id, FactRow.object_id).distinct()
               .where(FactRow.kind == "relation", FactRow.predicate == "part_of", FactRow.status == "active",
                      FactRow.subject_id.is_not(None), FactRow.object_id.is_not(None), supported_by_current()))
    pairs: set[tuple[int, int]] = set()
    for column, pick in ((FactRow.object_id, 0), (FactRow.subject_id, 1)):  # components, then wholes
        frontier, seen = {entity_id}, {entity_id}
        for _ in range(max_depth):
            if not frontier:
                break
            found = {(c, w) for batch in batches(sorted(frontier))
                     for c, w in s.execute(part_of.where(column.in_(batch)))}
            pairs |= found
            if len(pairs) > max_pairs:
                break
            frontier = {pair[pick] for pair in found} - seen
            seen |= frontier
    return _closure(pairs)


# ------------------------------------------------------------------ figures
def figure_contradictions(records: list[ClaimRecord], ancestors: dict[int, set[int]],
                          max_years: float = MAX_YEARS_APART) -> list[Contradiction]:
    """Disagreeing estimates among ``records`` (same quantity and unit, comparable dates)."""
    groups: dict[tuple[str, str], list[ClaimRecord]] = defaultdict(list)
    for r in records:
        if r.subject_id is not None:
            groups[(r.quantity, (r.unit or DEFAULT_UNITS.get(r.quantity, "")).lower())].append(r)
    found = []
    for group in groups.values():
        for a, b in itertools.combinations(group, 2):
            hit = _compare_figures(a, b, ancestors, max_years)
            if hit:
                found.append(hit)
    return found


def _compare_figures(a: ClaimRecord, b: ClaimRecord, ancestors: dict[int, set[int]],
                     max_years: float) -> Contradiction | None:
    apart = years_apart(a.as_of, b.as_of)
    if apart is not None and apart > max_years:
        return None  # a group's size changes over years: figures far apart in time may both be right
    (alow, ahigh), (blow, bhigh) = a.interval(), b.interval()
    if a.subject_id == b.subject_id:
        if ahigh < blow or bhigh < alow:
            return Contradiction("figures", "contradiction", a, b, apart, _figures_summary(a, b, apart))
        return None
    if b.subject_id in ancestors.get(a.subject_id, ()):
        part, whole = a, b
    elif a.subject_id in ancestors.get(b.subject_id, ()):
        part, whole = b, a
    else:
        return None
    if part.interval()[0] > whole.interval()[1]:
        return Contradiction("component_vs_whole", "contradiction", whole, part, apart,
                             _component_summary(part, whole, apart))
    return None


def _apart_text(apart: float | None) -> str:
    if apart is None:
        return "at least one date is not stated"
    if apart < 1 / 12:
        return "same period"
    return f"dates {apart:.1f} years apart"


def _source_text(r: ClaimRecord) -> str:
    doc = r.evidence[0].document
    by = f", attributed to {r.attributed_to}" if r.attributed_to else ""
    return f"{when(r)}{by}; «{doc.title or doc.source}»"


def _figures_summary(a: ClaimRecord, b: ClaimRecord, apart: float | None) -> str:
    return (f"{a.subject}, {a.quantity}: {a.figure()} ({_source_text(a)}) vs {b.figure()} "
            f"({_source_text(b)}); the ranges do not overlap; {_apart_text(apart)}")


def _component_summary(part: ClaimRecord, whole: ClaimRecord, apart: float | None) -> str:
    return (f"component vs whole, {whole.quantity}: {whole.figure()} for {whole.subject} as a whole "
            f"({_source_text(whole)}) vs {part.figure()} for its component {part.subject} alone "
            f"({_source_text(part)}): the component's estimate exceeds the whole's; {_apart_text(apart)}")


# ------------------------------------------------------------------ relations
def _tenure(r: RelationRecord) -> tuple[date | None, date | None]:
    """Earliest start and latest end of a tenure; end is date.max while ongoing, None when unknown."""
    start = date_bounds(r.start)
    end = date_bounds(r.end)
    # No end: ongoing when the source calls it current, an unknown past date when it says "former".
    last = end[1] if end is not None else (None if r.former else date.max)
    return (start[0] if start else None), last


def tenures_overlap(a: RelationRecord, b: RelationRecord) -> bool | None:
    """True when the periods overlap, False when the dates rule it out, None when unknown."""
    (a0, a1), (b0, b1) = _tenure(a), _tenure(b)
    if (a1 is not None and b0 is not None and a1 < b0) or (b1 is not None and a0 is not None and b1 < a0):
        return False
    if a1 == date.max and b1 == date.max:
        # Both called current: true conflict only when both periods are dated; else the sources may
        # simply be from different years.
        return True if (a0 and b0) else None
    if None in (a0, a1, b0, b1):
        return None
    return True


def leader_conflicts(records: list[RelationRecord]) -> list[Contradiction]:
    """Different leaders of one organisation whose tenures overlap or may overlap."""
    by_org: dict[int, list[RelationRecord]] = defaultdict(list)
    for r in records:
        if r.predicate == "leader_of" and r.object_id is not None:
            by_org[r.object_id].append(r)
    found: dict[tuple[int, int, int], Contradiction] = {}
    for leaders in by_org.values():
        for a, b in itertools.combinations(leaders, 2):
            if a.subject_id == b.subject_id:
                continue
            hit = _leader_pair(a, b)
            key = (a.object_id, *sorted((a.subject_id or 0, b.subject_id or 0)))
            if hit and (key not in found or found[key].certainty != "contradiction"):
                found[key] = hit
    return list(found.values())


def _leader_pair(a: RelationRecord, b: RelationRecord) -> Contradiction | None:
    overlap = tenures_overlap(a, b)
    if overlap is False:
        return None
    if overlap is None and (a.former or b.former):
        return None  # a source calling one of them "former" reads as succession, not rivalry
    certainty = "contradiction" if overlap else "possible conflict"
    detail = "their periods overlap" if overlap else "the periods are not stated, so they may overlap"
    summary = (f"{certainty}: two leaders of {a.object}: {a.subject} ({_role(a)}{a.period()}) and "
               f"{b.subject} ({_role(b)}{b.period()}); {detail}")
    return Contradiction("leaders", certainty, a, b, years_apart(a.start, b.start), summary)


def _role(r: RelationRecord) -> str:
    return f"{r.role}, " if r.role else ""


def date_conflicts(records: list[RelationRecord]) -> list[Contradiction]:
    """One single-valued relation asserted with dates that cannot both be right."""
    groups: dict[tuple, list[RelationRecord]] = defaultdict(list)
    for r in records:
        if r.predicate in SINGLE_VALUED:
            groups[(r.subject_id, r.predicate, r.object_id)].append(r)
    found = []
    for group in groups.values():
        for a, b in itertools.combinations(group, 2):
            bad = [what for what, x, y in (("start", a.start, b.start), ("end", a.end, b.end))
                   if not _compatible_dates(x, y)]
            if bad:
                summary = (f"{a.subject} {a.predicate} {a.object}: {' and '.join(bad)} dates disagree "
                           f"({a.period()} vs {b.period()})")
                found.append(Contradiction("relation_dates", "contradiction", a, b,
                                           years_apart(a.start, b.start), summary))
    return found


# ------------------------------------------------------------------ all together
def contradictions(s: Session, quantities: Iterable[str] = COMPARABLE_QUANTITIES,
                   entity_id: int | None = None, max_years: float = MAX_YEARS_APART) -> list[Contradiction]:
    """Every disagreement in the store, or those involving ``entity_id`` (and its components)."""
    if entity_id is not None:
        return contradictions_about(s, entity_id, relations(s, entity_id=entity_id), quantities, max_years)
    rels = relations(s)
    ancestors = part_of_ancestors(rels)
    figures = claims(s, quantities=quantities)
    return (figure_contradictions(figures, ancestors, max_years) + leader_conflicts(rels)
            + date_conflicts(rels))


def contradictions_about(s: Session, entity_id: int, rels: list[RelationRecord],
                         quantities: Iterable[str] = COMPARABLE_QUANTITIES, max_years: float = MAX_YEARS_APART,
                         family: dict[int, set[int]] | None = None,
                         figures: list[ClaimRecord] | None = None) -> list[Contradiction]:
    """The disagreements involving one entity, from its relations ``rels`` and the figures of the
    entity, its components and its wholes (read for it alone, so a large store costs no more).
    ``family`` (``part_of_family``) and ``figures`` (those claims) are read here unless given."""
    family = part_of_family(s, entity_id) if family is None else family
    if figures is None:
        figures = claims(s, family_of(entity_id, family), quantities)
    wanted = set(quantities)
    figures = [c for c in figures if c.quantity in wanted]
    found = figure_contradictions(figures, family, max_years) + leader_conflicts(rels) + date_conflicts(rels)
    return [c for c in found if entity_id in _involved(c)]


def family_of(entity_id: int, family: dict[int, set[int]]) -> set[int]:
    """The entity, its wholes and its components."""
    return {entity_id} | family.get(entity_id, set()) | {c for c, ps in family.items() if entity_id in ps}


def _involved(c: Contradiction) -> set[int]:
    ids: set[int] = set()
    for r in (c.first, c.second):
        ids.add(r.subject_id or 0)
        if isinstance(r, RelationRecord):
            ids.add(r.object_id or 0)
    return ids
