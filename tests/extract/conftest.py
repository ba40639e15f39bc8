"""Shared fixtures for the rule-family tests: one spaCy pipeline per session."""

from __future__ import annotations

import pytest

from actorgraph.model import Extraction
from tests.conftest import named_facts, run_prose


@pytest.fixture(scope="session")
def nlp():
    from actorgraph.extract.nlp import get_nlp

    return get_nlp("en")


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Run the extract stage on a text of our own (all of it main prose)."""

    def run(text: str, published: str | None = None, names: list[str] | None = None) -> Extraction:
        return run_prose(nlp, text, "en", published, names)

    return run


def _named(ex: Extraction, fact_kind: str) -> list[dict]:
    return named_facts(ex, fact_kind)


@pytest.fixture(scope="session")
def named():
    return _named
