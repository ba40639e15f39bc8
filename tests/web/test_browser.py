"""End-to-end tests in headless Chromium (Debian's package) driven by Playwright.

The browser may talk to the test server on 127.0.0.1 only: every other request is aborted and
recorded, and each test asserts that none was attempted. Screenshots of each page go to
test-artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


class Watch:
    """What a page did that it should not: off-host requests, dialogs, CSP violations, JS errors."""

    def __init__(self):
        self.offsite: list[str] = []
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []

    def assert_clean(self):
        assert self.offsite == [], f"requests to other hosts were attempted: {self.offsite}"
        assert self.dialogs == [], f"dialogs fired: {self.dialogs}"
        assert self.page_errors == [], self.page_errors
        csp = [m for m in self.console_errors if "Content Security Policy" in m]
        assert csp == [], csp
        assert self.console_errors == [], self.console_errors


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1400, "height": 950}, accept_downloads=True)
    watch = Watch()
    origin = live_server.url

    def guard(route):
        url = route.request.url
        if url.startswith(origin + "/") or url == origin:
            route.continue_()
        else:
            watch.offsite.append(url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    pg.base = origin
    pg.watch = watch
    yield pg
    watch.assert_clean()
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def api(page, path: str):
    return json.loads(page.request.get(page.base + path).text())


def test_search(page):
    page.goto(page.base + "/search")
    assert page.locator(".badge.local").is_visible()
    page.fill("input[name=q]", "Macina")
    page.click("form.search button[type=submit]")
    page.wait_for_selector("#results")
    assert page.locator("ul.hits.entities li a").first.inner_text() == "Katiba Macina"
    assert page.locator("ul.hits.text mark").count() >= 3
    shot(page, "search")


def test_entity_page_and_citation_to_highlighted_sentence(page):
    page.goto(page.base + "/search?q=JNIM&kind=entities")
    page.click("ul.hits.entities li a")
    page.wait_for_selector("#relations")
    assert page.locator("h1").inner_text() == "Jama'at Nusrat al-Islam wal-Muslimin"
    shot(page, "entity-jnim")
    row = page.locator("#relations tr", has_text="leader_of")
    link = row.locator("summary a.cite").first
    href = link.get_attribute("href")
    sentence = re.search(r"#s(\d+)$", href).group(1)
    link.click()
    page.wait_for_url(re.compile(rf"/documents/\d+\?hl={sentence}#s{sentence}$"))
    target = page.locator(":target")
    assert target.get_attribute("id") == f"s{sentence}"
    assert "hl" in target.get_attribute("class")
    assert target.inner_text().startswith("JNIM is led by Iyad Ag Ghaly")
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator(".block.chrome .chrome-label", has_text="related articles").is_visible()
    shot(page, "document-cited-sentence")


def test_entity_profile_citation_opens_highlighted_sentence(page):
    jnim = next(e["id"] for e in api(page, "/api/entities") if e["aliases"] == ["JNIM"])
    page.goto(page.base + f"/entities/{jnim}")
    page.wait_for_selector("#profile-overview")
    leader = page.locator("#profile-overview li.statement", has_text="Iyad Ag Ghaly (since")
    quotes = leader.locator("details.quotes")
    assert not quotes.locator("q").first.is_visible()  # quotes on demand
    quotes.locator("summary").click()
    assert quotes.locator("q").first.inner_text().startswith("JNIM is led by Iyad Ag Ghaly")
    page.locator("#profile-size details.quotes summary").first.click()
    assert page.locator("#profile-sources ol.sources li").count() == 2
    shot(page, "entity-profile")
    link = leader.locator("a.pcite").first
    assert link.inner_text() == "[1]"
    sentence = re.search(r"#s(\d+)$", link.get_attribute("href")).group(1)
    link.click()
    page.wait_for_url(re.compile(rf"/documents/\d+\?hl={sentence}#s{sentence}$"))
    target = page.locator(":target")
    assert "hl" in target.get_attribute("class")
    assert target.inner_text().startswith("JNIM is led by Iyad Ag Ghaly")
    shot(page, "document-profile-citation")
    macina = next(e["id"] for e in api(page, "/api/entities") if e["name"] == "Katiba Macina")
    page.goto(page.base + f"/entities/{macina}")
    assert page.locator("#profile-size li.statement.disagree").count() == 2
    shot(page, "entity-component-profile")


def test_claims_contradictions_and_map_sources(page):
    page.goto(page.base + "/claims")
    assert page.locator("ol.contradictions > li.contradiction").count() == 2
    first = page.locator("#contradiction-1")
    assert first.locator(".side-source a.cite").count() == 2
    page.locator("tr.claim.disagree a.badge.disagree").first.click()
    assert page.locator(":target").get_attribute("id").startswith("contradiction-")
    shot(page, "claims-contradictions")
    first.locator(".side-source a.cite").first.click()
    page.wait_for_url(re.compile(r"/documents/\d+\?hl=(\d+)#s\1$"))
    assert "Katiba Macina" in page.locator(":target").inner_text()
    page.goto(page.base + "/map")
    page.wait_for_selector("body[data-map-ready='1']")
    page.locator("path.ag-event-marker").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator(".source-count").inner_text() == "1 source"


def test_network_renders_and_shows_edge_evidence(page):
    expected = api(page, "/api/graph")
    page.goto(page.base + "/network")
    page.wait_for_selector("body[data-graph-ready='1']")
    assert int(page.locator("body").get_attribute("data-graph-nodes")) == len(expected["nodes"])
    assert int(page.locator("body").get_attribute("data-graph-edges")) == len(expected["edges"])
    painted = page.evaluate("""() => {
        let n = 0;
        for (const c of document.querySelectorAll('#cy canvas')) {
            const ctx = c.getContext('2d');
            if (!ctx || !c.width || !c.height) continue;
            const d = ctx.getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        }
        return n;
    }""")
    assert painted > 1000, "the network canvas is blank"
    assert page.evaluate("agCy.nodes(':parent').length") == len(expected["compound_parents"]) == 1
    page.evaluate("() => { agCy.edges('[predicate = \"leader_of\"]')[0].emit('tap'); }")
    page.wait_for_selector("#edge-detail .evidence-list li a.cite")
    assert "JNIM is led by" in page.locator("#edge-detail").inner_text()
    svg = page.evaluate("agGraphSvg()")
    assert svg.startswith("<svg") and svg.count("<circle") == len(expected["nodes"]) - 1  # one is a box
    assert svg.count("<line") == sum(1 for e in expected["edges"] if not e["data"]["contained"])
    assert "<img" not in svg  # labels are escaped in the SVG export too
    with page.expect_download() as download:
        page.click("#export-png")
    assert download.value.suggested_filename == "actorgraph-network.png"
    shot(page, "network")
    page.uncheck("input[name=predicate][value=part_of]")
    page.click("#graph-filters button[type=submit]")
    page.wait_for_selector("body[data-graph-ready='1']")
    assert page.evaluate("agCy.nodes(':parent').length") == 0


def test_map_renders_offline_basemap_and_markers(page):
    located = [e for e in api(page, "/api/events") if e["lat"] is not None]
    page.goto(page.base + "/map")
    page.wait_for_selector("body[data-map-ready='1']")
    assert int(page.locator("body").get_attribute("data-basemap")) > 200  # Natural Earth countries
    assert page.locator("path.ag-event-marker").count() == len(located) == 2
    assert int(page.locator("body").get_attribute("data-map-markers")) == len(located)
    page.locator("path.ag-event-marker").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "location precision" in popup.inner_text()
    assert popup.locator("a.cite").count() >= 1
    shot(page, "map")


def test_timeline_claims_documents_pages(page):
    page.goto(page.base + "/timeline")
    assert page.locator("svg#timeline a.tl-item").count() == api(page, "/api/timeline")["items"].__len__()
    shot(page, "timeline")
    page.goto(page.base + "/claims")
    assert page.locator("tr.claim.disagree").count() == 3
    shot(page, "claims")
    page.goto(page.base + "/documents")
    shot(page, "documents")


def test_hostile_document_fires_no_dialog(page):
    hostile = next(d["id"] for d in api(page, "/api/documents") if d["publisher"] == "Evil Press")
    evil = next(e["id"] for e in api(page, "/api/entities") if e["name"].startswith("Evil"))
    for path in (f"/documents/{hostile}", f"/entities/{evil}", "/search?q=Evil", "/review", "/timeline"):
        page.goto(page.base + path)
        page.wait_for_load_state("load")
        assert page.locator("script:not([src])").count() == 0
        assert page.locator("img").count() == 0
    page.goto(page.base + f"/documents/{hostile}")
    assert "<script>alert(1)</script>" in page.locator(".doc-text").inner_text()
    page.locator("code.unsafe-url").click()
    shot(page, "document-hostile")
    page.goto(page.base + "/map")
    page.wait_for_selector("body[data-map-ready='1']")
    for i in range(page.locator("path.ag-event-marker").count()):
        page.locator("path.ag-event-marker").nth(i).click(force=True)
    page.goto(page.base + "/network")
    page.wait_for_selector("body[data-graph-ready='1']")
    page.wait_for_timeout(300)
    assert page.watch.dialogs == []


def test_review_merges_two_entities(page):
    entities = {e["name"]: e["id"] for e in api(page, "/api/entities")}
    keep, other = (
        entities["Jama'at Nusrat al-Islam wal-Muslimin"],
        entities["Group for Support of Islam and Muslims"],
    )
    page.goto(page.base + "/review")
    page.select_option("#merge-form select[name=keep]", str(keep))
    page.select_option("#merge-form select[name=other]", str(other))
    page.fill("#merge-form input[name=reason]", "GSIM is the English name of JNIM")
    page.click("#merge-form button[type=submit]")
    page.wait_for_selector("p.message")
    assert "merged into Jama'at Nusrat al-Islam wal-Muslimin" in page.locator("p.message").inner_text()
    audit = page.locator("table.audit tbody tr").first.inner_text()
    assert "merge" in audit and "local-tester" in audit and "GSIM is the English name of JNIM" in audit
    shot(page, "review")
    assert page.request.get(page.base + f"/api/entities/{other}").status == 404


@pytest.mark.slow
def test_demo_corpus_pages(browser, web_demo_workspace):
    from .conftest import LiveServer

    with LiveServer(web_demo_workspace) as server:
        context = browser.new_context(viewport={"width": 1400, "height": 950})
        offsite: list[str] = []
        context.route(
            "**/*",
            lambda r: (
                r.continue_()
                if r.request.url.startswith(server.url + "/")
                else (offsite.append(r.request.url), r.abort())
            ),
        )
        pg = context.new_page()
        dialogs: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        graph = json.loads(pg.request.get(server.url + "/api/graph").text())
        events = json.loads(pg.request.get(server.url + "/api/events").text())
        hits = json.loads(pg.request.get(server.url + "/api/search?q=JNIM&kind=entities").text())["entities"]
        pg.goto(f"{server.url}/entities/{hits[0]['id']}")
        shot(pg, "demo-entity-jnim")
        pg.goto(server.url + "/network")
        pg.wait_for_selector("body[data-graph-ready='1']")
        assert int(pg.locator("body").get_attribute("data-graph-nodes")) == len(graph["nodes"])
        shot(pg, "demo-network")
        pg.goto(server.url + "/map")
        pg.wait_for_selector("body[data-map-ready='1']")
        assert pg.locator("path.ag-event-marker").count() == sum(1 for e in events if e["lat"] is not None)
        shot(pg, "demo-map")
        for path in ("/timeline", "/claims"):
            pg.goto(server.url + path)
            shot(pg, "demo-" + path.strip("/"))
        context.close()
    assert offsite == [] and dialogs == []
