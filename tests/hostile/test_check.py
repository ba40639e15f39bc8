"""`actorgraph check` passes on a sound store and names each kind of damage."""

from __future__ import annotations

import sqlite3

import pytest
from typer.testing import CliRunner

from actorgraph.analyse.check import check_store

pytestmark = pytest.mark.slow


def _cli(workspace, *args):
    from actorgraph.cli import app, state

    state.store = None
    result = CliRunner().invoke(app, ["--workspace", str(workspace), *args])
    if state.store is not None:
        state.store.close()
        state.store = None
    return result


def _damage(workspace, *statements):
    con = sqlite3.connect(workspace / "actorgraph.db")
    con.execute("PRAGMA foreign_keys=OFF")
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


def test_clean_store_passes(demo_workspace):
    result = _cli(demo_workspace, "check")
    assert result.exit_code == 0, result.output
    assert "store is consistent" in result.output


@pytest.mark.parametrize("statements, expected", [
    (["DELETE FROM evidence WHERE fact_id = (SELECT min(id) FROM fact)"], "fact without evidence"),
    (["DELETE FROM sentence WHERE id = (SELECT min(sentence_id) FROM mention)"], "orphan mention"),
    (["UPDATE mention SET start = start + 1 WHERE id = (SELECT min(id) FROM mention)"], "differs from document"),
    (['UPDATE mention SET "end" = 10000000 WHERE id = (SELECT min(id) FROM mention)'], "outside document"),
    (["DELETE FROM entity WHERE id = (SELECT min(entity_id) FROM mention)"], "missing entity"),
    (["INSERT INTO entity (type, canonical_name, created_at) VALUES ('Person', 'Nobody At All', '2024-01-01')"],
     "no mention and no judgement"),
    (["INSERT INTO sentence_fts(sentence_fts, rowid, text) SELECT 'delete', id, text FROM sentence "
      "WHERE id = (SELECT min(id) FROM sentence)"], "fts index"),
    (["UPDATE evidence SET document_id = (SELECT max(id) FROM document) "
      "WHERE id = (SELECT min(e.id) FROM evidence e JOIN sentence s ON s.id = e.sentence_id "
      "WHERE s.document_id <> (SELECT max(id) FROM document))"], "cross-document"),
])
def test_damage_is_found(demo_copy, store_at, statements, expected):
    _damage(demo_copy, *statements)
    problems = check_store(store_at(demo_copy)).problems
    assert any(expected in str(p) for p in problems), problems
    result = _cli(demo_copy, "check")
    assert result.exit_code == 1 and expected in result.output and "problems found" in result.output
