"""Numbers and quantities in English and French report prose.

``parse_number`` reads one number expression ("2,100", "5 000", "nearly three
million", "dozens"); ``find_quantities`` scans a sentence for figures with their
bounds, unit noun and currency.

Conventions (FORMAT.md and gold NOTES.md):

* ``low``/``high`` bound the value; a point figure has ``low == high``.
* "more than X", "at least X", "over X", "exceeding X": ``low=X, high=None``
  (``open_high=True``).
* "up to X", "fewer than X": ``low=None, high=X``: the text gives no floor.
* "around X", "nearly X": a point value with ``approx=True``.
* Vague plurals use the lowest credible figure, ACLED style: "dozens" 12,
  "hundreds" 100, "thousands" 1000, each ``low=N, high=None, approx=True``.
  "in the thousands" is the same. "a dozen" is a point value 12.
* Years, dates, ordinals, identifiers ("1267/1989/2253", "G5"), page and
  resolution numbers and phone-like strings are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from actorgraph.extract.dates import PartialDate, find_dates

__all__ = ["Quantity", "find_quantities", "parse_number"]

# ---------------------------------------------------------------------------
# Number words
# ---------------------------------------------------------------------------

_UNITS_EN = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_UNITS_FR = {
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60,
}
_HUNDRED = {"hundred": 100, "cent": 100, "cents": 100}
_SCALES = {
    "thousand": 1e3, "mille": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9,
    "milliard": 1e9, "milliards": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6, "mln": 1e6,
    "m": 1e6, "k": 1e3,
}
# Vague quantities: (value, open_high). ACLED codes "dozens" as 12.
_VAGUE = {
    "a dozen": (12, False), "une douzaine": (12, False), "dozens": (12, True), "des dizaines": (10, True),
    "dizaines": (10, True), "douzaines": (12, True), "hundreds": (100, True), "des centaines": (100, True),
    "centaines": (100, True), "une centaine": (100, False), "thousands": (1000, True),
    "des milliers": (1000, True), "milliers": (1000, True), "un millier": (1000, False),
    "tens of thousands": (10_000, True), "des dizaines de milliers": (10_000, True),
    "hundreds of thousands": (100_000, True), "des centaines de milliers": (100_000, True),
    "millions": (1_000_000, True), "des millions": (1_000_000, True),
    "une vingtaine": (20, False), "une trentaine": (30, False), "une quarantaine": (40, False),
    "une cinquantaine": (50, False), "une soixantaine": (60, False), "une dizaine": (10, False),
    "une quinzaine": (15, False),
}
_APPROX_WORDS = (r"about|around|approximately|roughly|some|nearly|almost|close\s+to|an\s+estimated|estimated"
                 r"|circa|approx\.?|environ|près\s+de|pres\s+de|quelque|approximativement|autour\s+de|presque"
                 r"|quasiment|pratiquement")
_LOW_WORDS = (r"more\s+than|over|at\s+least|exceeding|in\s+excess\s+of|upwards\s+of|above|no\s+fewer\s+than"
              r"|no\s+less\s+than|not\s+less\s+than|plus\s+de|plus\s+d['’]|au\s+moins|au-delà\s+de"
              r"|dépassant|supérieur\s+à|more\s+than\s+an?\s+estimated")
_HIGH_WORDS = (r"up\s+to|fewer\s+than|less\s+than|under|no\s+more\s+than|not\s+more\s+than|as\s+many\s+as"
               r"|jusqu['’]à|moins\s+de|moins\s+d['’]|at\s+most")


def _number_word_list() -> list[str]:
    words = [*_UNITS_EN, *_UNITS_FR, *_HUNDRED, "thousand", "mille", "million", "millions", "billion",
             "milliard", "milliards", "quatre-vingt", "quatre-vingts", "soixante-dix", "quatre-vingt-dix"]
    return sorted(set(words), key=len, reverse=True)


_WORD = "|".join(re.escape(w) for w in _number_word_list())
WORDS_RE = rf"(?:{_WORD})(?:(?:[\s-]+|\s+and\s+|\s+et\s+|-et-)(?:{_WORD}))*"


def _words_value(text: str) -> float | None:
    """"three million" -> 3e6, "one hundred and fifty" -> 150, "quatre-vingt-dix" -> 90."""
    tokens = [t for t in re.split(r"[\s-]+", text.lower()) if t not in ("and", "et", "")]
    total, current, seen = 0.0, 0.0, False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "quatre" and i + 1 < len(tokens) and tokens[i + 1] in ("vingt", "vingts"):
            current += 80
            i += 2
            seen = True
            continue
        if tok in _UNITS_EN or tok in _UNITS_FR:
            current += _UNITS_EN.get(tok, _UNITS_FR.get(tok, 0))
        elif tok in _HUNDRED:
            current = (current or 1) * 100
        elif tok in ("thousand", "mille", "million", "millions", "billion", "milliard", "milliards"):
            total += (current or 1) * _SCALES[tok]
            current = 0
        else:
            return None
        seen = True
        i += 1
    return total + current if seen else None


# ---------------------------------------------------------------------------
# Digits
# ---------------------------------------------------------------------------

_GROUP_SEP_FR = "[ \u00a0\u202f\u2009.]"
_GROUP_SEP_EN = "[,\u00a0\u202f\u2009]"


def _digits_re(lang: str) -> str:
    sep = _GROUP_SEP_FR if lang == "fr" else _GROUP_SEP_EN
    grouped = rf"\d{{1,3}}(?:{sep}\d{{3}})+(?![\d])"
    # In English text a comma group is thousands and "." the decimal mark; French
    # swaps them. "30,2 %" (one or two digits after the comma) is a decimal in both.
    return rf"(?:{grouped}(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"


def _digits_value(text: str, lang: str) -> float | None:
    s = re.sub(r"[\u00a0\u202f\u2009 ]", "", text)
    if lang == "fr":
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
            s = s.replace(".", "")
        s = s.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        s = s.replace(",", "")
    elif re.fullmatch(r"\d+,\d{1,2}", s) or re.fullmatch(r"\d+,\d{4,}", s):
        s = s.replace(",", ".")  # "30,2 %" in English copy of French data
    else:
        s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        return None


_SCALE_RE = (r"(?:(?:\s|\u00a0)*(?:thousand|million|billion|trillion|milliards?|millions?|mille|bn|mln|mn)\b"
             r"|(?<=\d)(?:k|m|bn|M|B)\b)")


def _scale_value(text: str | None) -> float:
    if not text:
        return 1.0
    word = text.strip().lower()
    if word == "b":
        return 1e9
    return _SCALES.get(word, 1.0)


# ---------------------------------------------------------------------------
# parse_number
# ---------------------------------------------------------------------------


def parse_number(text: str, lang: str = "en") -> float | None:
    """The value of one number expression, or None.

    Approximators and currency marks are ignored ("nearly three million" ->
    3e6, "$4.83 billion" -> 4.83e9); vague plurals give their lowest credible
    value ("dozens" -> 12, "thousands" -> 1000).
    """
    if not text:
        return None
    s = re.sub(r"\s+", " ", text.strip().lower())
    s = re.sub(rf"^(?:(?:{_APPROX_WORDS}|{_LOW_WORDS}|{_HIGH_WORDS})\s+)+", "", s)
    s = re.sub(r"^(?:us\s?\$|\$|€|£|usd|eur|xof|fcfa)\s?", "", s).strip()
    s = re.sub(r"\s*(?:%|percent|per cent|pour cent|dollars?|euros?|usd|eur|fcfa|francs? cfa)$", "", s)
    if s in _VAGUE:
        return float(_VAGUE[s][0])
    m = re.fullmatch(rf"(?P<num>{_digits_re(lang)}|{_digits_re('fr' if lang == 'en' else 'en')})"
                     rf"(?P<scale>{_SCALE_RE})?", s, re.IGNORECASE)
    if m:
        value = _digits_value(m["num"], lang if re.fullmatch(_digits_re(lang), m["num"]) else
                              ("fr" if lang == "en" else "en"))
        return None if value is None else value * _scale_value(m["scale"])
    if re.fullmatch(WORDS_RE, s):
        return _words_value(s)
    return None


# ---------------------------------------------------------------------------
# find_quantities
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A figure in a sentence.

    ``unit`` is the noun that follows, lower-cased ("fighters", "attacks"), or a
    normalised unit ("percent", "tonnes", "km"), or the currency code for a sum
    of money. ``noun`` is the raw noun that follows even for money ("ransom").
    ``is_year_like`` marks a bare integer between 1900 and 2099: callers should
    distrust it unless the unit makes it a count.
    """

    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    unit: str | None
    currency: str | None
    approx: bool
    open_high: bool
    is_year_like: bool = False
    noun: str | None = None


