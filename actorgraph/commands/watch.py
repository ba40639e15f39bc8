"""``actorgraph watch FEED_URL``: ingest the new entries of an RSS or Atom feed, now and every so often."""

from __future__ import annotations

import re
import time
from typing import Annotated

import typer

from actorgraph.cli import _guard, app, console, err, get_store, state
from actorgraph.errors import ActorgraphError, ConfigError

_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$", re.IGNORECASE)
MIN_EVERY = 10.0  # seconds; polling faster than this is refused


def parse_every(value: str) -> float:
    """'30m', '1h', '90s', '1h30m' or a plain number of minutes -> seconds."""
    value = value.strip()
    if value.isdigit():
        seconds = float(value) * 60
    else:
        m = _DURATION.match(value)
        if not m or not any(m.groups()):
            raise ConfigError(f"--every {value!r}: expected a duration such as 30m, 1h, 90s or 1h30m")
        h, mi, s = (int(g or 0) for g in m.groups())
        seconds = float(h * 3600 + mi * 60 + s)
    if seconds < MIN_EVERY:
        raise ConfigError(f"--every {value!r}: at least {MIN_EVERY:g} s between two polls")
    return seconds


@app.command("watch")
def watch_cmd(
    feed_url: Annotated[str, typer.Argument(help="URL of an RSS or Atom feed")],
    every: Annotated[str, typer.Option(help="time between polls: 30m, 1h, 90s, 1h30m")] = "30m",
    once: Annotated[bool, typer.Option("--once", help="poll once and exit (exit 2 if anything was refused)")]
    = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="allow loopback and private-network "
                                                "addresses (a feed on your own network); never cloud metadata")]
    = False,
    max_entries: Annotated[int, typer.Option(help="entries looked at per poll")] = 100,
) -> None:
    """Ingest the new entries of a feed: each linked page is fetched safely and ingested like an HTML file.

    Entries already ingested (by guid or link, and content hash) are skipped; the list is kept
    in the workspace (feeds-seen.json). Runs until interrupted, or once with --once.
    """
    from actorgraph.ingest.feeds import SeenEntries, poll
    from actorgraph.ingest.fetch import FEED_TYPES, FetchLimits, fetch
    from actorgraph.pipeline import ingest_url

    interval = _guard(lambda: parse_every(every))
    store = get_store(reader=False)
    settings = state.settings
    seen = SeenEntries(settings.workspace / "feeds-seen.json")
    limits = FetchLimits(max_bytes=min(settings.max_bytes, 16 * 1024 * 1024))

    def fetch_feed(url: str) -> bytes:
        return fetch(url, FEED_TYPES, allow_private=allow_private, limits=limits).data

    def ingest_link(url: str) -> tuple[str, str]:
        outcome = ingest_url(url, store, settings, allow_private=allow_private)
        return outcome.status, outcome.detail

    while True:
        started = time.perf_counter()
        try:
            result = poll(feed_url, fetch_feed, ingest_link, seen, max_entries)
        except ActorgraphError as exc:  # the feed itself failed: say so; a watcher tries again later
            err.print(f"error: {exc}", highlight=False, markup=False)
            if once:
                raise typer.Exit(1) from exc
            time.sleep(interval)
            continue
        counts = {k: sum(1 for _, status, _ in result.outcomes if status == k)
                  for k in ("ingested", "duplicate", "refused")}
        for link, status, detail in result.outcomes:
            if status == "refused":
                err.print(f"refused {link}: {detail}", highlight=False, markup=False)
        console.print(f"{feed_url}: {result.entries} entries, {result.new} new: {counts['ingested']} ingested, "
                      f"{counts['duplicate']} duplicate, {counts['refused']} refused in "
                      f"{time.perf_counter() - started:.1f} s", highlight=False, markup=False)
        if once:
            if counts["refused"]:
                raise typer.Exit(2)
            return
        try:
            time.sleep(interval)
        except KeyboardInterrupt:
            console.print("stopped")
            return
