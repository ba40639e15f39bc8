"""The CLI end to end on the demo corpus, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actorgraph.cli import app, state
from tests.conftest import SEEDS

runner = CliRunner()


def run(workspace: Path, *args: str):
    state.store = None  # each invocation opens its own store, as a fresh process would
    result = runner.invoke(app, ["--workspace", str(workspace), *args])
    if state.store is not None:
        state.store.close()
        state.store = None
    return result


def test_entities_lists_merged_aliases(demo_workspace):
    result = run(demo_workspace, "entities", "--type", "Person")
    assert result.exit_code == 0, result.output
    assert "Iyad Ag Ghaly" in result.output or "Iyad ag Ghali" in result.output
    assert "Organization" not in result.output


def test_show_accepts_any_alias_and_quotes_sentences(demo_workspace):
    by_acronym = run(demo_workspace, "show", "JNIM")
    by_name = run(demo_workspace, "show", "Jama'at Nusrat al-Islam wal-Muslimin")
    assert by_acronym.exit_code == 0, by_acronym.output
    assert by_acronym.output.splitlines()[0] == by_name.output.splitlines()[0]
    assert "“" in by_acronym.output  # quoted sentences
    assert "2025-11-17" in by_acronym.output  # the dated document's date


def test_show_unknown_name_suggests_close_matches(demo_workspace):
    result = run(demo_workspace, "show", "Iyad Ag Ghalyy")
    if result.exit_code == 0:  # transliteration-insensitive lookup found him: also fine
        assert "Iyad" in result.output
        return
    result = run(demo_workspace, "show", "Iyad Ghalx Zzz")
    assert result.exit_code == 1
    assert "no entity named" in result.output and "did you mean" in result.output
    assert "Traceback" not in result.output


def test_search_is_accent_insensitive(demo_workspace):
    plain = run(demo_workspace, "search", "Sevare")
    assert plain.exit_code == 0
    assert "Sévaré" in plain.output


def test_documents_lists_titles_and_chrome(demo_workspace):
    result = run(demo_workspace, "documents")
    assert result.exit_code == 0
    assert "Inside JNIM" in result.output
    assert "2025-11-17" in result.output


def test_reingest_is_idempotent(demo_copy):
    result = run(demo_copy, "ingest")
    assert result.exit_code == 0, result.output
    assert f"0 ingested, {len(SEEDS)} duplicate, 0 refused" in result.output


def _counts(store) -> tuple[int, int, int]:
    from sqlalchemy import func, select

    from actorgraph.store.models import DocumentRow, EntityRow, MentionRow

    with store.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (DocumentRow, EntityRow, MentionRow))


def test_bad_file_is_refused_and_store_intact(demo_copy, tmp_path, store_at):
    docs, entities, mentions = _counts(store_at(demo_copy))
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01\x02\xff" * 200)
    good = tmp_path / "good.txt"
    good.write_text("Fighters of the Islamic State in the Greater Sahara attacked Menaka in Mali.\n", "utf-8")
    result = run(demo_copy, "ingest", str(junk), str(good))
    assert result.exit_code == 2  # something was refused
    assert "junk.txt" in result.output
    assert "1 ingested" in result.output
    after = _counts(store_at(demo_copy))
    assert after[0] == docs + 1
    assert after[1] >= entities and after[2] > mentions


def test_merge_and_split_survive_reingest(demo_copy, tmp_path):
    assert run(demo_copy, "merge", "Bamako", "Dakar").exit_code == 0
    merged = run(demo_copy, "show", "Dakar").output.splitlines()[0]
    assert "Bamako" in merged
    # A new document naming Dakar must land on the merged entity, not recreate Dakar.
    extra = tmp_path / "extra.txt"
    extra.write_text("Analysts in Dakar, Senegal, followed the blockade of Bamako closely.\n", "utf-8")
    assert run(demo_copy, "ingest", str(extra)).exit_code == 0
    assert "Bamako" in run(demo_copy, "show", "Dakar").output.splitlines()[0]
    assert run(demo_copy, "split", "Dakar").exit_code == 0
    assert "Bamako" not in run(demo_copy, "show", "Dakar").output.splitlines()[0]
    extra2 = tmp_path / "extra2.txt"
    extra2.write_text("Talks in Dakar and Bamako resumed after the blockade.\n", "utf-8")
    assert run(demo_copy, "ingest", str(extra2)).exit_code == 0
    assert "Bamako" not in run(demo_copy, "show", "Dakar").output.splitlines()[0]


def test_extract_eval_json_has_format_shape(tmp_path):
    out = tmp_path / "out"
    result = run(tmp_path / "unused", "extract", "--format", "eval-json", "--out", str(out), str(SEEDS[0]))
    assert result.exit_code == 0, result.output
    data = json.loads((out / (SEEDS[0].stem + ".json")).read_text("utf-8"))
    assert set(data) >= {"file", "documents", "entities", "relations", "events", "claims", "funding"}
    assert data["file"] == SEEDS[0].name
    assert any(d["main"] for d in data["documents"])


@pytest.mark.slow
def test_installed_cli_runs_as_a_process(demo_workspace):
    exe = Path(sys.executable).with_name("actorgraph")
    if not exe.exists():
        pytest.skip("console script not installed in this environment")
    env = {**os.environ, "ACTORGRAPH_WORKSPACE": str(demo_workspace)}
    proc = subprocess.run([str(exe), "entities", "--type", "Location", "--limit", "5"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Mali" in proc.stdout


def test_changed_file_becomes_a_new_version(tmp_path, store_at):
    from sqlalchemy import select

    from actorgraph.store.models import DocumentRow

    report = tmp_path / "report.txt"
    report.write_text("Fighters of Ansar Dine entered Timbuktu in April 2012.\n", "utf-8")
    ws = tmp_path / "ws"
    assert run(ws, "ingest", str(report)).exit_code == 0
    report.write_text("Fighters of Ansar Dine entered Timbuktu and Gao in April 2012.\n", "utf-8")
    result = run(ws, "ingest", str(report))
    assert result.exit_code == 0 and "1 ingested" in result.output
    with store_at(ws).session() as s:
        rows = s.execute(select(DocumentRow.version, DocumentRow.current).order_by(DocumentRow.version)).all()
    assert [tuple(r) for r in rows] == [(1, False), (2, True)]
    show = run(ws, "show", "Gao")
    assert show.exit_code == 0 and "Gao" in show.output
    # The old version's sentences stay stored but are not quoted as current evidence.
    assert "entered Timbuktu in April" not in run(ws, "show", "Timbuktu").output
