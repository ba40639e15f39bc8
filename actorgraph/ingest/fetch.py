"""Fetching a URL safely: the network half of URL and feed ingestion.

Every hop (the first request and each redirect) is vetted before a byte is sent:

- the scheme is http or https, the URL carries no user name or password;
- the host is resolved once (``socket.getaddrinfo``) and *every* address it resolves to
  is checked with ``ipaddress``: loopback, private, link-local, multicast, reserved,
  unspecified, shared (CGNAT) and other non-global addresses are refused unless
  ``allow_private`` is set; cloud metadata addresses (169.254.169.254, fd00:ec2::254)
  are refused even then;
- the connection goes to the vetted IP address itself (the URL is rewritten to the IP,
  the Host header and, for https, the TLS SNI name and certificate check keep the host
  name), so a DNS answer that changes between the check and the connection (DNS
  rebinding) cannot redirect the request;
- redirects are followed by hand, at most ``max_redirects``, each re-vetted;
- the body is streamed and abandoned past ``max_bytes`` (decoded size, so a gzip bomb
  stops too), within a total time budget; the Content-Type must be one the caller accepts.

Proxies from the environment are ignored (``trust_env=False``): a proxy would connect
to addresses this module never saw. Failures raise ``IngestError`` naming the URL.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import httpx

from actorgraph.errors import IngestError

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "text/markdown", "application/pdf"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
                        "text/xml", "application/feed+xml"})
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
                                ipaddress.ip_address("100.100.100.200")})  # AWS/GCP/Azure, AWS IPv6, Alibaba
USER_AGENT = "actorgraph/0.1 (+offline research tool)"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True)
class FetchLimits:
    """Bounds on one fetch; every one has a finite default."""

    max_bytes: int = 32 * 1024 * 1024  # decoded body size
    max_redirects: int = 5
    connect_seconds: float = 10.0
    read_seconds: float = 20.0  # between two chunks of the body
    total_seconds: float = 60.0  # the whole fetch, redirects included


@dataclass
class Fetched:
    """A fetched body and what is known of it."""

    url: str  # as asked for
    final_url: str  # after redirects
    data: bytes
    media_type: str  # the Content-Type's type/subtype, lower case
    charset: str | None
    fetched_at: datetime
    redirects: list[str] = field(default_factory=list)


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (A and AAAA), as strings."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]).split("%")[0] for info in infos})


def address_problem(ip: Address, allow_private: bool) -> str | None:
    """Why connecting to ``ip`` is refused, or None when it is allowed."""
    mapped = getattr(ip, "ipv4_mapped", None) or getattr(ip, "sixtofour", None)
    if mapped is not None:
        return address_problem(mapped, allow_private)
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if allow_private:
        return None
    for test, what in ((ip.is_loopback, "a loopback address"), (ip.is_link_local, "a link-local address"),
                       (ip.is_multicast, "a multicast address"), (ip.is_unspecified, "an unspecified address"),
                       (ip.is_reserved, "a reserved address"), (ip.is_private, "a private address")):
        if test:
            return what
    if not ip.is_global:
        return "not a public address"
    return None


@dataclass(frozen=True)
class Target:
    """A vetted hop: where to connect (``ip``) and what to call the server (``host``)."""

    url: httpx.URL
    host: str
    ip: str


def vet(url: str, allow_private: bool, resolver: Resolver = system_resolver) -> Target:
    """Check one URL before connecting; the returned Target pins the address that was checked."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise IngestError(url, f"not a valid URL ({exc})") from exc
    if parsed.scheme not in ("http", "https"):
        raise IngestError(url, f"only http and https URLs can be fetched, not {parsed.scheme or '(none)'!r}")
    if parsed.userinfo:
        raise IngestError(url, "URLs with a user name or password are refused")
    host = parsed.host
    if not host:
        raise IngestError(url, "the URL has no host")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        literal: Address | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = resolver(host, port)
        except (OSError, UnicodeError) as exc:
            raise IngestError(url, f"the host {host!r} cannot be resolved ({exc})") from exc
    if not addresses:
        raise IngestError(url, f"the host {host!r} resolves to no address")
    for address in addresses:
        problem = address_problem(ipaddress.ip_address(address), allow_private)
        if problem:
            hint = "" if "metadata" in problem else " (pass --allow-private to fetch from your own network)"
            raise IngestError(url, f"refused: {host} resolves to {address}, {problem}{hint}")
    return Target(parsed, host, addresses[0])