_CURRENCY_BEFORE = {"$": "USD", "us$": "USD", "usd": "USD", "us $": "USD", "€": "EUR", "eur": "EUR",
                    "£": "GBP", "gbp": "GBP", "xof": "XOF", "fcfa": "XOF", "cfa": "XOF"}
_CURRENCY_AFTER = [
    (r"(?:de\s+|d['’]\s*)?(?:us\s+)?dollars?(?:\s+am[ée]ricains)?|usd|us\$", "USD"),
    (r"(?:de\s+|d['’]\s*)?euros?|eur\b|€", "EUR"),
    (r"(?:de\s+)?(?:francs?\s+cfa|cfa\s+francs?|fcfa|xof)", "XOF"),
    (r"(?:de\s+)?(?:pounds?\s+sterling|livres?\s+sterling)|gbp", "GBP"),
]
_UNIT_NORMAL = {
    "percent": "percent", "per cent": "percent", "%": "percent", "pour cent": "percent",
    "pourcent": "percent", "pc": "percent", "tons": "tonnes", "ton": "tonnes", "tonnes": "tonnes",
    "tonne": "tonnes", "t": "tonnes", "metric tons": "tonnes", "kilograms": "kg", "kilogrammes": "kg",
    "kilos": "kg", "kg": "kg", "kilometres": "km", "kilometers": "km", "km": "km", "miles": "miles",
}
_STOP_NOUNS = {
    "of", "the", "a", "an", "and", "or", "to", "in", "on", "at", "by", "for", "from", "with", "as", "is",
    "are", "was", "were", "be", "that", "which", "who", "it", "its", "their", "his", "her", "this",
    "these", "those", "de", "des", "du", "la", "le", "les", "et", "ou", "en", "à", "au", "aux", "par",
    "pour", "sur", "dans", "qui", "que", "est", "sont", "another", "other", "others", "per", "percent",
    "alone", "than", "more", "less", "times", "each", "such", "so", "but", "not", "no", "all",
    "when", "while", "after", "before", "since", "until", "because", "if", "have", "has", "had",
    "also", "only", "just", "still", "already", "then", "there", "here", "out", "up", "down",
}
_ORDINAL_AFTER = re.compile(r"(?:st|nd|rd|th|er|ère|re|e|ème|eme)\b", re.IGNORECASE)
_IDENT_BEFORE = re.compile(
    r"(?:\bpp?\.|\bpages?|\bno\.|\bnos\.|\bnr\.|\bn°|#|\bart\.|\barticles?|\bresolutions?|\brésolutions?"
    r"|\bchapter|\bsection|\bvol\.|\bfootnote|\bnote|\bfig\.|\btable|\blaw|\bloi|\bdecree|\bdécret"
    r"|\bordinance|\bordonnance|\bflight|\broute|\brn|\bversion|\bv\.|\btel\.?|\bphone|\bbp)\s*$",
    re.IGNORECASE)
