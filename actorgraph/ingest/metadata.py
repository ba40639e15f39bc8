"""Dates, bylines, names and titles read from header and footer lines.

Everything here reads one short line at a time (bounded input), and returns None
rather than guess: a date the line does not fully state is not a date.
"""

from __future__ import annotations

import re
import unicodedata

_MONTHS = {
    # English, French, Spanish, Portuguese, German: the languages of most Sahel reporting.
    "january": 1, "jan": 1, "janvier": 1, "enero": 1, "janeiro": 1, "januar": 1,
    "february": 2, "feb": 2, "février": 2, "fevrier": 2, "febrero": 2, "fevereiro": 2, "februar": 2,
    "march": 3, "mar": 3, "mars": 3, "marzo": 3, "março": 3, "märz": 3,
    "april": 4, "apr": 4, "avril": 4, "abril": 4,
    "may": 5, "mai": 5, "mayo": 5, "maio": 5,
    "june": 6, "jun": 6, "juin": 6, "junio": 6, "junho": 6, "juni": 6,
    "july": 7, "jul": 7, "juillet": 7, "julio": 7, "julho": 7, "juli": 7,
    "august": 8, "aug": 8, "août": 8, "aout": 8, "agosto": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9, "septiembre": 9, "setembro": 9,
    "october": 10, "oct": 10, "octobre": 10, "octubre": 10, "outubro": 10, "oktober": 10,
    "november": 11, "nov": 11, "novembre": 11, "noviembre": 11, "novembro": 11,
    "december": 12, "dec": 12, "décembre": 12, "decembre": 12, "diciembre": 12, "dezembro": 12,
    "dezember": 12,
}
_MONTH = r"(?P<month>[A-Za-zéûäç]{3,9})\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er)?"
_DATE_FORMS = [
    re.compile(rf"\b{_YEAR}-(?P<mnum>\d{{2}})-(?P<dnum>\d{{2}})\b"),
    re.compile(rf"\b{_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b(?P<dnum>\d{{1,2}})\.(?P<mnum>\d{{1,2}})\.{_YEAR}\b"),  # European 17.11.2025
    re.compile(rf"^{_MONTH}\s+{_YEAR}$"),
]
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_TIME = r"(?:\s*(?:at\s+)?\d{1,2}[:h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
_DATE_LINE = re.compile(
    r"^(?P<label>(?:last\s+)?updated|published|posted|first\s+published|date|modified|publié\s+le|mis\s+à\s+jour)"
    r"(?:\s+on)?\s*:?\s*(?P<rest>.{1,80})$",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"\b\d+\s*(?:sec|second|min|minute|hour|hr|day|week|month)s?\s+ago\b|\b(?:just now|today|yesterday)\b",
    re.IGNORECASE,
)

_BYLINE = [
    re.compile(r"^(?:[•*·\-–]\s*)?writer['’]?s\s*picture\s*(?P<name>.{2,80})$", re.IGNORECASE),
    re.compile(r"^(?:written|posted|reported|words|story|text|report|article)\s+by[:\s]+(?P<name>.{2,80})$",
               re.IGNORECASE),
    re.compile(r"^(?:by|par|por|von)[:\s]+(?P<name>.{2,80})$", re.IGNORECASE),
    re.compile(r"^(?:authors?|auteur|autor|author\(s\))\s*:\s*(?P<name>.{2,80})$", re.IGNORECASE),
]
_CONTRIBUTOR = re.compile(
    r"^(?:edited|translated|reviewed|fact[- ]checked|compiled|illustrated|designed)\s+by\b|"
    r"^additional\s+reporting\s+by\b|^(?:editor|translator|translation)\s*:",
    re.IGNORECASE,
)
# A capitalised word, or a lower-case particle of Arabic, Tuareg, French, Dutch... names.
_NAME_WORD = re.compile(
    r"^(?:[A-ZÀ-ÞĀ-ſ][\w'’.-]*|(?:al|el|ag|bin|ibn|de|da|du|van|von|der|la|le|di|dos)[-’']?\w*)$"
)
_TURKISH = set("ĞğŞşİı")


def parse_date(text: str) -> str | None:
    """A date fully stated in ``text`` as YYYY-MM-DD (or YYYY-MM for "November 2025"); else None."""
    snippet = text[:120].strip()
    if _RELATIVE.search(snippet):
        return None
    for form in _DATE_FORMS:
        m = form.search(snippet)
        if m and (iso := _to_iso(m.groupdict())):
            return iso
    return None


def _to_iso(parts: dict[str, str | None]) -> str | None:
    year = int(parts["year"] or 0)
    if parts.get("mnum"):
        month = int(parts["mnum"] or 0)
    else:
        month = _MONTHS.get((parts.get("month") or "").lower().rstrip("."), 0)
    if not 1 <= month <= 12:
        return None
    day_text = parts.get("day") or parts.get("dnum")
    if not day_text:
        return f"{year:04d}-{month:02d}"
    day = int(day_text)
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None


