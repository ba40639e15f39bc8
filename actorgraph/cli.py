"""The command line: thin commands over pipeline, analyse and export."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from actorgraph.errors import ActorgraphError
from actorgraph.settings import Settings, load_settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="actorgraph: a sourced, queryable picture of armed groups from open-source reporting.")
# Piped output (files, grep, CI logs) gets wide lines rather than tables wrapped at 80 columns.
console = Console(width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 200)


class State:
    settings: Settings
    store = None


state = State()
export_app = typer.Typer(no_args_is_help=True, help="Export the store for other tools (ACLED CSV, GeoJSON, "
                         "FollowTheMoney, GraphML).")
app.add_typer(export_app, name="export")


@app.callback()
def main(
    workspace: Annotated[Path | None, typer.Option("--workspace", "-w", help="workspace directory "
                                                   "(env ACTORGRAPH_WORKSPACE; default ./actorgraph-data)")] = None,
    db: Annotated[str | None, typer.Option("--db", help="database URL (default: SQLite in the workspace)")] = None,
) -> None:
    state.settings = _guard(lambda: load_settings(workspace, db=db))


def _guard(fn: Callable):
    """Run fn; a user error prints its message (no traceback) and exits 1."""
    try:
        return fn()
    except ActorgraphError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc


def get_store(reader: bool = True):
    """The workspace's store, opened once per command (``reader=False`` by the ingesting commands)."""
    if state.store is None:
        from actorgraph.store.repository import Store

        state.settings.workspace.mkdir(parents=True, exist_ok=True)
        state.store = _guard(lambda: Store(state.settings.db_url, reader))
    return state.store


# ------------------------------------------------------------------ ingest
def _progress(total: int):
    """A progress callback: a bar on a terminal, one plain line per file otherwise."""
    if sys.stderr.isatty():
        from rich.progress import Progress

        bar = Progress(console=err, transient=True)
        task = bar.add_task("ingesting", total=total)
        bar.start()

        def tick(outcome) -> None:
            bar.advance(task)
            if outcome.status == "refused":
                bar.console.print(f"refused {outcome.source}: {outcome.detail}", highlight=False, markup=False)

        return tick, bar.stop
    counter = {"n": 0}

    def line(outcome) -> None:
        counter["n"] += 1
        print(f"[{counter['n']}/{total}] {outcome.status} {outcome.source}: {outcome.detail}",
              file=sys.stderr, flush=True)

    return line, lambda: None


def run_ingest(paths: list[Path | str], workers: int = 1, scheduler: str | None = None):
    from actorgraph.pipeline import iter_files
    from actorgraph.runners import run

    store = get_store(reader=False)
    total = sum(1 for _ in iter_files(paths))  # counted, not listed: the corpus streams through
    tick, stop = _progress(total)
    try:
        report = _guard(lambda: run(paths, store, state.settings, tick, workers=workers, scheduler=scheduler))
    finally:
        stop()
    if report.count("ingested"):
        store.refresh_statistics()
    return report


@app.command("ingest")
def ingest_cmd(paths: Annotated[list[str] | None, typer.Argument(help="files, folders or http(s) URLs "
                                                                  "(default: demo corpus)")] = None,
               allow_private: Annotated[bool, typer.Option("--allow-private", help="let URLs reach loopback "
                                                           "and private networks (never cloud metadata)")]
               = False,
               workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="local processes that "
                                                    "extract in parallel (the parent writes)")] = 1,
               dask: Annotated[str | None, typer.Option("--dask", metavar="SCHEDULER_ADDRESS", help="extract on "
                                                        "a Dask cluster (tcp://host:8786, or 'local' for a "
                                                        "LocalCluster of --workers processes)")] = None,
               ) -> None:
    """Ingest files and folders (.txt, .md, .html, .pdf); the demo corpus when no path is given."""
    from actorgraph.pipeline import DEMO_CORPUS

    state.settings.allow_private = allow_private or state.settings.allow_private
    started = time.perf_counter()
    report = run_ingest(paths or [DEMO_CORPUS], workers, dask)
    elapsed = time.perf_counter() - started
    for o in report.refused:
        err.print(f"refused {o.source}: {o.detail}", highlight=False, markup=False)
    console.print(f"{report.count('ingested')} ingested, {report.count('duplicate')} duplicate, "
                  f"{len(report.refused)} refused in {elapsed:.1f} s (workspace {state.settings.workspace})")
    if report.refused:
        raise typer.Exit(2)


# ------------------------------------------------------------------ queries
@app.command("documents")
def documents_cmd() -> None:
    """Documents in the workspace: title, date, author, language and the chrome removed."""
    from actorgraph.analyse.queries import documents

    with get_store().session() as s:
        rows = documents(s)
    table = Table("id", "title", "published", "author", "lang", "chrome removed", show_lines=False)
    for d in rows:
        table.add_row(str(d.id), d.title or "(untitled)", d.published or "unknown", d.author or "unknown",
                      d.language or "?", "; ".join(d.chrome) or "none")
    console.print(table)


