"""A cited actor profile in the sections analysts know from CEP and Stanford's Mapping Militant
Organizations: overview, structure, affiliations, adversaries, areas of operation, financing,
size estimates, designations, key events and a numbered list of sources.

Every statement is built from stored facts and carries the numbers of the documents whose
evidence supports it; with ``evidence`` it also quotes the supporting sentences. Nothing is
inferred: a field no source fills says "not stated in the sources", and figures that disagree
are all shown with their dates and sources, never averaged.

``build_profile`` returns plain dataclasses (the web's entity page uses them);
``render_markdown``, ``render_html`` and ``render_json`` turn one into text.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from actorgraph.analyse.claims import (
    ClaimRecord,
    Contradiction,
    RelationRecord,
    claims,
    contradictions_about,
    family_of,
    part_of_family,
    relations,
    when,
)
from actorgraph.analyse.queries import (
    EvidenceInfo,
    SourceRef,
    active_facts,
    count_facts,
    entity_names,
    fact_evidence,
    fact_roles,
    source_ref,
    superseded_docs,
)
from actorgraph.errors import NotFoundError
from actorgraph.ontology import load_ontology
from actorgraph.registry import load_registry
from actorgraph.resolve.names import normalise
from actorgraph.store.database import batches
from actorgraph.store.models import DocumentRow, EntityRow, MentionRow, SentenceRow

NOT_STATED = "not stated in the sources"
# A profile of a much-reported actor on a large store shows the best-supported facts of each kind,
# each cited by its first sources; Profile.notes says where a list was cut.
LIMITS = {"relations": 250, "events": 80, "claims": 120, "funding": 40, "names": 30, "conflicts": 60}
QUOTES_PER_FACT = 2
SIZE_QUANTITIES = ("fighters", "troops")
MONEY_QUANTITIES = ("ransom", "gold_production", "gold_trade")
ACTOR_ROLES = ("actors", "assoc_actors", "actors2")
FUNDING_LABELS = {
    "kidnapping_ransom": "kidnapping for ransom", "extortion": "extortion and protection money",
    "taxation_zakat": "taxation and zakat", "smuggling": "smuggling", "drug_trafficking": "drug trafficking",
    "human_trafficking": "human trafficking and migrant smuggling", "gold_mining": "gold mining and trade",
    "livestock_theft": "livestock theft", "foreign_support": "foreign support", "other": "other sources"}


# ------------------------------------------------------------------ the profile's shape
@dataclass
class Excerpt:
    """A supporting sentence and the number of the source it comes from."""

    source: int
    text: str


@dataclass
class Statement:
    text: str
    citations: list[int]
    quotes: list[Excerpt] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # the same statement as fields, for machines


@dataclass
class Field:
    label: str  # "" for a section's plain list
    statements: list[Statement] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    fields: list[Field]


@dataclass(frozen=True)
class SourceEntry(SourceRef):
    """A cited source with its number in the profile's source list."""

    number: int = 0


@dataclass
class Profile:
    entity_id: int
    name: str
    type: str
    kind: str | None  # the actor registry's kind (armed_group, country ...) when the entity is registered
    sections: list[Section]
    sources: list[SourceEntry]
    notes: list[str] = field(default_factory=list)  # where lists were cut to their best-supported items


class _Citer:
    """Numbers sources in the order the profile first cites them."""

    def __init__(self) -> None:
        self.numbers: dict[int, int] = {}
        self.refs: dict[int, SourceRef] = {}

    def number(self, ref: SourceRef) -> int:
        if ref.document_id not in self.numbers:
            self.numbers[ref.document_id] = len(self.numbers) + 1
            self.refs[ref.document_id] = ref
        return self.numbers[ref.document_id]

    def statement(self, text: str, evidence: Iterable[EvidenceInfo], data: dict | None = None) -> Statement:
        citations: set[int] = set()
        quotes: dict[tuple[int, str], Excerpt] = {}
        for ev in evidence:
            n = self.number(ev.document)
            citations.add(n)
            quotes.setdefault((n, ev.sentence), Excerpt(n, ev.sentence))
        return Statement(text, sorted(citations), sorted(quotes.values(), key=lambda q: q.source), data or {})

    def sources(self) -> list[SourceEntry]:
        ordered = sorted(self.numbers.items(), key=lambda x: x[1])
        return [SourceEntry(**vars(self.refs[doc_id]), number=n) for doc_id, n in ordered]


