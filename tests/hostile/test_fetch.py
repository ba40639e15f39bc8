"""Safe URL fetching and feed watching, against a server on 127.0.0.1 only (never an outside host)."""

from __future__ import annotations

import httpx
import pytest
from typer.testing import CliRunner

from actorgraph.errors import IngestError
from actorgraph.ingest.feeds import SeenEntries, parse_feed
from actorgraph.ingest.fetch import FetchLimits, fetch, vet
from actorgraph.pipeline import ingest_url, url_of
from actorgraph.settings import load_settings
from actorgraph.store.models import DocumentRow
from tests.hostile.server import atom, rss, serve

PUBLIC_IP = "93.184.216.34"  # only ever "resolved to" by a fake resolver; the transport is mocked


def _no_traffic(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a request was sent to {request.url}")


@pytest.mark.parametrize("url, why", [
    ("http://127.0.0.1/", "loopback"), ("http://localhost:8000/", "loopback"), ("http://10.0.0.1/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "metadata"), ("http://[::1]/", "loopback"),
    ("http://[fd00:ec2::254]/", "metadata"), ("http://0.0.0.0/", "address"), ("http://192.168.1.1/", "private"),
    ("http://100.64.0.1/", "public"), ("http://224.0.0.1/", "multicast"), ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://[fe80::1]/", "link-local"), ("http://172.16.0.1/", "private"), ("http://240.0.0.1/", "reserved"),
])
def test_refused_without_allow_private_before_any_connection(url, why):
    with pytest.raises(IngestError) as info:
        fetch(url, transport=httpx.MockTransport(_no_traffic))
    assert why in info.value.reason


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/", "http://[fd00:ec2::254]/"])
def test_metadata_is_refused_even_with_allow_private(url):
    with pytest.raises(IngestError, match="metadata"):
        fetch(url, allow_private=True, transport=httpx.MockTransport(_no_traffic))


@pytest.mark.parametrize("url, why", [("file:///etc/passwd", "only http"), ("ftp://example.org/x", "only http"),
                                      ("http://user:pw@example.org/", "password"), ("http:///x", "host")])
def test_other_schemes_and_credentials_are_refused(url, why):
    with pytest.raises(IngestError, match=why):
        fetch(url, transport=httpx.MockTransport(_no_traffic))


def test_every_resolved_address_is_checked():
    def resolver(host, port):
        return [PUBLIC_IP, "10.1.2.3"]

    with pytest.raises(IngestError, match=r"10\.1\.2\.3"):
        vet("http://news.example.org/", False, resolver)


def test_connects_to_the_vetted_ip_with_the_host_header_and_sni():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, headers={"content-type": "text/html"}, content=b"<p>hello</p>")

    answers = iter([[PUBLIC_IP], ["127.0.0.1"]])  # DNS rebinding: a second lookup would say loopback

    def resolver(host, port):
        return next(answers)

    got = fetch("https://news.example.org/a?b=1", resolver=resolver, transport=httpx.MockTransport(handler))
    assert got.data == b"<p>hello</p>" and got.media_type == "text/html"
    [request] = seen
    assert request.url.host == PUBLIC_IP and request.url.path == "/a" and request.url.query == b"b=1"
    assert request.headers["host"] == "news.example.org"
    assert request.extensions["sni_hostname"] == "news.example.org"


def test_a_redirect_to_loopback_is_refused_before_following_it():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(302, headers={"location": "http://127.0.0.1:8080/admin"})

    with pytest.raises(IngestError, match="loopback"):
        fetch("http://news.example.org/", resolver=lambda h, p: [PUBLIC_IP], transport=httpx.MockTransport(handler))
    assert len(seen) == 1  # the redirect target was never requested


def test_a_redirect_to_a_name_resolving_to_private_is_refused():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"location": "http://intranet.example.org/"})

    def resolver(host, port):
        return [PUBLIC_IP] if host == "news.example.org" else ["192.168.0.10"]

    with pytest.raises(IngestError, match="private"):
        fetch("http://news.example.org/", resolver=resolver, transport=httpx.MockTransport(handler))


# ------------------------------------------------------------------ against the local server
@pytest.fixture(scope="module")
def server():
    with serve() as (base, hits):
        yield base, hits


def test_local_fetch_follows_redirects_and_checks_limits(server):
    base, _ = server
    got = fetch(f"{base}/redirect/3", allow_private=True)
    assert got.final_url == f"{base}/article.html" and len(got.redirects) == 3
    with pytest.raises(IngestError, match="more than 5 redirects"):
        fetch(f"{base}/redirect/7", allow_private=True)
    with pytest.raises(IngestError, match="too large"):
        fetch(f"{base}/huge", allow_private=True, limits=FetchLimits(max_bytes=1_000_000))
    with pytest.raises(IngestError, match="too large"):
        fetch(f"{base}/huge-declared", allow_private=True)
    with pytest.raises(IngestError, match="content type 'application/octet-stream'"):
        fetch(f"{base}/binary", allow_private=True)
    with pytest.raises(IngestError, match="HTTP 404"):
        fetch(f"{base}/nothing", allow_private=True)


