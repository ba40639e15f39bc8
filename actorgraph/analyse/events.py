"""Read-side of events: filtered lists with their sources, ACLED labels, and the places they name.

Shared by the CLI (``events``, ``places``), the timeline and the ACLED/GeoJSON
exports. Only active events with evidence in a current document version are
listed; each carries the documents (and sentences) that report it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from actorgraph.errors import ActorgraphError
from actorgraph.extract.dates import PartialDate
from actorgraph.store.dedupe import as_float
from actorgraph.store.models import DocumentRow, EntityRow, EvidenceRow, FactEntityRow, FactRow, SentenceRow

# ACLED's human-readable event types and sub-event types.
EVENT_TYPES = {
    "battles": "Battles",
    "violence_against_civilians": "Violence against civilians",
    "explosions_remote_violence": "Explosions/Remote violence",
    "riots": "Riots",
    "protests": "Protests",
    "strategic_developments": "Strategic developments",
}
SUB_TYPES = {
    "armed_clash": "Armed clash",
    "government_regains_territory": "Government regains territory",
    "non_state_actor_overtakes_territory": "Non-state actor overtakes territory",
    "attack": "Attack",
    "abduction_forced_disappearance": "Abduction/forced disappearance",
    "sexual_violence": "Sexual violence",
    "remote_explosive_landmine_ied": "Remote explosive/landmine/IED",
    "suicide_bomb": "Suicide bomb",
    "shelling_artillery_missile_attack": "Shelling/artillery/missile attack",
    "air_drone_strike": "Air/drone strike",
    "grenade": "Grenade",
    "chemical_weapon": "Chemical weapon",
    "violent_demonstration": "Violent demonstration",
    "mob_violence": "Mob violence",
    "peaceful_protest": "Peaceful protest",
    "protest_with_intervention": "Protest with intervention",
    "excessive_force_against_protesters": "Excessive force against protesters",
    "agreement": "Agreement",
    "arrests": "Arrests",
    "change_to_group_activity": "Change to group/activity",
    "disrupted_weapons_use": "Disrupted weapons use",
    "headquarters_or_base_established": "Headquarters or base established",
    "looting_property_destruction": "Looting/property destruction",
    "non_violent_transfer_of_territory": "Non-violent transfer of territory",
    "other": "Other",
}
# actorgraph's own strategic-development sub-types (ontology.yaml) filed under ACLED's.
ACTORGRAPH_SUB_TYPES = {
    "blockade": "Change to group/activity",
    "troop_deployment": "Change to group/activity",
    "troop_withdrawal": "Change to group/activity",
    "group_formation": "Change to group/activity",
    "ransom_payment": "Other",
    "hostage_release": "Other",
    "coup": "Other",
    "designation": "Other",
    "statement": "Other",
}
PRECISION_WORDS = {1: "day", 2: "month", 3: "year"}


def type_label(event_type: str | None) -> str:
    return EVENT_TYPES.get(event_type or "", (event_type or "").replace("_", " ").capitalize())


def sub_type_label(sub_type: str | None) -> str:
    """ACLED's sub-event type; actorgraph's own sub-types map onto the ACLED one they are filed under."""
    if not sub_type:
        return ""
    return SUB_TYPES.get(sub_type) or ACTORGRAPH_SUB_TYPES.get(sub_type) or "Other"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")


@dataclass
class Actor:
    id: int
    name: str
    type: str
    key: str | None


@dataclass
class Source:
    document_id: int
    title: str | None
    publisher: str | None
    author: str | None
    published: str | None
    path: str
    sentence: str | None
    ingested_at: dt.datetime | None
    data: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        """What ACLED's ``source`` column names: the publisher, else the title, else the file."""
        return self.publisher or self.title or self.path.rsplit("/", 1)[-1]