_PHONE = re.compile(r"\+?\d{2,4}(?:[ .-]\d{2,4}){3,}")


def _quantity_re(lang: str) -> re.Pattern[str]:
    alt_lang = "fr" if lang == "en" else "en"
    num = (rf"(?:{_digits_re(lang)}|{_digits_re(alt_lang)})(?:{_SCALE_RE})?"
           rf"|(?:{WORDS_RE})(?=[\s,.;:)!?%-]|$)")
    vague = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(_VAGUE, key=len, reverse=True))
    cur_before = r"(?:US\s?\$|\$|€|£|USD|EUR|XOF|FCFA)\s?"
    value = rf"(?P<cur>{cur_before})?(?P<num>{num})"
    second = rf"(?:{cur_before})?(?P<num2>{num})"
    rng = (rf"(?:(?P<between>between|from|entre|de)\s+)?{value}"
           rf"(?:\s*(?P<rsep>-|–|—|\bto\b|\band\b|\bet\b|\bà\b)\s*{second})?")
    mods = rf"(?:(?P<approx>{_APPROX_WORDS})|(?P<low>{_LOW_WORDS})|(?P<high>{_HIGH_WORDS}))\s+"
    return re.compile(
        rf"(?<![\w$€£.,/])(?:{mods})?(?:(?P<inthe>in\s+the\s+)?(?P<vague>{vague})\b|{rng})",
        re.IGNORECASE)


