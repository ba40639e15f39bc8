"""Profile and contradictions over the bundled demo corpus."""

from __future__ import annotations

import re

from .builder import run_cli


def test_profile_names_iyad_ag_ghaly_as_leader_with_a_citation(demo_workspace):
    result = run_cli(demo_workspace, "profile", "JNIM")
    assert result.exit_code == 0, result.output
    overview = result.output.split("## Structure")[0]
    leader = overview.split("**Current leader:**")[1]
    assert re.search(r"Iyad Ag Ghaly \([^)]*\) (\[\d+\])+", leader), leader
    assert "## Sources" in result.output and "\n1. " in result.output.split("## Sources")[1]


def test_contradictions_show_the_fighter_estimates_of_the_seeds(demo_workspace):
    result = run_cli(demo_workspace, "contradictions")
    assert result.exit_code == 0, result.output
    fighters = [line for line in result.output.splitlines() if "fighters" in line and "component vs whole" in line]
    assert fighters, result.output
    assert "2,000 persons" in fighters[0] and "5,000-8,000 persons" in fighters[0]
