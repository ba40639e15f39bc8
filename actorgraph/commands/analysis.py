"""Analysis commands: claims, contradictions, profile, and the FtM and GraphML exports."""

from __future__ import annotations

import sys
from itertools import groupby
from pathlib import Path
from typing import Annotated

import typer

from actorgraph.cli import _guard, app, console, err, export_app, get_store
from actorgraph.errors import ConfigError


def _say(text: str = "") -> None:
    # Store text goes out verbatim: never read as Rich markup, never re-wrapped.
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    err.print(f"wrote {out}", highlight=False, markup=False)


def _source_label(ev) -> str:
    doc = ev.document
    return (f"«{doc.title or doc.source}», {doc.publisher or 'publisher not stated'}, "
            f"{doc.published or 'date not stated'}")


# ------------------------------------------------------------------ claims
@app.command("claims")
def claims_cmd(name: Annotated[str | None, typer.Argument(help="an entity (any name or alias); all when omitted")]
               = None,
               quantity: Annotated[list[str] | None, typer.Option("--quantity", "-q",
                                                                  help="only this quantity kind (repeatable)")]
               = None,
               evidence: Annotated[bool, typer.Option("--evidence", help="quote the supporting sentence")]
               = False) -> None:
    """Every attributed figure per subject and quantity, with its date, attribution and source."""
    from actorgraph.analyse.claims import claims, when
    from actorgraph.analyse.queries import resolve_name

    with get_store().session() as s:
        ids = [_guard(lambda: resolve_name(s, name)).id] if name else None
        records = claims(s, ids, quantity or None)
    if not records:
        _say("no figures found")
        return
    for (subject, qty), group in groupby(records, key=lambda r: (r.subject, r.quantity)):
        _say(f"{subject} — {qty}")
        for r in group:
            ev = r.evidence[0]
            by = f"attributed to {r.attributed_to}" if r.attributed_to else "attribution not stated"
            _say(f"  {r.figure()} ({when(r)}; {by}) — {_source_label(ev)}")
            if evidence:
                _say(f"      “{ev.sentence}”")
        _say()


# ------------------------------------------------------------------ contradictions
@app.command("contradictions")
def contradictions_cmd(
        quantity: Annotated[list[str] | None, typer.Option("--quantity", "-q",
                                                           help="quantity kinds to compare (default: fighters, "
                                                                "troops; repeatable)")] = None,
        max_years: Annotated[float, typer.Option(help="figures dated further apart are not compared")] = 3.0,
        name: Annotated[str | None, typer.Option("--entity", "-e", help="only those involving this entity")]
        = None,
        evidence: Annotated[bool, typer.Option("--evidence", help="quote the supporting sentences")] = False,
) -> None:
    """Figures that disagree, conflicting leaders, and relations asserted with contradictory dates."""
    from actorgraph.analyse.claims import COMPARABLE_QUANTITIES, contradictions
    from actorgraph.analyse.queries import resolve_name

    with get_store().session() as s:
        entity_id = _guard(lambda: resolve_name(s, name)).id if name else None
        found = contradictions(s, quantity or COMPARABLE_QUANTITIES, entity_id, max_years)
    if not found:
        _say("no contradictions found")
        return
    for n, c in enumerate(found, 1):
        _say(f"{n}. [{c.kind}; {c.certainty}] {c.summary}")
        for side in (c.first, c.second):
            for ev in side.evidence:
                _say(f"     source: {_source_label(ev)}")
                if evidence:
                    _say(f"       “{ev.sentence}”")
        _say()


# ------------------------------------------------------------------ profile
@app.command("profile")
def profile_cmd(name: Annotated[str, typer.Argument(help="any name or alias of the entity")],
                format_: Annotated[str, typer.Option("--format", "-f", help="md, html or json")] = "md",
                evidence: Annotated[bool, typer.Option("--evidence", help="quote each statement's sentences")]
                = False,
                out: Annotated[Path | None, typer.Option("--out", "-o", help="write to this file, not stdout")]
                = None) -> None:
    """A cited profile of an actor: overview, structure, affiliations, ... size estimates, events, sources."""
    from actorgraph.analyse.profile import RENDERERS, build_profile
    from actorgraph.analyse.queries import resolve_name

    render = RENDERERS.get(format_)
    if render is None:
        _guard(lambda: _raise(ConfigError(f"unknown format {format_!r} (known: {', '.join(RENDERERS)})")))
    with get_store().session() as s:
        entity = _guard(lambda: resolve_name(s, name))
        text = render(build_profile(s, entity.id), evidence)
    _write(text, out)


def _raise(exc: Exception):
    raise exc


# ------------------------------------------------------------------ exports
@export_app.command("ftm")
def export_ftm_cmd(out: Annotated[Path | None, typer.Option("--out", "-o", help="file (default: stdout)")]
                   = None) -> None:
    """FollowTheMoney entities, one JSON object a line (Person, Organization, Membership, Sanction ...)."""
    from actorgraph.export.ftm import ftm_lines

    with get_store().session() as s:
        text = "".join(line + "\n" for line in ftm_lines(s))
    _write(text, out)


@export_app.command("graphml")
def export_graphml_cmd(out: Annotated[Path | None, typer.Option("--out", "-o", help="file (default: stdout)")]
                       = None) -> None:
    """Entities and relations as GraphML for Gephi or yEd."""
    from actorgraph.export.graphml import graphml_text

    with get_store().session() as s:
        text = graphml_text(s)
    _write(text, out)
