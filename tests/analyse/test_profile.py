"""The cited actor profile on a small store built for the test, in md, html and json."""

from __future__ import annotations

import json
import re

import pytest

from actorgraph.analyse.profile import NOT_STATED, build_profile, render_html, render_json, render_markdown
from actorgraph.analyse.queries import resolve_name
from actorgraph.store.models import SentenceRow

from .builder import XSS, coalition, run_cli


@pytest.fixture
def workspace(tmp_path):
    path = tmp_path / "ws"
    coalition(path).close()
    return path


@pytest.fixture
def store(workspace, store_at):
    return store_at(workspace)


def _profile(store, name: str):
    with store.session() as s:
        return build_profile(s, resolve_name(s, name).id)


def _field(profile, section: str, label: str):
    sec = next(x for x in profile.sections if x.key == section)
    return next(f for f in sec.fields if f.label == label)


def _statements(profile):
    return [st for sec in profile.sections for f in sec.fields for st in f.statements]


def test_every_statement_cites_a_listed_source_and_quotes_stored_sentences(store):
    profile = _profile(store, "JNIM")
    numbers = {src.number for src in profile.sources}
    assert numbers == set(range(1, len(profile.sources) + 1))
    with store.session() as s:
        sentences = set(s.scalars(SentenceRow.__table__.select().with_only_columns(SentenceRow.text)))
    statements = _statements(profile)
    assert statements
    for st in statements:
        assert st.citations and set(st.citations) <= numbers, st
        assert st.quotes and all(q.text in sentences and q.source in st.citations for q in st.quotes), st


def test_overview_leader_founding_and_unknown_fields(store):
    profile = _profile(store, "JNIM")
    assert profile.kind == "armed_group" and profile.type == "Organization"
    [leader] = _field(profile, "overview", "Current leader").statements
    assert leader.text.startswith("Iyad Ag Ghaly (emir; since 2017)") and leader.citations == [1]
    assert _field(profile, "overview", "Founders").statements == []
    founded = [st.text for st in _field(profile, "overview", "Founded").statements]
    assert founded == ["2017-03: Katiba Macina, Ansar Dine joined as components"]
    names = [st.text for st in _field(profile, "overview", "Names in the sources").statements]
    assert names == ["JNIM"]
    md = render_markdown(profile)
    assert f"- **Founders:** {NOT_STATED}" in md


def test_nothing_without_current_evidence_appears(store):
    text = render_markdown(_profile(store, "JNIM"), evidence=True)
    assert "Ghost Leader" not in text  # stated only by a superseded document, or rejected by an analyst
    assert "Old version" not in text


def test_sections_and_figures_are_all_shown_never_averaged(store):
    profile = _profile(store, "JNIM")
    assert [s.title for s in profile.sections] == [
        "Overview", "Structure", "Affiliations and allegiance", "Adversaries", "Areas of operation", "Financing",
        "Size estimates", "Other reported figures", "Designations", "Key events"]
    estimates = [st.text for st in _field(profile, "size", "Estimates").statements]
    assert any(t.startswith("fighters: 2,000 persons (date not stated; source published 2020-05") for t in estimates)
    assert any(t.startswith("Katiba Macina (a component) alone: fighters: 5,000-8,000 persons (as of 2025-11; "
                            "attributed to Timbuktu Institute)") for t in estimates)
    [disagreement] = _field(profile, "size", "Disagreements").statements
    assert "component vs whole" in disagreement.text and disagreement.citations == [1, 2]
    md = render_markdown(profile)
    assert "3,500" not in md and "5,000" in md and "2,000" in md  # no average of 2,000 and 5,000-8,000
    components = [st.text for st in _field(profile, "structure", "Components").statements]
    assert components == ["Ansar Dine (since 2017-03)", "Katiba Macina (since 2017-03)"]
    roles = [st.text for st in _field(profile, "structure", "Leadership and roles over time").statements]
    assert roles == ["Iyad Ag Ghaly: leader (emir; since 2017)",
                     "Amadou Koufa: member (senior leader; dates not stated)"]
    assert [st.text for st in _field(profile, "designations", "Designated or sanctioned by").statements] == [
        "United States (since 2018)"]
    assert [st.text for st in _field(profile, "financing", "Sources of funds").statements] == ["kidnapping for ransom"]
    events = [st.text for st in _field(profile, "events", "").statements]
    assert events[0].startswith("2025-11 — violence against civilians (attack) — Lere") and "14 fatalities" in events[0]
    assert events[1].startswith("date not stated — battles (armed clash)")


