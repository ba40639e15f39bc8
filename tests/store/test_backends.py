"""The store on both backends: SQLite (always) and PostgreSQL (a throwaway database per test).

PostgreSQL tests skip with the reason when the server is unreachable (ACTORGRAPH_TEST_REQUIRE_PG=1
turns that into a failure, for CI).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from actorgraph.analyse.check import check_store
from actorgraph.analyse.queries import search_text
from actorgraph.analyse.review import merge, split
from actorgraph.pipeline import ingest
from actorgraph.resolve.names import normalise
from actorgraph.settings import load_settings
from actorgraph.store.models import (
    AliasRow,
    DocumentRow,
    EntityRow,
    EvidenceRow,
    FactRow,
    MentionRow,
    SentenceRow,
)
from actorgraph.store.repository import Store, find_entities
from tests.store.texts import REPORTS, write_reports

pytestmark = pytest.mark.slow


@pytest.fixture
def open_store(store_url):
    stores = []

    def opener() -> Store:
        stores.append(Store(store_url))
        return stores[-1]

    yield opener
    for s in stores:
        s.close()


def counts(store: Store) -> dict[str, int]:
    with store.session() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t))
                for t in (DocumentRow, SentenceRow, EntityRow, AliasRow, MentionRow, FactRow, EvidenceRow)}


def run(paths, store, tmp_path):
    return ingest(paths, store, load_settings(tmp_path / "ws", db=store.url))


def test_save_and_idempotent_reingest(open_store, tmp_path):
    store = open_store()
    files = write_reports(tmp_path / "corpus")
    first = run(files, store, tmp_path)
    assert first.count("ingested") == 3, [o.detail for o in first.outcomes]
    before = counts(store)
    assert before["document"] == 3 and before["mention"] > 10 and before["fact"] > 0
    again = run(files, store, tmp_path)
    assert again.count("duplicate") == 3
    assert counts(store) == before
    # One entity per registry actor and per invented person across documents.
    with store.session() as s:
        assert len(find_entities(s, "JNIM")) == 1
        assert len(find_entities(s, "Boubacar Keitax")) == 1
        keitax = find_entities(s, "Boubacar Keitax")[0]
        docs = s.scalar(select(func.count(func.distinct(MentionRow.document_id)))
                        .where(MentionRow.entity_id == keitax.id))
        assert docs == 2


def test_changed_file_is_a_new_version(open_store, tmp_path):
    store = open_store()
    files = write_reports(tmp_path / "corpus")
    run(files, store, tmp_path)
    files[0].write_text(REPORTS["convoy.txt"] + "\nA second convoy was attacked near Léré in April 2024.\n", "utf-8")
    report = run(files, store, tmp_path)
    assert [o.status for o in report.outcomes] == ["ingested", "duplicate", "duplicate"]
    assert report.outcomes[0].detail == "version 2"
    with store.session() as s:
        versions = s.execute(select(DocumentRow.version, DocumentRow.current)
                             .where(DocumentRow.source == str(files[0])).order_by(DocumentRow.version)).all()
        assert versions == [(1, False), (2, True)]
        assert s.scalar(select(func.count()).where(DocumentRow.current.is_(True))) == 3
    assert check_store(store).ok, check_store(store).problems  # fact.support included


@pytest.mark.parametrize("query", ["Lere", "léré", "LERE convoy"])
def test_search_is_accent_insensitive(open_store, tmp_path, query):
    store = open_store()
    run(write_reports(tmp_path / "corpus", ["convoy.txt", "blockade.txt"]), store, tmp_path)
    with store.session() as s:
        hits = search_text(s, store, query)
        assert hits, f"{query!r} found nothing on {store.engine.dialect.name}"
        assert all("Léré" in s.get(SentenceRow, h.sentence_id).text for h in hits)
        assert any("[Léré]" in h.snippet for h in hits), [h.snippet for h in hits]
        assert search_text(s, store, "Lere Kayes") == []  # every word must occur in the sentence
        assert search_text(s, store, '  "" ') == []


def test_judgements_survive_reingest(open_store, tmp_path):
    store = open_store()
    files = write_reports(tmp_path / "corpus")
    run(files, store, tmp_path)
    with store.transaction() as s:
        merge(s, "Boubacar Keitax", "Salif Dembelex", "tester", "same man, two names")
        merge(s, "Aminata Coulibalix", "Moussa Kanoutex", "tester", "a mistake, undone below")
    with store.transaction() as s:
        split(s, "Moussa Kanoutex", "tester", "two people after all")
    # A new version of every file: everything is extracted and resolved again.
    for path in files:
        path.write_text(path.read_text("utf-8") + "\nSalif Dembelex and Moussa Kanoutex spoke in Bamako.\n",
                        "utf-8")
    report = run(files, store, tmp_path)
    assert report.count("ingested") == 3
    with store.session() as s:
        (keitax,) = find_entities(s, "Boubacar Keitax")
        assert [e.id for e in find_entities(s, "Salif Dembelex")] == [keitax.id]
        (kanoutex,) = find_entities(s, "Moussa Kanoutex")
        (coulibalix,) = find_entities(s, "Aminata Coulibalix")
        assert kanoutex.id != coulibalix.id
        current = select(DocumentRow.id).where(DocumentRow.current.is_(True))
        texts = s.execute(select(MentionRow.text, MentionRow.entity_id)
                          .where(MentionRow.document_id.in_(current))).all()
        assert {e for t, e in texts if t == "Salif Dembelex"} == {keitax.id}
        assert {e for t, e in texts if t == "Moussa Kanoutex"} == {kanoutex.id}


def _entity_snapshot(url: str) -> tuple[int, list, list]:
    store = Store(url)
    try:
        with store.session() as s:
            docs = s.execute(select(DocumentRow.content_hash, func.count())
                             .group_by(DocumentRow.content_hash)).all()
            ents = s.execute(select(EntityRow.type, EntityRow.canonical_name, EntityRow.key)).all()
            return len(docs), sorted(c for _, c in docs), sorted((t, normalise(n), k or "") for t, n, k in ents)
    finally:
        store.close()


@pytest.mark.postgres
def test_concurrent_ingest_into_postgresql(pg_url, tmp_path):
    """Three processes ingest overlapping files at once: no duplicate documents or entities."""
    names = list(REPORTS)
    variants = []
    for i in range(3):  # 9 files: each report three times with a different closing line
        for name in names:
            path = tmp_path / "corpus" / f"{i}-{name}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(REPORTS[name] + f"\nReport number {i + 1}.\n", "utf-8")
            variants.append(path)
    orders = [variants, variants, list(reversed(variants))]
    Store(pg_url).close()  # migrate once, so the three start on the same schema at the same moment
    procs = [subprocess.Popen([sys.executable, "-m", "actorgraph.cli", "--workspace", str(tmp_path / f"ws{i}"),
                               "--db", pg_url, "ingest", *map(str, order)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i, order in enumerate(orders)]
    outputs = [p.communicate(timeout=600) for p in procs]
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err[-3000:]
    summaries = [out.strip().splitlines()[-1] for out, _ in outputs]
    assert sum(int(line.split()[0]) for line in summaries) == len(variants), summaries

    n_docs, per_hash, entities = _entity_snapshot(pg_url)
    assert n_docs == len(variants) and set(per_hash) == {1}
    shared = Store(pg_url)
    report = check_store(shared)  # among others: evidence counts (fact.support) written by racing writers
    shared.close()
    assert report.ok, report.problems
    assert len(entities) == len(set(entities)), "duplicate entities"

    # Same entities as one process ingesting the same files alone.
    serial_url = f"sqlite:///{tmp_path / 'serial.db'}"
    serial = Store(serial_url)
    ingest(variants, serial, load_settings(tmp_path / "serial-ws", db=serial_url))
    serial.close()
    assert entities == _entity_snapshot(serial_url)[2]


def test_reingest_of_unchanged_files_only_hashes(open_store, tmp_path, monkeypatch):
    store = open_store()
    files = write_reports(tmp_path / "corpus")
    run(files, store, tmp_path)

    def no_extraction(*_a, **_k):
        raise AssertionError("an unchanged file was extracted again")

    monkeypatch.setattr("actorgraph.pipeline.process_file", no_extraction)
    assert run(files, store, tmp_path).count("duplicate") == 3


def test_file_hash_is_content_hash(tmp_path):
    from actorgraph.ingest import content_hash
    from actorgraph.pipeline import safe_file_hash

    path = tmp_path / "big.txt"
    path.write_bytes(b"Lere \xc3\xa9 " * 500_000)
    assert safe_file_hash(path, load_settings(tmp_path)) == content_hash(path.read_bytes())
    assert Path(path).stat().st_size > 1 << 20