@app.command("entities")
def entities_cmd(type_: Annotated[str | None, typer.Option("--type", "-t", help="Person, Organization or "
                                                            "Location")] = None,
                 limit: Annotated[int, typer.Option(help="at most this many rows")] = 100) -> None:
    """Entities with their aliases and how many documents and mentions name them."""
    from actorgraph.analyse.queries import entity_summaries

    with get_store().session() as s:
        rows = entity_summaries(s, type_, limit)
    table = Table("name", "type", "aliases", "docs", "mentions")
    for e in rows:
        table.add_row(e.name, e.type, ", ".join(e.aliases), str(e.documents), str(e.mentions))
    console.print(table)


def print_card(name: str, per_document: int = 5) -> None:
    from actorgraph.analyse.queries import entity_card

    with get_store().session() as s:
        card = _guard(lambda: entity_card(s, name, per_document))
    e = card.summary
    console.print(f"[bold]{e.name}[/bold] ({e.type}) — {e.mentions} mentions in {e.documents} documents",
                  highlight=False)
    console.print(f"aliases: {', '.join(e.aliases) or 'none'}", highlight=False)
    for d in card.documents:
        console.print(f"\n[bold]{d.title or d.source}[/bold] — {d.publisher or 'publisher unknown'}, "
                      f"{d.published or 'date unknown'}", highlight=False)
        for q in d.quotes:
            console.print(f"  “{q.text}”", highlight=False)
    if e.documents > len(card.documents):
        console.print(f"\n… and {e.documents - len(card.documents)} more documents "
                      "(the first ones are shown)", highlight=False)


@app.command("show")
def show_cmd(name: Annotated[str, typer.Argument(help="any name or alias of the entity")],
             quotes: Annotated[int, typer.Option(help="sentences quoted per document")] = 5) -> None:
    """An entity's card: aliases and, per document, the sentences that mention it."""
    print_card(name, quotes)


@app.command("search")
def search_cmd(text: Annotated[str, typer.Argument(help="words to find (accent-insensitive)")],
               limit: int = 20) -> None:
    """Full-text search over the main text of every document."""
    from actorgraph.analyse.queries import search_entities, search_text

    store = get_store()
    with store.session() as s:
        entities = search_entities(s, text, 10)
        hits = search_text(s, store, text, limit)
    if entities:
        console.print("entities: " + ", ".join(f"{e.name} ({e.type})" for e in entities), highlight=False)
    for h in hits:
        console.print(f"[{h.document_id}] {h.title}: {h.snippet}", highlight=False)
    if not hits and not entities:
        console.print(f"nothing found for {text!r}")


# ------------------------------------------------------------------ analyst judgements
@app.command("merge")
def merge_cmd(keep: str, other: str, reason: Annotated[str, typer.Option(help="why")] = "") -> None:
    """Merge entity OTHER into KEEP; the judgement is kept and replayed after every ingest."""
    from actorgraph.analyse.review import merge

    with get_store().transaction() as s:
        name = _guard(lambda: merge(s, keep, other, state.settings.user, reason))
    console.print(f"merged {other!r} into {name!r}")


@app.command("split")
def split_cmd(name: str, reason: Annotated[str, typer.Option(help="why")] = "") -> None:
    """Split the alias NAME off the entity it was merged into; kept across re-ingest."""
    from actorgraph.analyse.review import split

    with get_store().transaction() as s:
        _guard(lambda: split(s, name, state.settings.user, reason))
    console.print(f"split {name!r} into an entity of its own")


# ------------------------------------------------------------------ exports
@app.command("extract")
def extract_cmd(files: Annotated[list[Path], typer.Argument(help="input files")],
                out: Annotated[Path, typer.Option("--out", help="output directory")],
                format_: Annotated[str, typer.Option("--format", help="eval-json")] = "eval-json") -> None:
    """Run the ingest path on FILES against a temporary store and write one JSON per file."""
    from actorgraph.export.evaljson import write_eval_json
    from actorgraph.store.repository import Store

    if format_ != "eval-json":
        _guard(lambda: (_ for _ in ()).throw(ActorgraphError(f"unknown format {format_!r} (known: eval-json)")))
    with tempfile.TemporaryDirectory(prefix="actorgraph-") as tmp:
        state.settings.workspace = Path(tmp)
        state.settings.db = None
        state.store = Store(state.settings.db_url)
        report = run_ingest(files)
        ids = {o.source: o.document_id for o in report.outcomes if o.document_id is not None}
        with state.store.session() as s:
            written = write_eval_json(s, ids, out)
        state.store.close()
        state.store = None
    for o in report.refused:
        err.print(f"refused {o.source}: {o.detail}", highlight=False, markup=False)
    console.print(f"wrote {len(written)} files to {out}")
    if report.refused:
        raise typer.Exit(2)


