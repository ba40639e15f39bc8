"""Runners: a process pool and a Dask cluster build the same store as the in-process ingest;
files stream through a bounded window; an interrupted ingest resumes where it stopped."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import Future
from pathlib import Path

import pytest
from sqlalchemy import select

from actorgraph.pipeline import ingest
from actorgraph.runners import run, run_windowed
from actorgraph.settings import load_settings
from actorgraph.store.models import AliasRow, DocumentRow, EntityRow, FactRow, MentionRow
from actorgraph.store.repository import Store
from tests.store.texts import REPORTS

pytestmark = pytest.mark.slow

PEOPLE = ["Boubacar Keitax", "Salif Dembelex", "Aminata Coulibalix", "Moussa Kanoutex"]


def make_corpus(folder: Path, n: int) -> list[Path]:
    """n small reports: the test reports with varied people, figures and closing lines."""
    folder.mkdir(parents=True, exist_ok=True)
    names = list(REPORTS)
    out = []
    for i in range(n):
        text = REPORTS[names[i % len(names)]]
        text = text.replace("Boubacar Keitax", PEOPLE[i % 4]).replace("12 soldiers", f"{10 + i} soldiers")
        path = folder / f"{i:03d}-{names[i % len(names)]}"
        path.write_text(text + f"\nThis is report {i}, filed from Gao.\n", "utf-8")
        out.append(path)
    return out


def snapshot(url: str) -> dict:
    """The store's contents, independent of ingest timing: documents, entities with aliases,
    mention spans with their entity, fact fingerprints."""
    store = Store(url)
    try:
        with store.session() as s:
            docs = s.execute(select(DocumentRow.id, DocumentRow.source, DocumentRow.content_hash,
                                    DocumentRow.version, DocumentRow.current).order_by(DocumentRow.id)).all()
            hashes = {i: h for i, _, h, _, _ in docs}
            aliases: dict[int, list] = {}
            for eid, name, origin in s.execute(select(AliasRow.entity_id, AliasRow.name, AliasRow.origin)):
                aliases.setdefault(eid, []).append((name, origin))
            entities = {e.id: (e.type, e.canonical_name, e.key, tuple(sorted(aliases.get(e.id, []))))
                        for e in s.scalars(select(EntityRow))}
            mentions = sorted((hashes[d], st, en, t, entities[e][:3]) for d, st, en, t, e in s.execute(
                select(MentionRow.document_id, MentionRow.start, MentionRow.end, MentionRow.text,
                       MentionRow.entity_id)))
            facts = sorted(s.scalars(select(FactRow.fingerprint)))
            return {"documents": [(src, h, v, c) for _, src, h, v, c in docs],
                    "entities": sorted(entities.values()), "mentions": mentions, "facts": facts}
    finally:
        store.close()


def ingest_with(tmp_path: Path, name: str, files: list[Path], **kw) -> tuple[str, object]:
    url = f"sqlite:///{tmp_path / (name + '.db')}"
    store = Store(url)
    try:
        report = run(files, store, load_settings(tmp_path / "ws", db=url), **kw)
    finally:
        store.close()
    return url, report


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    return make_corpus(tmp_path_factory.mktemp("corpus"), 12)


@pytest.fixture(scope="module")
def serial_snapshot(corpus, tmp_path_factory) -> dict:
    url, report = ingest_with(tmp_path_factory.mktemp("serial"), "serial", corpus)
    assert report.count("ingested") == len(corpus)
    return snapshot(url)


def test_process_pool_builds_the_same_store(corpus, serial_snapshot, tmp_path):
    url, report = ingest_with(tmp_path, "pool", corpus, workers=2)
    assert [o.source for o in report.outcomes] == [str(p) for p in corpus]
    assert report.count("ingested") == len(corpus)
    assert snapshot(url) == serial_snapshot
    _, again = ingest_with(tmp_path, "pool", corpus, workers=2)
    assert again.count("duplicate") == len(corpus)


def test_dask_builds_the_same_store(corpus, serial_snapshot, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        url, report = ingest_with(tmp_path, "dask", corpus, scheduler=cluster.scheduler_address)
    assert report.count("ingested") == len(corpus), [o.detail for o in report.refused]
    assert snapshot(url) == serial_snapshot


def test_refused_and_duplicate_files_in_a_parallel_run(tmp_path):
    files = make_corpus(tmp_path / "c", 3)
    twin = tmp_path / "c" / "twin.txt"
    twin.write_bytes(files[0].read_bytes())
    empty = tmp_path / "c" / "empty.txt"
    empty.write_bytes(b"")
    _, report = ingest_with(tmp_path, "mixed", [*files, twin, empty, tmp_path / "missing.txt"], workers=2)
    status = {Path(o.source).name: o.status for o in report.outcomes}
    assert status["twin.txt"] == "duplicate"
    assert status["missing.txt"] == "refused"
    assert report.count("ingested") == 3


class _Done(Future):
    def __init__(self, value, counter):
        super().__init__()
        self.set_result(value)
        self.counter = counter

    def result(self, timeout=None):
        self.counter["drained"] += 1
        return super().result(timeout)


def test_files_stream_through_a_bounded_window(tmp_path):
    """Never more than `window` files submitted and not yet written, however many files there are."""
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    counter = {"submitted": 0, "drained": 0, "peak": 0}
    produced = []

    def files():
        for i in range(300):
            path = tmp_path / f"f{i}.txt"
            path.write_text(f"file {i}")
            produced.append(path)
            yield path

    def submit(path):
        counter["submitted"] += 1
        counter["peak"] = max(counter["peak"], counter["submitted"] - counter["drained"])
        # Files read ahead of the writer stay within the window plus one hashing batch.
        assert len(produced) - counter["drained"] <= 5 + 64 + 1
        return _Done(("refused", "test"), counter)

    report = run_windowed(files(), store, submit, window=5)
    store.close()
    assert len(report.outcomes) == 300 and counter["peak"] <= 6


def test_interrupted_ingest_resumes(tmp_path):
    """Kill an ingest mid-batch: committed documents stay whole, the rerun does only the rest."""
    files = make_corpus(tmp_path / "corpus", 30)
    ws = tmp_path / "ws"
    cmd = [sys.executable, "-m", "actorgraph.cli", "--workspace", str(ws), "ingest", str(tmp_path / "corpus")]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = ws / "actorgraph.db"
    deadline = time.monotonic() + 300
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as con:
                    done = con.execute("SELECT count(*) FROM document").fetchone()[0]
            except sqlite3.OperationalError:
                done = 0
        if done >= 3:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.05)
    proc.wait()
    assert 3 <= done < len(files), f"ingest was not interrupted mid-batch ({done} documents)"

    store = Store(load_settings(ws).db_url)
    try:
        with store.session() as s:
            committed = s.execute(select(DocumentRow.id, DocumentRow.source)).all()
            for doc_id, _ in committed:  # no half-written document
                assert s.scalar(select(MentionRow.id).where(MentionRow.document_id == doc_id).limit(1))
        report = ingest(files, store, load_settings(ws))
        assert report.count("duplicate") == len(committed)
        assert report.count("ingested") == len(files) - len(committed)
        with store.session() as s:
            assert len(s.execute(select(DocumentRow.id)).all()) == len(files)
    finally:
        store.close()