@dataclass
class _Facts:
    """Everything the profile reads about one entity, loaded once."""

    entity: EntityRow
    relations: list[RelationRecord]
    ancestors: dict[int, set[int]]
    claims: list[ClaimRecord]
    funding: list[tuple[str, list[EvidenceInfo]]]
    events: list[tuple[dict, dict[str, list[int]], list[EvidenceInfo]]]
    names: dict[int, str]
    contradictions: list[Contradiction]
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ building
def build_profile(s: Session, entity_id: int) -> Profile:
    """The cited profile of one entity (NotFoundError if there is no such entity)."""
    entity = s.get(EntityRow, entity_id)
    if entity is None:
        raise NotFoundError(f"no entity with id {entity_id}")
    facts = _load(s, entity)
    citer = _Citer()
    builders = {"Organization": _organization_sections, "Person": _person_sections}
    sections = builders.get(entity.type, _location_sections)(s, facts, citer)
    return Profile(entity.id, entity.canonical_name, entity.type, _registry_kind(entity), sections,
                   citer.sources(), facts.notes)


def _registry_kind(entity: EntityRow) -> str | None:
    if not entity.key:
        return None
    try:
        return load_registry().get(entity.key).kind
    except KeyError:
        return None


def _load(s: Session, entity: EntityRow) -> _Facts:
    """The entity's own facts, best-supported first up to the LIMITS, each cited by its first
    sources: a profile reads what it shows, not the store (see ``Profile.notes``)."""
    me = entity.id
    rels = relations(s, entity_id=me, limit=LIMITS["relations"], per_fact=QUOTES_PER_FACT)
    family = part_of_family(s, me)
    components = {child for child, parents in family.items() if me in parents}
    funding_facts = active_facts(s, "funding", subjects=[me], limit=LIMITS["funding"])
    event_facts = active_facts(s, "event", me, limit=LIMITS["events"])
    roles = fact_roles(s, [f.id for f in event_facts])
    wanted = (*ACTOR_ROLES, "location")
    event_facts = [f for f in event_facts if any(me in roles.get(f.id, {}).get(r, []) for r in wanted)]
    evidence = fact_evidence(s, [f.id for f in funding_facts + event_facts], QUOTES_PER_FACT)
    # One read of the figures of the entity, its components and its wholes: the profile shows the
    # first two, disagreements may involve all three.
    related = claims(s, family_of(me, family), limit=LIMITS["claims"], per_fact=QUOTES_PER_FACT)
    figures = [c for c in related if c.subject_id == me or c.subject_id in components]
    named = {i for f in event_facts for ids in roles.get(f.id, {}).values() for i in ids}
    conflicts = sorted(contradictions_about(s, me, rels, family=family, figures=related),
                       key=lambda c: c.certainty != "contradiction")
    return _Facts(
        entity=entity,
        relations=rels,
        ancestors=family,
        claims=figures,
        funding=[(f.predicate or "other", evidence[f.id]) for f in funding_facts if evidence.get(f.id)],
        events=[(f.data or {}, roles.get(f.id, {}), evidence[f.id])
                for f in event_facts if evidence.get(f.id)],
        names=entity_names(s, named),
        contradictions=conflicts[:LIMITS["conflicts"]],
        notes=_truncation_notes(s, me, {"relations": len(rels), "events": len(event_facts),
                                        "claims": len({c.fact_id for c in figures})})
        + ([f"disagreements: {LIMITS['conflicts']} of {len(conflicts):,} are shown, firm contradictions first"]
           if len(conflicts) > LIMITS["conflicts"] else []),
    )


def _truncation_notes(s: Session, me: int, shown: dict[str, int]) -> list[str]:
    """Say so where a list stopped at its limit (counting costs a query, so only then)."""
    kinds = {"relations": "relation", "events": "event", "claims": "claim"}
    notes = []
    for key, n in shown.items():
        if n >= LIMITS[key] * 0.9:
            total = count_facts(s, kinds[key], me)
            if total > n:
                notes.append(f"{key}: the {n:,} best-supported of up to {total:,} are shown")
    return notes


