"""Fixtures of the French tests: the French pipeline (loaded once) and an extract helper."""

from __future__ import annotations

import hashlib

import pytest

from actorgraph.model import Article, Document, Extraction, ProseView, Segment


@pytest.fixture(scope="session")
def nlp_fr():
    from actorgraph.extract.nlp import get_nlp

    return get_nlp("fr")


@pytest.fixture(scope="session")
def extract_fr(nlp_fr):
    """Run the extract stage on a French text of our own (all of it main prose)."""
    from actorgraph import extract

    def run(text: str, published: str | None = None, names: list[str] | None = None) -> Extraction:
        doc = Document(source="test-fr.txt", text=text, content_hash=hashlib.sha1(text.encode()).hexdigest(),
                       language="fr", published=published, segments=[Segment(0, len(text), "main")],
                       articles=[Article(None, 0, len(text), published=published, language="fr")])
        return extract.run(doc, ProseView(text, [(0, 0, len(text))]), nlp_fr, names)

    return run


def named(ex: Extraction, kind: str) -> list[dict]:
    """Facts of one kind with local ids replaced by entity names."""
    names = {e.local_id: e.name for e in ex.entities}
    out = []
    for f in ex.facts:
        if f.kind != kind:
            continue
        row = {}
        for k, v in f.data.items():
            if k in ("subject", "object", "attributed_entity"):
                row[k] = names.get(v, v)
            elif k in ("actors", "assoc_actors", "location"):
                row[k] = [names.get(x, x) for x in v]
            else:
                row[k] = v
        out.append(row)
    return out


def triples(ex: Extraction) -> set[tuple[str, str, str]]:
    return {(r["subject"], r["predicate"], r["object"]) for r in named(ex, "relation")}
