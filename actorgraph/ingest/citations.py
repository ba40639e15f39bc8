"""Bibliography found inside prose: run-in references, numbered endnotes and note markers.

Run-in references (a scraped page that lost its footnote links) are glued to the
sentence they support: "...and Senegal.Ryan CK Hess, “Lassoing ...,” Journal ...,
https://... As a formal ...". They are found from their anchors (a URL, or a
"(Publisher, 2018): 3" tail), which are rare and cheap to find, then walked back
to the sentence end they are glued to. Every search is bounded, so a 50 MB line
costs one linear regex pass plus a constant per anchor.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from actorgraph.model import Citation

_MAX_CITATION = 1500  # characters from a citation's start to its anchor
_MAX_SENTENCE = 3000
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”‘’]{1,2000}")
# "(Constellis, 2018): 3", "(Winter 2020): 133", "(Brussels: International Crisis Group, 2021)"
_TAIL = re.compile(
    r"\((?:[^()\n]{1,150}[,:] |[A-Z][a-z]+\.? )(?:[A-Z][a-z]+\.? )?(?:\d{1,2}, )?(?:1[6-9]|20)\d{2}\)"
    r"(?::\s?[\dIVXivx/–-]{1,12})?"
)
# Where a glued reference starts: a sentence end with no space, then a capital, a quote or an entity.
_GLUED = re.compile(r"(?<=[.?!…])[”\"’]?(?P<s>(?:\[\d{1,3}\]\s?)?(?:[“\"]|&ldquo;?|&#8220;|[A-Z0-9]))")
# A spaced start must look like a reference: "Name Name, “Title” ..." or "“Title,” ...".
_STRONG = re.compile(
    r"(?:\[\d{1,3}\]\s?)?(?:[“\"][^”\"\n]{3,300}?[,.]?[”\"]|"
    r"(?:[A-Z][\w’'.-]+\s){1,4}[A-Z][\w’'-]+(?:\s(?:and|&)\s(?:[A-Z][\w’'.-]+\s){1,4}[A-Z][\w’'-]+)?,\s[“\"])"
)
_SPACED = re.compile(r"(?<=[.?!…])[”\"’]?\s+(?=[\[“\"A-Z])")
# Prose resuming: a finished sentence then a capitalised word and two lower-case words.
_PROSE_BREAK = re.compile(r"[a-z0-9)][.?!][”\"]?\s+[A-Z][a-z’']*\s+[a-z]+\s+[a-z]+")
_ABBREV = re.compile(r"(?:^|[\s(.])(?:[A-Z]|no|vol|pp|Dr|Mr|Mrs|Ms|St|Jr|Sr|Gen|Col|Lt|Capt|Prof|"
                     r"Inc|Ltd|Co|vs|al|ed|eds|Rev|Fig|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?$")
_URL_JUNK = re.compile(r"\.?/span\b|<|&[lr]dquo")
_CHAIN_GAP = re.compile(r"[.,]?\s*;\s*|[.,]?\s+")
_JUNK_AFTER = re.compile(r"(?:\.?/span>|</?\w{1,10}>|&[a-z]{2,8};?)+")
_ACCESS = re.compile(r",?\s*\((?:date of access|accessed|erişim tarihi|consulté le|retrieved|last accessed)"
                     r"[^()\n]{0,40}\)", re.IGNORECASE)
_FILE_RUN_ON = re.compile(r"\.(?:pdf|PDF|html?|php|aspx?|jsp|cfm)(?=\.[a-z])")
_SENTENCE_END = re.compile(r"[.?!][”\"’)]*\s+(?=[“\"‘(\[]?[A-Z0-9])")
_MARKER = re.compile(r"\s?\[(?P<label>\d{1,3}|[ivxlc]{1,6})\]")
_NOTE = re.compile(r"^\[?(?P<num>\d{1,3})[\].)]?\s+(?=\S)")
_YEAR = re.compile(r"\b(?:1[6-9]|20)\d{2}\b")


@dataclass
class _Anchor:
    start: int
    end: int
    url: str | None


def find_run_in(text: str, lo: int, hi: int) -> list[Citation]:
    """Run-in references inside ``text[lo:hi]`` (one paragraph), in order."""
    anchors = _anchors(text, lo, hi)
    if not anchors:
        return []
    starts = _Starts(text, lo, hi)
    found: list[Citation] = []
    prev_end = lo
    for anchor in anchors:
        if anchor.start < prev_end:
            continue  # already swallowed by the citation before (a tail followed by its URL)
        chained = bool(found) and prev_end == found[-1].end
        start = starts.latest(prev_end, anchor.start, chained)
        if start is None:
            continue
        end, url = _citation_end(text, anchor, hi)
        body = text[start:end]
        marker = re.match(r"\[(\d{1,3})\]", body)
        if found and not text[prev_end:start].strip(" \t;,."):
            # Chained after the previous reference ("...; Lina Raafat, ..."): the same sentence.
            sent: tuple[int | None, int | None] | None = (found[-1].sentence_start, found[-1].sentence_end)
        else:
            sent = _sentence_before(text, max(lo, prev_end), start)
        found.append(Citation(start, end, body, url=url, marker=marker.group(1) if marker else None,
                              sentence_start=sent[0] if sent else None,
                              sentence_end=sent[1] if sent else None))
        prev_end = end
    _close_gaps(text, found)
    return found


class _Starts:
    """Every plausible reference start and every prose break of a paragraph, found in one pass each.

    Anchors then look their start up by bisection, so dense anchors never rescan text.
    """

    _TRIES = 20  # candidates examined per anchor, latest first

    def __init__(self, text: str, lo: int, hi: int):
        self.text = text
        glued = [m.start("s") for m in _GLUED.finditer(text, lo, hi) if _ends_sentence(text, m.start())]
        spaced = [m.end() for m in _SPACED.finditer(text, lo, hi)
                  if _ends_sentence(text, m.start()) and _STRONG.match(text, m.end(), min(hi, m.end() + 400))]
        self.candidates = sorted(set(glued + spaced))
        self.breaks = [m.start() for m in _PROSE_BREAK.finditer(text, lo, hi)]

    def latest(self, lo: int, anchor: int, chained: bool) -> int | None:
        """The latest start before ``anchor`` with no prose between it and the anchor."""
        window_lo = max(lo, anchor - _MAX_CITATION)
        options: list[int] = []
        if chained:
            gap = _CHAIN_GAP.match(self.text, lo, anchor)
            if gap and (";" in gap.group() or _STRONG.match(self.text, gap.end(), anchor + 400)):
                options.append(gap.end())
        i = bisect.bisect_left(self.candidates, anchor) - 1
        while i >= 0 and self.candidates[i] >= window_lo and len(options) < self._TRIES:
            options.append(self.candidates[i])
            i -= 1
        for start in sorted(options, reverse=True):
            if start < anchor and not self._prose_between(start, anchor):
                return start
        return None

    def _prose_between(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.breaks, start)
        return i < len(self.breaks) and self.breaks[i] < end


def _anchors(text: str, lo: int, hi: int) -> list[_Anchor]:
    anchors = [_Anchor(m.start(), m.start() + len(u), u)
               for m in _URL.finditer(text, lo, hi) if (u := clean_url(m.group()))]
    anchors += [_Anchor(m.start(), m.end(), None) for m in _TAIL.finditer(text, lo, hi)]
    return sorted(anchors, key=lambda a: a.start)


def clean_url(raw: str) -> str:
    """A URL without trailing punctuation, HTML junk or prose glued after a file extension."""
    url = _URL_JUNK.split(raw, maxsplit=1)[0]
    m = _FILE_RUN_ON.search(url)
    if m:
        url = url[: m.end()]
    url = url.rstrip(".,;:!?’'”")
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url


def _close_gaps(text: str, found: list[Citation]) -> None:
    """Chained references ("...php; Lina Raafat, ...") leave only separators between them: cut those too."""
    for cit, nxt in itertools.pairwise(found):
        if cit.end < nxt.start and not text[cit.end:nxt.start].strip(" \t;,."):
            cit.end = nxt.start
            cit.text = text[cit.start:cit.end]


def _ends_sentence(text: str, period: int) -> bool:
    """Is the character at ``period`` a sentence end rather than an abbreviation (U.N., no., Dr.)?"""
    while period > 0 and text[period] not in ".?!…":
        period -= 1
    before = text[max(0, period - 6):period]
    return bool(before) and not _ABBREV.search(before)


def _citation_end(text: str, anchor: _Anchor, hi: int) -> tuple[int, str | None]:
    end, url = anchor.end, anchor.url
    while True:
        m = re.compile(r"[,.]?\s{0,2}(?=https?://)").match(text, end, hi)
        nxt = _URL.match(text, m.end(), hi) if m else None
        if not nxt:
            break
        cleaned = clean_url(nxt.group())
        url = url or cleaned
        end = nxt.start() + len(cleaned)
    for pattern in (_JUNK_AFTER, re.compile(r"\."), _ACCESS, re.compile(r"\.")):
        m = pattern.match(text, end, hi)
        if m:
            end = m.end()
    m = _JUNK_AFTER.match(text, end, hi)
    return (m.end() if m else end), url


def _sentence_before(text: str, lo: int, end: int) -> tuple[int, int] | None:
    """The sentence ending at ``end`` (the one a run-in reference supports)."""
    window_lo = max(lo, end - _MAX_SENTENCE, text.rfind("\n", max(lo, end - _MAX_SENTENCE), end) + 1)
    start = window_lo
    for m in _SENTENCE_END.finditer(text, window_lo, max(window_lo, end - 1)):
        start = m.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def inline_markers(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Note markers in prose ("[1]", "[iv]"): (start, end, label), the space before included."""
    return [(m.start(), m.end(), m.group("label")) for m in _MARKER.finditer(text, lo, hi)]