def _organization_sections(s: Session, f: _Facts, citer: _Citer) -> list[Section]:
    me = f.entity.id
    return [
        Section("overview", "Overview", [
            _names_field(s, f.entity, citer),
            Field("Founded", _founding(f, citer)),
            Field("Founders", _relation_statements(f, citer, "founded", "in")),
            Field("Current leader", _leaders(f, citer, current=True)),
        ]),
        _section("structure", "Structure", [
            Field("Components", _relation_statements(f, citer, "part_of", "in")),
            Field("Part of", _relation_statements(f, citer, "part_of", "out")),
            Field("Leadership and roles over time", _roles_over_time(f, citer)),
            Field("Media arms", _relation_statements(f, citer, "media_arm_of", "in")),
            Field("Conflicting statements", _conflicts(f, citer, ("leaders", "relation_dates"))),
        ]),
        _affiliations(f, citer),
        _adversaries(f, citer),
        _section("areas", "Areas of operation", [
            Field("Operates in", _relation_statements(f, citer, "operates_in", "out")),
            Field("Places of its recorded events", _event_places(f, citer)),
        ]),
        _section("financing", "Financing", [
            Field("Sources of funds", _funding(f, citer)),
            Field("Reported sums", _figures(f, citer, MONEY_QUANTITIES, me)),
        ]),
        _section("size", "Size estimates", [
            Field("Estimates", _figures(f, citer, SIZE_QUANTITIES, None)),
            Field("Disagreements", _conflicts(f, citer, ("figures", "component_vs_whole"))),
        ]),
        _section("figures", "Other reported figures",
                 [Field("", _figures(f, citer, None, me, exclude=SIZE_QUANTITIES + MONEY_QUANTITIES))]),
        _section("designations", "Designations", [
            Field("Designated or sanctioned by", _relation_statements(f, citer, "sanctioned_by", "out")),
            Field("Designations it issued", _relation_statements(f, citer, "sanctioned_by", "in")),
        ]),
        _section("events", "Key events", [Field("", _events(f, citer))]),
    ]


def _person_sections(s: Session, f: _Facts, citer: _Citer) -> list[Section]:
    return [
        Section("overview", "Overview", [
            _names_field(s, f.entity, citer),
            Field("Positions held", _positions(f, citer)),
            Field("Groups founded", _relation_statements(f, citer, "founded", "out")),
        ]),
        _affiliations(f, citer),
        _adversaries(f, citer),
        _section("designations", "Designations", [
            Field("Designated or sanctioned by", _relation_statements(f, citer, "sanctioned_by", "out"))]),
        _section("figures", "Reported figures", [Field("", _figures(f, citer, None, f.entity.id))]),
        _section("events", "Key events", [Field("", _events(f, citer))]),
    ]


def _location_sections(s: Session, f: _Facts, citer: _Citer) -> list[Section]:
    return [
        Section("overview", "Overview", [_names_field(s, f.entity, citer)]),
        _section("actors", "Actors operating here", [
            Field("", _relation_statements(f, citer, "operates_in", "in"))]),
        _section("figures", "Reported figures", [Field("", _figures(f, citer, None, f.entity.id))]),
        _section("events", "Key events", [Field("", _events(f, citer))]),
    ]


def _section(key: str, title: str, fields: list[Field]) -> Section:
    """A section keeps only the fields that have statements; an empty one says so once."""
    kept = [x for x in fields if x.statements]
    return Section(key, title, kept or [Field("", [])])


def _adversaries(f: _Facts, citer: _Citer) -> Section:
    return _section("adversaries", "Adversaries", [Field("", _relation_statements(f, citer, "opposes", "both"))])


def _affiliations(f: _Facts, citer: _Citer) -> Section:
    return _section("affiliations", "Affiliations and allegiance", [
        Field("Affiliated with", _relation_statements(f, citer, "affiliated_with", "out")),
        Field("Affiliates", _relation_statements(f, citer, "affiliated_with", "in")),
        Field("Allegiance pledged to", _relation_statements(f, citer, "allegiance_to", "out")),
        Field("Allegiance pledged by", _relation_statements(f, citer, "allegiance_to", "in")),
        Field("Allies and partners", _relation_statements(f, citer, "allied_with", "both")),
        Field("Media arm of", _relation_statements(f, citer, "media_arm_of", "out")),
    ])