@dataclass
class EventItem:
    id: int
    type: str
    sub_type: str | None
    date: str | None
    time_precision: int | None
    actors: list[Actor]
    assoc_actors: list[Actor]
    actors2: list[Actor]
    locations: list[Actor]
    targets: list[str]
    place: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    fatalities: int | None
    summary: str | None
    confidence: float
    data: dict
    sources: list[Source]

    @property
    def type_label(self) -> str:
        return type_label(self.type)

    @property
    def sub_type_label(self) -> str:
        return sub_type_label(self.sub_type)

    @property
    def partial_date(self) -> PartialDate | None:
        return PartialDate.from_stored(self.date)

    @property
    def fatalities_disputed(self) -> bool:
        return bool(self.data.get("fatalities_disputed"))

    @property
    def fatalities_by_source(self) -> dict[str, int]:
        return dict(self.data.get("fatalities_by_source") or {})

    @property
    def source_labels(self) -> list[str]:
        return list(dict.fromkeys(s.label for s in self.sources))

    def involves(self, entity_id: int) -> bool:
        return any(a.id == entity_id for a in self.actors + self.assoc_actors + self.actors2 + self.locations)


def last_day(d: PartialDate) -> dt.date:
    """The latest calendar day a partial date can denote."""
    month = d.month or 12
    return dt.date(d.year, month, d.day or calendar.monthrange(d.year, month)[1])


def date_note(e: EventItem) -> str:
    """How the date was resolved, for ACLED's notes and the tables."""
    if e.date is None:
        return "date not stated in the sources: event_date left empty"
    parts = [f"date known to the {PRECISION_WORDS.get(e.time_precision or 0, 'day')} ({e.date})"]
    if e.data.get("date_inherited"):
        parts.append("taken from the date of the preceding sentence")
    published = sorted({s.published for s in e.sources if s.published})
    if published:
        parts.append("relative expressions resolved against publication " + ", ".join(published))
    else:
        parts.append("sources undated, so no relative date was resolved")
    return "; ".join(parts)


# ------------------------------------------------------------------ loading
def load_events(s: Session, *, actor: str | None = None, country: str | None = None, since: str | None = None,
                until: str | None = None, type_: str | None = None,
                include_superseded: bool = False) -> list[EventItem]:
    """Events in date order (undated last), filtered; names are resolved as the other commands do."""
    facts = list(s.scalars(select(FactRow).where(FactRow.kind == "event", FactRow.status == "active")
                           .order_by(FactRow.id)))
    items = _items(s, facts, include_superseded)
    if actor:
        from actorgraph.analyse.queries import resolve_name

        entity = resolve_name(s, actor)
        items = [e for e in items if e.involves(entity.id)]
    if country:
        code = _country_code(country)
        items = [e for e in items if _country_code(e.country, strict=False) == code]
    if since:
        start = _parse_filter_date(since, "--since").first_day()
        items = [e for e in items if e.partial_date is not None and last_day(e.partial_date) >= start]
    if until:
        end = last_day(_parse_filter_date(until, "--until"))
        items = [e for e in items if e.partial_date is not None and e.partial_date.first_day() <= end]
    if type_:
        wanted = _type_filter(type_)
        items = [e for e in items if e.type in wanted or (e.sub_type or "") in wanted
                 or slug(e.sub_type_label) in wanted]
    return sorted(items, key=lambda e: (e.partial_date is None, e.partial_date or PartialDate(1900), e.id))


def _parse_filter_date(text: str, option: str) -> PartialDate:
    try:
        return PartialDate.from_iso(text)
    except ValueError as exc:
        raise ActorgraphError(f"{option} wants a date as YYYY, YYYY-MM or YYYY-MM-DD, not {text!r}") from exc


def _country_code(name: str | None, strict: bool = True) -> str | None:
    from actorgraph.geo import get_gazetteer

    code = get_gazetteer().country_code(name) if name else None
    if code is None and strict:
        raise ActorgraphError(f"unknown country {name!r} (a name like Mali or a code like ML/MLI)")
    return code


