"""Composes the stages (ingest -> extract -> store) for one document or a batch.

The only module that knows the stages' order. ``process_file`` is a pure
function of a path and settings (it loads models once per process), so the
local, multi-process and Dask runners all call it unchanged; writes happen on
the caller's side, one transaction per document.
"""

from __future__ import annotations

import logging
import os
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from actorgraph.errors import ActorgraphError, IngestError
from actorgraph.model import Document, Extraction, Processed
from actorgraph.settings import Settings
from actorgraph.store.repository import DuplicateContent

log = logging.getLogger(__name__)
SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"}
DEMO_CORPUS = Path(__file__).parent / "data" / "demo"
CHUNK_CHARS = 100_000


@dataclass
class Outcome:
    """What happened to one file: ingested, duplicate (of which document) or refused (why)."""

    source: str
    status: str
    detail: str = ""
    document_id: int | None = None
    entities: int = 0
    facts: int = 0


@dataclass
class BatchReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "refused"]


def iter_files(paths: Iterable[Path | str]) -> Iterator[Path | str]:
    """Files under the given paths, recursively, in a stable order; symlink loops are not followed.

    A URL (kept as a string: ``Path`` would fold its ``//``) passes through as it is.
    """
    for path in paths:
        if isinstance(path, str):
            if url_of(path):
                yield path
                continue
            path = Path(path)
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    candidate = Path(root) / name
                    if candidate.suffix.lower() in SUFFIXES:
                        yield candidate
        else:
            yield path


def extract_document(document: Document, settings: Settings) -> Extraction:
    """Run extraction in the document's language; other languages are stored but not extracted."""
    from actorgraph import extract
    from actorgraph.extract.nlp import SUPPORTED, get_nlp
    from actorgraph.ingest import prose_view

    lang = document.language or "en"
    if lang not in SUPPORTED:  # plain sentences, so that full-text search still finds the document
        from actorgraph.ingest import plain_sentences

        return Extraction(sentences=plain_sentences(prose_view(document)),
                          notes=[f"language {lang!r} is not covered by extraction yet; stored and searchable"])
    from actorgraph.ingest.prose import chunked_views

    model = settings.model_en if lang == "en" else settings.model_fr
    names = [n.strip() for n in settings.components.split(",") if n.strip()] or None
    nlp = get_nlp(lang, model)
    # spaCy refuses texts over nlp.max_length and its memory grows with the text: long
    # documents are read in chunks cut at paragraph or sentence boundaries.
    views = chunked_views(prose_view(document), CHUNK_CHARS)
    if len(views) == 1:
        return extract.run(document, views[0], nlp, names)
    return extract.merge([extract.run(document, view, nlp, names) for view in views])


def process_file(path: Path, settings: Settings) -> Processed:
    """Load, clean and extract one file (no store access)."""
    from actorgraph.ingest import IngestLimits, load_path

    limits = IngestLimits(max_bytes=settings.max_bytes, max_html_depth=settings.max_html_depth)
    document = load_path(path, limits)
    return Processed(document, extract_document(document, settings))


def ingest(paths: Iterable[Path], store, settings: Settings,
           progress: Callable[[Outcome], None] | None = None) -> BatchReport:
    """Ingest files into the store; a bad file is refused with a reason and the batch goes on."""
    from actorgraph.ingest import content_hash

    report = BatchReport()
    for path in iter_files(paths):
        outcome = _ingest_one(path, store, settings, content_hash)
        report.outcomes.append(outcome)
        if progress:
            progress(outcome)
    return report


def save_processed(store, processed: Processed, source: str) -> Outcome:
    """Write one extracted document (one transaction) and say what happened; for the runners.

    The store-side half of ``_ingest_one`` (text duplicates, save, text hash), so that every
    runner stores exactly what the in-process ingest stores.
    """
    try:
        duplicate = text_duplicate(store, processed.document)
        if duplicate is not None:
            return duplicate
        result = store.save(processed)
        remember_text_hash(store, processed.document, result.document_id)
    except DuplicateContent as exc:
        return Outcome(source, "duplicate", str(exc), exc.document_id)
    except ActorgraphError as exc:
        store.log(source, "refused", str(exc), processed.document.content_hash)
        return Outcome(source, "refused", str(exc))
    return Outcome(source, "ingested", f"version {result.version}", result.document_id,
                   result.entities, result.facts)


