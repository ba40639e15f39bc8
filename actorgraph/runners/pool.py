"""Local process pool: ``workers`` processes, each loading the spaCy pipeline once."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from actorgraph.settings import Settings


def _init_worker(settings: Settings) -> None:
    from actorgraph.runners import warm_up

    warm_up(settings)


class PoolExtractor:
    """Submits ``extract_file`` to a ProcessPoolExecutor; spawned (not forked) workers, so a parent
    holding database connections, threads or a loaded model hands none of them down."""

    def __init__(self, workers: int, settings: Settings):
        self.settings = settings
        self.slots = workers
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_init_worker, initargs=(settings,))

    def submit(self, path: Path) -> Future:
        from actorgraph.runners import extract_file

        return self.pool.submit(extract_file, str(path), self.settings)

    def __enter__(self) -> PoolExtractor:
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
