"""Composes the stages (ingest -> extract -> store) for one document or a batch.

The only module that knows the stages' order. ``process_file`` is a pure
function of a path and settings (it loads models once per process), so the
local, multi-process and Dask runners all call it unchanged; writes happen on
the caller's side, one transaction per document.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from actorgraph.errors import ActorgraphError, IngestError
from actorgraph.model import Document, Extraction, Processed
from actorgraph.settings import Settings

log = logging.getLogger(__name__)
SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"}
DEMO_CORPUS = Path(__file__).parent / "data" / "demo"


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


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files under the given paths, recursively, in a stable order; symlink loops are not followed."""
    for path in paths:
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
    if lang not in SUPPORTED:
        return Extraction(notes=[f"language {lang!r} is not covered by extraction yet; stored and searchable"])
    model = settings.model_en if lang == "en" else settings.model_fr
    names = [n.strip() for n in settings.components.split(",") if n.strip()] or None
    return extract.run(document, prose_view(document), get_nlp(lang, model), names)


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


def _ingest_one(path: Path, store, settings: Settings, content_hash) -> Outcome:
    source = str(path)
    try:
        digest = content_hash(path.read_bytes())
    except OSError as exc:
        store.log(source, "refused", exc.strerror or str(exc))
        return Outcome(source, "refused", f"cannot read: {exc.strerror or exc}")
    existing = store.has_content(digest)
    if existing is not None:
        return Outcome(source, "duplicate", f"same content as document {existing.id} ({existing.source})",
                       existing.id)
    try:
        processed = process_file(path, settings)
        result = store.save(processed)
    except IngestError as exc:
        store.log(source, "refused", exc.reason, digest)
        return Outcome(source, "refused", exc.reason)
    except ActorgraphError as exc:
        store.log(source, "refused", str(exc), digest)
        return Outcome(source, "refused", str(exc))
    return Outcome(source, "ingested", f"version {result.version}", result.document_id,
                   result.entities, result.facts)
