"""Events as ACLED rows: ACLED's column names and order, labels and actor-type (inter) codes.

Conventions (ACLED codebook):

* ``event_id_cnty`` is the ISO3 code of the event's country and a number (the
  event's fact id, so an id stays the same from one export to the next);
* ``event_date`` is ISO 8601 at the precision the sources give ("2025-11-03",
  "2025-11", "2012") with ``time_precision`` 1/2/3; an undated event has an
  empty date and year, and its notes say so: nothing is invented;
* ``inter1``/``inter2``: 1 State forces, 2 Rebel groups, 3 Political militias,
  4 Identity militias, 5 Rioters, 6 Protesters, 7 Civilians, 8 External/Other
  forces (state forces outside their own country, international bodies,
  private military companies), 0 no actor; ``interaction`` is the two codes,
  lower first (``20`` for a rebel group acting alone);
* an act of violence against civilians with no named perpetrator is coded to
  "Unidentified Armed Group (<country>)", its victims to "Civilians (<country>)";
* ``fatalities`` is the lowest credible figure; when sources disagree the
  notes give each source's figure and ``tags`` says "fatalities disputed";
* ``source`` names the publishers (else the titles) of the reporting documents.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session

from actorgraph.analyse.events import ACTORGRAPH_SUB_TYPES, Actor, EventItem, date_note, load_events

COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
STATE, REBEL, POLITICAL_MILITIA, IDENTITY_MILITIA, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = range(1, 9)
STATE_KINDS = {"state_force", "government", "government_agency"}
EXTERNAL_KINDS = {"international_body", "mission", "military_operation", "company"}
CIVILIAN_KINDS = {"media", "think_tank", "ngo", "university", "person"}
# Registry armed groups that ACLED files as identity (communal, ethnic) militias.
IDENTITY_MILITIAS = {"dan-na-ambassagou", "koglweogo", "gatia"}
VIOLENT = {"battles", "violence_against_civilians", "explosions_remote_violence"}
CIVILIAN_WORDS = re.compile(r"\b(civilians?|villagers?|residents?|inhabitants?|people|women|children|"
                            r"worshippers|passengers|traders|farmers|herders|families|hostages?|tourists?)\b",
                            re.IGNORECASE)
# ACLED's regions (UN M49 sub-regions, as ACLED names them) for the countries this corpus meets.
_REGION_CODES = {
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG",
    "Northern Africa": "DZ EG LY MA TN EH SD",
    "Middle Africa": "CM CF TD CG CD GQ GA AO ST",
    "Eastern Africa": "BI DJ ER ET KE MG MW MZ RW SO SS TZ UG ZM ZW",
    "Southern Africa": "BW LS NA ZA SZ",
    "Middle East": "IQ IL PS SY LB JO SA YE AE QA KW BH OM IR TR",
    "South Asia": "AF PK IN BD LK NP",
    "North America": "US CA",
    "Europe": "FR GB DE IT ES BE NL SE NO DK CH AT PT IE PL GR RU UA",
}
REGIONS = {code: region for region, codes in _REGION_CODES.items() for code in codes.split()}


def _disorder(event_type: str, sub_type: str | None) -> str:
    if event_type in VIOLENT:
        return "Political violence"
    if event_type == "protests":
        return "Political violence; Demonstrations" if sub_type == "excessive_force_against_protesters" \
            else "Demonstrations"
    if event_type == "riots":
        return "Political violence" if sub_type == "mob_violence" else "Demonstrations"
    return "Strategic developments"


# ------------------------------------------------------------------ countries
@cache
def _iso(country: str | None) -> tuple[str | None, str | None, int | None]:
    """(alpha-2, alpha-3, numeric) of a country name."""
    if not country:
        return None, None, None
    import pycountry

    from actorgraph.geo import get_gazetteer

    code = get_gazetteer().country_code(country)
    c = pycountry.countries.get(alpha_2=code) if code else None
    if c is None:
        return code, None, None
    return c.alpha_2, c.alpha_3, int(c.numeric)


@cache
def _registry():
    from actorgraph.registry import load_registry

    return load_registry()


def _home_country(actor: Actor) -> str | None:
    """The alpha-2 code of the state a state actor belongs to ("Malian army" -> ML)."""
    if actor.key and actor.key.startswith("state:"):
        return _iso(actor.key.split(":")[1])[0]
    if actor.type == "Location":
        return _iso(actor.name)[0]
    registry = _registry()
    for word in re.findall(r"[\w'’.]+", actor.name):
        entry = registry.country_of(word) or registry.lookup(word.rstrip("'’s").rstrip("'’"))
        if entry is not None and entry.kind == "country":
            return _iso(entry.name)[0]
    return None


def _kind(actor: Actor) -> str | None:
    if actor.key and actor.key.startswith("state:"):
        return "state_force"
    if actor.type == "Location":
        return "country"
    if actor.key:
        try:
            return _registry().get(actor.key).kind
        except KeyError:
            pass
    return None


_STATE_WORDS = re.compile(r"\b(army|armed forces|military|troops|soldiers|forces|police|gendarmerie|government|"
                          r"junta|ministry|presidency)\b", re.IGNORECASE)
_EXTERNAL_WORDS = re.compile(r"\b(united nations|mission|alliance|union|coalition|organi[sz]ation|council|"
                             r"community|operation|company|mercenar\w*)\b", re.IGNORECASE)
_MILITIA_WORDS = re.compile(r"\b(militia|self-defen[cs]e|vigilante)\b", re.IGNORECASE)


def inter_code(actor: Actor | None, event_country: str | None, affiliations: dict[int, Actor] | None = None) -> int:
    """ACLED's actor type for an actor in an event in ``event_country``."""
    if actor is None:
        return 0
    kind = _kind(actor)
    if kind is None and actor.type == "Person":
        kind = "person"
    if kind == "person":
        org = (affiliations or {}).get(actor.id)
        return inter_code(org, event_country) if org is not None else CIVILIANS
    if kind is None:  # an organisation the registry does not know: judge by its name
        if _STATE_WORDS.search(actor.name) and _home_country(actor):
            kind = "state_force"
        elif _MILITIA_WORDS.search(actor.name):
            return POLITICAL_MILITIA
        elif _EXTERNAL_WORDS.search(actor.name):
            return EXTERNAL
        else:
            return REBEL
    if kind in STATE_KINDS or kind == "country":
        home, here = _home_country(actor), _iso(event_country)[0]
        return STATE if home is None or here is None or home == here else EXTERNAL
    if kind == "armed_group":
        return IDENTITY_MILITIA if actor.key in IDENTITY_MILITIAS else REBEL
    if kind in EXTERNAL_KINDS:
        return EXTERNAL
    if kind in CIVILIAN_KINDS:
        return CIVILIANS
    return EXTERNAL