def _ingest_one(path: Path, store, settings: Settings, content_hash) -> Outcome:
    url = url_of(path)  # URL sources: see ingest_url below
    if url is not None:
        return ingest_url(url, store, settings)
    source = _source_name(path)
    try:
        digest = safe_file_hash(path, settings)  # bounded, never blocks on a FIFO or device
    except IngestError as exc:
        store.log(source, "refused", exc.reason)
        return Outcome(source, "refused", exc.reason)
    existing = store.has_content(digest)
    if existing is not None:
        return Outcome(source, "duplicate", f"same content as document {existing.id} ({existing.source})",
                       existing.id)
    try:
        processed = process_budgeted(source, settings, lambda: process_file(path, settings))
        duplicate = text_duplicate(store, processed.document)
        if duplicate is not None:
            return duplicate
        result = store.save(processed)
        remember_text_hash(store, processed.document, result.document_id)
    except DuplicateContent as exc:  # a concurrent writer stored these bytes first
        return Outcome(source, "duplicate", str(exc), exc.document_id)
    except IngestError as exc:
        store.log(source, "refused", exc.reason, digest)
        return Outcome(source, "refused", exc.reason)
    except ActorgraphError as exc:
        store.log(source, "refused", str(exc), digest)
        return Outcome(source, "refused", str(exc))
    return Outcome(source, "ingested", f"version {result.version}", result.document_id,
                   result.entities, result.facts)


# ---------------------------------------------------------------------------------------------
# Hostile input, the per-file time budget, text duplicates and URL sources (owner: ingest).
# Kept apart from the runners above so that both can change without colliding.


def _source_name(path: Path) -> str:
    from actorgraph.ingest import source_name

    return source_name(path)


def safe_file_hash(path: Path, settings: Settings) -> str:
    """sha256 of a regular file's bytes, at most settings.max_bytes read; IngestError otherwise."""
    from actorgraph.ingest import file_digest

    return file_digest(path, settings.max_bytes)


def process_budgeted(source: str, settings: Settings, produce: Callable[[], Processed]) -> Processed:
    """Run ``produce`` within settings.file_seconds; any failure inside it refuses the file only.

    A bug in a rule or a library exception on strange input becomes an IngestError (and is
    logged with its traceback), so one file never stops the batch.
    """
    from actorgraph.ingest import time_budget

    try:
        with time_budget(settings.file_seconds, source):
            return produce()
    except ActorgraphError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise IngestError(source, f"too complex to process ({type(exc).__name__}); refused") from exc
    except Exception as exc:
        log.exception("processing %s failed", source)
        raise IngestError(source, f"internal error while processing ({type(exc).__name__}: "
                                  f"{str(exc)[:200]}); please report it") from exc


def url_of(path: Path | str) -> str | None:
    """The URL a command-line argument names, or None for a file (``Path`` folds ``//`` to ``/``)."""
    import re

    m = re.match(r"(?i)^(https?):/+(.*)$", str(path))
    return f"{m.group(1).lower()}://{m.group(2)}" if m else None


def ingest_url(url: str, store, settings: Settings, allow_private: bool | None = None) -> Outcome:
    """Fetch a URL safely (ingest.fetch) and ingest the page like a file of its content type.

    ``allow_private`` (default: ``settings.allow_private`` if set, else False) lets it fetch
    from loopback and private networks. The document's source is the URL asked for; the
    final URL after redirects and the fetch time are recorded (fetched_url, fetched_at).
    """
    from actorgraph.ingest import IngestLimits, content_hash, load_bytes, source_name
    from actorgraph.ingest.fetch import FetchLimits, fetch

    source = source_name(url)
    allow = bool(getattr(settings, "allow_private", False)) if allow_private is None else allow_private
    try:
        fetched = fetch(url, allow_private=allow, limits=FetchLimits(max_bytes=settings.max_bytes))
    except IngestError as exc:
        store.log(source, "refused", exc.reason)
        return Outcome(source, "refused", exc.reason)
    digest = content_hash(fetched.data)
    existing = store.has_content(digest)
    if existing is not None:
        return Outcome(source, "duplicate", f"same content as document {existing.id} ({existing.source})",
                       existing.id)
    limits = IngestLimits(max_bytes=settings.max_bytes, max_html_depth=settings.max_html_depth)

    def produce() -> Processed:
        document = load_bytes(fetched.data, source, fetched.media_type, limits)
        document.fetched_url, document.fetched_at = fetched.final_url, fetched.fetched_at
        return Processed(document, extract_document(document, settings))

    try:
        processed = process_budgeted(source, settings, produce)
    except IngestError as exc:
        store.log(source, "refused", exc.reason, digest)
        return Outcome(source, "refused", exc.reason)
    duplicate = text_duplicate(store, processed.document)
    if duplicate is not None:
        return duplicate
    outcome = save_processed(store, processed, source)
    if outcome.status == "ingested" and outcome.document_id is not None:
        remember_text_hash(store, processed.document, outcome.document_id)
        _record_fetch(store, outcome.document_id, processed.document)
    return outcome