# ------------------------------------------------------------------ statements from relations
def _names_field(s: Session, entity: EntityRow, citer: _Citer) -> Field:
    """The names the sources use for the entity (registry aliases no source uses are left out),
    most used first, each cited by the first document using it."""
    used = s.execute(select(MentionRow.text, func.count(), func.min(MentionRow.document_id))
                     .where(MentionRow.entity_id == entity.id, MentionRow.document_id.not_in(superseded_docs()))
                     .group_by(MentionRow.text)).all()
    groups: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for text, n, doc_id in used:
        key = normalise(text) or text
        groups[key][text] += n
        first[key].append((doc_id, text))
    top = sorted(groups, key=lambda k: (-sum(groups[k].values()), k))[:LIMITS["names"]]
    cited = [(text, doc_id, s.scalar(select(func.min(MentionRow.sentence_id)).where(
        MentionRow.entity_id == entity.id, MentionRow.document_id == doc_id, MentionRow.text == text)))
        for key in top for doc_id, text in [min(first[key])]]
    by_doc = _mention_evidence(s, cited)
    statements = []
    for key, (_text, doc_id, sentence_id) in zip(top, cited, strict=True):
        forms = groups[key]
        name = forms.most_common(1)[0][0]
        others = sorted(set(forms) - {name})
        if (doc_id, sentence_id) in by_doc:
            label = f"{name} (also written {', '.join(others)})" if others else name
            statements.append(citer.statement(label, [by_doc[(doc_id, sentence_id)]], {
                "name": name, "forms": others, "mentions": sum(forms.values())}))
    return Field("Names in the sources", statements)


def _mention_evidence(s: Session, mentions: list[tuple[str, int, int]]
                      ) -> dict[tuple[int, int], EvidenceInfo]:
    """Mentions as evidence (document + sentence) so that a name can be cited like a fact."""
    sentence_ids = sorted({sid for _, _, sid in mentions})
    out = {}
    for batch in batches(sentence_ids):
        rows = s.execute(select(SentenceRow, DocumentRow)
                         .options(defer(DocumentRow.text), defer(DocumentRow.raw_html))
                         .join(DocumentRow, DocumentRow.id == SentenceRow.document_id)
                         .where(SentenceRow.id.in_(batch), DocumentRow.current.is_(True)))
        out |= {(doc.id, sentence.id): EvidenceInfo(0, 0, source_ref(doc), sentence.text, "mention", {})
                for sentence, doc in rows}
    return out


def _first_per_document(evidence: list[EvidenceInfo]) -> list[EvidenceInfo]:
    seen: set[int] = set()
    out = []
    for ev in evidence:
        if ev.document.document_id not in seen:
            seen.add(ev.document.document_id)
            out.append(ev)
    return out


def _counterpart(r: RelationRecord, me: int) -> tuple[int | None, str]:
    return (r.object_id, r.object) if r.subject_id == me else (r.subject_id, r.subject)


def _matching(f: _Facts, predicate: str, direction: str) -> list[RelationRecord]:
    me = f.entity.id
    out = []
    for r in f.relations:
        if r.predicate != predicate or r.subject_id == r.object_id:
            continue
        if (direction in ("out", "both") and r.subject_id == me) or (direction in ("in", "both")
                                                                      and r.object_id == me):
            out.append(r)
    return out


def _relation_statements(f: _Facts, citer: _Citer, predicate: str, direction: str) -> list[Statement]:
    """One statement per counterpart, with every stated role and period and all citations."""
    groups: dict[int | None, list[RelationRecord]] = defaultdict(list)
    for r in _matching(f, predicate, direction):
        groups[_counterpart(r, f.entity.id)[0]].append(r)
    statements = [_grouped_statement(records, f.entity.id, citer) for records in groups.values()]
    return sorted(statements, key=lambda st: (st.data.get("start") or "9999", st.text.casefold()))


