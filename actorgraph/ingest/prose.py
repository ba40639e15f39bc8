"""The prose view: what extraction reads — main segments minus citations and note markers."""

from __future__ import annotations

import bisect
import itertools
import re

from actorgraph.ingest.citations import inline_markers, outside
from actorgraph.model import Citation, Document, ProseView, Sentence

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


# ---- long documents ---------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…؟۔。][\"'»”’)\]]*\s+")


def chunked_views(view: ProseView, max_chars: int = 100_000) -> list[ProseView]:
    """Split a prose view into consecutive views of at most ``max_chars`` characters.

    Cuts fall at a paragraph break, else a sentence end, else a space, in the second half
    of each window (a hard cut only for text without any). Each chunk's ``pieces`` map its
    offsets straight into the original text, so whatever extraction finds in a chunk needs
    no offset shifting, only its sentence and entity indices renumbered when merged.
    Chunks holding nothing but whitespace are dropped. A view within the limit comes back
    as the only chunk.
    """
    if max_chars <= 0:
        raise ValueError("max_chars must be positive")
    text = view.text
    if len(text) <= max_chars:
        return [view]
    starts = [p[0] for p in view.pieces]
    out: list[ProseView] = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + max_chars)
        if end < len(text):
            end = _cut(text, pos + max_chars // 2, end)
        if text[pos:end].strip():
            out.append(_sub_view(view, starts, pos, end))
        pos = end
    return out


def _cut(text: str, low: int, high: int) -> int:
    """The best place to cut text in [low, high]: after a paragraph, a sentence or a word."""
    para = text.rfind("\n\n", low, high)
    if para != -1:
        return para + 2
    line = text.rfind("\n", low, high)
    if line != -1:
        return line + 1
    last = None
    for last in _SENTENCE_END.finditer(text, low, high):  # noqa: B007 (the last match is wanted)
        pass
    if last is not None:
        return last.end()
    space = max(text.rfind(" ", low, high), text.rfind("\t", low, high))
    return space + 1 if space != -1 else high


def _sub_view(view: ProseView, starts: list[int], a: int, b: int) -> ProseView:
    pieces: list[tuple[int, int, int]] = []
    first = max(0, bisect.bisect_right(starts, a) - 1)
    for view_start, orig_start, length in itertools.islice(view.pieces, first, None):
        if view_start >= b:
            break
        s, e = max(view_start, a), min(view_start + length, b)
        if s < e:
            pieces.append((s - a, orig_start + (s - view_start), e - s))
    return ProseView(view.text[a:b], pieces)


def plain_sentences(view: ProseView) -> list[Sentence]:
    """Sentences by punctuation and line breaks, for languages extraction does not cover.

    Lets full-text search index a document that spaCy is not run on; offsets are original.
    """
    out: list[Sentence] = []
    for chunk in chunked_views(view) if view.text else []:
        pos = 0
        for m in itertools.chain(re.finditer(r"\n+|" + _SENTENCE_END.pattern, chunk.text), [None]):
            end = m.end() if m else len(chunk.text)
            piece = chunk.text[pos:end]
            stripped = piece.strip()
            if stripped and chunk.pieces:
                lead = piece.index(stripped)
                a, b = chunk.span_to_original(pos + lead, pos + lead + len(stripped))
                out.append(Sentence(a, b, stripped))
            pos = end
    return out
