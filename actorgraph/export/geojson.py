"""Events as GeoJSON (RFC 7946): a FeatureCollection with one Point per geocoded event.

The properties are the event's ACLED row (see ``export.acled``) plus the fact id
and, when sources disagree, each source's fatality figure. Events without
coordinates are left out; ``skipped`` in the collection's ``properties`` member
lists their ids so nothing disappears silently.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from actorgraph.analyse.events import load_events
from actorgraph.export.acled import _affiliations, acled_row


def event_features(s: Session, events=None) -> dict:
    events = list(events) if events is not None else load_events(s)
    affiliations = _affiliations(s)
    features, skipped = [], []
    for e in events:
        if e.lat is None or e.lon is None:
            skipped.append(e.id)
            continue
        props = acled_row(e, affiliations)
        props = {k: (None if v == "" else v) for k, v in props.items()}
        props["fact_id"] = e.id
        if e.fatalities_disputed:
            props["fatalities_by_source"] = e.fatalities_by_source
        features.append({
            "type": "Feature",
            "id": props["event_id_cnty"],
            "geometry": {"type": "Point", "coordinates": [round(e.lon, 6), round(e.lat, 6)]},
            "properties": props,
        })
    return {"type": "FeatureCollection", "features": features,
            "properties": {"skipped_without_coordinates": skipped}}


def write_geojson(collection: dict, out: Path | None = None) -> str:
    text = json.dumps(collection, ensure_ascii=False, indent=1)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
    return text