_PATTERNS: dict[str, re.Pattern[str]] = {}
_ANY_REF = PartialDate(2000, 6, 15)


def _pattern(lang: str) -> re.Pattern[str]:
    key = "fr" if lang == "fr" else "en"
    if key not in _PATTERNS:
        _PATTERNS[key] = _quantity_re(key)
    return _PATTERNS[key]


def _value_of(token: str, lang: str) -> float | None:
    v = parse_number(token, lang)
    if v is None and lang == "en":
        v = parse_number(token, "fr")
    return v


def _is_number_in_range(m: re.Match[str]) -> bool:
    """A "-", "to" or "and" joins two figures only when it reads as a range."""
    sep = (m["rsep"] or "").lower()
    if not m["num2"]:
        return False
    if sep in ("and", "et"):
        return bool(m["between"])
    return True


def _currency_after(text: str, pos: int) -> tuple[str | None, int]:
    for pattern, code in _CURRENCY_AFTER:
        m = re.compile(rf"\s*(?:{pattern})(?![\w])", re.IGNORECASE).match(text, pos)
        if m:
            return code, m.end()
    return None, pos


def _unit_after(text: str, pos: int) -> tuple[str | None, str | None, int]:
    """(normalised unit, raw noun, end) for what follows a figure."""
    m = re.compile(r"\s?(%|per\s+cent|percent|pour\s*cent|pourcent)", re.IGNORECASE).match(text, pos)
    if m:
        return "percent", "percent", m.end()
    m = re.compile(r"-(?P<w>[a-zà-ÿ]+)", re.IGNORECASE).match(text, pos)  # "90-seat"
    if m:
        return m["w"].lower(), m["w"].lower(), m.end()
    m = re.compile(r"\s+(?:(?:of|de|des)\s+|d['’]\s*)?(?:(?:[A-Z][\w'’-]*|[a-z]+-[a-z]+)\s+)?"
                   r"(?P<w>[a-zà-ÿ][a-zà-ÿ'’-]*)").match(text, pos)
    if not m or m["w"].lower() in _STOP_NOUNS:
        return None, None, pos
    word = m["w"].lower().strip("'’-")
    return _UNIT_NORMAL.get(word, word), word, m.end()


def _looks_like_identifier(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 16):start]
    if _IDENT_BEFORE.search(before):
        return True
    if start > 0 and (text[start - 1].isalpha() or text[start - 1] in "/#№"):
        return True  # "G5", "A/RES/2100"
    if start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
        return True  # "COVID-19", "MINUSMA-2"
    if end < len(text) and (text[end].isalnum() and not text[end].isspace()):
        return True
    if end < len(text) and text[end] == "/" and end + 1 < len(text) and text[end + 1].isdigit():
        return True  # "1267/1989/2253"
    return bool(_ORDINAL_AFTER.match(text, end))


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