def test_empty_sections_say_not_stated(workspace, store):
    profile = _profile(store, "Ansar Dine")
    affiliations = next(s for s in profile.sections if s.key == "affiliations")
    assert len(affiliations.fields) == 1 and affiliations.fields[0].statements == []
    md = render_markdown(profile)
    assert md.count(NOT_STATED.capitalize()) >= 5
    assert "Part of" in md and "Jama'at Nusrat al-Islam wal-Muslimin (since 2017-03) [1]" in md


def test_markdown_cites_and_quotes_with_evidence(store):
    profile = _profile(store, "JNIM")
    plain, quoted = render_markdown(profile), render_markdown(profile, evidence=True)
    assert "Iyad Ag Ghaly (emir; since 2017) [1]" in plain and "“" not in plain.split("## Sources")[0]
    assert "> [1] “JNIM is led by Iyad Ag Ghaly, its emir since 2017.”" in quoted
    sources = plain.split("## Sources")[1]
    assert "1. “JNIM tightens its grip” — A. Reporter; Sahel Monitor; 2025-11-17; test/doc1.txt" in sources
    assert "2. “JNIM profile” — author not stated;" in sources
    for line in plain.splitlines():
        if line.lstrip().startswith("- ") and NOT_STATED not in line.lower() and not line.endswith(":**"):
            assert re.search(r"(\[\d+\])+$", line), line


def test_html_is_standalone_and_escapes_hostile_text(store):
    page = render_html(_profile(store, "JNIM"), evidence=True)
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # quoted sentence and publisher
    assert "http" not in page  # no CDN, no external assets
    assert "<a href='#src-1'>[1]</a>" in page


def test_json_is_the_same_content(store):
    profile = _profile(store, "JNIM")
    data = json.loads(render_json(profile))
    assert data["name"] == profile.name and len(data["sources"]) == len(profile.sources)
    leader = next(f for s in data["sections"] for f in s["fields"] if f["label"] == "Current leader")
    assert leader["statements"][0]["citations"] == [1] and leader["statements"][0]["quotes"] == []
    assert leader["statements"][0]["data"]["roles"] == ["emir"]
    with_quotes = json.loads(render_json(profile, evidence=True))
    leader = next(f for s in with_quotes["sections"] for f in s["fields"] if f["label"] == "Current leader")
    assert leader["statements"][0]["quotes"][0]["text"].startswith("JNIM is led by")


def test_person_and_location_profiles(store):
    person = render_markdown(_profile(store, "Iyad Ag Ghaly"))
    assert "leader of Jama'at Nusrat al-Islam wal-Muslimin (emir; since 2017) [1]" in person
    place = render_markdown(_profile(store, "Lere"))
    assert "## Actors operating here" in place and "violence against civilians" in place


def test_cli_profile_formats(workspace, tmp_path):
    md = run_cli(workspace, "profile", "JNIM")
    assert md.exit_code == 0, md.output
    assert md.output.startswith("# Jama'at Nusrat al-Islam wal-Muslimin") and "Iyad Ag Ghaly" in md.output
    out = tmp_path / "p.html"
    page = run_cli(workspace, "profile", "JNIM", "--format", "html", "--evidence", "--out", str(out))
    assert page.exit_code == 0, page.output
    assert XSS not in out.read_text() and "&lt;script&gt;" in out.read_text()
    data = run_cli(workspace, "profile", "Katiba Macina", "--format", "json")
    assert json.loads(data.output)["name"] == "Katiba Macina"
    bad = run_cli(workspace, "profile", "JNIM", "--format", "pdf")
    assert bad.exit_code == 1 and "unknown format" in bad.output
