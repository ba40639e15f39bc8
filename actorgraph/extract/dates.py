"""Dates in English and French report prose, at the precision the text gives.

ACLED codes a date with a *time precision*: 1 = the day is known, 2 = the week or
month, 3 = only the year. ``PartialDate`` carries exactly what the text states, so
"June 2018" never becomes 2018-06-01. Relative expressions ("two weeks ago",
"since September") are resolved against a reference date (the publication date)
and are never guessed without one.

Conventions (see /work/shared/eval/gold/NOTES.md):

* "N weeks ago", "last week", "yesterday" resolve to the exact day counted back
  from ``ref``; callers reduce them with ``coarsen(d, 2)`` when the text does
  not support day precision (the gold codes "two weeks ago" from 2025-11-17 as
  2025-11).
* A bare month ("In August", "since September") is the most recent such month
  not after ``ref``.
* A range inside one year ("between January and April 2012") is coded at year
  precision, inside one month at month precision; a range across years gives
  its start year.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "DateMention",
    "PartialDate",
    "coarsen",
    "find_dates",
    "parse_date",
]

MIN_YEAR = 1900
MAX_YEAR = 2099

# ---------------------------------------------------------------------------
# Value type
# ---------------------------------------------------------------------------


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month or 1)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"day out of range: {self.year}-{self.month}-{self.day}")

    @property
    def precision(self) -> int:
        """ACLED time_precision: 1 day, 2 month (or week), 3 year."""
        if self.day is not None:
            return 1
        return 2 if self.month is not None else 3

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.iso()

    def _key(self) -> tuple[int, int, int]:
        # A coarser date sorts before the finer dates inside it: 2017 < 2017-01.
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        """Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD"; raise ValueError otherwise."""
        m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
        if not m:
            raise ValueError(f"not an ISO partial date: {text!r}")
        year, month, day = m.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @classmethod
    def from_stored(cls, value: object) -> PartialDate | None:
        """A stored date ("2020", "2020-03", "2020-03-15") or None when missing or malformed."""
        if not value:
            return None
        try:
            return cls.from_iso(str(value))
        except ValueError:
            return None

    @classmethod
    def from_date(cls, d: _dt.date) -> PartialDate:
        return cls(d.year, d.month, d.day)

    def first_day(self) -> _dt.date:
        """The earliest calendar day the value can denote."""
        return _dt.date(self.year, self.month or 1, self.day or 1)


def coarsen(d: PartialDate, precision: int) -> PartialDate:
    """Reduce ``d`` to at most the given ACLED precision (1 day, 2 month, 3 year)."""
    if precision >= 3:
        return PartialDate(d.year)
    if precision == 2:
        return PartialDate(d.year, d.month)
    return d


def _with_precision_of(d: _dt.date, ref: PartialDate) -> PartialDate:
    """A computed day, no finer than the reference it was computed from."""
    return coarsen(PartialDate.from_date(d), ref.precision)


# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents, so "Août", "aout" and "AOÛT" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_MONTH_FORMS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "janvier", "janv"),
    2: ("february", "feb", "febr", "fevrier", "fevr", "fev"),
    3: ("march", "mar", "mars"),
    4: ("april", "apr", "avril", "avr"),
    5: ("may", "mai"),
    6: ("june", "jun", "juin"),
    7: ("july", "jul", "juillet", "juil"),
    8: ("august", "aug", "aout"),
    9: ("september", "sep", "sept", "septembre"),
    10: ("october", "oct", "octobre"),
    11: ("november", "nov", "novembre"),
    12: ("december", "dec", "decembre"),
}
_MONTHS: dict[str, int] = {form: num for num, forms in _MONTH_FORMS.items() for form in forms}
# Full names only: a bare "Mar" or "May" without a day or year is too often a word.
_FULL_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december", "janvier", "fevrier", "mars",
                "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
                "decembre"}
