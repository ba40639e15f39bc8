"""The FollowTheMoney export read back through the library (and `ftm validate` when installed)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from followthemoney import model
from followthemoney.proxy import EntityProxy

from actorgraph.export.ftm import ftm_lines
from tests.analyse.builder import coalition, run_cli


def _export(tmp_path: Path) -> tuple[Path, list[EntityProxy]]:
    workspace = tmp_path / "ws"
    store = coalition(workspace)
    with store.session() as s:
        lines = list(ftm_lines(s))
    store.close()
    return workspace, [model.get_proxy(json.loads(line)) for line in lines]


def test_round_trip_through_followthemoney(tmp_path):
    _, proxies = _export(tmp_path)
    by_id = {p.id: p for p in proxies}
    assert len(by_id) == len(proxies)  # ids are unique
    for p in proxies:
        again = EntityProxy.from_dict(p.to_dict())
        assert again.to_dict() == p.to_dict()
        for prop in p.schema.required:
            assert p.get(prop), (p.schema.name, prop)
        for prop, value in p.itervalues():
            if prop.type.name == "entity":
                assert value in by_id, (p.schema.name, prop.name)  # no dangling references
    counts = Counter(p.schema.name for p in proxies)
    assert counts["Document"] == 2  # the superseded document is not exported
    assert counts["Person"] >= 2 and counts["Organization"] >= 3 and counts["Address"] >= 2
    assert counts["Sanction"] == 1 and counts["Event"] == 2 and counts["Documentation"] > 0


def _named(proxies, schema: str, name: str) -> EntityProxy:
    return next(p for p in proxies if p.schema.name == schema and name in p.get("name"))


def test_memberships_links_sanctions_and_proof(tmp_path):
    _, proxies = _export(tmp_path)
    jnim = _named(proxies, "Organization", "Jama'at Nusrat al-Islam wal-Muslimin")
    iyad = _named(proxies, "Person", "Iyad Ag Ghaly")
    assert "JNIM" in jnim.get("alias")
    leader = next(p for p in proxies if p.schema.name == "Membership" and p.first("member") == iyad.id)
    assert leader.first("organization") == jnim.id and leader.get("role") == ["leader", "emir"]
    assert leader.get("startDate") == ["2017"]
    document = next(p for p in proxies if p.id == leader.first("proof"))
    assert document.schema.name == "Document" and document.get("title") == ["JNIM tightens its grip"]
    assert document.get("publishedAt") == ["2025-11-17"] and document.get("fileName") == ["doc1.txt"]
    sanction = next(p for p in proxies if p.schema.name == "Sanction")
    assert sanction.get("entity") == [jnim.id] and sanction.get("authority") == ["United States"]
    part_of = [p for p in proxies if p.schema.name == "UnknownLink" and p.get("role") == ["part of"]]
    assert {p.first("object") for p in part_of} == {jnim.id}
    operates = next(p for p in proxies if p.schema.name == "UnknownLink" and p.get("role") == ["operates in"])
    assert next(p for p in proxies if p.id == operates.first("object")).schema.name == "Address"
    # Only a superseded document and a rejected fact name him: he is not exported at all.
    assert not any("Ghost Leader" in p.get("name") for p in proxies if p.schema.is_a("Thing"))
    documented = {p.first("entity") for p in proxies if p.schema.name == "Documentation"}
    assert jnim.id in documented and iyad.id in documented


def test_cli_export_ftm_and_ftm_validate(tmp_path):
    workspace, proxies = _export(tmp_path)
    out = tmp_path / "out.ftm.json"
    result = run_cli(workspace, "export", "ftm", "--out", str(out))
    assert result.exit_code == 0, result.output
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == len(proxies)
    ftm = shutil.which("ftm") or str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "ftm")
    if Path(ftm).exists():
        checked = tmp_path / "checked.json"
        done = subprocess.run([ftm, "validate", "-i", str(out), "-o", str(checked)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert len(checked.read_text("utf-8").splitlines()) == len(lines)
