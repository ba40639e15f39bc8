"""The workbench over the demo corpus ingested by the real pipeline (skipped while it cannot ingest)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.slow


def test_every_page_and_route_answers_over_the_demo_corpus(web_demo_workspace, make_client):
    c = make_client(web_demo_workspace)
    entities = c.get("/api/entities").json()
    assert entities, "the demo corpus yields entities"
    jnim = c.get("/api/search", params={"q": "JNIM", "kind": "entities"}).json()["entities"]
    assert jnim, "JNIM is found by name"
    profile = c.get(f"/api/entities/{jnim[0]['id']}").json()
    assert profile["documents"]
    html = c.get(f"/entities/{jnim[0]['id']}").text
    for doc, sentence, anchor in re.findall(r'href="/documents/(\d+)\?hl=(\d+)#s(\d+)"', html)[:5]:
        assert f'id="s{anchor}"' in c.get(f"/documents/{doc}?hl={sentence}").text
    graph = c.get("/api/graph").json()
    ids = {n["data"]["id"] for n in graph["nodes"]}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in graph["edges"])
    assert all(n["data"].get("parent", next(iter(ids))) in ids for n in graph["nodes"])
    for path in (
        "/search?q=Mali",
        "/entities",
        "/documents",
        "/network",
        "/timeline",
        "/map",
        "/claims",
        "/review",
        "/api/events",
        "/api/claims",
        "/api/relations",
        "/api/timeline",
    ):
        assert c.get(path).status_code == 200, path
    for d in c.get("/api/documents").json():
        page = c.get(f"/documents/{d['id']}").text
        assert "<script>" not in page.split("<main>", 1)[1].split("</main>", 1)[0]
