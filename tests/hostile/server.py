"""A local HTTP server on 127.0.0.1 for the URL and feed tests: no traffic leaves this machine."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = """<!doctype html><html><head><title>{title}</title></head><body><nav><a href="/">Home</a></nav>
<article><h1>{title}</h1><p>{body}</p><p>Officials in the region said security forces had been
reinforced and that an investigation was under way into the attack.</p></article></body></html>"""
POSTS = {
    "1": ("Attack on convoy near Ménaka", "Fighters attacked a military convoy near Ménaka on Tuesday, "
                                          "killing at least 14 soldiers, the army said."),
    "2": ("Market raid in Gao", "Gunmen raided the central market of Gao on Friday, burning stalls and "
                                "abducting two traders, witnesses said."),
    "3": ("Clashes near Tessit", "Clashes between two armed groups near Tessit left several dead, local "
                                 "sources said on Sunday."),
}


def rss(base: str) -> str:
    items = "".join(f"<item><title>{t}</title><link>{base}/posts/{k}.html</link><guid>post-{k}</guid>"
                    f"<description>{b[:40]}</description></item>" for k, (t, b) in POSTS.items() if k != "3")
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title><link>{base}/</link>{items}' \
           "</channel></rss>"


def atom(base: str) -> str:
    entries = "".join(f'<entry><title>{t}</title><link href="/posts/{k}.html"/><id>urn:post:{k}</id>'
                      f"<updated>2024-03-1{k}T10:00:00Z</updated><summary>{b[:40]}</summary></entry>"
                      for k, (t, b) in POSTS.items())
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
            f'<id>urn:feed</id><updated>2024-03-13T10:00:00Z</updated>{entries}</feed>')


class Handler(BaseHTTPRequestHandler):
    hits: list[str]

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        base = f"http://{self.headers.get('Host')}"
        path = self.path
        if path == "/article.html":
            title, body = POSTS["1"]
            self._send(200, PAGE.format(title=title, body=body).encode(), "text/html; charset=utf-8")
        elif path.startswith("/posts/"):
            key = path.removeprefix("/posts/").removesuffix(".html")
            title, body = POSTS.get(key, ("Missing", "Nothing here."))
            self._send(200, PAGE.format(title=title, body=body).encode(), "text/html")
        elif path == "/report.txt":
            self._send(200, POSTS["3"][1].encode(), "text/plain; charset=utf-8")
        elif path == "/rss.xml":
            self._send(200, rss(base).encode(), "application/rss+xml")
        elif path == "/atom.xml":
            self._send(200, atom(base).encode(), "application/atom+xml; charset=utf-8")
        elif path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            target = "/article.html" if n <= 1 else f"/redirect/{n - 1}"
            self._send(302, b"", "text/plain", {"Location": target})
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: the client must stop by itself
            block = b"<p>" + b"x" * 65_000 + b"</p>\n"
            try:
                for _ in range(2000):  # ~130 MB at most, stops when the client hangs up
                    self.wfile.write(block)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(500 * 1024 * 1024))
            self.end_headers()
        elif path == "/binary":
            self._send(200, b"\x7fELF" + b"\x00" * 100, "application/octet-stream")
        else:
            self._send(404, b"not found", "text/plain")


@contextmanager
def serve() -> Iterator[tuple[str, list[str]]]:
    """(base URL, list of paths requested) of a server on 127.0.0.1 that stops on exit."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.hits = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.hits  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