_FRENCH_MONTHS = {f for f in _FULL_MONTHS if f not in {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december"}}


def _accent_class(ch: str) -> str:
    variants = {"e": "eéèêë", "a": "aàâä", "u": "uûùü", "i": "iîï", "o": "oôö", "c": "cç"}
    return f"[{variants[ch]}]" if ch in variants else re.escape(ch)


def _month_alternation() -> str:
    forms = sorted(_MONTHS, key=len, reverse=True)
    return "|".join("".join(_accent_class(c) for c in form) for form in forms)


# The trailing lookahead stops "Jun" matching inside "June" and "mar" in "market".
MONTH = rf"(?:{_month_alternation()})(?:\.|(?![a-zà-ÿ]))"
YEAR = r"(?<![\d,.$€£/])(?:19|20)\d{2}(?![\d%]|[.,/]\d|-\d{2}(?!\d)|s\b)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|e|ème)?"

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "six_fr": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
}
COUNT = r"(?:\d{1,3}|a couple of|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve" \
        r"|une?|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze)"

_UNIT_DAYS = {"day": 1, "days": 1, "jour": 1, "jours": 1, "week": 7, "weeks": 7, "semaine": 7,
              "semaines": 7}
_UNIT_MONTHS = {"month": 1, "months": 1, "mois": 1, "year": 12, "years": 12, "an": 12, "ans": 12,
                "annee": 12, "annees": 12}
UNIT = r"(?:days?|weeks?|months?|years?|jours?|semaines?|mois|ans|ann[ée]es?)"

_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
             "saturday": 5, "sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3,
             "vendredi": 4, "samedi": 5, "dimanche": 6}
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|lundi|mardi|mercredi" \
          r"|jeudi|vendredi|samedi|dimanche)"

# Qualifiers that leave the precision at the year ("early 2017", "Winter 2020", "fin 2019").
SEASON = r"(?:\b(?:early|late|mid|the\s+(?:beginning|start|end|middle|first\s+half|second\s+half)\s+of" \
         r"|d[ée]but|fin|mi|courant|(?:the\s+)?(?:winter|summer|spring|autumn|fall)(?:\s+of)?" \
         r"|l['’]hiver|l['’][ée]t[ée]|[ée]t[ée]|hiver|printemps|automne)[\s-]+)"


def _count_value(word: str) -> int:
    w = _fold(word)
    if w.isdigit():
        return int(w)
    if w == "six":
        return 6
    return _NUMBER_WORDS[w]


# ---------------------------------------------------------------------------
# Mentions
# ---------------------------------------------------------------------------

