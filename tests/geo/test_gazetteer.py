"""Gazetteer: known towns, regions, countries, disambiguation, fallbacks, speed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actorgraph.geo import bbox, country_of, fallback, geocode, norm

# Reference coordinates (Wikipedia / GeoNames), checked to within 0.5 degree.
TOWNS = [
    ("Bamako", "ML", 12.65, -8.00),
    ("Kidal", "ML", 18.44, 1.41),
    ("Gao", "ML", 16.27, -0.04),
    ("Timbuktu", "ML", 16.77, -3.01),
    ("Tombouctou", "ML", 16.77, -3.01),
    ("Tessalit", "ML", 20.20, 1.01),
    ("Sévaré", "ML", 14.53, -4.10),
    ("Sevare", "ML", 14.53, -4.10),
    ("Mopti", "ML", 14.49, -4.18),
    ("Ségou", "ML", 13.45, -6.26),
    ("Segou", "ML", 13.45, -6.26),
    ("Kayes", "ML", 14.45, -11.44),
    ("Ménaka", "ML", 15.92, 2.40),
    ("Menaka", "ML", 15.92, 2.40),
    ("Moura", "ML", 14.33, -4.60),
    ("Djibo", "BF", 14.10, -1.63),
    ("Arbinda", "BF", 14.23, -0.87),
    ("Aribinda", "BF", 14.23, -0.87),
    ("Ouagadougou", "BF", 12.37, -1.53),
    ("Niamey", "NE", 13.51, 2.11),
    ("Dakar", "SN", 14.69, -17.44),
    ("Fassale", "MR", 15.55, -5.52),
]


@pytest.mark.parametrize(("name", "cc", "lat", "lon"), TOWNS)
@pytest.mark.parametrize("hint", [None, "Mali"])
def test_known_towns(name: str, cc: str, lat: float, lon: float, hint: str | None) -> None:
    place = geocode(name, hint)
    assert place is not None
    assert place.country_code == cc
    assert abs(place.lat - lat) < 0.5 and abs(place.lon - lon) < 0.5
    assert place.feature == "town" and place.geo_precision == 1 and place.resolved


def test_lere_needs_the_mali_hint() -> None:
    # Léré exists in Mali, Chad, Nigeria and France: the document's country decides.
    lere = geocode("Lere", "Mali")
    assert lere is not None and lere.country_code == "ML"
    assert abs(lere.lat - 15.72) < 0.5 and abs(lere.lon + 4.90) < 0.5
    assert geocode("Léré", "ML") == lere
    assert geocode("Léré", "Chad").country_code == "TD"  # type: ignore[union-attr]


def test_goa_is_not_gao() -> None:
    assert geocode("Goa", "Mali") is None
    goa = geocode("Goa")
    assert goa is None or goa.name != "Gao"


def test_unknown_towns() -> None:
    for name in ("Serma", "Douankara"):
        assert geocode(name, "Mali") is None


@pytest.mark.parametrize(("name", "cc", "capital"), [
    ("Mopti Region", "ML", "Mopti"), ("Kayes region", "ML", "Kayes"), ("Kidal Region", "ML", "Kidal"),
    ("région de Mopti", "ML", "Mopti"), ("the region of Gao", "ML", "Gao"), ("Tillabéri region", "NE", None),
])
def test_admin1(name: str, cc: str, capital: str | None) -> None:
    place = geocode(name)
    assert place is not None and place.feature == "admin1" and place.geo_precision == 3
    assert place.country_code == cc
    if capital:
        town = geocode(capital, cc)
        assert (place.lat, place.lon) == (town.lat, town.lon)  # type: ignore[union-attr]


def test_kidal_and_kayes_regions_differ() -> None:
    kidal, kayes = geocode("Kidal Region"), geocode("Kayes Region")
    assert kidal and kayes and kidal.admin1 == "Kidal" and kayes.admin1 == "Kayes"
    assert abs(kidal.lon - kayes.lon) > 10


def test_admin1_by_kind_hint() -> None:
    assert geocode("Mopti").feature == "town"  # type: ignore[union-attr]
    assert geocode("Mopti", kind_hint="admin1").feature == "admin1"  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "cc", "short"), [
    ("Mali", "ML", "Mali"), ("Malawi", "MW", "Malawi"), ("Niger", "NE", "Niger"),
    ("Ivory Coast", "CI", "Côte d'Ivoire"), ("Côte d'Ivoire", "CI", "Côte d'Ivoire"),
    ("the U.S.", "US", "United States"), ("US", "US", "United States"), ("USA", "US", "United States"),
    ("UK", "GB", "United Kingdom"), ("Britain", "GB", "United Kingdom"), ("Russia", "RU", "Russia"),
    ("Iran", "IR", "Iran"), ("Burkina Faso", "BF", "Burkina Faso"), ("Mauritanie", "MR", "Mauritania"),
    ("Algeria", "DZ", "Algeria"), ("France", "FR", "France"), ("United Arab Emirates", "AE", None),
])
def test_countries(name: str, cc: str, short: str | None) -> None:
    place = geocode(name)
    assert place is not None and place.feature == "country" and place.geo_precision == 3
    assert place.country_code == cc
    if short:
        assert place.country == short


def test_mali_is_not_malawi() -> None:
    mali, malawi = geocode("Mali"), geocode("Malawi")
    assert mali.country_code == "ML" and malawi.country_code == "MW"  # type: ignore[union-attr]
    assert mali.lat > 10 and malawi.lat < -5  # type: ignore[union-attr]
    assert geocode("Malian") is None or geocode("Malian").country_code != "MW"  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["Niger River", "the Niger river", "fleuve Niger", "Lake Chad"])
def test_rivers_have_no_point(name: str) -> None:
    assert geocode(name) is None


@pytest.mark.parametrize(("name", "lat", "lon"), [
    ("Sahel", 16.8, 2.1), ("the Sahel", 16.8, 2.1), ("West Africa", 12.0, -6.4),
    ("Liptako-Gourma", 14.8, 0.5),
])
def test_macro_regions(name: str, lat: float, lon: float) -> None:
    place = geocode(name)
    assert place is not None and place.feature == "region" and place.geo_precision == 3
    assert abs(place.lat - lat) < 0.5 and abs(place.lon - lon) < 0.5
    assert "supplement" in place.source


def test_every_supplement_row_has_a_source() -> None:
    import csv

    from actorgraph.geo.gazetteer import HERE

    with (HERE / "supplement.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["source"].strip() for r in rows)


def test_disambiguation_without_hint() -> None:
    # Unique to one Sahel country: Kidal (also in Indonesia), Kayes (also in Congo).
    assert geocode("Kidal").country_code == "ML"  # type: ignore[union-attr]
    assert geocode("Kayes").country_code == "ML"  # type: ignore[union-attr]
    # Gao is in Mali and Burkina Faso: the larger place.
    assert geocode("Gao").country_code == "ML"  # type: ignore[union-attr]


def test_hint_as_code_or_name() -> None:
    assert geocode("Lere", "ML") == geocode("Lere", "Mali")


# -- fallbacks ----------------------------------------------------------------------

def test_fallback_near_a_known_town() -> None:
    place = fallback("Douankara", "the Douankara border point in Fassale")
    assert place is not None and not place.resolved
    assert place.name == "Douankara" and place.geo_precision == 2 and place.country_code == "MR"


def test_fallback_to_a_region() -> None:
    place = fallback("Serma", "Serma, in the Mopti region", "Mali")
    assert place is not None and not place.resolved
    assert place.geo_precision == 2 and place.admin1 == "Mopti"


def test_fallback_to_a_country() -> None:
    place = fallback("Nowhereville", "Nowhereville, Mauritania")
    assert place is not None and not place.resolved
    assert place.country_code == "MR" and place.geo_precision == 3


def test_fallback_to_the_hint() -> None:
    place = fallback("Goa", "the extremists took Goa", "Mali")
    assert place is not None and not place.resolved
    assert place.country_code == "ML" and place.geo_precision == 3 and place.name == "Goa"


def test_fallback_returns_known_towns_resolved() -> None:
    place = fallback("Lere", "the central town of Lere", "Mali")
    assert place is not None and place.resolved and place.geo_precision == 1


def test_fallback_without_anything() -> None:
    assert fallback("Nowhereville") is None


# -- helpers ------------------------------------------------------------------------

def test_country_of() -> None:
    assert country_of("Kidal") == "Mali"
    assert country_of("Djibo") == "Burkina Faso"
    assert country_of("Nowhereville") is None


@pytest.mark.parametrize(("cc", "town"), [("ML", "Bamako"), ("ML", "Kidal"), ("BF", "Ouagadougou"),
                                          ("NE", "Niamey"), ("SN", "Dakar"), ("FR", "Paris"),
                                          ("US", "Washington"), ("MR", "Nouakchott")])
def test_bbox_contains_capital(cc: str, town: str) -> None:
    box = bbox(cc)
    place = geocode(town, cc)
    assert box is not None and place is not None
    min_lon, min_lat, max_lon, max_lat = box
    assert min_lon <= place.lon <= max_lon and min_lat <= place.lat <= max_lat


def test_bbox_derived_for_other_countries() -> None:
    box = bbox("CM")
    assert box is not None and box[0] < box[2] and box[1] < box[3]
    assert bbox("XX") is None


@pytest.mark.parametrize(("raw", "normal"), [
    ("Ségou", "segou"), ("the U.S.", "us"), ("Côte d'Ivoire", "cote divoire"),
    ("Liptako-Gourma", "liptako gourma"),
])
def test_norm(raw: str, normal: str) -> None:
    assert norm(raw) == normal


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40), st.sampled_from([None, "Mali", "XX", "Niger"]))
def test_geocode_never_raises(name: str, hint: str | None) -> None:
    geocode(name, hint)
    fallback(name, name, hint)
