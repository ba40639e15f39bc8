"""``actorgraph check``: is the store sound (after a crash, a kill or a bug)?"""

from __future__ import annotations

from typing import Annotated

import typer

from actorgraph.cli import _guard, app, console, err, get_store


@app.command("check")
def check_cmd(limit: Annotated[int, typer.Option(help="list at most this many problems")] = 200) -> None:
    """Check the store: integrity, foreign keys, orphans, facts without evidence, offsets, FTS index.

    Exits 0 when clean, 1 with the list of problems.
    """
    from actorgraph.analyse.check import check_store

    report = _guard(lambda: check_store(get_store()))
    if report.ok:
        console.print(f"store is consistent ({len(report.checks)} checks: {', '.join(report.checks)})",
                      highlight=False, markup=False)
        return
    for problem in report.problems[:limit]:
        err.print(f"problem: {problem}", highlight=False, markup=False)
    if len(report.problems) > limit:
        err.print(f"... {len(report.problems) - limit} more problems not listed", highlight=False)
    console.print(f"{len(report.problems)} problems found", highlight=False)
    raise typer.Exit(1)