def _record_fetch(store, document_id: int, document: Document) -> None:
    """Set document.fetched_url / fetched_at, until Store.save writes them itself."""
    from actorgraph.store.models import DocumentRow

    with store.transaction() as s:
        row = s.get(DocumentRow, document_id)
        if row is not None and row.fetched_url is None:
            row.fetched_url, row.fetched_at = document.fetched_url, document.fetched_at


# Text duplicates: the same article in other bytes (encoding, newlines). The store has no
# text_hash column yet, so the hashes live in ingest_log rows (outcome "text_hash", detail = the
# hash); documents stored without one (an ingest killed between the two writes, or stored before
# this existed) are hashed again from their text and main segments on the first lookup. A
# ``Store.find_text_hash`` / ``Store.remember_text_hash`` pair, when the store has one, is used
# instead.
_TEXT_HASH = "text_hash"
_backfilled: weakref.WeakSet = weakref.WeakSet()


def text_duplicate(store, document: Document) -> Outcome | None:
    """A "duplicate" outcome when a stored document has the same normalised main text."""
    if not document.text_hash:
        return None
    finder = getattr(store, "find_text_hash", None)
    if finder is not None:
        found = finder(document.text_hash)
    else:
        _backfill_text_hashes(store)
        found = _find_text_hash(store, document.text_hash)
    if found is None:
        return None
    doc_id, original = found
    store.log(document.source, "duplicate", f"same text as document {doc_id}", document.content_hash, doc_id)
    return Outcome(document.source, "duplicate", f"same text as document {doc_id} ({original}), "
                                                 "in other bytes (encoding or newlines)", doc_id)


def remember_text_hash(store, document: Document, document_id: int) -> None:
    if not document.text_hash:
        return
    remember = getattr(store, "remember_text_hash", None)
    if remember is not None:
        remember(document_id, document.text_hash)
    else:
        store.log(document.source, _TEXT_HASH, document.text_hash, document.content_hash, document_id)


def _find_text_hash(store, digest: str) -> tuple[int, str] | None:
    from sqlalchemy import select

    from actorgraph.store.models import DocumentRow, IngestRunRow

    with store.session() as s:
        row = s.execute(select(DocumentRow.id, DocumentRow.source).join(
            IngestRunRow, IngestRunRow.document_id == DocumentRow.id).where(
            IngestRunRow.outcome == _TEXT_HASH, IngestRunRow.detail == digest)
            .order_by(DocumentRow.id).limit(1)).first()
    return (row[0], row[1]) if row else None


def _backfill_text_hashes(store) -> None:
    """Hash the stored documents that have no text_hash row yet (once per store and process)."""
    from sqlalchemy import select

    from actorgraph.ingest import text_hash
    from actorgraph.store.models import DocumentRow, IngestRunRow, SegmentRow

    if store in _backfilled:
        return
    with store.transaction() as s:
        hashed = select(IngestRunRow.document_id).where(IngestRunRow.outcome == _TEXT_HASH,
                                                        IngestRunRow.document_id.is_not(None))
        missing = s.scalars(select(DocumentRow.id).where(DocumentRow.id.not_in(hashed))).all()
        for doc_id in missing:
            doc = s.get(DocumentRow, doc_id)
            spans = s.execute(select(SegmentRow.start, SegmentRow.end).where(
                SegmentRow.document_id == doc_id, SegmentRow.kind == "main")).all()
            s.add(IngestRunRow(source=doc.source, outcome=_TEXT_HASH, content_hash=doc.content_hash,
                               detail=text_hash(doc.text, [(a, b) for a, b in spans]), document_id=doc_id))
    _backfilled.add(store)
