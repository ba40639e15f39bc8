"""Line-level chrome rules: share buttons, navigation, bylines, datelines, credits, captions.

Each rule looks at one short paragraph and names why it is chrome, or returns None.
Long paragraphs are prose by construction, so no rule ever scans a big paragraph.
"""

from __future__ import annotations

import re

from actorgraph.ingest import metadata

_MAX_CHROME_LINE = 400

# Whole-line UI labels, compared case-folded. Several languages: scrapes keep the site's own.
_UI_LABELS = {
    "share/follow": {
        "short url", "follow", "share", "share this", "share this:", "share this article",
        "share on facebook", "share on twitter", "share on x", "share on linkedin", "tweet", "email",
        "e-mail", "print", "copy link", "copy url", "whatsapp", "facebook", "twitter", "linkedin",
        "telegram", "reddit", "paylaş", "partager",
        "compartir", "teilen", "condividi", "compartilhar", "поделиться", "مشاركة", "follow us", "save",
        "listen", "listen to this article", "bookmark", "comment", "comments", "leave a comment",
    },
    "navigation": {
        "top of page", "bottom of page", "back to top", "skip to content", "skip to main content", "menu",
        "home", "search", "next post", "previous post", "next article", "previous article", "read more",
        "load more", "show more", "more", "close", "log in", "login", "sign in", "sign up", "subscribe",
        "newsletter", "advertisement", "sponsored", "cookie settings", "accept cookies",
        "all rights reserved",
        "view archive", "go to top", "print this page", "back",
    },
}
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("language switch", re.compile(r"^(?:this (?:post|article|page) is )?also available in\s*:", re.I)),
    ("tags", re.compile(r"^(?:tags|tagged|categories|category|filed under|topics|keywords)\s*:", re.I)),
    ("photo credit", re.compile(
        r"^(?:photo(?:graph)?\s*credit|credit|credits|photo|image|picture|illustration|source image|"
        r"crédit(?: photo)?|foto)\s*[:/]\s*\S", re.I)),
    ("photo credit", re.compile(r"^(?:©|\(c\)|copyright)\s*\S.{0,80}$", re.I)),
    ("photo credit", re.compile(
        r"^\S.{0,60}/\s*(?:AFP|Reuters|AP|EPA|Getty(?: Images)?|Anadolu)(?:\s+via\s+.{0,30})?$")),
    ("newsletter", re.compile(r"^(?:subscribe|sign up|join) (?:to|for|now)\b.{0,80}$", re.I)),
    ("share/follow", re.compile(r"^(?:follow|share|tweet)\s+(?:us|on)\b.{0,40}$", re.I)),
    ("share/follow", re.compile(r"^share(?: this(?: article| story)?)?\s*:\s*\S.{0,80}$", re.I)),
    # A caption closed by its credit: "A woman sells vegetables in Timbuktu. Photo: Site/M. Name".
    ("photo caption", re.compile(r"[.!?]\s+(?:photo|credit|image|picture|photograph)s?(?: by)?\s*:\s*\S.{0,60}$",
                                 re.I)),
    ("comments", re.compile(r"^\d+\s+comments?$|^comments\s*\(\d+\)$", re.I)),
]
# A caption ends with the picture agency in brackets: "... on Nov. 4, 2025. (AFP)".
_AGENCY = r"(?:AFP|Reuters|AP|EPA|ANP|DPA|Xinhua|Anadolu|Getty Images|Shutterstock|Supplied|File(?: photo)?)"
_CAPTION = re.compile(
    rf"\((?:{_AGENCY}|(?:AFP|Reuters|AP|EPA) Photo|[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){{0,2}}/{_AGENCY}|"
    r"Photo: [^()]{2,40})\)$"
    # An unknown agency acronym only counts after a finished sentence ("... 2025. (MENA)").
    r"|[.!?]\s+\([A-Z]{2,8}\)$"
)
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S{1,2000}$")
_BULLET = re.compile(r"^[•*·▪►‣-]\s*")


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line.strip(), count=1)


def line_chrome(line: str) -> str | None:
    """Why this short paragraph is page chrome, or None when it may be prose or a heading."""
    if len(line) > _MAX_CHROME_LINE:
        return None
    core = strip_bullet(line)
    folded = core.casefold().rstrip(" :»›>")
    for reason, labels in _UI_LABELS.items():
        if folded in labels:
            return reason
    if _URL_LINE.match(core):
        return "bare URL"
    if metadata.byline_author(core) or metadata.is_contributor_line(core):
        return "byline"
    if metadata.date_line(core)[0]:
        return "dateline"
    for reason, pattern in _PATTERNS:
        if pattern.search(core):
            return reason
    if is_nav_line(core):
        return "navigation"
    if is_caption(core):
        return "photo caption"
    return None


# Breadcrumbs and menus: "Home > Research > Profiles", "News | Analysis | Opinion", "WORLD › AFRICA".
_NAV_SEP = re.compile(r"\s*[>|›»]\s*|\s+/\s+")


def nav_segments(line: str) -> int:
    """How many short label segments a breadcrumb or menu line has; 0 if it is not one."""
    if len(line) > 150 or not _NAV_SEP.search(line):
        return 0
    parts = [seg.strip() for seg in _NAV_SEP.split(line) if seg.strip()]
    ok = len(parts) >= 2 and all(len(seg.split()) <= 4 and not re.search(r"[.?!,;]$|\d{4}", seg) for seg in parts)
    return len(parts) if ok else 0


def is_nav_line(line: str) -> bool:
    """A breadcrumb or menu line: two or more short label segments joined by separators."""
    return nav_segments(line) >= 2


def is_caption(line: str) -> bool:
    """A photo caption: a sentence closed by the picture agency or a photo credit in brackets."""
    return len(line) <= _MAX_CHROME_LINE and bool(_CAPTION.search(line.rstrip()))
