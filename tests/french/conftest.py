"""Fixtures of the French tests: the French pipeline (loaded once) and an extract helper."""

from __future__ import annotations

import pytest

from actorgraph.model import Extraction
from tests.conftest import named_facts, run_prose


@pytest.fixture(scope="session")
def nlp_fr():
    from actorgraph.extract.nlp import get_nlp

    return get_nlp("fr")


@pytest.fixture(scope="session")
def extract_fr(nlp_fr):
    """Run the extract stage on a French text of our own (all of it main prose)."""

    def run(text: str, published: str | None = None, names: list[str] | None = None) -> Extraction:
        return run_prose(nlp_fr, text, "fr", published, names)

    return run


def named(ex: Extraction, kind: str) -> list[dict]:
    """Facts of one kind with local ids replaced by entity names, in role lists too."""
    return named_facts(ex, kind, ("actors", "assoc_actors", "location"))


def triples(ex: Extraction) -> set[tuple[str, str, str]]:
    return {(r["subject"], r["predicate"], r["object"]) for r in named(ex, "relation")}
