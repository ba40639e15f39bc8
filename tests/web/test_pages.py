"""Server-rendered pages: content, security headers, and escaping of untrusted text."""

from __future__ import annotations

import re

import pytest

from actorgraph.web.app import CSP

from .corpus import XSS_IMG, XSS_JS, XSS_SCRIPT

PAGES = [
    "/search",
    "/search?q=JNIM",
    "/entities",
    "/documents",
    "/network",
    "/timeline",
    "/map",
    "/claims",
    "/review",
]


def _ids(client):
    docs = client.get("/api/documents").json()
    hostile = next(d["id"] for d in docs if d["publisher"] == "Evil Press")
    report = next(d["id"] for d in docs if d["publisher"] == "Sahel Monitor")
    jnim = next(e["id"] for e in client.get("/api/entities").json() if e["aliases"] == ["JNIM"])
    return hostile, report, jnim


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_security_headers(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP and "frame-ancestors 'none'" in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"
    # No inline script, no inline style, no third-party origin.
    assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", r.text)
    assert " style=" not in r.text and "<style" not in r.text
    assert not re.search(r"(src|href)=\"(https?:)?//", r.text)


def test_local_mode_is_announced(client):
    text = client.get("/search").text
    assert "local mode" in text and "local-tester" in text and "--require-login" in text


def test_static_vendor_files_are_served_with_versions(client):
    for path in (
        "/static/vendor/cytoscape/cytoscape.min.js",
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/topojson-client/topojson-client.min.js",
        "/static/vendor/world-atlas/countries-50m.json",
        "/static/vendor/VERSIONS",
        "/static/vendor/cytoscape/LICENSE",
        "/static/vendor/leaflet/LICENSE",
    ):
        assert client.get(path).status_code == 200, path
    versions = client.get("/static/vendor/VERSIONS").text
    assert "cytoscape          3.34.4" in versions and "leaflet            1.9.4" in versions


def test_entity_page_sections_and_citations(client):
    _hostile, _report, jnim = _ids(client)
    html = client.get(f"/entities/{jnim}").text
    for section in ("aliases", "relations", "claims", "funding", "events", "mentions"):
        assert f'id="{section}"' in html
    assert "leader_of" in html and "kidnapping_ransom" in html and "violence_against_civilians" in html
    cites = re.findall(r'href="/documents/(\d+)\?hl=(\d+)#s(\d+)"', html)
    assert cites and all(hl == anchor for _d, hl, anchor in cites)
    doc, sentence, _ = cites[0]
    page = client.get(f"/documents/{doc}?hl={sentence}").text
    assert f'class="sent hl" id="s{sentence}"' in page


def test_document_viewer_marks_chrome_mentions_and_citations(client):
    _hostile, report, _jnim = _ids(client)
    html = client.get(f"/documents/{report}").text
    assert '<div class="block chrome"><span class="chrome-label">chrome: related articles</span>' in html
    assert '<div class="block main">' in html
    assert re.search(r'<a class="mention t-person" href="/entities/\d+"[^>]*>Iyad Ag Ghaly</a>', html)
    assert '<a href="https://example.org/report" rel="noopener noreferrer nofollow"' in html
    for label in ("Sahel Monitor", "A. Reporter", "2025-11-17", "synthetic/jnim-report.txt"):
        assert label in html


def test_claims_page_highlights_disagreement(client):
    html = client.get("/claims").text
    assert "sources disagree" in html
    assert html.count('class="claim status-active disagree"') == 3  # 1,000-2,000 against both others
    assert "5,000–8,000 persons" in html and "≥" not in html


ESCAPED = {
    XSS_SCRIPT: "&lt;script&gt;alert(1)&lt;/script&gt;",
    XSS_IMG: "&lt;img src=x onerror=alert(1)&gt;",
}


@pytest.mark.parametrize(
    "path",
    [
        "/documents/{hostile}",
        "/search?q=Evil",
        "/entities",
        "/network",
        "/review",
        "/claims",
        "/timeline",
        "/documents",
    ],
)
def test_hostile_text_is_only_ever_escaped(client, path):
    hostile, _report, _jnim = _ids(client)
    html = client.get(path.format(hostile=hostile)).text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "onerror=alert(1)>" not in html
    assert not re.search(r"href=\"\s*javascript:", html, re.IGNORECASE)
    if path.startswith("/documents/"):
        for escaped in ESCAPED.values():
            assert escaped in html
        assert f'<code class="unsafe-url" title="not a web address: shown as text">{XSS_JS}</code>' in html


def test_raw_html_is_never_sent(client):
    hostile, _report, _jnim = _ids(client)
    assert "<html><body>" not in client.get(f"/documents/{hostile}").text
    assert "<html><body>" not in client.get(f"/api/documents/{hostile}").text


def test_review_page_merge_with_form(workspace_copy, make_client):
    c = make_client(workspace_copy)
    html = c.get("/review").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    ids = {e["name"]: e["id"] for e in c.get("/api/entities").json()}
    r = c.post(
        "/review/merge",
        data={
            "keep": ids["Jama'at Nusrat al-Islam wal-Muslimin"],
            "other": ids["Group for Support of Islam and Muslims"],
            "reason": "same <b>group</b>",
            "csrf_token": token,
        },
    )
    assert r.status_code == 303
    page = c.get(r.headers["location"]).text
    assert "merged into" in page and "same &lt;b&gt;group&lt;/b&gt;" in page and "local-tester" in page
    # A merge that cannot be done is refused with its reason, and nothing is recorded.
    r = c.post(
        "/review/merge", data={"keep": ids["Mali"], "other": ids["Katiba Macina"], "csrf_token": token}
    )
    assert r.status_code == 400 and "cannot merge" in r.text
