"""The GeoJSON export: a FeatureCollection of Points inside their country's bounding box."""

from __future__ import annotations

import json

import pytest

from actorgraph.analyse.events import load_events
from actorgraph.export.acled import COLUMNS
from actorgraph.export.geojson import event_features, write_geojson
from actorgraph.geo import bbox, get_gazetteer
from actorgraph.settings import load_settings
from actorgraph.store.repository import Store


@pytest.fixture(scope="module")
def collection(demo_workspace):
    store = Store(load_settings(demo_workspace).db_url)
    with store.session() as s:
        data = event_features(s)
        events = load_events(s)
    store.close()
    return data, events


def test_is_a_feature_collection_of_points(collection):
    data, events = collection
    parsed = json.loads(write_geojson(data))
    assert parsed["type"] == "FeatureCollection"
    assert parsed["features"]
    geocoded = [e for e in events if e.lat is not None and e.lon is not None]
    assert len(parsed["features"]) == len(geocoded)
    assert sorted(parsed["properties"]["skipped_without_coordinates"]) == \
        sorted(e.id for e in events if e.lat is None or e.lon is None)
    for f in parsed["features"]:
        assert f["type"] == "Feature"
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert isinstance(lon, float) and isinstance(lat, float)
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_points_lie_in_their_countrys_bbox(collection):
    data, _ = collection
    for f in data["features"]:
        country = f["properties"]["country"]
        code = get_gazetteer().country_code(country)
        box = bbox(code)
        assert box is not None, country
        lon, lat = f["geometry"]["coordinates"]
        min_lon, min_lat, max_lon, max_lat = box
        assert min_lon <= lon <= max_lon and min_lat <= lat <= max_lat, (f["properties"]["location"], country)


def test_properties_are_the_acled_row(collection):
    data, _ = collection
    for f in data["features"]:
        props = f["properties"]
        assert set(COLUMNS) <= set(props)
        assert f["id"] == props["event_id_cnty"]
        assert props["latitude"] == pytest.approx(f["geometry"]["coordinates"][1], abs=1e-3)
        assert props["longitude"] == pytest.approx(f["geometry"]["coordinates"][0], abs=1e-3)
    lere = next(f for f in data["features"] if f["properties"]["location"] == "Lere")
    assert lere["properties"]["event_type"] == "Violence against civilians"
    assert lere["properties"]["fatalities"] == 14


def test_cli_writes_valid_json(demo_workspace, tmp_path):
    from tests.analyse.test_events_cli import run

    out = tmp_path / "events.geojson"
    result = run(demo_workspace, "export", "geojson", "--out", str(out))
    assert result.exit_code == 0, result.output
    parsed = json.loads(out.read_text("utf-8"))
    assert parsed["type"] == "FeatureCollection" and parsed["features"]
