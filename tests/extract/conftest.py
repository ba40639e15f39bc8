"""Shared fixtures for the rule-family tests: one spaCy pipeline per session."""

from __future__ import annotations

import hashlib

import pytest

from actorgraph.model import Article, Document, Extraction, ProseView, Segment


@pytest.fixture(scope="session")
def nlp():
    from actorgraph.extract.nlp import get_nlp

    return get_nlp("en")


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Run the extract stage on a text of our own (all of it main prose)."""
    from actorgraph import extract

    def run(text: str, published: str | None = None, names: list[str] | None = None) -> Extraction:
        doc = Document(source="test.txt", text=text, content_hash=hashlib.sha1(text.encode()).hexdigest(),
                       language="en", published=published, segments=[Segment(0, len(text), "main")],
                       articles=[Article(None, 0, len(text), published=published)])
        return extract.run(doc, ProseView(text, [(0, 0, len(text))]), nlp, names)

    return run


def _named(ex: Extraction, fact_kind: str) -> list[dict]:
    """Facts of one kind with local ids replaced by entity names."""
    names = {e.local_id: e.name for e in ex.entities}
    out = []
    for f in ex.facts:
        if f.kind != fact_kind:
            continue
        out.append({k: names.get(v, v) if k in ("subject", "object", "attributed_entity") else v
                    for k, v in f.data.items()})
    return out


@pytest.fixture(scope="session")
def named():
    return _named
