"""Plain data passed between the pipeline stages.

Every stage takes and returns these dataclasses, so a stage can be tested alone
and run in a worker process or on a Dask cluster (they pickle). Offsets are
character offsets into ``Document.text``, the original text as stored, unless
a field says otherwise.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Segment:
    """A block of the original text: main article prose, or chrome kept but not extracted."""

    start: int
    end: int
    kind: str  # "main" | "chrome"
    reason: str = ""  # why a chrome block is chrome ("appended article", "author biography", ...)
    article: int | None = None  # index into Document.articles


@dataclass
class Article:
    """One article found in a scraped page; only ``main`` articles feed extraction."""

    title: str | None
    start: int
    end: int
    main: bool = True
    published: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    author: str | None = None
    publisher: str | None = None
    language: str | None = None


@dataclass
class Citation:
    """A footnote or run-in bibliography reference, cut out of the prose."""

    start: int
    end: int
    text: str
    url: str | None = None
    marker: str | None = None  # "1", "iv", ... for numbered notes
    sentence_start: int | None = None  # offset of the sentence it supports, when known
    sentence_end: int | None = None


@dataclass
class Document:
    """A loaded, cleaned source file: the original text plus what ingest learnt about it."""

    source: str
    text: str
    content_hash: str
    media_type: str = "text/plain"  # text/plain, text/markdown, text/html, application/pdf
    raw_html: str | None = None  # kept for HTML sources; never rendered
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None
    language: str | None = None
    articles: list[Article] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)  # decoding repairs applied, for the record
    # sha256 of the normalised main text (ingest.dedup.text_hash): equal for the same article saved
    # in another encoding or under another name, where content_hash (raw bytes) differs.
    text_hash: str | None = None
    fetched_url: str | None = None  # the URL after redirects, for fetched sources
    fetched_at: datetime | None = None  # when it was fetched (UTC)

    def main_spans(self) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.segments if s.kind == "main"]


@dataclass
class ProseView:
    """The text extraction sees: main segments without citations, mapped back to the original.

    ``pieces`` holds (view_start, original_start, length) runs in view order.
    """

    text: str
    pieces: list[tuple[int, int, int]]
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def to_original(self, offset: int) -> int:
        """Original offset of a view offset (an end offset maps to just past its run)."""
        if not self.pieces:
            return offset
        if len(self._starts) != len(self.pieces):
            self._starts = [p[0] for p in self.pieces]
        i = max(0, bisect.bisect_right(self._starts, offset) - 1)
        view_start, orig_start, length = self.pieces[i]
        return orig_start + min(offset - view_start, length)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


@dataclass
class Sentence:
    """A sentence of the prose view; offsets into the original text."""

    start: int
    end: int
    text: str


@dataclass
class Mention:
    """A named entity mention; offsets into the original text.

    ``local_id`` groups the mentions of one document that resolution judged to be
    the same thing; ``key`` is the registry id when the actor registry knows it.
    """

    start: int
    end: int
    text: str
    type: str  # Person | Organization | Location
    sentence: int  # index into Extraction.sentences
    rule: str  # "registry", "ner", "definition", ...
    label: str = ""  # the raw model label (PERSON, ORG, GPE, ...)
    local_id: int | None = None
    key: str | None = None


@dataclass
class LocalEntity:
    """One thing a document talks about: its mentions merged by within-document resolution."""

    local_id: int
    type: str
    name: str  # fullest form used in the document
    aliases: list[str]
    key: str | None = None  # registry id
    canonical: str | None = None  # registry canonical name


@dataclass
class Fact:
    """A relation, claim, funding item or event, with its evidence.

    ``kind`` is "relation" | "claim" | "funding" | "event". ``data`` holds the
    kind's fields (see ontology.yaml); names of entities in it are local ids,
    resolved to store entities when saved. ``sentence`` indexes Extraction.sentences.
    """

    kind: str
    data: dict
    sentence: int
    rule: str
    confidence: float = 0.5


@dataclass
class Extraction:
    """What the extract stage found in one document."""

    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[LocalEntity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "language xx not supported"


@dataclass
class Processed:
    """A document and its extraction, ready to be written to the store."""

    document: Document
    extraction: Extraction