def fetch(url: str, accept: Iterable[str] = PAGE_TYPES, *, allow_private: bool = False,
          limits: FetchLimits | None = None, resolver: Resolver = system_resolver,
          transport: httpx.BaseTransport | None = None) -> Fetched:
    """GET ``url`` within ``limits``; every hop vetted, pinned and re-checked. IngestError on refusal."""
    limits = limits or FetchLimits()
    accept = frozenset(accept)
    deadline = time.monotonic() + limits.total_seconds
    timeout = httpx.Timeout(limits.read_seconds, connect=limits.connect_seconds)
    redirects: list[str] = []
    current = url
    with httpx.Client(transport=transport, trust_env=False, follow_redirects=False, timeout=timeout,
                      headers={"User-Agent": USER_AGENT}) as client:
        while True:
            target = vet(current, allow_private, resolver)
            request = _pinned_request(client, target, accept)
            try:
                response = client.send(request, stream=True)
            except httpx.TimeoutException as exc:
                raise IngestError(current, f"timed out ({type(exc).__name__})") from exc
            except httpx.HTTPError as exc:
                raise IngestError(current, f"cannot be fetched ({type(exc).__name__}: {exc})") from exc
            try:
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    if not location:
                        raise IngestError(current, f"HTTP {response.status_code} redirect without a Location")
                    if len(redirects) >= limits.max_redirects:
                        raise IngestError(url, f"more than {limits.max_redirects} redirects; refused")
                    nxt = urljoin(current, location)
                    redirects.append(nxt)
                    current = nxt
                    continue
                if response.status_code >= 400:
                    raise IngestError(current, f"the server answered HTTP {response.status_code}")
                if response.status_code != 200:
                    raise IngestError(current, f"unexpected HTTP status {response.status_code}")
                media_type, charset = _content_type(response)
                if media_type not in accept:
                    raise IngestError(current, f"unexpected content type {media_type or '(none)'!r} "
                                               f"(accepted: {', '.join(sorted(accept))})")
                data = _read_body(response, current, limits, deadline)
            finally:
                response.close()
            return Fetched(url, current, data, media_type, charset, datetime.now(UTC), redirects)


def _pinned_request(client: httpx.Client, target: Target, accept: frozenset[str]) -> httpx.Request:
    """A request to the vetted IP that still names the host (Host header, SNI, certificate)."""
    pinned = target.url.copy_with(host=target.ip)
    headers = {"Host": target.url.netloc.decode("ascii"), "Accept": ", ".join(sorted(accept)) + ", */*;q=0.1",
               "Accept-Encoding": "gzip, deflate"}
    extensions = {"sni_hostname": target.host} if target.url.scheme == "https" else {}
    return client.build_request("GET", pinned, headers=headers, extensions=extensions)


def _content_type(response: httpx.Response) -> tuple[str, str | None]:
    raw = response.headers.get("content-type", "")
    media_type = raw.split(";")[0].strip().lower()
    charset = None
    for param in raw.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower() or None
    return media_type, charset


def _read_body(response: httpx.Response, url: str, limits: FetchLimits, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise IngestError(url, f"too large ({declared} bytes announced; the limit is {limits.max_bytes})")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes(64 * 1024):
            size += len(chunk)
            if size > limits.max_bytes:
                raise IngestError(url, f"too large (more than {limits.max_bytes} bytes; download stopped)")
            if time.monotonic() > deadline:
                raise IngestError(url, f"took more than {limits.total_seconds:g} s to download; stopped")
            chunks.append(chunk)
    except httpx.TimeoutException as exc:
        raise IngestError(url, f"timed out while reading ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:
        raise IngestError(url, f"the download failed ({type(exc).__name__}: {exc})") from exc
    return b"".join(chunks)