Kind = Literal["point", "range_start", "since", "as_of"]


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a sentence, with offsets into that sentence.

    ``value`` is the date the expression denotes (for a range: its start, at the
    precision the gold convention asks for); ``end`` is a range's end, else None.
    """

    start: int
    end: int
    text: str
    value: PartialDate
    relative: bool
    kind: Kind
    end_value: PartialDate | None = None


@dataclass
class _Candidate:
    start: int
    end: int
    value: PartialDate
    relative: bool
    kind: Kind
    end_value: PartialDate | None = None


def _safe(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


def _day_of(token: str) -> int:
    return int(re.match(r"\d+", token).group())  # type: ignore[union-attr]


def _recent_month(month: int, ref: PartialDate) -> PartialDate:
    """The most recent ``month`` not after the reference month."""
    ref_month = ref.month or 12
    year = ref.year if month <= ref_month else ref.year - 1
    return PartialDate(year, month)


def _month_day_without_year(month: int, day: int, ref: PartialDate) -> PartialDate | None:
    # "as of November 7" in a November 2025 article: the reference year, unless
    # that lands in a later month than the reference (then it was last year).
    ref_month = ref.month or 12
    year = ref.year if month <= ref_month else ref.year - 1
    return _safe(year, month, day)


# Each rule: (pattern, handler). Handlers get the match and ref and return a
# candidate or None. Rules are tried in order; overlaps are settled by length.

def _h_iso(m: re.Match[str], ref: PartialDate | None) -> _Candidate | None:
    v = _safe(int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None)
    return _Candidate(m.start(), m.end(), v, False, "point") if v else None


def _h_numeric(m: re.Match[str], ref: PartialDate | None) -> _Candidate | None:
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    # Day first (European and French usage); month first only when day-first is impossible.
    v = _safe(year, b, a) or _safe(year, a, b)
    return _Candidate(m.start(), m.end(), v, False, "point") if v else None


def _h_day_month_year(m: re.Match[str], ref: PartialDate | None) -> _Candidate | None:
    v = _safe(int(m["y"]), _MONTHS[_fold(m["mon"]).rstrip(".")], _day_of(m["d"]))
    return _Candidate(m.start(), m.end(), v, False, "point") if v else None


def _h_month_year(m: re.Match[str], ref: PartialDate | None) -> _Candidate | None:
    v = _safe(int(m["y"]), _MONTHS[_fold(m["mon"]).rstrip(".")])
    return _Candidate(m.start(), m.end(), v, False, "point") if v else None


def _h_month_day(m: re.Match[str], ref: PartialDate | None) -> _Candidate | None:
    name = _fold(m["mon"]).rstrip(".")
    # Without a year, "may 20" is too often a verb and a number: English needs a capital.
    if ref is None or (name not in _FRENCH_MONTHS and not m["mon"][0].isupper()):
        return None
    v = _month_day_without_year(_MONTHS[_fold(m["mon"]).rstrip(".")], _day_of(m["d"]), ref)
    return _Candidate(m.start(), m.end(), v, True, "point") if v else None


def _h_season_year(m: re.Match[str], ref: PartialDate | None) -> _Candidate | None:
    v = _safe(int(m["y"]))
    return _Candidate(m.start(), m.end(), v, False, "point") if v else None


def _h_year(m: re.Match[str], ref: PartialDate | None) -> _Candidate | None:
    v = _safe(int(m["y"]))
    return _Candidate(m.start(), m.end(), v, False, "point") if v else None


def _h_bare_month(m: re.Match[str], ref: PartialDate | None) -> _Candidate | None:
    name = _fold(m["mon"])
    if ref is None or name not in _FULL_MONTHS:
        return None
    # English month names are capitalised; lower-case "may"/"march" are words.
    if name not in _FRENCH_MONTHS and not m["mon"][0].isupper():
        return None
    return _Candidate(m.start("mon"), m.end(), _recent_month(_MONTHS[name], ref), True, "point")


def _h_ago(m: re.Match[str], ref: PartialDate | None) -> _Candidate | None:
    """"two weeks ago", "il y a trois mois": counted back from the reference day."""
    if ref is None:
        return None
    n = _count_value(m["n"])
    unit = _fold(m["u"])
    base = ref.first_day()
    if unit in _UNIT_DAYS:
        d = base - _dt.timedelta(days=n * _UNIT_DAYS[unit])
    else:
        total = base.year * 12 + base.month - 1 - n * _UNIT_MONTHS[unit]
        year, month = total // 12, total % 12 + 1
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        d = _dt.date(year, month, min(base.day, calendar.monthrange(year, month)[1]))
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        return None
    return _Candidate(m.start(), m.end(), _with_precision_of(d, ref), True, "point")


def _shift_month(ref: PartialDate, delta: int) -> PartialDate | None:
    if ref.month is None:
        return None
    total = ref.year * 12 + ref.month - 1 + delta
    return _safe(total // 12, total % 12 + 1)


def _h_fixed(m: re.Match[str], ref: PartialDate | None) -> _Candidate | None:
    """"yesterday", "this year", "last month", "la semaine dernière" ..."""
    if ref is None:
        return None
    key = re.sub(r"\s+", " ", _fold(m.group()).replace("’", "'"))
    v = _fixed_value(key, ref)
    return _Candidate(m.start(), m.end(), v, True, "point") if v else None


_FIXED: dict[str, tuple[str, int]] = {
    "yesterday": ("days", -1), "hier": ("days", -1), "today": ("days", 0), "aujourd'hui": ("days", 0),
    "last week": ("days", -7), "la semaine derniere": ("days", -7), "la semaine passee": ("days", -7),
    "earlier this week": ("days", 0), "this week": ("days", 0), "cette semaine": ("days", 0),
    "last month": ("months", -1), "le mois dernier": ("months", -1), "le mois passe": ("months", -1),
    "this month": ("months", 0), "earlier this month": ("months", 0), "ce mois-ci": ("months", 0),
    "plus tot ce mois-ci": ("months", 0), "next month": ("months", 1), "le mois prochain": ("months", 1),
    "this year": ("years", 0), "earlier this year": ("years", 0), "so far this year": ("years", 0),
    "cette annee": ("years", 0), "plus tot cette annee": ("years", 0), "last year": ("years", -1),
    "l'annee derniere": ("years", -1), "l'an dernier": ("years", -1), "l'an passe": ("years", -1),
    "l'annee passee": ("years", -1), "next year": ("years", 1), "l'annee prochaine": ("years", 1),
    "l'an prochain": ("years", 1),
}


def _fixed_value(key: str, ref: PartialDate) -> PartialDate | None:
    what, delta = _FIXED[key]
    if what == "years":
        return _safe(ref.year + delta)
    if what == "months":
        return _shift_month(ref, delta)
    d = ref.first_day() + _dt.timedelta(days=delta)
    return _with_precision_of(d, ref)


def _fixed_pattern() -> str:
    """The _FIXED keys as a regex that accepts accents, any spacing and both apostrophes."""
    def one(key: str) -> str:
        body = "".join(_accent_class(c) if c not in " '" else c for c in key)
        return body.replace(" ", r"\s+").replace("'", "['’]")
    return r"\b(?:" + "|".join(one(k) for k in sorted(_FIXED, key=len, reverse=True)) + r")(?![\w-])"


def _h_weekday(m: re.Match[str], ref: PartialDate | None) -> _Candidate | None:
    # "on Thursday" in news copy is the most recent such day, publication day included.
    if ref is None or ref.day is None:
        return None
    target = _WEEKDAYS[_fold(m["wd"])]
    base = ref.first_day()
    back = (base.weekday() - target) % 7
    if m["last"]:
        back = back or 7
    d = base - _dt.timedelta(days=back)
    return _Candidate(m.start("wd") if not m["last"] else m.start(), m.end(), PartialDate.from_date(d),
                      True, "point")


def _h_range(m: re.Match[str], ref: PartialDate | None) -> _Candidate | None:
    """"between January and April 2012", "from 2014 until 2022", "du 3 au 5 mars 2020"."""
    mon2 = _month_of(m["m2"])
    day2 = _day_of(m["d2"] or m["d2b"]) if (m["d2"] or m["d2b"]) else None
    end = _safe(int(m["y2"]), mon2, day2 if mon2 else None)
    mon1 = _month_of(m["m1"])
    day1 = _day_of(m["d1"] or m["d1b"]) if (m["d1"] or m["d1b"]) else None
    if mon1 is None and day1 is not None:
        mon1 = mon2  # "between 27 and 31 March 2022": the month is shared
    if mon1 is None and day1 is None and m["y1"] is None:
        return None
    start = _safe(int(m["y1"]) if m["y1"] else int(m["y2"]), mon1, day1 if mon1 else None)
    if start is None or end is None or coarsen(end, start.precision) < coarsen(start, end.precision):
        return None
    if start.year == end.year:
        # Gold convention: a range inside one year is coded at year precision
        # (inside one month, at month precision): the text does not date it finer.
        same_month = start.month is not None and start.month == end.month
        start = coarsen(start, 2 if same_month else 3)
    return _Candidate(m.start(), m.end(), start, False, "range_start", end)


def _month_of(token: str | None) -> int | None:
    return _MONTHS[_fold(token).rstrip(".")] if token else None


_SP = r"[\s\u00a0]+"


def _rules() -> list[tuple[re.Pattern[str], Callable[..., _Candidate | None]]]:
    flags = re.IGNORECASE
    nd = r"(?<![\d,.])"  # a day is not the tail of a larger number
    d_m_y = rf"{nd}(?P<d>{DAY})(?:{_SP}of)?{_SP}(?P<mon>{MONTH}),?{_SP}(?P<y>{YEAR})"
    m_d_y = rf"(?P<mon>{MONTH}){_SP}(?P<d>{DAY}),?{_SP}(?P<y>{YEAR})"
    rng_start = (rf"(?:{nd}(?P<d1>{DAY}){_SP})?(?:(?P<m1>{MONTH})(?:{_SP})?)?(?:(?P<d1b>{DAY}),?{_SP})?"
                 rf"(?P<y1>{YEAR})?")
    rng_end = rf"(?:(?P<d2>{DAY}){_SP})?(?P<m2>{MONTH})?(?:{_SP}(?P<d2b>{DAY}),?)?(?:{_SP})?(?P<y2>{YEAR})"
    joiner = r"(?:and|to|until|till|through|et|à|au|jusqu['’]?(?:à|en|au))"
    rng = rf"\b(?:between|from|entre|de|du)\s+{rng_start}\s*{joiner}\s+{rng_end}"
    dash = rf"(?P<y1>{YEAR})\s?[-–—]\s?(?P<y2>(?:19|20)\d{{2}})(?![\d,.]\d|\d)"
    triggers = (r"in|since|until|by|from|during|through|last|this|early|late|mid|en|depuis|jusqu['’]en"
                r"|d[ée]but|fin|mi|courant|au\s+mois\s+d['’]|as\s+of")
    u = UNIT.replace("(?:", "(?P<u>", 1)
    return [
        (re.compile(rng, flags), _h_range),
        (re.compile(dash), _h_range_dash),
        (re.compile(r"(?<![\d.-])(?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])(?:-(?P<d>0[1-9]|[12]\d|3[01]))?"
                    r"(?![\d-])"), _h_iso),
        (re.compile(r"(?<![\d./])(?P<a>\d{1,2})[./](?P<b>\d{1,2})[./](?P<y>(?:19|20)\d{2})(?![\d./])"),
         _h_numeric),
        (re.compile(d_m_y, flags), _h_day_month_year),
        (re.compile(m_d_y, flags), _h_day_month_year),
        (re.compile(rf"(?:{SEASON})?(?P<mon>{MONTH}),?{_SP}(?:of{_SP})?(?P<y>{YEAR})", flags), _h_month_year),
        (re.compile(rf"(?P<mon>{MONTH}){_SP}(?P<d>{DAY})(?![\d,.]?\d)\b", flags), _h_month_day),
        (re.compile(rf"{nd}(?P<d>{DAY}){_SP}(?P<mon>{MONTH})", flags), _h_month_day),
        (re.compile(rf"{SEASON}(?P<y>{YEAR})", flags), _h_season_year),
        (re.compile(rf"\b(?P<n>{COUNT})\s+{u}\s+ago\b", flags), _h_ago),
        (re.compile(rf"\bil\s+y\s+a\s+(?P<n>{COUNT})\s+{u}(?!\w)", flags), _h_ago),
        (re.compile(_fixed_pattern(), flags), _h_fixed),
        (re.compile(rf"\b(?:(?P<last>last)\s+)?(?:on\s+|le\s+|ce\s+)?(?P<wd>{WEEKDAY})\b(?:\s+dernier)?",
                    flags), _h_weekday),
        (re.compile(rf"\b(?:{triggers})[\s-]+(?P<mon>{MONTH})(?![\s\u00a0]*\d)", flags), _h_bare_month),
        (re.compile(rf"(?P<y>{YEAR})"), _h_year),
    ]


def _h_range_dash(m: re.Match[str], ref: PartialDate | None) -> _Candidate | None:
    y1, y2 = int(m["y1"]), int(m["y2"])
    if not y1 < y2 <= MAX_YEAR:
        return None
    return _Candidate(m.start(), m.end(), PartialDate(y1), False, "range_start", PartialDate(y2))


_RULES = _rules()

# A year followed by a count noun is a quantity ("2000 fighters"), not a date.
_COUNT_NOUN_AFTER = re.compile(
    r"[\s\u00a0]+(?:of\s+)?(?:[A-Z][\w-]*\s+)?(?:people|persons|men|women|children|fighters|militants|soldiers|"
    r"troops|civilians|deaths|dead|killed|casualties|attacks|incidents|events|combatants|personnes|morts|"
    r"soldats|civils|attaques|hommes|tons|tonnes|kg|km|dollars|euros|percent|per\s+cent|members|"
    r"recruits|hostages|refugees|displaced|victims|villages|schools)\b", re.IGNORECASE)
_PAGE_BEFORE = re.compile(r"(?:\bpp?\.|\bpages?|\bno\.|\bnr\.|\bresolutions?|\bn°|#|\bart\.|\barticle)\s*$",
                          re.IGNORECASE)
_SINCE_BEFORE = re.compile(r"(?:\bsince|\bdepuis)\s+(?:(?:early|late|mid|the\s+end\s+of|the\s+start\s+of|"
                           r"d[ée]but|fin|la\s+fin\s+de|le\s+d[ée]but\s+de)[\s-]+)?$", re.IGNORECASE)
_AS_OF_BEFORE = re.compile(r"(?:\bas\s+(?:of|at)|\ben\s+date\s+du|\bà\s+la\s+date\s+du)\s+$", re.IGNORECASE)


def _is_false_year(text: str, cand: _Candidate) -> bool:
    """A bare year that is really a count, a page or an identifier."""
    if cand.value.precision != 3 or cand.end - cand.start != 4 or cand.kind != "point":
        return False
    if _PAGE_BEFORE.search(text[max(0, cand.start - 14):cand.start]):
        return True
    return bool(_COUNT_NOUN_AFTER.match(text, cand.end))


def _kind_with_prefix(text: str, cand: _Candidate) -> tuple[int, Kind]:
    """Widen a mention to an introducing "since"/"as of" and set its kind."""
    if cand.kind != "point":
        return cand.start, cand.kind
    before = text[max(0, cand.start - 40):cand.start]
    for pattern, kind in ((_SINCE_BEFORE, "since"), (_AS_OF_BEFORE, "as_of")):
        m = pattern.search(before)
        if m:
            return cand.start - (len(before) - m.start()), kind  # type: ignore[return-value]
    return cand.start, cand.kind


def _collect(text: str, ref: PartialDate | None) -> list[_Candidate]:
    found: list[_Candidate] = []
    for pattern, handler in _RULES:
        for m in pattern.finditer(text):
            try:
                cand = handler(m, ref)  # type: ignore[operator]
            except (KeyError, ValueError, OverflowError):
                cand = None
            if cand is not None and cand.end > cand.start:
                found.append(cand)
    return found


def _select(cands: list[_Candidate]) -> list[_Candidate]:
    """Keep the longest non-overlapping candidates (earlier rules win ties)."""
    order = sorted(range(len(cands)), key=lambda i: (-(cands[i].end - cands[i].start), i))
    taken: list[_Candidate] = []
    for i in order:
        c = cands[i]
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)


def find_dates(text: str, ref: PartialDate | None = None, lang: str = "en") -> list[DateMention]:
    """Every date expression in ``text`` with its offsets, value and kind (see ``_find_dates``).

    Memoised: the event, claim and relation rules each read a sentence's dates."""
    del lang
    return list(_find_dates(text, ref))


@functools.lru_cache(maxsize=8192)
def _find_dates(text: str, ref: PartialDate | None = None) -> tuple[DateMention, ...]:
    """Every date expression in ``text`` with its offsets, value and kind.

    Relative expressions need ``ref`` (the publication date); without it they are
    skipped rather than guessed. English and French forms are recognised in either
    language (French reports quote English and back), so ``lang`` plays no part.
    """
    if not text:
        return ()
    out: list[DateMention] = []
    for cand in _select(_collect(text, ref)):
        if _is_false_year(text, cand):
            continue
        start, kind = _kind_with_prefix(text, cand)
        out.append(DateMention(start, cand.end, text[start:cand.end], cand.value, cand.relative, kind,
                               cand.end_value))
    return tuple(out)


def parse_date(text: str, ref: PartialDate | None = None, lang: str = "en") -> PartialDate | None:
    """The date one expression denotes ("2 March 2017", "in June 2018", "two weeks ago").

    A range gives its start. Returns None when no date is found, or when the
    expression is relative and ``ref`` is missing.
    """
    if not text or not text.strip():
        return None
    mentions = find_dates(text.strip(), ref, lang)
    return mentions[0].value if mentions else None
