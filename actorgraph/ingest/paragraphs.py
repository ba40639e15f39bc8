"""Split text into paragraphs with offsets: the unit every cleaning rule looks at."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_BLANK = re.compile(r"[\s\u00a0\u200b\ufeff]*")


@dataclass
class Para:
    """A paragraph: ``start``/``end`` bound its stripped text in the document."""

    start: int
    end: int
    text: str
    blank_before: int = 0  # blank lines just above it (a double gap often separates articles)


def split_paragraphs(text: str) -> list[Para]:
    """One paragraph per line for scrapes; blank-line blocks for hard-wrapped text (PDF, e-mail)."""
    lines = _lines(text)
    if _hard_wrapped(lines):
        return _blocks(text, lines)
    paras: list[Para] = []
    blanks = 0
    for start, end, stripped in lines:
        if not stripped:
            blanks += 1
            continue
        paras.append(Para(start, end, stripped, blanks))
        blanks = 0
    return paras


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped text) of each line, offsets of the stripped content."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        if _BLANK.fullmatch(raw[:200]) and len(raw) <= 200:
            stripped = ""
        start = pos + lead
        out.append((start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def _hard_wrapped(lines: list[tuple[int, int, str]]) -> bool:
    """Lines that stop mid-sentence and go on in lower case on the next line: a wrapped layout (PDF)."""
    texts = [t for _, _, t in lines]
    filled = sum(1 for t in texts if t)
    if filled < 8:
        return False
    runs_on = sum(1 for t, nxt in itertools.pairwise(texts)
                  if t and nxt and len(t) <= 120 and t[-1] not in ".!?:”\"" and nxt[0].islower())
    return runs_on > 0.3 * filled


def _blocks(text: str, lines: list[tuple[int, int, str]]) -> list[Para]:
    paras: list[Para] = []
    blanks = 0
    current: list[tuple[int, int, str]] = []

    def flush() -> None:
        if current:
            s, e = current[0][0], current[-1][1]
            paras.append(Para(s, e, text[s:e], blanks_before))

    blanks_before = 0
    for line in lines:
        if not line[2]:
            if current:
                flush()
                current = []
                blanks = 0
            blanks += 1
            continue
        if not current:
            blanks_before = blanks
        current.append(line)
    flush()
    return paras