def _grouped_statement(records: list[RelationRecord], me: int, citer: _Citer) -> Statement:
    name = _counterpart(records[0], me)[1]
    details = _details(records)
    text = f"{name} ({'; '.join(details)})" if details else name
    starts = sorted(r.start for r in records if r.start)
    data = {"predicate": records[0].predicate, "counterpart": name, "fact_ids": [r.fact_id for r in records],
            "roles": sorted({r.role for r in records if r.role}), "start": starts[0] if starts else None,
            "end": max((r.end for r in records if r.end), default=None),
            "former": all(r.former for r in records)}
    return citer.statement(text, [ev for r in records for ev in r.evidence], data)


def _details(records: list[RelationRecord]) -> list[str]:
    """Roles and stated periods, each once; a period is left out when no source gives one."""
    details = list(dict.fromkeys(r.role for r in records if r.role))
    if all(r.former for r in records) and not any("former" in d for d in details):
        details.append("former")
    details += list(dict.fromkeys(r.period() for r in records if r.start or r.end))
    return details


def _leaders(f: _Facts, citer: _Citer, current: bool) -> list[Statement]:
    """Leaders with no end date whom no source calls former; several are all listed with their dates."""
    records = [r for r in _matching(f, "leader_of", "in") if current == (not r.end and not r.former)]
    groups: dict[int | None, list[RelationRecord]] = defaultdict(list)
    for r in records:
        groups[r.subject_id].append(r)
    out = []
    for group in groups.values():
        st = _grouped_statement(group, f.entity.id, citer)
        st.text = f"{group[0].subject} ({'; '.join(_details(group) + _undated(group))})"
        out.append(st)
    return out


def _undated(group: list[RelationRecord]) -> list[str]:
    return [] if any(r.start or r.end for r in group) else ["dates not stated"]


def _roles_over_time(f: _Facts, citer: _Citer) -> list[Statement]:
    """Leaders and members with their roles, dated ones first in date order."""
    out = []
    for predicate, label in (("leader_of", "leader"), ("member_of", "member")):
        groups: dict[tuple, list[RelationRecord]] = defaultdict(list)
        for r in _matching(f, predicate, "in"):
            groups[(r.subject_id, r.former)].append(r)
        for group in groups.values():
            st = _grouped_statement(group, f.entity.id, citer)
            details = [d for d in _details(group) if d != "former"] + _undated(group)
            former = "former " if group[0].former else ""
            st.text = f"{group[0].subject}: {former}{label} ({'; '.join(details)})"
            out.append(st)
    return sorted(out, key=lambda st: (st.data.get("start") or "9999", st.data.get("former") is False))


def _positions(f: _Facts, citer: _Citer) -> list[Statement]:
    out = []
    for predicate, label in (("leader_of", "leader of"), ("member_of", "member of")):
        for st in _relation_statements(f, citer, predicate, "out"):
            st.text = f"{label} {st.text}"
            out.append(st)
    return out


def _founding(f: _Facts, citer: _Citer) -> list[Statement]:
    """Formation events the entity took part in, and components whose joining the sources date."""
    out = []
    for data, _roles, evidence in f.events:
        if data.get("sub_type") == "group_formation" and f.entity.id in _actors(_roles):
            date = data.get("date") or "date not stated"
            out.append(citer.statement(f"{date}: {data.get('summary') or 'group formation'}", evidence,
                                       {"date": data.get("date"), "summary": data.get("summary")}))
    merged = [r for r in _matching(f, "part_of", "in") if r.start]
    by_date: dict[str, list[RelationRecord]] = defaultdict(list)
    for r in merged:
        by_date[r.start].append(r)
    for date, group in sorted(by_date.items()):
        names = ", ".join(dict.fromkeys(r.subject for r in group))
        out.append(citer.statement(f"{date}: {names} joined as components",
                                   [ev for r in group for ev in r.evidence],
                                   {"date": date, "components": [r.subject for r in group]}))
    for r in _matching(f, "founded", "in"):
        if r.start:
            out.append(citer.statement(f"{r.start}: founded by {r.subject}", r.evidence, {"date": r.start}))
    return sorted(out, key=lambda st: st.data.get("date") or "9999")  # undated last