def _type_filter(text: str) -> set[str]:
    key = slug(text)
    known = set(EVENT_TYPES) | set(SUB_TYPES) | set(ACTORGRAPH_SUB_TYPES)
    labels = {slug(v): k for k, v in EVENT_TYPES.items()}
    if key in labels:
        return {labels[key]}
    if key in known:
        return {key}
    raise ActorgraphError(f"unknown event type {text!r}; known: {', '.join(EVENT_TYPES.values())} "
                          f"(or a sub-type such as {', '.join(sorted(ACTORGRAPH_SUB_TYPES))})")


def _items(s: Session, facts: list[FactRow], include_superseded: bool) -> list[EventItem]:
    ids = [f.id for f in facts]
    roles: dict[int, dict[str, list[Actor]]] = defaultdict(lambda: defaultdict(list))
    sources: dict[int, list[Source]] = defaultdict(list)
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for fact_id, role, entity in s.execute(
                select(FactEntityRow.fact_id, FactEntityRow.role, EntityRow)
                .join(EntityRow, EntityRow.id == FactEntityRow.entity_id)
                .where(FactEntityRow.fact_id.in_(chunk)).order_by(FactEntityRow.id)):
            if all(a.id != entity.id for a in roles[fact_id][role]):
                roles[fact_id][role].append(Actor(entity.id, entity.canonical_name, entity.type, entity.key))
        rows = s.execute(select(EvidenceRow, DocumentRow, SentenceRow.text)
                         .join(DocumentRow, DocumentRow.id == EvidenceRow.document_id)
                         .outerjoin(SentenceRow, SentenceRow.id == EvidenceRow.sentence_id)
                         .where(EvidenceRow.fact_id.in_(chunk)).order_by(EvidenceRow.id))
        for ev, doc, sentence in rows:
            if not (doc.current or include_superseded):
                continue
            sources[ev.fact_id].append(Source(doc.id, doc.title, doc.publisher, doc.author, doc.published,
                                              doc.source, sentence, doc.ingested_at, dict(ev.data or {})))
    out = []
    for f in facts:
        if not sources[f.id]:
            continue  # every source superseded by a newer version of its document
        d = dict(f.data or {})
        r = roles[f.id]
        out.append(EventItem(
            f.id, f.predicate or d.get("type") or "", d.get("sub_type"), d.get("date"), d.get("time_precision"),
            r["actors"], r["assoc_actors"], r["actors2"], r["location"], list(d.get("targets") or []),
            d.get("place"), d.get("country"), d.get("admin1"), as_float(d.get("lat")), as_float(d.get("lon")),
            d.get("geo_precision"), d.get("fatalities"), d.get("summary"), f.confidence, d, sources[f.id]))
    return out


# ------------------------------------------------------------------ places
@dataclass
class PlaceReport:
    """A place name as events (or mentions) give it, with what the gazetteer made of it."""

    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    source: str
    resolved: bool
    feature: str | None
    events: list[int] = field(default_factory=list)
    mentions: int = 0

    @property
    def precision_used(self) -> str:
        if self.lat is None:
            return "no point"
        words = {1: "town (1)", 2: "near a town or part of a region (2)", 3: "region or country (3)"}
        return words.get(self.geo_precision or 0, str(self.geo_precision))


def place_reports(s: Session, unresolved: bool = False, mentions: bool = False) -> list[PlaceReport]:
    """Each place named by an event (and with ``mentions``, by any Location mention), geocoded.

    An event keeps the coordinates the extractor gave it; the gazetteer is asked
    again (with the event's country and its sentence) only to say where they came
    from and whether the name itself was found or fell back to a wider area.
    """
    reports: dict[tuple[str, str | None], PlaceReport] = {}
    for e in load_events(s):
        if not e.place:
            continue
        key = (e.place, e.country)
        if key not in reports:
            sentence = next((src.sentence for src in e.sources if src.sentence), None)
            reports[key] = _event_place(e, sentence)
        reports[key].events.append(e.id)
    if mentions:
        for report in _mention_places(s):
            key = (report.name, report.country)
            if key in reports:
                reports[key].mentions += report.mentions
            else:
                reports[key] = report
    out = sorted(reports.values(), key=lambda r: (r.country or "~", r.name.casefold()))
    return [r for r in out if not r.resolved] if unresolved else out