def date_line(line: str) -> tuple[bool, str | None]:
    """Is ``line`` a dateline ("Updated 17 November 2025", a bare date)? And the date it states."""
    if len(line) > 100:
        return False, None
    m = _DATE_LINE.match(line.strip())
    if m:
        rest = m.group("rest")
        if parse_date(rest) or _RELATIVE.search(rest) or re.search(r"\d", rest):
            return True, parse_date(rest)
        return False, None
    bare = re.sub(rf"^{_WEEKDAY}", "", line.strip(), flags=re.IGNORECASE)
    bare = re.sub(rf"{_TIME}\s*$", "", bare).strip(" ,|")
    for form in _DATE_FORMS[:-1]:  # a bare "March 2017" is more often a fact-box value than a dateline
        # The whole line must be the date: "Iyad Ag Ghaly, April 3, 2017" is a heading, not a dateline.
        m = form.fullmatch(bare)
        if m and (iso := _to_iso(m.groupdict())):
            return True, iso
    if _RELATIVE.fullmatch(line.strip()):
        return True, None
    # "Site name - 18 November 2025 - 5 min read": one separated segment is the whole date, the
    # others are short labels (a site name, a reading time), never a sentence.
    parts = [seg.strip() for seg in _SEGMENT_SEP.split(line.strip())]
    if 2 <= len(parts) <= 4 and all(0 < len(seg.split()) <= 5 and not seg.endswith(".") for seg in parts):
        for seg in parts:
            for form in _DATE_FORMS[:-1]:
                m = form.fullmatch(seg)
                if m and (iso := _to_iso(m.groupdict())):
                    return True, iso
    return False, None


_SEGMENT_SEP = re.compile(r"\s+[-–—|·•]\s+")


def byline_author(line: str) -> str | None:
    """The author a byline names ("Writer's picturePerri Grace", "Written by X", "By X")."""
    if len(line) > 120:
        return None
    for pattern in _BYLINE:
        m = pattern.match(line.strip())
        if m:
            return clean_name(m.group("name"))
    return None


def is_contributor_line(line: str) -> bool:
    """Editor, translator and similar credits: chrome, but not the author."""
    return len(line) <= 120 and bool(_CONTRIBUTOR.match(line.strip()))


def clean_name(raw: str) -> str | None:
    """A person's name from a byline fragment, or None when it does not look like one."""
    name = re.split(r"\s+[|•·]\s+|\s+[-–—]\s+|,\s+(?=\d)|\s{2,}", raw.strip(), maxsplit=1)[0]
    name = name.strip(" .,;:•·*")
    words = name.split()
    if not 1 < len(words) <= 6 or any(ch.isdigit() for ch in name):
        return None
    if not all(_NAME_WORD.match(w) or w.lower() == "and" for w in words):
        return None
    return proper_case(name)


def is_name_line(line: str) -> bool:
    """A short line that is nothing but a person's name (an author block above a bio)."""
    return len(line) <= 60 and clean_name(line) is not None and not line.rstrip().endswith((".", ":"))


def proper_case(name: str) -> str:
    """Title-case words written in capitals (ÇALIŞKAN -> Çalışkan), Turkish-aware for dotted I."""
    turkish = any(ch in _TURKISH for ch in name)
    return " ".join(_case_word(w, turkish) if w.isupper() and len(w) > 1 else w for w in name.split())


def _case_word(word: str, turkish: bool) -> str:
    rest = word[1:]
    if turkish:
        rest = rest.replace("I", "ı").replace("İ", "i")
    return word[0] + rest.lower()


def cased_in(name: str, text: str) -> str | None:
    """The same name written in mixed case somewhere in ``text`` (a bio repeats its subject's name)."""
    pattern = "".join("[IİıiI\u0307]" if c in "Iİıi" else r"\s+" if c.isspace() else re.escape(c)
                      for c in name)
    for m in re.finditer(pattern, text[:20000], re.IGNORECASE):
        found = m.group(0)
        shouting = any(w.isupper() and len(w) > 1 for w in found.split())
        if not shouting and _fold(found) == _fold(name):
            return found
    return None


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s.casefold()).replace("ı", "i").replace("\u0307", "")
    return re.sub(r"\s+", " ", s)


def clean_title(line: str) -> str:
    """A title line without bullets or a greeting run on after its final ? or ! ("...Influence? Salam")."""
    title = line.strip().lstrip("•*·–- ").strip()
    m = re.match(r"^(?P<title>.{10,300}?[?!])\s+(?P<tail>[A-Z][\w'’-]*(?:\s+[\w'’-]+)?)$", title)
    if m and len(m.group("title").split()) >= 3:
        return m.group("title")
    return title