def _actors(roles: dict[str, list[int]]) -> set[int]:
    return {i for r in ACTOR_ROLES for i in roles.get(r, [])}


# ------------------------------------------------------------------ figures, funding, events
def _figures(f: _Facts, citer: _Citer, quantities: Iterable[str] | None, only: int | None,
             exclude: Iterable[str] = ()) -> list[Statement]:
    """Every figure with its date, attribution and source; a component's figures are labelled as such."""
    wanted = set(quantities) if quantities is not None else None
    out = []
    for c in f.claims:
        if (wanted is not None and c.quantity not in wanted) or c.quantity in exclude:
            continue
        if only is not None and c.subject_id != only:
            continue
        whose = "" if c.subject_id == f.entity.id else f"{c.subject} (a component) alone: "
        by = f"attributed to {c.attributed_to}" if c.attributed_to else "attribution not stated"
        text = f"{whose}{c.quantity.replace('_', ' ')}: {c.figure()} ({when(c)}; {by})"
        out.append(citer.statement(text, c.evidence, {
            "subject": c.subject, "quantity": c.quantity, "low": c.low, "high": c.high, "unit": c.unit,
            "as_of": c.as_of, "attributed_to": c.attributed_to, "fact_id": c.fact_id}))
    return out


def _conflicts(f: _Facts, citer: _Citer, kinds: tuple[str, ...]) -> list[Statement]:
    out = []
    for c in f.contradictions:
        if c.kind in kinds:
            evidence = list(c.first.evidence) + list(c.second.evidence)
            out.append(citer.statement(c.summary, evidence, {
                "kind": c.kind, "certainty": c.certainty, "years_apart": c.years_apart,
                "fact_ids": [c.first.fact_id, c.second.fact_id]}))
    return out


def _funding(f: _Facts, citer: _Citer) -> list[Statement]:
    kinds = load_ontology().funding_kinds
    groups: dict[str, list[EvidenceInfo]] = defaultdict(list)
    for source, evidence in f.funding:
        groups[source].extend(evidence)
    out = []
    for source, evidence in groups.items():
        label = FUNDING_LABELS.get(source) or kinds.get(source, source)
        out.append(citer.statement(label, evidence, {"source": source}))
    return out


def _event_places(f: _Facts, citer: _Citer) -> list[Statement]:
    places: dict[str, list[EvidenceInfo]] = defaultdict(list)
    for data, roles, evidence in f.events:
        if f.entity.id in _actors(roles):
            place = _place(data, roles, f.names)
            if place:
                places[place].extend(evidence)
    return [citer.statement(p, ev, {"place": p}) for p, ev in sorted(places.items())]


def _place(data: dict, roles: dict[str, list[int]], names: dict[int, str]) -> str | None:
    location = roles.get("location")
    place = names.get(location[0]) if location else data.get("place") or data.get("location")
    country = data.get("country")
    if place and country and country != place:
        return f"{place}, {country}"
    return place or country


def _events(f: _Facts, citer: _Citer) -> list[Statement]:
    """The entity's events (as actor, or as the place for a location), dated first and in date order."""
    rows = sorted(f.events, key=lambda e: (e[0].get("date") or "9999", e[0].get("type") or ""))
    return [_event_statement(data, roles, evidence, f.names, citer) for data, roles, evidence in rows]


def _event_statement(data: dict, roles: dict[str, list[int]], evidence: list[EvidenceInfo],
                     names: dict[int, str], citer: _Citer) -> Statement:
    kind = (data.get("type") or "event").replace("_", " ")
    if data.get("sub_type"):
        kind += f" ({data['sub_type'].replace('_', ' ')})"
    parts = [data.get("date") or "date not stated", kind]
    if place := _place(data, roles, names):
        parts.append(place)
    actors = [names.get(i, "?") for r in ACTOR_ROLES for i in roles.get(r, [])]
    if actors:
        parts.append("actors: " + ", ".join(actors))
    if data.get("fatalities") is not None:
        parts.append(f"{data['fatalities']} fatalities")
    text = " — ".join(parts) + (f": {data['summary']}" if data.get("summary") else "")
    return citer.statement(text, evidence, {
        "date": data.get("date"), "type": data.get("type"), "sub_type": data.get("sub_type"),
        "place": place, "actors": actors, "fatalities": data.get("fatalities"),
        "summary": data.get("summary")})


