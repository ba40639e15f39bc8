"""SQLite connections: readers of large stores are tuned for reads, ingest is not (its memory must
not grow with the store), and an ingest leaves planner statistics behind."""

from __future__ import annotations

from actorgraph.store.repository import Store
from tests.analyse.builder import StoreBuilder


def _pragma(store: Store, name: str) -> int:
    with store.engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_readers_map_the_file_and_writers_do_not(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    reader, writer = Store(url), Store(url, reader=False)
    try:
        assert _pragma(reader, "mmap_size") == 1 << 30
        assert _pragma(reader, "cache_size") == -131072
        assert _pragma(writer, "mmap_size") == 0
        assert _pragma(writer, "cache_size") == -2000  # SQLite's default, 2 MB
    finally:
        reader.close()
        writer.close()


def test_refresh_statistics_writes_planner_statistics(tmp_path):
    b = StoreBuilder(tmp_path / "ws")
    b.entity("JNIM")
    b.entity("Mali", "Location")
    b.relation("JNIM", "operates_in", "Mali", b.sentence(b.document("Report"), "JNIM operates in Mali."))
    store = b.done()
    try:
        store.refresh_statistics()
        with store.engine.connect() as conn:
            tables = {r[0] for r in conn.exec_driver_sql("SELECT tbl FROM sqlite_stat1")}
    finally:
        store.close()
    assert {"fact", "mention", "document"} <= tables
