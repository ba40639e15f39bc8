"""Event commands: events, timeline, places, export acled-csv / geojson."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from actorgraph.cli import _guard, app, console, err, export_app, get_store, state  # noqa: F401  (state: for tests)


def _none(value) -> str:
    return "" if value is None else str(value)


@app.command("events")
def events_cmd(actor: Annotated[str | None, typer.Option("--actor", "-a", help="any name or alias of an actor "
                                                          "(or a place) taking part")] = None,
               country: Annotated[str | None, typer.Option("--country", "-c", help="country name or ISO code")]
               = None,
               since: Annotated[str | None, typer.Option("--since", help="YYYY, YYYY-MM or YYYY-MM-DD; "
                                                         "undated events are left out")] = None,
               type_: Annotated[str | None, typer.Option("--type", "-t", help="event type (battles, "
                                                         "'Violence against civilians', ...) or sub-type")]
               = None) -> None:
    """Events (ACLED-style) with their date precision, actors, place, fatalities and sources."""
    from actorgraph.analyse.events import load_events

    with get_store().session() as s:
        items = _guard(lambda: load_events(s, actor=actor, country=country, since=since, type_=type_))
    table = Table("id", "date", "prec.", "type / sub-type", "actor1", "actor2 / targets", "place", "country",
                  "fatal.", "sources", show_lines=False)
    for e in items:
        sub = e.sub_type_label
        if e.sub_type and sub in ("Other", "Change to group/activity") and e.sub_type != "other":
            sub += f" ({e.sub_type.replace('_', ' ')})"
        actor1 = ", ".join(a.name for a in e.actors)
        if e.assoc_actors:
            actor1 += f" (with {', '.join(a.name for a in e.assoc_actors)})"
        actor2 = ", ".join(a.name for a in e.actors2) or ", ".join(e.targets)
        fatal = _none(e.fatalities) + (" (disputed: " + "/".join(map(str, e.fatalities_by_source.values())) + ")"
                                       if e.fatalities_disputed else "")
        table.add_row(str(e.id), e.date or "undated", {1: "day", 2: "month", 3: "year"}.get(e.time_precision or 0,
                                                                                              "—"),
                      f"{e.type_label} / {sub}", actor1, actor2, e.place or "", e.country or "", fatal,
                      "; ".join(e.source_labels))
    console.print(table)
    console.print(f"{len(items)} events", highlight=False)


@app.command("timeline")
def timeline_cmd(name: Annotated[str, typer.Argument(help="any name or alias of the actor")],
                 png: Annotated[Path | None, typer.Option("--png", help="also draw the timeline to this PNG")]
                 = None) -> None:
    """An actor's events and dated relations in date order, each with its source."""
    from actorgraph.analyse.timeline import actor_timeline, draw_timeline

    with get_store().session() as s:
        timeline = _guard(lambda: actor_timeline(s, name))
    console.print(f"[bold]{timeline.name}[/bold]: {sum(i.kind == 'event' for i in timeline.items)} events, "
                  f"{sum(i.kind == 'relation' for i in timeline.items)} dated relations", highlight=False)
    table = Table("when", "kind", "what", "source")
    for i in timeline.items:
        table.add_row(i.when, i.kind, i.label, i.source_text)
    console.print(table)
    if png is not None:
        written = _guard(lambda: draw_timeline(timeline, png))
        console.print(f"wrote {written}", highlight=False)


@app.command("places")
def places_cmd(unresolved: Annotated[bool, typer.Option("--unresolved", help="only names the gazetteer does not "
                                                        "know, placed at a wider area (with the precision used)")]
               = False,
               mentions: Annotated[bool, typer.Option("--mentions", help="every Location mention, not only "
                                                      "event places")] = False) -> None:
    """Places named by events and how they were geocoded (name, country, admin1, point, precision, source)."""
    from actorgraph.analyse.events import place_reports

    with get_store().session() as s:
        rows = place_reports(s, unresolved=unresolved, mentions=mentions)
    table = Table("name", "country", "admin1", "lat", "lon", "geo_prec.", "resolved", "source", "events")
    for r in rows:
        table.add_row(r.name, r.country or "", r.admin1 or "",
                      f"{r.lat:.3f}" if r.lat is not None else "", f"{r.lon:.3f}" if r.lon is not None else "",
                      r.precision_used if not r.resolved else _none(r.geo_precision),
                      "yes" if r.resolved else "no (fallback)" if r.lat is not None else "no",
                      r.source, ", ".join(map(str, r.events)) or (f"mentions: {r.mentions}" if r.mentions else ""))
    console.print(table)
    what = "unresolved place names" if unresolved else "place names"
    console.print(f"{len(rows)} {what}", highlight=False)




def _write(text: str, out: Path | None, what: str, count: int) -> None:
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    else:
        err.print(f"wrote {count} {what} to {out}", highlight=False)


@export_app.command("acled-csv")
def export_acled_cmd(out: Annotated[Path | None, typer.Option("--out", "-o", help="CSV file (default: stdout)")]
                     = None) -> None:
    """Events as ACLED-compatible CSV (ACLED's column names and order)."""
    from actorgraph.export.acled import acled_rows, write_acled_csv

    with get_store().session() as s:
        rows = acled_rows(s)
    _write(write_acled_csv(rows, out), out, "events", len(rows))


@export_app.command("geojson")
def export_geojson_cmd(out: Annotated[Path | None, typer.Option("--out", "-o", help="GeoJSON file "
                                                                 "(default: stdout)")] = None) -> None:
    """Geocoded events as a GeoJSON FeatureCollection of Points (properties as the ACLED row)."""
    from actorgraph.export.geojson import event_features, write_geojson

    with get_store().session() as s:
        collection = event_features(s)
    _write(write_geojson(collection, out), out, "events", len(collection["features"]))
    skipped = collection["properties"]["skipped_without_coordinates"]
    if skipped and out is not None:
        err.print(f"{len(skipped)} events without coordinates left out", highlight=False)