def test_ingest_url_stores_the_page_with_its_url(server, tmp_path, store_at):
    base, _ = server
    settings = load_settings(tmp_path)
    store = store_at(tmp_path)
    first = ingest_url(f"{base}/redirect/2", store, settings, allow_private=True)
    assert first.status == "ingested", first
    again = ingest_url(f"{base}/article.html", store, settings, allow_private=True)
    assert again.status == "duplicate" and again.document_id == first.document_id
    text = ingest_url(f"{base}/report.txt", store, settings, allow_private=True)
    assert text.status == "ingested", text
    with store.session() as s:
        doc = s.get(DocumentRow, first.document_id)
        assert doc.source == f"{base}/redirect/2" and doc.fetched_url == f"{base}/article.html"
        assert doc.fetched_at is not None and doc.media_type == "text/html"
        assert "Fighters attacked a military convoy" in doc.text and "Home" not in doc.text
    refused = ingest_url(f"{base}/huge", store, load_settings(tmp_path, max_bytes=500_000), allow_private=True)
    assert refused.status == "refused" and "too large" in refused.detail


def test_url_of_recovers_urls_that_path_folded():
    from pathlib import Path

    assert url_of(Path("http://127.0.0.1:8000/a/b.html")) == "http://127.0.0.1:8000/a/b.html"
    assert url_of(Path("HTTPS://example.org/x")) == "https://example.org/x"
    assert url_of(Path("notes/http.txt")) is None


def _cli(workspace, *args):
    from actorgraph.cli import app, state

    state.store = None
    result = CliRunner().invoke(app, ["--workspace", str(workspace), *args])
    if state.store is not None:
        state.store.close()
        state.store = None
    return result


def test_cli_ingest_refuses_loopback_without_the_flag(server, tmp_path):
    base, hits = server
    before = len(hits)
    result = _cli(tmp_path, "ingest", f"{base}/article.html", "http://10.0.0.1/x", "http://169.254.169.254/")
    assert result.exit_code == 2, result.output
    assert "loopback" in result.output and "private" in result.output and "metadata" in result.output
    assert "0 ingested" in result.output
    assert len(hits) == before  # nothing reached the server


def test_watch_once_ingests_new_entries_only(server, tmp_path):
    base, _ = server
    first = _cli(tmp_path, "watch", f"{base}/rss.xml", "--once", "--allow-private")
    assert first.exit_code == 0, first.output
    assert "2 entries, 2 new: 2 ingested" in first.output
    again = _cli(tmp_path, "watch", f"{base}/rss.xml", "--once", "--allow-private")
    assert again.exit_code == 0 and "2 entries, 0 new" in again.output
    atom_run = _cli(tmp_path, "watch", f"{base}/atom.xml", "--once", "--allow-private")
    assert atom_run.exit_code == 0, atom_run.output
    assert "3 entries, 3 new: 1 ingested, 2 duplicate" in atom_run.output  # posts 1 and 2 came by RSS


def test_watch_refuses_a_local_feed_without_the_flag(server, tmp_path):
    base, hits = server
    before = len(hits)
    result = _cli(tmp_path, "watch", f"{base}/rss.xml", "--once")
    assert result.exit_code == 1 and "loopback" in result.output
    assert len(hits) == before


def test_watch_rejects_a_bad_interval(tmp_path):
    result = _cli(tmp_path, "watch", "http://127.0.0.1:9/feed", "--every", "1s", "--once")
    assert result.exit_code == 1 and "at least" in result.output


def test_feed_parsing_and_seen_entries(tmp_path):
    entries = parse_feed(atom("http://h").encode(), "http://h/atom.xml")
    assert [e.link for e in entries] == [f"http://h/posts/{k}.html" for k in "123"]
    assert parse_feed(rss("http://h").encode(), "http://h/rss.xml")[0].key == "post-1"
    with pytest.raises(IngestError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body>not a feed</body></html>", "http://h/x")
    with pytest.raises(IngestError):
        parse_feed(b"/etc/passwd", "http://h/x")  # bytes naming a file are data, never opened
    seen = SeenEntries(tmp_path / "seen.json")
    e = entries[0]
    assert seen.is_new("f", e)
    seen.mark("f", e, "ingested")
    seen.save()
    reloaded = SeenEntries(tmp_path / "seen.json")
    assert not reloaded.is_new("f", e)
    from dataclasses import replace

    assert reloaded.is_new("f", replace(e, content_hash="changed"))
    for _ in range(3):
        reloaded.mark("f", entries[1], "refused", "timeout")
    assert not reloaded.is_new("f", entries[1])  # given up after three tries
    (tmp_path / "broken.json").write_text("{not json")
    assert SeenEntries(tmp_path / "broken.json").data == {}