def find_quantities(text: str, lang: str = "en") -> list[Quantity]:
    """Every figure in ``text`` with its bounds, unit noun and currency."""
    if not text:
        return []
    # Any reference will do: it only makes relative dates ("November 7") visible as spans.
    date_spans = [(d.start, d.end) for d in find_dates(text, _ANY_REF)]
    phone_spans = [(m.start(), m.end()) for m in _PHONE.finditer(text)]
    out: list[Quantity] = []
    for m in _pattern(lang).finditer(text):
        q = _build(text, m, lang, date_spans + phone_spans)
        if q is not None:
            out.append(q)
    return out


def _build(text: str, m: re.Match[str], lang: str, skip: list[tuple[int, int]]) -> Quantity | None:
    if m["vague"]:
        return _build_vague(text, m)
    num_start, num_end = m.start("num"), m.end("num")
    if _overlaps(skip, num_start, num_end) or _looks_like_identifier(text, num_start, num_end):
        return None
    low = _value_of(m["num"], lang)
    if low is None or _article_like(m):
        return None
    high: float | None = low
    end = m.end("num")
    if _is_number_in_range(m):
        if _looks_like_identifier(text, m.start("num2"), m.end("num2")):
            return None
        high = _value_of(m["num2"], lang)
        end = m.end("num2")
        if high is None:
            return None
        low, high = _share_scale(m, low, high, lang)
    currency = _CURRENCY_BEFORE.get(re.sub(r"\s", "", (m["cur"] or "")).lower() or "-")
    cur_after, end = _currency_after(text, end)
    currency = currency or cur_after
    unit, noun, unit_end = _unit_after(text, end)
    if currency is None and unit is None and not _word_ok(m):
        return None
    low, high, open_high = _apply_modifiers(m, low, high)
    year_like = _year_like(m)
    if year_like and unit is None and currency is None:
        return None
    final_end = unit_end if unit else end
    return Quantity(m.start(), final_end, text[m.start():final_end], low, high,
                    currency or unit, currency, bool(m["approx"]), open_high, year_like, noun)


def _word_ok(m: re.Match[str]) -> bool:
    """A figure written in words needs a noun or a modifier: "one of them" is no count."""
    if re.fullmatch(r"[\d.,\s\u00a0\u202f\u2009]+(?:\w+)?", m["num"]):
        return True
    return bool(m["approx"] or m["low"] or m["high"])


def _article_like(m: re.Match[str]) -> bool:
    """"une rançon", "one of": a lone "one"/"un"/"une" is an article, not a count."""
    modified = m["approx"] or m["low"] or m["high"] or m["num2"]
    return m["num"].lower() in ("un", "une", "one") and not modified


def _share_scale(m: re.Match[str], low: float, high: float, lang: str) -> tuple[float, float]:
    # "3 to 5 million": the scale word on the second figure applies to both.
    scale_re = re.compile(f"(?:{_SCALE_RE})$", re.IGNORECASE)
    if scale_re.search(m["num"]) or not scale_re.search(m["num2"]):
        return low, high
    bare = _value_of(scale_re.sub("", m["num2"]).strip(), lang) or high
    return low * (high / bare), high


def _apply_modifiers(m: re.Match[str], low: float | None, high: float | None
                     ) -> tuple[float | None, float | None, bool]:
    if m["low"]:
        return low, None, True
    if m["high"]:
        return None, high, False
    return low, high, False


def _year_like(m: re.Match[str]) -> bool:
    token = m["num"]
    return bool(re.fullmatch(r"(?:19|20)\d{2}", token)) and not m["num2"]


def _build_vague(text: str, m: re.Match[str]) -> Quantity:
    key = re.sub(r"\s+", " ", m["vague"].lower())
    value, open_high = _VAGUE[key]
    open_high = open_high or bool(m["inthe"]) or bool(m["low"])
    end = m.end("vague")
    unit, noun, unit_end = _unit_after(text, end)
    final_end = unit_end if unit else end
    high = None if open_high else float(value)
    return Quantity(m.start(), final_end, text[m.start():final_end], float(value), high, unit, None,
                    True, open_high, False, noun)
