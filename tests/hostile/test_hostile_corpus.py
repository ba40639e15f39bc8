"""Every hostile file gets exactly one outcome (ingested, duplicate of the original, refused with a reason
naming the file); the batch always completes and `ingest` exits 2 when anything was refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actorgraph.analyse.check import check_store
from actorgraph.pipeline import ingest
from actorgraph.settings import load_settings
from actorgraph.store.models import DocumentRow
from tests.hostile.make_corpus import EXPECTED, is_unreadable, running_as_root

pytestmark = pytest.mark.slow
ORDER = list(EXPECTED)  # article_a comes before its copies, so it is the original


@pytest.fixture(scope="module")
def outcomes(hostile_corpus, tmp_path_factory, request):
    _, cases = hostile_corpus
    workspace = tmp_path_factory.mktemp("hostile-ws")
    settings = load_settings(workspace, file_seconds=60)  # a hang in a rule costs a minute, not the run
    from actorgraph.store.repository import Store

    store = Store(settings.db_url)
    request.addfinalizer(store.close)
    by_case = {}
    for name in ORDER:
        report = ingest([cases[name]], store, settings)
        assert len(report.outcomes) == 1, (name, report.outcomes)
        by_case[name] = report.outcomes[0]
    return store, by_case, cases


@pytest.mark.parametrize("case", ORDER)
def test_each_case_has_its_outcome(outcomes, case):
    _, by_case, cases = outcomes
    status, word = EXPECTED[case]
    if case == "unreadable" and not is_unreadable(cases[case]):
        assert running_as_root()
        status, word = "ingested", ""  # root reads a chmod 000 file; pipe.txt and dangling.txt cover this
    outcome = by_case[case]
    assert outcome.status == status, (case, outcome)
    if status == "refused":
        assert word.lower() in outcome.detail.lower(), outcome.detail
        assert "\n" not in outcome.detail
    assert "\n" not in outcome.source and "\t" not in outcome.source


def test_duplicates_point_to_the_original(outcomes):
    _, by_case, _ = outcomes
    original = by_case["article_a"]
    for copy in ("article_b_same_bytes", "article_c_other_encoding"):
        assert by_case[copy].document_id == original.document_id
        assert "article-a.txt" in by_case[copy].detail


def test_repairs_are_recorded(outcomes):
    store, by_case, _ = outcomes
    with store.session() as s:
        def repairs(case):
            return " ".join(s.get(DocumentRow, by_case[case].document_id).repairs)

        assert "utf-16" in repairs("utf16_bom") and "utf-16" in repairs("utf16_no_bom")
        assert "cp1252" in repairs("cp1252") and "not valid UTF-8" in repairs("invalid_utf8")
        latin = s.get(DocumentRow, by_case["latin1"].document_id)
        assert "Réunion à Ménaka" in latin.text


def test_hostile_html_keeps_no_active_content(outcomes):
    store, by_case, _ = outcomes
    with store.session() as s:
        doc = s.get(DocumentRow, by_case["hostile_html"].document_id)
        assert "Gunmen raided the central market of Gao" in doc.text
        for bad in ("alert(", "<script", "javascript:", "data:text/html", "evil.invalid", "onload"):
            assert bad not in doc.text


def test_odd_names_are_stored_escaped_and_printable(outcomes):
    store, by_case, _ = outcomes
    odd, bad_bytes = by_case["odd_name"].source, by_case["bad_bytes_name"].source
    assert "\\u202e" in odd and "\\x0a" in odd and "[red]rapport" in odd
    assert "\\xff\\xfe" in bad_bytes
    assert len(Path(by_case["long_name"].source).name) == 255
    with store.session() as s:
        assert s.get(DocumentRow, by_case["bad_bytes_name"].document_id).source == bad_bytes


def test_unsupported_language_is_stored_searchable_and_noted(outcomes):
    from actorgraph.analyse.queries import search_text

    store, by_case, _ = outcomes
    with store.session() as s:
        for case, word in (("arabic", "ميناكا"), ("turkish", "konvoya")):
            doc = s.get(DocumentRow, by_case[case].document_id)
            assert any("not covered by extraction" in n for n in doc.notes), doc.notes
            hits = search_text(s, store, word, 5)
            assert any(h.document_id == doc.id for h in hits), (case, hits)


def test_store_is_consistent_after_the_hostile_corpus(outcomes):
    store, _, _ = outcomes
    report = check_store(store)
    assert report.ok, report.problems


def test_cli_batch_completes_prints_reasons_and_exits_2(hostile_corpus, tmp_path):
    from actorgraph.cli import app, state

    root, _ = hostile_corpus
    state.store = None
    result = CliRunner().invoke(app, ["--workspace", str(tmp_path / "ws"), "ingest", str(root)])
    if state.store is not None:
        state.store.close()
        state.store = None
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    summary = [line for line in result.output.splitlines() if " ingested, " in line]
    assert summary and "refused" in summary[-1]
    refusals = [line for line in result.output.splitlines() if line.startswith("refused ")]
    assert any("empty.txt: the file is empty" in line for line in refusals)
    assert any("pipe.txt: not a regular file" in line for line in refusals)
    assert any("nested.html:" in line for line in refusals)


def test_symlink_loop_to_a_folder_is_not_followed(tmp_path):
    from actorgraph.pipeline import iter_files

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "doc.txt").write_text("Some text about the group.")
    os.symlink("..", tmp_path / "a" / "up")
    assert [p.name for p in iter_files([tmp_path])] == ["doc.txt"]