# ------------------------------------------------------------------ rendering
def _cite(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _source_line(src: SourceEntry) -> str:
    title = f"“{src.title}”" if src.title else "(untitled)"
    parts = [src.author or "author not stated", src.publisher or "publisher not stated",
             src.published or "date not stated", src.source]
    return f"{title} — " + "; ".join(parts)


def _heading(profile: Profile) -> str:
    kind = f", {profile.kind.replace('_', ' ')}" if profile.kind and profile.kind != profile.type.lower() else ""
    origin = "entity type and actor registry" if kind else "entity type"
    return f"Type: {profile.type}{kind} ({origin}, not a source statement)."


def render_markdown(profile: Profile, evidence: bool = False) -> str:
    lines = [f"# {profile.name}", "", _heading(profile), ""]
    lines += [f"> Note: {n}." for n in profile.notes] + ([""] if profile.notes else [])
    for section in profile.sections:
        lines += [f"## {section.title}", ""]
        for fld in section.fields:
            lines += _md_field(fld, evidence)
        lines.append("")
    lines += ["## Sources", ""]
    lines += [f"{src.number}. {_source_line(src)}" for src in profile.sources] or [NOT_STATED]
    return "\n".join(lines) + "\n"


def _md_field(fld: Field, evidence: bool) -> list[str]:
    if not fld.statements:
        return [f"- **{fld.label}:** {NOT_STATED}" if fld.label else f"- {NOT_STATED.capitalize()}."]
    lines = [f"- **{fld.label}:**"] if fld.label else []
    indent = "  " if fld.label else ""
    for st in fld.statements:
        lines.append(f"{indent}- {st.text} {_cite(st.citations)}")
        if evidence:
            lines += [f"{indent}  > [{q.source}] “{q.text}”" for q in st.quotes]
    return lines


def render_html(profile: Profile, evidence: bool = False) -> str:
    """A standalone page; every piece of text from the store is escaped."""
    e = html.escape
    body = [f"<h1>{e(profile.name)}</h1>", f"<p class='type'>{e(_heading(profile))}</p>"]
    body += [f"<p class='note'>Note: {e(n)}.</p>" for n in profile.notes]
    for section in profile.sections:
        body.append(f"<section id='{e(section.key)}'><h2>{e(section.title)}</h2>")
        body += [_html_field(fld, evidence) for fld in section.fields]
        body.append("</section>")
    items = "".join(f"<li id='src-{src.number}'>{e(_source_line(src))}</li>" for src in profile.sources)
    body.append(f"<section id='sources'><h2>Sources</h2><ol>{items or e(NOT_STATED)}</ol></section>")
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>{e(profile.name)} — actorgraph profile</title><style>{_CSS}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")


_CSS = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
        "blockquote{color:#444;border-left:3px solid #ccc;margin:.2em 0 .2em 1em;padding-left:.6em}"
        ".cite a{text-decoration:none}.type{color:#555}")


def _html_field(fld: Field, evidence: bool) -> str:
    e = html.escape
    label = f"<strong>{e(fld.label)}:</strong> " if fld.label else ""
    if not fld.statements:
        return f"<p>{label}{e(NOT_STATED)}</p>"
    items = []
    for st in fld.statements:
        cites = "".join(f"<a href='#src-{n}'>[{n}]</a>" for n in st.citations)
        quotes = "".join(f"<blockquote>[{q.source}] “{e(q.text)}”</blockquote>"
                         for q in (st.quotes if evidence else []))
        items.append(f"<li>{e(st.text)} <span class='cite'>{cites}</span>{quotes}</li>")
    return f"<div>{label}<ul>{''.join(items)}</ul></div>"


def render_json(profile: Profile, evidence: bool = False) -> str:
    data = asdict(profile)
    if not evidence:
        for section in data["sections"]:
            for fld in section["fields"]:
                for st in fld["statements"]:
                    st["quotes"] = []
    data["not_stated"] = NOT_STATED
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Profile, bool], str]] = {
    "md": render_markdown, "html": render_html, "json": render_json}
