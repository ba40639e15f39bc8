"""Reads that must stay bounded on a large store: a profile, an entity card and the network show
the best-supported facts first, cite their first sources, and say when they stopped."""

from __future__ import annotations

import pytest

from actorgraph.analyse import profile as profile_mod
from actorgraph.analyse.check import check_store
from actorgraph.analyse.profile import build_profile, render_markdown
from actorgraph.analyse.queries import active_facts, entity_card, fact_evidence, resolve_name
from actorgraph.store.models import FactRow
from actorgraph.web import data

from .builder import StoreBuilder


@pytest.fixture
def crowded(tmp_path, store_url):
    """JNIM allied with Alpha (told by four documents), Beta and Gamma (one each), and Delta (only
    a superseded document, told four times); JNIM named in five documents."""
    b = StoreBuilder(tmp_path / "ws", db=store_url)  # SQLite and PostgreSQL
    for name in ("JNIM", "Alpha Brigade", "Beta Front", "Gamma Katiba", "Delta Group"):
        b.entity(name)
    docs = [b.document(f"Report {i}", published=f"2024-0{i + 1}") for i in range(5)]
    old = b.document("Old report", current=False)
    alpha = None
    for i, doc in enumerate(docs[:4]):
        s = b.sentence(doc, f"JNIM fights beside Alpha Brigade, source {i}.")
        if alpha is None:
            alpha = b.relation("JNIM", "allied_with", "Alpha Brigade", s)
        else:
            b.evidence(alpha, s)
    b.relation("JNIM", "allied_with", "Beta Front", b.sentence(docs[4], "JNIM and Beta Front cooperate."))
    b.relation("JNIM", "allied_with", "Gamma Katiba", b.sentence(docs[4], "JNIM and Gamma Katiba cooperate."))
    delta = b.relation("JNIM", "allied_with", "Delta Group", b.sentence(old, "JNIM allied with Delta Group."))
    for i in range(3):
        b.evidence(delta, b.sentence(old, f"Again JNIM and Delta Group, {i}."))
    store = b.done()
    yield store
    store.close()


def _allies(profile) -> list[str]:
    sec = next(x for x in profile.sections if x.key == "affiliations")
    fld = next(f for f in sec.fields if f.label == "Allies and partners")
    return [st.data["counterpart"] for st in fld.statements]


def test_support_counts_evidence_and_check_agrees(crowded):
    with crowded.session() as s:
        support = {f.object_id: f.support for f in s.query(FactRow)}
        alpha = resolve_name(s, "Alpha Brigade").id
        assert support[alpha] == 4
    assert check_store(crowded).ok
    with crowded.transaction() as s:  # a count gone wrong is reported
        s.query(FactRow).filter(FactRow.object_id == alpha).update({"support": 1})
    report = check_store(crowded)
    assert [p.check for p in report.problems] == ["fact support count"]


def test_limited_read_keeps_best_supported_current_facts(crowded):
    with crowded.session() as s:
        me = resolve_name(s, "JNIM").id
        top = active_facts(s, "relation", me, limit=1)
        names = {resolve_name(s, n).id: n for n in ("Alpha Brigade", "Delta Group")}
        # Delta has as much evidence as Alpha, but only from a superseded document.
        assert [names.get(f.object_id) for f in top] == ["Alpha Brigade"]
        assert len(active_facts(s, "relation", me, limit=10)) == 3


def test_profile_cuts_lists_to_limits_and_says_so(crowded, monkeypatch):
    monkeypatch.setitem(profile_mod.LIMITS, "relations", 1)
    with crowded.session() as s:
        p = build_profile(s, resolve_name(s, "JNIM").id)
    assert _allies(p) == ["Alpha Brigade"]
    assert p.notes and "relations: the 1 best-supported of up to 4 are shown" in p.notes
    assert "> Note: relations: the 1 best-supported" in render_markdown(p)


def test_profile_cites_first_sources_of_a_much_cited_fact(crowded, monkeypatch):
    monkeypatch.setattr(profile_mod, "QUOTES_PER_FACT", 2)
    with crowded.session() as s:
        p = build_profile(s, resolve_name(s, "JNIM").id)
        alpha = next(st for sec in p.sections for f in sec.fields for st in f.statements
                     if st.data.get("counterpart") == "Alpha Brigade")
        cited = [src.title for src in p.sources if src.number in alpha.citations]
    assert cited == ["Report 0", "Report 1"]  # the first two of four, not all
    assert sorted(_allies(p)) == ["Alpha Brigade", "Beta Front", "Gamma Katiba"]  # not Delta


def test_fact_evidence_per_fact_keeps_the_first(crowded):
    with crowded.session() as s:
        facts = active_facts(s, "relation")
        capped = fact_evidence(s, [f.id for f in facts], per_fact=1)
        full = fact_evidence(s, [f.id for f in facts])
    assert {k: len(v) for k, v in capped.items()} == {f.id: 1 for f in facts}
    assert all(capped[k][0] == full[k][0] for k in capped)


def test_entity_card_lists_first_documents_and_counts_all(crowded):
    with crowded.session() as s:
        card = entity_card(s, "JNIM", max_documents=2)
    assert card.summary.documents == 5  # the superseded document is not counted
    assert [d.title for d in card.documents] == ["Report 0", "Report 1"]


def test_graph_draws_best_supported_relations_first(crowded):
    with crowded.session() as s:
        g = data.graph(s, limit=1)
        full = data.graph(s)
    labels = {n["data"]["id"]: n["data"]["label"] for n in g["nodes"]}
    assert g["truncated"] and not full["truncated"]
    assert [labels[e["data"]["target"]] for e in g["edges"]] == ["Alpha Brigade"]
    assert g["edges"][0]["data"]["evidence"] == 4
    assert len(full["edges"]) == 3  # Delta's relation has no current source