def _geo():
    from actorgraph.geo import fallback, geocode

    return geocode, fallback


def _event_place(e: EventItem, sentence: str | None) -> PlaceReport:
    geocode, fallback = _geo()
    place = geocode(e.place, e.country) if e.place else None
    if place is None and e.place:
        place = fallback(e.place, sentence or "", e.country)
    if e.lat is None or e.lon is None:
        return PlaceReport(e.place or "", e.country, e.admin1, None, None, None,
                           "not in the gazetteer, no area to fall back to", False, None)
    source = place.source if place is not None else "extractor"
    resolved = place.resolved if place is not None else False
    return PlaceReport(e.place or "", e.country, e.admin1, e.lat, e.lon, e.geo_precision, source, resolved,
                       place.feature if place is not None else None)


NO_POINT_KINDS = {"river", "lake", "mountains"}
AREA_KINDS = {"area", None}


def _mention_places(s: Session) -> list[PlaceReport]:
    """Location mentions of current documents, geocoded as the extractor would (with the sentence)."""
    from actorgraph.registry import load_registry
    from actorgraph.store.models import MentionRow

    geocode, fallback = _geo()
    registry = load_registry()
    rows = s.execute(select(MentionRow.document_id, MentionRow.text, SentenceRow.text, EntityRow.key)
                     .join(SentenceRow, SentenceRow.id == MentionRow.sentence_id)
                     .join(EntityRow, EntityRow.id == MentionRow.entity_id)
                     .join(DocumentRow, DocumentRow.id == MentionRow.document_id)
                     .where(MentionRow.type == "Location", DocumentRow.current.is_(True),
                            MentionRow.rule != "entities.border.v1")
                     .order_by(MentionRow.id)).all()
    # The document's country (its most-mentioned one) decides between homonyms, as in the extractor.
    countries: dict[int, Counter] = defaultdict(Counter)
    for document_id, text, _sentence, _key in rows:
        place = geocode(text)
        if place is not None and place.feature == "country" and place.country:
            countries[document_id][place.country] += 1
    out: dict[tuple[str, str | None], PlaceReport] = {}
    for document_id, text, sentence, key in rows:
        hint = countries[document_id].most_common(1)[0][0] if countries[document_id] else None
        kind = _registry_kind(registry, key)
        place = geocode(text, hint)
        if place is None and kind not in NO_POINT_KINDS:
            place = _fallback_after(fallback, text, sentence, hint)
            # An area ("Serma forest", "Africa") is placed only near a town or in a region the
            # sentence names, never at a country it merely mentions.
            if place is not None and kind in AREA_KINDS and (place.geo_precision or 3) > 2:
                place = None
        report = (PlaceReport(text, None, None, None, None, None,
                              f"no point ({kind or 'not in the gazetteer'})", False, None)
                  if place is None else
                  PlaceReport(text, place.country, place.admin1, place.lat, place.lon, place.geo_precision,
                              place.source, place.resolved, place.feature))
        out.setdefault((text, report.country), report).mentions += 1
    return list(out.values())


def _fallback_after(fallback, name: str, sentence: str, hint: str | None):
    """Fall back on what the sentence says right after the name ("Serma, in the Mopti region",
    "Douankara border point in Fassale") before the whole sentence, whose other places may be elsewhere."""
    at = sentence.find(name)
    if at >= 0:
        place = fallback(name, sentence[at:], hint)
        if place is not None and (place.resolved or (place.geo_precision or 3) <= 2):
            return place
    return fallback(name, sentence, hint)


def _registry_kind(registry, key: str | None) -> str | None:
    if not key:
        return None
    try:
        return registry.get(key).kind
    except KeyError:
        return None
