"""Geocoding quality over the demo corpus: Malian towns land in Mali, the rest fall back visibly."""

from __future__ import annotations

import pytest

from actorgraph.analyse.events import load_events, place_reports
from actorgraph.geo import bbox, fallback
from actorgraph.settings import load_settings
from actorgraph.store.repository import Store

# Reference points (Wikipedia / GeoNames), to within 0.3 degree.
MALIAN_TOWNS = {
    "Bamako": (12.65, -8.00), "Timbuktu": (16.77, -3.01), "Tessalit": (20.20, 1.01),
    "Sévaré": (14.53, -4.10), "Lere": (15.72, -4.90), "Moura": (14.33, -4.60), "Kidal": (18.44, 1.41),
}


@pytest.fixture(scope="module")
def reports(demo_workspace):
    store = Store(load_settings(demo_workspace).db_url)
    with store.session() as s:
        events = load_events(s)
        places = place_reports(s, mentions=True)
    store.close()
    return events, places


def _inside(lat: float, lon: float, code: str) -> bool:
    min_lon, min_lat, max_lon, max_lat = bbox(code)  # type: ignore[misc]
    return min_lon <= lon <= max_lon and min_lat <= lat <= max_lat


def test_event_places_in_mali_land_in_mali(reports):
    events, _ = reports
    seen = set()
    for e in events:
        if e.place in MALIAN_TOWNS:
            seen.add(e.place)
            lat, lon = MALIAN_TOWNS[e.place]
            assert e.country == "Mali" and e.geo_precision == 1
            assert _inside(e.lat, e.lon, "ML"), e.place
            assert abs(e.lat - lat) < 0.3 and abs(e.lon - lon) < 0.3, e.place
    assert {"Bamako", "Timbuktu", "Tessalit", "Sévaré", "Lere"} <= seen


def test_every_known_malian_town_named_in_the_seeds_is_resolved(reports):
    _, places = reports
    by_name = {r.name: r for r in places}
    for name, (lat, lon) in MALIAN_TOWNS.items():
        r = by_name[name]
        assert r.resolved and r.country == "Mali" and r.geo_precision == 1, name
        assert _inside(r.lat, r.lon, "ML") and abs(r.lat - lat) < 0.3 and abs(r.lon - lon) < 0.3, name


def test_unknown_places_fall_back_and_are_listed(reports):
    _, places = reports
    unresolved = {r.name: r for r in places if not r.resolved}
    serma = unresolved["Serma"]  # "Serma in the Mopti Region of Mali"
    assert serma.country == "Mali" and serma.admin1 == "Mopti" and serma.geo_precision == 2
    assert _inside(serma.lat, serma.lon, "ML")
    assert "fallback" in serma.source
    hotel = unresolved["Radisson Blu hotel"]
    assert hotel.geo_precision == 2 and "Bamako" in hotel.source


def test_event_countries_have_a_bbox(reports):
    events, _ = reports
    for e in events:
        if e.lat is not None:
            from actorgraph.geo import get_gazetteer

            code = get_gazetteer().country_code(e.country)
            assert code and _inside(e.lat, e.lon, code), (e.place, e.country)


@pytest.mark.xfail(reason="geo.fallback ranks any town of the sentence before the region named right after "
                          "the place and ignores the country hint: Serma goes to Aribinda, Burkina Faso "
                          "(proposed fix in the events report)", strict=False)
def test_fallback_prefers_the_container_in_the_hint_country() -> None:
    sentence = ("Jafar Dicko is the JNIM emir of Arbinda and Serma in the Mopti Region of Mali, and Sidan "
                "Ag-Hitta is the commander of Kidal Region, Mali.")
    place = fallback("Serma", sentence, "Mali")
    assert place is not None and place.country_code == "ML" and place.admin1 == "Mopti"
