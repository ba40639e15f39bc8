"""RSS and Atom feeds: parse entries and remember which were seen, so a watcher ingests only new ones.

An entry is known by its guid (Atom id, RSS guid) or else its link, and by a hash of what
the feed says of it (title, summary, content, updated date): an entry seen with the same
hash is skipped; one whose hash changed (the article was updated) is fetched again. Seen
entries are kept in a small JSON file per workspace, written atomically. Parsing is done
on bytes already fetched (``ingest.fetch``): feedparser itself never touches the network.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from actorgraph.errors import IngestError

MAX_ENTRIES = 200  # entries looked at per poll; a feed is a window on recent items
MAX_TRIES = 3  # a refused entry is retried at the next polls, then given up


@dataclass(frozen=True)
class FeedEntry:
    key: str  # guid, else link
    link: str | None  # absolute URL of the article
    title: str
    content_hash: str


def parse_feed(data: bytes, feed_url: str, max_entries: int = MAX_ENTRIES) -> list[FeedEntry]:
    """The entries of an RSS or Atom document, in feed order; IngestError if it is not a feed."""
    import feedparser

    # A stream, never bytes or str: feedparser opens a str that looks like a URL, and bytes or str
    # that name an existing file (a feed body of "/etc/passwd" would be read from disk).
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = parsed.get("bozo_exception")
        raise IngestError(feed_url, f"not an RSS or Atom feed ({type(reason).__name__ if reason else 'no entries'})")
    out: list[FeedEntry] = []
    for entry in parsed.entries[:max_entries]:
        link = entry.get("link") or None
        if link:
            link = urljoin(feed_url, link.strip())
        key = str(entry.get("id") or entry.get("guid") or link or "")
        if not key:
            continue
        content = " ".join(str(c.get("value", "")) for c in entry.get("content", []) or [])
        digest = hashlib.sha256("\x1f".join([str(entry.get("title", "")), str(entry.get("summary", "")), content,
                                             str(entry.get("updated", ""))]).encode("utf-8", "replace")).hexdigest()
        out.append(FeedEntry(key, link, str(entry.get("title", "")), digest))
    return out


class SeenEntries:
    """Which entries of which feeds were ingested (or given up), kept in a JSON file."""

    def __init__(self, path: Path):
        self.path = path
        self.data: dict[str, dict[str, dict]] = {}
        if path.exists():
            try:
                loaded = json.loads(path.read_text("utf-8"))
                self.data = loaded if isinstance(loaded, dict) else {}
            except (ValueError, OSError):
                self.data = {}  # a damaged state file only costs a re-check: duplicates are detected

    def is_new(self, feed_url: str, entry: FeedEntry) -> bool:
        seen = self.data.get(feed_url, {}).get(entry.key)
        if seen is None:
            return True
        if seen.get("hash") != entry.content_hash:
            return True
        return seen.get("outcome") == "refused" and int(seen.get("tries", 0)) < MAX_TRIES

    def mark(self, feed_url: str, entry: FeedEntry, outcome: str, detail: str = "") -> None:
        entries = self.data.setdefault(feed_url, {})
        before = entries.get(entry.key, {})
        tries = int(before.get("tries", 0)) + 1 if outcome == "refused" and before.get("hash") == entry.content_hash \
            else (1 if outcome == "refused" else 0)
        entries[entry.key] = {"hash": entry.content_hash, "outcome": outcome, "detail": detail[:300],
                              "link": entry.link, "tries": tries, "at": datetime.now(UTC).isoformat()}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".feeds-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.data, fh, ensure_ascii=False, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


@dataclass
class PollResult:
    feed_url: str
    entries: int  # in the feed
    new: int  # looked at this time
    outcomes: list[tuple[str, str, str]]  # (link or key, status, detail)


def poll(feed_url: str, fetch_feed: Callable[[str], bytes], ingest_link: Callable[[str], tuple[str, str]],
         seen: SeenEntries, max_entries: int = MAX_ENTRIES) -> PollResult:
    """Fetch one feed and ingest its new entries; ``ingest_link(url)`` returns (status, detail).

    The seen-entries file is saved after each entry, so a watcher killed half-way does not
    fetch again what it already stored.
    """
    entries = parse_feed(fetch_feed(feed_url), feed_url, max_entries)
    result = PollResult(feed_url, len(entries), 0, [])
    for entry in entries:
        if not seen.is_new(feed_url, entry):
            continue
        result.new += 1
        if not entry.link:
            status, detail = "refused", "the feed entry has no link"
        else:
            status, detail = ingest_link(entry.link)
        seen.mark(feed_url, entry, status, detail)
        seen.save()
        result.outcomes.append((entry.link or entry.key, status, detail))
    return result
