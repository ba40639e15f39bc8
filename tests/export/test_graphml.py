"""The GraphML export read back with networkx."""

from __future__ import annotations

import io

import networkx as nx

from actorgraph.export.graphml import build_graph, graphml_text
from tests.analyse.builder import coalition, run_cli


def test_round_trip_through_networkx(tmp_path):
    workspace = tmp_path / "ws"
    store = coalition(workspace)
    with store.session() as s:
        built, text = build_graph(s), graphml_text(s)
    store.close()
    graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_nodes() == built.number_of_nodes()
    assert graph.number_of_edges() == built.number_of_edges() == 7  # the rejected and superseded are left out
    by_label = {data["label"]: node for node, data in graph.nodes(data=True)}
    jnim = graph.nodes[by_label["Jama'at Nusrat al-Islam wal-Muslimin"]]
    assert jnim["type"] == "Organization" and jnim["kind"] == "armed_group" and jnim["aliases"] == "JNIM"
    assert jnim["mentions"] >= 5 and jnim["documents"] == 2
    [(_, leader)] = graph.get_edge_data(by_label["Iyad Ag Ghaly"], by_label[jnim["label"]]).items()
    assert leader == {"label": "leader_of", "predicate": "leader_of", "start": "2017", "end": "", "role": "emir",
                      "former": False, "sources": 1, "evidence": 1}
    assert "Ghost Leader" not in by_label or not graph.out_degree(by_label["Ghost Leader"])


def test_cli_export_graphml(tmp_path):
    workspace = tmp_path / "ws"
    coalition(workspace).close()
    out = tmp_path / "graph.graphml"
    result = run_cli(workspace, "export", "graphml", "--out", str(out))
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out, force_multigraph=True)
    assert {d["predicate"] for _, _, d in graph.edges(data=True)} >= {"leader_of", "part_of", "sanctioned_by"}
