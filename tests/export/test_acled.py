"""The ACLED CSV export: ACLED's columns, labels and codes; it opens in pandas."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from actorgraph.analyse.events import ACTORGRAPH_SUB_TYPES, EVENT_TYPES, SUB_TYPES, load_events
from actorgraph.export.acled import COLUMNS, acled_rows, interaction, write_acled_csv
from actorgraph.settings import load_settings
from actorgraph.store.dedupe import dedupe_events
from actorgraph.store.repository import Store
from tests.analyse.test_events_dedupe import LERE, Events

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]


@pytest.fixture(scope="module")
def demo_csv(demo_workspace, tmp_path_factory):
    store = Store(load_settings(demo_workspace).db_url)
    with store.session() as s:
        rows = acled_rows(s)
        events = {e.id: e for e in load_events(s)}
    store.close()
    out = tmp_path_factory.mktemp("acled") / "events.csv"
    write_acled_csv(rows, out)
    return out, rows, events


def test_csv_opens_in_pandas_with_acleds_columns(demo_csv):
    out, rows, _ = demo_csv
    frame = pd.read_csv(out, keep_default_na=False)
    assert list(frame.columns) == ACLED_COLUMNS == COLUMNS
    assert len(frame) == len(rows) > 20
    assert frame["event_id_cnty"].is_unique
    numeric = pd.read_csv(out)
    assert numeric["fatalities"].dtype.kind == "i"
    assert numeric["inter1"].dtype.kind == "i" and numeric["interaction"].dtype.kind == "i"
    # ISO 8601 at the precision the sources give: parses, the undated ones stay empty.
    dated = numeric["event_date"].dropna()
    assert pd.to_datetime(dated, format="ISO8601").notna().all()


def test_labels_are_acleds(demo_csv):
    _, rows, _ = demo_csv
    assert {r["event_type"] for r in rows} <= set(EVENT_TYPES.values())
    assert {r["sub_event_type"] for r in rows} <= set(SUB_TYPES.values())
    assert {r["disorder_type"] for r in rows} <= {"Political violence", "Demonstrations",
                                                  "Political violence; Demonstrations", "Strategic developments"}
    lere = next(r for r in rows if r["location"] == "Lere")
    assert lere["event_type"] == "Violence against civilians" and lere["sub_event_type"] == "Attack"
    assert lere["civilian_targeting"] == "Civilian targeting"
    assert lere["fatalities"] == 14 and lere["event_date"] == "2025-11" and lere["time_precision"] == 2
    assert lere["actor1"] == "Jama'at Nusrat al-Islam wal-Muslimin" and lere["inter1"] == 2
    assert lere["actor2"] == "Civilians (Mali)" and lere["inter2"] == 7 and lere["interaction"] == 27
    assert lere["iso"] == 466 and lere["region"] == "Western Africa" and lere["admin1"] == "Tombouctou"
    assert "2025-11-17" in lere["notes"]  # the publication date the relative date was resolved against
    assert ACTORGRAPH_SUB_TYPES  # actorgraph's own sub-types are named in the tags
    blockade = next(r for r in rows if "blockade" in r["tags"])
    assert blockade["sub_event_type"] == "Change to group/activity"


def test_event_ids_carry_the_countrys_iso3(demo_csv):
    _, rows, events = demo_csv
    for r in rows:
        if r["country"] == "Mali":
            assert r["event_id_cnty"].startswith("MLI")
        if r["country"] == "Burkina Faso":
            assert r["event_id_cnty"].startswith("BFA")
        assert r["event_id_cnty"][3:].isdigit() and int(r["event_id_cnty"][3:]) in events


def test_undated_events_have_no_invented_date(demo_csv):
    _, rows, _ = demo_csv
    undated = [r for r in rows if not r["event_date"]]
    assert undated
    for r in undated:
        assert r["year"] == "" and r["time_precision"] == ""
        assert "date not stated in the sources" in r["notes"]


def test_inter_codes_follow_the_codebook(demo_csv):
    _, rows, _ = demo_csv
    for r in rows:
        assert r["inter1"] in range(9) and r["inter2"] in range(9)
        assert r["interaction"] == interaction(r["inter1"], r["inter2"])
    french = next(r for r in rows if r["actor1"] == "French counterterrorism forces")
    assert french["inter1"] == 8  # a state's forces outside their own country: external forces
    assert french["actor2"] == "Jama'at Nusrat al-Islam wal-Muslimin" and french["interaction"] == 28
    assert interaction(2, 0) == 20 and interaction(7, 1) == 17


def test_sources_name_the_reporting_documents(demo_csv):
    _, rows, events = demo_csv
    for r in rows:
        event = events[int(r["event_id_cnty"][3:])]
        for source in event.sources:
            assert (source.publisher or source.title) in r["source"]


def test_disputed_fatalities_are_noted(tmp_path):
    built = Events(tmp_path)
    with built.store.transaction() as s:
        a = built.document(s, "Report A", "s", "2025-11-05", "AFP")
        b = built.document(s, "Report B", "s", "2025-11-17", "Arab News")
        built.event(s, a, "violence_against_civilians", "attack", "2025-11-03", LERE, ("JNIM",), fatalities=10,
                    summary="JNIM killed at least 10 civilians in Lere")
        built.event(s, b, "violence_against_civilians", "attack", "2025-11-03", LERE, ("JNIM",), fatalities=14)
        dedupe_events(s)
    with built.store.session() as s:
        (row,) = acled_rows(s)
    built.store.close()
    assert row["fatalities"] == 10
    assert row["source"] == "AFP; Arab News"
    assert "fatalities disputed" in row["tags"]
    assert "10 (AFP)" in row["notes"] and "14 (Arab News)" in row["notes"]
    assert row["notes"].startswith("JNIM killed at least 10 civilians in Lere.")
    frame = pd.read_csv(io.StringIO(write_acled_csv([row])))
    assert frame.loc[0, "event_date"] == "2025-11-03" and frame.loc[0, "time_precision"] == 1


def test_cli_writes_the_file(demo_workspace, tmp_path):
    from tests.analyse.test_events_cli import run

    out = tmp_path / "acled.csv"
    result = run(demo_workspace, "export", "acled-csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert list(pd.read_csv(out).columns) == ACLED_COLUMNS
    stdout = run(demo_workspace, "export", "acled-csv")
    assert stdout.exit_code == 0 and stdout.output.startswith("event_id_cnty,event_date,year,")
