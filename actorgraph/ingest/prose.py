"""The prose view: what extraction reads — main segments minus citations and note markers."""

from __future__ import annotations

import bisect
import itertools

from actorgraph.ingest.citations import inline_markers, outside
from actorgraph.model import Citation, Document, ProseView

_SEGMENT_GAP = "\n\n"  # so that no sentence crosses two segments


def prose_view(doc: Document) -> ProseView:
    """Main segments joined by blank lines, with citation spans and note markers cut out.

    ``pieces`` map each kept run back to ``doc.text``; the separators between segments
    and the single spaces inserted where a cut glued two words together map nowhere.
    """
    cuts = sorted((c.start, c.end) for c in doc.citations)
    out: list[str] = []
    pieces: list[tuple[int, int, int]] = []
    length = 0
    for seg_start, seg_end in sorted(doc.main_spans()):
        runs = _runs(doc.text, seg_start, seg_end, cuts)
        if not runs:
            continue
        if out:
            out.append(_SEGMENT_GAP)
            length += len(_SEGMENT_GAP)
        prev_end: int | None = None
        for start, end in runs:
            if prev_end is not None and _glued(doc.text, prev_end, start):
                out.append(" ")
                length += 1
            pieces.append((length, start, end - start))
            out.append(doc.text[start:end])
            length += end - start
            prev_end = end
    return ProseView("".join(out), pieces)


def _runs(text: str, start: int, end: int, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end) outside citations and markers, trimmed of edge whitespace."""
    inside: list[tuple[int, int]] = []
    # Citations never overlap, so only the one before ``start`` can reach into the segment.
    for a, b in itertools.islice(cuts, max(0, bisect.bisect_left(cuts, (start, -1)) - 1), None):
        if a >= end:
            break
        if b > start:
            inside.append((max(a, start), min(b, end)))
    markers = outside(inline_markers(text, start, end), [Citation(a, b, "") for a, b in inside])
    inside += [(a, b) for a, b, _ in markers]
    runs: list[tuple[int, int]] = []
    pos = start
    for a, b in sorted(inside):
        if a > pos:
            runs.append((pos, a))
        pos = max(pos, b)
    if pos < end:
        runs.append((pos, end))
    return [r for r in (_trim(text, a, b) for a, b in runs) if r[0] < r[1]]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _glued(text: str, prev_end: int, start: int) -> bool:
    """Runs separated by cut text get one space, unless the next run starts with punctuation."""
    return prev_end < start and text[start] not in ".,;:!?)]”’"
