"""End to end: the French test set scores like the English one; an English and a French report
about the same group meet on the same entities; other languages are stored with a note."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from actorgraph.pipeline import ingest
from actorgraph.settings import load_settings
from actorgraph.store.models import DocumentRow, EntityRow, EvidenceRow, FactEntityRow, FactRow, MentionRow
from tests.conftest import SHARED
from tests.test_cli import run

DATA = Path(__file__).parent / "data"
ENGLISH = """Mali: JNIM militants kill 14 civilians in Timbuktu region
Published 6 November 2025

JNIM, the al-Qaeda affiliate led by Iyad Ag Ghaly, killed at least 14 civilians on November 4, 2025 near
Timbuktu, security sources said. The group has been fighting the Malian army for years. AQIM, al-Qaeda in the
Islamic Maghreb, remains JNIM's parent organisation.
"""
FRENCH = """Mali : le GSIM tue 14 civils dans la région de Tombouctou
Publié le 6 novembre 2025

Le Groupe de soutien à l'islam et aux musulmans (GSIM), affilié à al-Qaïda et dirigé par Iyad Ag Ghaly, a tué au
moins 14 civils le 4 novembre 2025 près de Tombouctou, selon des sources sécuritaires. Le groupe combat l'armée
malienne depuis des années. AQMI, Al-Qaïda au Maghreb islamique, reste l'organisation mère du GSIM.
"""
PORTUGUESE = """Mali: grupo jihadista ataca comboio de combustível perto de Bamako
Publicado em 6 de novembro de 2025

O grupo jihadista JNIM atacou um comboio de camiões-cisterna perto de Bamako, segundo fontes de segurança. O
bloqueio imposto pelos militantes provocou uma grave escassez de combustível na capital do Mali.
"""


def test_french_test_set_meets_the_quality_targets(tmp_path):
    out = tmp_path / "out"
    texts = sorted((DATA / "texts").glob("*.txt"))
    result = subprocess.run([sys.executable, "-m", "actorgraph.cli", "--workspace", str(tmp_path / "ws"), "extract",
                             "--format", "eval-json", "--out", str(out), *map(str, texts)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    score = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(DATA / "gold"), str(out), "--json"],
                           capture_output=True, text=True, timeout=120)
    assert score.returncode == 0, score.stderr
    table = json.loads(score.stdout)
    assert table["entities"]["f1"] >= 0.85
    assert table["relations"]["p"] >= 0.75
    assert table["events"]["p"] >= 0.75


def test_english_and_french_reports_merge_on_the_same_entities(tmp_path, store_at):
    en, fr = tmp_path / "en.txt", tmp_path / "fr.txt"
    en.write_text(ENGLISH, encoding="utf-8")
    fr.write_text(FRENCH, encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    settings = load_settings(ws)
    store = store_at(ws)
    report = ingest([en, fr], store, settings)
    assert report.count("ingested") == 2, [o.detail for o in report.refused]
    with store.session() as s:
        langs = {d.source: d.language for d in s.scalars(select(DocumentRow))}
        assert sorted(langs.values()) == ["en", "fr"]
        for key in ("jnim", "aqim", "timbuktu", "iyad-ag-ghaly", "al-qaeda", "state:Mali:army"):
            rows = s.scalars(select(EntityRow).where(EntityRow.key == key)).all()
            assert len(rows) == 1, key
            docs = set(s.scalars(select(MentionRow.document_id).where(MentionRow.entity_id == rows[0].id)))
            assert len(docs) == 2, f"{key} is not mentioned in both reports"
        jnim = s.scalars(select(EntityRow).where(EntityRow.key == "jnim")).one()
        fact_ids = set(s.scalars(select(FactRow.id).where(FactRow.subject_id == jnim.id))) | set(
            s.scalars(select(FactRow.id).where(FactRow.object_id == jnim.id))) | set(
            s.scalars(select(FactEntityRow.fact_id).where(FactEntityRow.entity_id == jnim.id)))
        evidence_docs = set(s.scalars(select(EvidenceRow.document_id).where(EvidenceRow.fact_id.in_(fact_ids))))
        assert len(evidence_docs) == 2, "facts about JNIM should cite both reports"
        # The French evidence is stored verbatim, not translated.
        sentences = [ev for ev in s.scalars(select(EvidenceRow).where(EvidenceRow.fact_id.in_(fact_ids)))]
        assert sentences


def test_other_languages_are_stored_with_a_note(tmp_path, store_at):
    from actorgraph.ingest import IngestLimits, load_path
    from actorgraph.pipeline import extract_document

    pt = tmp_path / "pt.txt"
    pt.write_text(PORTUGUESE, encoding="utf-8")
    document = load_path(pt, IngestLimits())
    assert document.language == "pt"
    extraction = extract_document(document, load_settings(tmp_path / "ws0"))
    assert extraction.facts == [] and extraction.mentions == []
    assert any("'pt'" in n and "not covered" in n for n in extraction.notes)

    ws = tmp_path / "ws"
    result = run(ws, "ingest", str(pt))
    assert result.exit_code == 0 and "1 ingested" in result.output
    store = store_at(ws)
    with store.session() as s:
        doc = s.scalars(select(DocumentRow)).one()
        assert doc.language == "pt" and any("not covered" in n for n in doc.notes)
    listing = run(ws, "documents")
    assert listing.exit_code == 0 and "pt" in listing.output
    found = run(ws, "search", "combustível")
    assert found.exit_code == 0 and "Mali" in found.output
