"""Shared fixtures: the spaCy pipeline (loaded once) and a workspace holding the demo corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from actorgraph.pipeline import DEMO_CORPUS, ingest
from actorgraph.settings import load_settings
from actorgraph.store.repository import Store

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