def interaction(inter1: int, inter2: int) -> int:
    if inter1 and inter2:
        a, b = sorted((inter1, inter2))
        return a * 10 + b
    return (inter1 or inter2) * 10


# ------------------------------------------------------------------ rows
def _affiliations(s: Session) -> dict[int, Actor]:
    """Person id -> the organisation they lead or belong to (for a person's inter code)."""
    from sqlalchemy import select

    from actorgraph.store.models import EntityRow, FactRow

    rows = s.execute(select(FactRow.subject_id, EntityRow).join(EntityRow, EntityRow.id == FactRow.object_id)
                     .where(FactRow.kind == "relation", FactRow.status == "active",
                            FactRow.predicate.in_(["leader_of", "member_of", "founded"]))
                     .order_by(FactRow.predicate != "leader_of", FactRow.id)).all()
    out: dict[int, Actor] = {}
    for person, org in rows:
        if person is not None:
            out.setdefault(person, Actor(org.id, org.canonical_name, org.type, org.key))
    return out


def acled_row(e: EventItem, affiliations: dict[int, Actor] | None = None) -> dict:
    alpha2, alpha3, numeric = _iso(e.country)
    actors = e.actors
    assoc = [a.name for a in actors[1:]] + [a.name for a in e.assoc_actors]
    actor1 = actors[0] if actors else None
    actor2 = e.actors2[0] if e.actors2 else None
    name1 = actor1.name if actor1 else ""
    name2 = actor2.name if actor2 else ""
    inter1 = inter_code(actor1, e.country, affiliations)
    inter2 = inter_code(actor2, e.country, affiliations)
    civilian_victims = e.type == "violence_against_civilians" or (
        e.type in VIOLENT and any(CIVILIAN_WORDS.search(t) for t in e.targets))
    where = e.country or "unknown country"
    if e.type == "violence_against_civilians" and actor1 is None:
        name1, inter1 = f"Unidentified Armed Group ({where})", POLITICAL_MILITIA
    if civilian_victims and actor2 is None:
        name2, inter2 = f"Civilians ({where})", CIVILIANS
    if e.type not in VIOLENT and actor1 is None and actor2 is not None:
        name1, name2, inter1, inter2 = name2, "", inter2, 0
    tags = []
    if e.fatalities_disputed:
        tags.append("fatalities disputed")
    if e.sub_type in ACTORGRAPH_SUB_TYPES:
        tags.append(f"actorgraph sub-type: {e.sub_type.replace('_', ' ')}")
    stamps = [src.ingested_at for src in e.sources if src.ingested_at is not None]
    return {
        "event_id_cnty": f"{alpha3 or 'XXX'}{e.id}",
        "event_date": e.date or "",
        "year": e.partial_date.year if e.partial_date else "",
        "time_precision": e.time_precision or "",
        "disorder_type": _disorder(e.type, e.sub_type),
        "event_type": e.type_label,
        "sub_event_type": e.sub_type_label,
        "actor1": name1,
        "assoc_actor_1": "; ".join(dict.fromkeys(assoc)),
        "inter1": inter1,
        "actor2": name2,
        "assoc_actor_2": "; ".join(dict.fromkeys(a.name for a in e.actors2[1:])),
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilian_victims else "",
        "iso": numeric if numeric is not None else "",
        "region": REGIONS.get(alpha2 or "", ""),
        "country": e.country or "",
        "admin1": e.admin1 or "",
        "admin2": "",
        "admin3": "",
        "location": e.place or "",
        "latitude": round(e.lat, 4) if e.lat is not None else "",
        "longitude": round(e.lon, 4) if e.lon is not None else "",
        "geo_precision": e.geo_precision or "",
        "source": "; ".join(e.source_labels),
        "source_scale": "",
        "notes": notes(e),
        "fatalities": e.fatalities if e.fatalities is not None else 0,
        "tags": "; ".join(tags),
        "timestamp": int(max(stamps).timestamp()) if stamps else "",
    }


def notes(e: EventItem) -> str:
    parts = [(e.summary or "").strip().rstrip(".")]
    if e.targets:
        parts.append("targets: " + ", ".join(e.targets))
    parts.append(date_note(e))
    if e.fatalities is None:
        parts.append("fatalities not reported (0 in the fatalities column)")
    if e.fatalities_disputed:
        titles = {str(src.document_id): src.label for src in e.sources}
        figures = ", ".join(f"{n} ({titles.get(doc, 'document ' + doc)})"
                            for doc, n in e.fatalities_by_source.items())
        parts.append(f"fatalities disputed: {figures}; the lowest figure is used")
    if len(e.sources) > 1:
        parts.append(f"{len({src.document_id for src in e.sources})} reporting documents")
    return ". ".join(p for p in parts if p) + "."


def acled_rows(s: Session, events: Iterable[EventItem] | None = None) -> list[dict]:
    events = list(events) if events is not None else load_events(s)
    affiliations = _affiliations(s)
    return [acled_row(e, affiliations) for e in events]


def write_acled_csv(rows: list[dict], out: Path | None = None) -> str:
    """Write the rows as CSV (to ``out`` when given) and return the text."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    text = buffer.getvalue()
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return text
