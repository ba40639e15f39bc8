"""Dask distributed: ``extract_file`` on the workers of a cluster, writes on the client side.

Workers need the files at the same paths (a shared filesystem) and actorgraph installed;
run them with one thread each (``dask worker ADDRESS --nthreads 1``): spaCy work holds the GIL.
Each worker loads the models once (a worker plugin warms them up; ``get_nlp`` caches them).
"""

from __future__ import annotations

from pathlib import Path

from actorgraph.errors import ConfigError
from actorgraph.settings import Settings

try:
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover - dask is only needed for --dask
    WorkerPlugin = object  # type: ignore[assignment,misc]


class WarmUp(WorkerPlugin):
    name = "actorgraph-warm-up"

    def __init__(self, settings: Settings):
        self.settings = settings

    def setup(self, worker) -> None:
        from actorgraph.runners import warm_up

        warm_up(self.settings)


class DaskExtractor:
    def __init__(self, scheduler: str, settings: Settings, workers: int = 1):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ConfigError("--dask needs dask and distributed: pip install 'dask[distributed]'") from exc
        self.settings = settings
        self.cluster = None
        if scheduler == "local":
            self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            scheduler = self.cluster.scheduler_address
        try:
            self.client = Client(scheduler, timeout=30)
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from exc
        self.client.register_plugin(WarmUp(settings))
        self.slots = max(1, sum(self.client.nthreads().values()))

    def submit(self, path: Path):
        from actorgraph.runners import extract_file

        # pure=False: a changed file at the same path must be read again, never served from a cache.
        return self.client.submit(extract_file, str(path), self.settings, pure=False)

    def __enter__(self) -> DaskExtractor:
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