def outside(markers: list[tuple[int, int, str]], found: list[Citation]) -> list[tuple[int, int, str]]:
    """Markers that are not inside a citation (both lists sorted by start); linear merge."""
    kept: list[tuple[int, int, str]] = []
    spans = sorted((c.start, c.end) for c in found)
    j = 0
    for marker in markers:
        while j < len(spans) and spans[j][1] <= marker[0]:
            j += 1
        if not (j < len(spans) and spans[j][0] <= marker[0] < spans[j][1]):
            kept.append(marker)
    return kept


def note_number(para: str) -> str | None:
    """The number of an endnote paragraph ("1 Human Rights Watch. ..."), when it reads like a reference."""
    m = _NOTE.match(para)
    if not m or not looks_like_reference(para[m.end():]):
        return None
    return m.group("num")


def looks_like_reference(body: str) -> bool:
    head = body[:2000]
    return bool(_URL.search(head) or (_YEAR.search(head) and re.search(r"[“\"”]|\bpp?\.\s?\d|\(\w", head)))


def endnote(text: str, start: int, end: int) -> Citation:
    body = text[start:end]
    url = _URL.search(body)
    return Citation(start, end, body, url=clean_url(url.group()) if url else None, marker=note_number(body))


def link_markers(text: str, notes: list[Citation], markers: list[tuple[int, int, str]]) -> None:
    """Point each endnote at the sentence bearing its marker.

    Labels match when they are the note numbers; scrapes often renumber the list
    (markers [1], [i], [ii] against notes 1, 2, 3), so when there are exactly as many
    distinct markers as notes they are matched in order; otherwise unmatched notes stay None.
    """
    by_label = {n.marker: n for n in notes if n.marker}
    labels = [m[2] for m in markers]
    if all(lab in by_label for lab in labels) and len(set(labels)) == len(labels):
        pairs = [(by_label[m[2]], m) for m in markers]
    elif len(set(labels)) == len(labels) == len(notes):
        pairs = list(zip(notes, markers, strict=True))
    else:
        pairs = [(by_label[m[2]], m) for m in markers if m[2] in by_label]
    for note, (m_start, m_end, _label) in pairs:
        note.sentence_start, note.sentence_end = _sentence_around(text, m_start, m_end)


def _sentence_around(text: str, m_start: int, m_end: int) -> tuple[int, int]:
    """The sentence a marker belongs to: the marker sits just before or just after its final stop."""
    lo = max(0, m_start - _MAX_SENTENCE)
    before = text[max(0, m_start - 1):m_start]
    if before in ".?!”\"":
        return _sentence_before(text, lo, m_start) or (m_start, m_start)
    stop = re.compile(r"[.?!]").search(text, m_end, m_end + 400)
    end = stop.end() if stop else m_start
    start = (_sentence_before(text, lo, m_start) or (m_start, m_start))[0]
    return start, end
