"""Shared fixtures: the spaCy pipeline (loaded once) and a workspace holding the demo corpus."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from actorgraph.model import Article, Document, Extraction, ProseView, Segment
from actorgraph.pipeline import DEMO_CORPUS, ingest
from actorgraph.settings import load_settings
from actorgraph.store.repository import Store

# Property tests explore the same examples on every run, so CI cannot fail at random;
# run with HYPOTHESIS_PROFILE=explore to search afresh.
hypothesis_settings.register_profile("repeatable", derandomize=True, deadline=None)
hypothesis_settings.register_profile("explore", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

SEEDS = sorted(DEMO_CORPUS.glob("*.txt"))
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def nlp_en():
    from actorgraph.extract.nlp import get_nlp

    return get_nlp("en")


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory) -> Path:
    """A workspace with the demo corpus ingested once for the whole session (read-only for tests)."""
    workspace = tmp_path_factory.mktemp("demo-ws")
    settings = load_settings(workspace)
    store = Store(settings.db_url)
    report = ingest([DEMO_CORPUS], store, settings)
    assert report.count("ingested") == len(SEEDS), [o.detail for o in report.refused]
    store.close()
    return workspace


@pytest.fixture
def demo_copy(demo_workspace, tmp_path) -> Path:
    """A private copy of the demo workspace that a test may change."""
    target = tmp_path / "ws"
    shutil.copytree(demo_workspace, target)
    return target


@pytest.fixture
def store_at():
    opened = []

    def open_store(workspace: Path) -> Store:
        store = Store(load_settings(workspace).db_url)
        opened.append(store)
        return store

    yield open_store
    for store in opened:
        store.close()


# ------------------------------------------------------------------ store backends (SQLite, PostgreSQL)
PG_SERVER = os.environ.get("ACTORGRAPH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _pg_admin_engine():
    """An AUTOCOMMIT engine on the server's maintenance database, or a reason it is unreachable."""
    from sqlalchemy import create_engine, text

    from actorgraph.store.database import normalise_url

    try:
        engine = create_engine(normalise_url(PG_SERVER), isolation_level="AUTOCOMMIT",
                               connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return engine, None
    except Exception as exc:  # driver missing, server down, auth refused: all mean "no PostgreSQL here"
        return None, f"PostgreSQL unreachable at {PG_SERVER} ({type(exc).__name__}: {str(exc).strip()[:200]})"


@pytest.fixture(scope="session")
def pg_server():
    """The admin engine of the test PostgreSQL server; skips (or fails, when ACTORGRAPH_TEST_REQUIRE_PG=1,
    as CI sets it) with the reason when the server cannot be reached."""
    engine, reason = _pg_admin_engine()
    if engine is None:
        if os.environ.get("ACTORGRAPH_TEST_REQUIRE_PG") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url(pg_server):
    """A throwaway PostgreSQL database (actorgraph_test_<random>), dropped at the end of the test."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"actorgraph_test_{uuid.uuid4().hex[:12]}"
    with pg_server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(pg_server.url).set(database=name).render_as_string(hide_password=False)
    with pg_server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> str:
    """A fresh, empty store URL on each backend: SQLite in tmp_path, and a throwaway PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'actorgraph.db'}"
    return request.getfixturevalue("pg_url")


def run_prose(nlp, text: str, language: str = "en", published: str | None = None,
              names: list[str] | None = None) -> Extraction:
    """Run the extract stage on a text written for a test, all of it main prose."""
    import hashlib

    from actorgraph import extract

    doc = Document(source=f"test-{language}.txt", text=text, content_hash=hashlib.sha1(text.encode()).hexdigest(),
                   language=language, published=published, segments=[Segment(0, len(text), "main")],
                   articles=[Article(None, 0, len(text), published=published, language=language)])
    return extract.run(doc, ProseView(text, [(0, 0, len(text))]), nlp, names)


NAME_FIELDS = ("subject", "object", "attributed_entity")


def named_facts(ex: Extraction, kind: str, lists: tuple[str, ...] = ()) -> list[dict]:
    """Facts of one kind with local ids replaced by entity names (also inside the ``lists`` fields)."""
    names = {e.local_id: e.name for e in ex.entities}

    def name(key: str, value):
        if key in NAME_FIELDS:
            return names.get(value, value)
        if key in lists:
            return [names.get(x, x) for x in value]
        return value

    return [{k: name(k, v) for k, v in f.data.items()} for f in ex.facts if f.kind == kind]
