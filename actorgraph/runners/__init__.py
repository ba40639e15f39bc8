"""Runners: the same ``pipeline.process_file`` in this process, a local process pool or a Dask cluster.

Workers only extract (pure, no store access). The parent — or the Dask client — hashes each file,
skips content already stored (one indexed lookup per batch), and writes every extracted
document in its own transaction through ``pipeline.save_processed``. Files stream through a
bounded window: at most ``window`` documents are in flight or waiting to be written, whatever
the corpus size. Results are written in input order, so every runner builds the same store
(entity resolution depends on the order documents arrive).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from actorgraph.errors import ActorgraphError, IngestError
from actorgraph.pipeline import (
    BatchReport,
    Outcome,
    _source_name,
    ingest,
    ingest_url,
    iter_files,
    process_budgeted,
    safe_file_hash,
    save_processed,
    url_of,
)
from actorgraph.settings import Settings

log = logging.getLogger(__name__)
HASH_BATCH = 64  # files hashed and looked up in the store per query


def run(paths: Iterable[Path], store, settings: Settings, progress: Callable[[Outcome], None] | None = None,
        workers: int = 1, scheduler: str | None = None, window: int | None = None) -> BatchReport:
    """Ingest ``paths``: in-process (workers=1), on ``workers`` local processes, or on the Dask
    scheduler at ``scheduler`` ("local" starts a LocalCluster of ``workers`` processes)."""
    if scheduler:
        from actorgraph.runners.dask import DaskExtractor

        with DaskExtractor(scheduler, settings, workers) as ex:
            return run_windowed(iter_files(paths), store, ex.submit, window or 4 * ex.slots, progress, settings)
    if workers > 1:
        from actorgraph.runners.pool import PoolExtractor

        with PoolExtractor(workers, settings) as ex:
            return run_windowed(iter_files(paths), store, ex.submit, window or 4 * workers, progress, settings)
    return ingest(paths, store, settings, progress)


def extract_file(path: str, settings: Settings) -> tuple[str, object]:
    """The worker's task: ("ok", Processed) or ("refused", reason). Runs anywhere; no store access."""
    from actorgraph.pipeline import process_file

    try:
        # The per-file time budget (SIGALRM) holds in pool workers; Dask runs tasks in worker
        # threads, where it cannot, so there a file is bounded by the Dask task timeout only.
        return "ok", process_budgeted(_source_name(Path(path)), settings,
                                      lambda: process_file(Path(path), settings))
    except IngestError as exc:
        return "refused", exc.reason
    except ActorgraphError as exc:
        return "refused", str(exc)


def warm_up(settings: Settings) -> None:
    """Load the models a worker needs once, before its first file (pool initializer, Dask plugin)."""
    from actorgraph.extract.nlp import get_nlp

    get_nlp("en", settings.model_en)
    try:
        from actorgraph.geo.gazetteer import get_gazetteer

        get_gazetteer()
    except ImportError:  # pragma: no cover - geo is optional for extraction
        pass


def _batches(items: Iterator[Path], size: int) -> Iterator[list[Path]]:
    while batch := list(islice(items, size)):
        yield batch


def run_windowed(files: Iterator[Path], store, submit: Callable[[Path], object], window: int,
                 progress: Callable[[Outcome], None] | None = None,
                 settings: Settings | None = None) -> BatchReport:
    """Hash and look up files in batches, submit the new ones, write results in input order.

    ``submit(path)`` returns a future (concurrent.futures or distributed) whose result is what
    ``extract_file`` returns. Memory is bounded by ``window`` + HASH_BATCH documents.
    """
    report = BatchReport()
    pending: deque[tuple[str, str | None, object]] = deque()  # (source, digest, future | Outcome)

    def finish(outcome: Outcome) -> None:
        report.outcomes.append(outcome)
        if progress:
            progress(outcome)

    def drain_one() -> None:
        source, digest, item = pending.popleft()
        if isinstance(item, Outcome):
            finish(item)
            return
        status, value = item.result()
        if status == "refused":
            store.log(source, "refused", value, digest)
            finish(Outcome(source, "refused", value))
        else:
            finish(save_processed(store, value, source))

    for batch in _batches(iter(files), HASH_BATCH):
        hashed: list[tuple[Path, str | None, str]] = []
        for path in batch:
            if url_of(path) is not None and settings is not None:  # URLs: fetched here, one by one
                hashed.append((path, None, ""))
                continue
            try:
                hashed.append((path, safe_file_hash(path, settings or Settings()), ""))
            except IngestError as exc:
                store.log(_source_name(path), "refused", exc.reason)
                hashed.append((path, None, exc.reason))
        known = store.known_hashes(d for _, d, _ in hashed if d)
        for path, digest, error in hashed:
            source = _source_name(path)
            if digest is None and not error:
                while pending:  # keep the report in input order
                    drain_one()
                finish(ingest_url(url_of(path), store, settings))
            elif digest is None:
                pending.append((source, None, Outcome(source, "refused", error)))
            elif digest in known:
                doc_id, doc_source = known[digest]
                pending.append((source, digest, Outcome(source, "duplicate",
                                                        f"same content as document {doc_id} ({doc_source})",
                                                        doc_id)))
            else:
                # A second copy within the window is extracted too; its save reports the duplicate.
                pending.append((source, digest, submit(path)))
            while len(pending) > window:
                drain_one()
    while pending:
        drain_one()
    return report