# ------------------------------------------------------------------ demo
@app.command("demo")
def demo_cmd() -> None:
    """Ingest the bundled demo corpus and print what it found."""
    from actorgraph.analyse.queries import armed_groups, entity_summaries
    from actorgraph.pipeline import DEMO_CORPUS

    started = time.perf_counter()
    report = run_ingest([DEMO_CORPUS])
    console.print(f"demo corpus: {report.count('ingested')} ingested, {report.count('duplicate')} already "
                  f"stored, in {time.perf_counter() - started:.1f} s")
    documents_cmd()
    entities_cmd(None, 15)
    with get_store().session() as s:
        groups = armed_groups(s, entity_summaries(s, "Organization", 200))
    if groups:
        console.print()
        print_card(groups[0].name, 2)


# ------------------------------------------------------------------ web workbench
@app.command("serve")
def serve_cmd(host: Annotated[str, typer.Option(help="address to listen on; anything but loopback needs "
                                                     "accounts (actorgraph user add)")] = "127.0.0.1",
              port: Annotated[int, typer.Option(help="TCP port")] = 8000,
              require_login: Annotated[bool, typer.Option("--require-login", help="ask for a login on "
                                                          "loopback too")] = False) -> None:
    """Serve the offline web workbench: search, network, timeline, map, claims, review."""
    import uvicorn

    from actorgraph.web.app import WebConfig, create_app
    from actorgraph.web.auth import is_loopback, user_count

    store = get_store()
    with store.session() as s:
        users = user_count(s)
    if not is_loopback(host) and users == 0:
        _guard(lambda: (_ for _ in ()).throw(ActorgraphError(
            f"--host {host} is not a loopback address, so the workbench needs accounts: create one with "
            "`actorgraph user add NAME --role admin` first")))
    if require_login and users == 0:
        _guard(lambda: (_ for _ in ()).throw(ActorgraphError(
            "--require-login needs an account: create one with `actorgraph user add NAME --role admin`")))
    web = create_app(state.settings, WebConfig(host=host, require_login=require_login), store=store)
    mode = "login required" if (require_login or users or not is_loopback(host)) else \
        f"local mode, no login (acting as analyst {state.settings.user!r})"
    console.print(f"actorgraph workbench on http://{host}:{port}/ — {mode}", highlight=False)
    uvicorn.run(web, host=host, port=port, log_level="info", proxy_headers=False, server_header=False)


user_app = typer.Typer(help="Accounts of the web workbench (viewer reads, analyst reviews, admin manages).",
                       no_args_is_help=True)
app.add_typer(user_app, name="user")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("password", hide_input=True, confirmation_prompt=True)


@user_app.command("add")
def user_add_cmd(name: str,
                 role: Annotated[str, typer.Option(help="viewer | analyst | admin")] = "viewer",
                 password_stdin: Annotated[bool, typer.Option(
                     "--password-stdin", help="read the password from the first line of stdin")] = False,
                 ) -> None:
    """Add an account; the password is prompted for (or --password-stdin) and stored as an argon2 hash."""
    from actorgraph.web.auth import add_user, validate_new

    _guard(lambda: validate_new(name, role, "x" * 8))
    password = _read_password(password_stdin)
    with get_store().transaction() as s:
        _guard(lambda: add_user(s, name, role, password))
    console.print(f"added {role} {name!r}", highlight=False)


@user_app.command("list")
def user_list_cmd() -> None:
    """List the accounts."""
    from actorgraph.web.auth import list_users

    with get_store().session() as s:
        rows = [(u.name, u.role, u.created_at) for u in list_users(s)]
    table = Table("name", "role", "created")
    for name, role, created in rows:
        table.add_row(name, role, created.strftime("%Y-%m-%d %H:%M") if created else "")
    console.print(table)


@user_app.command("remove")
def user_remove_cmd(name: str) -> None:
    """Remove an account; its sessions end at their next request."""
    from actorgraph.web.auth import remove_user

    with get_store().transaction() as s:
        _guard(lambda: remove_user(s, name))
    console.print(f"removed {name!r}", highlight=False)


@user_app.command("passwd")
def user_passwd_cmd(name: str,
                    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="read the password "
                                                                 "from standard input")] = False) -> None:
    """Set an account's password."""
    from actorgraph.web.auth import set_password

    password = _read_password(password_stdin)
    with get_store().transaction() as s:
        _guard(lambda: set_password(s, name, password))
    console.print(f"password of {name!r} changed", highlight=False)


import actorgraph.commands  # noqa: E402, F401  (registers the commands of the other areas)

if __name__ == "__main__":
    app()
