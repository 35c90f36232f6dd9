"""The approval gate's check, which the Dagster UI shows on the play's drafts, says why a play
approved under a name that names no person ('Sales Team', stored before such names were refused)
waits: the approval no longer counts, and a named person approves the version again. Read 'pending'
alone beside a decisions table that lists the approval, a play that sent before the upgrade stopped
with nobody in the UI told why."""

import json
import shutil
from pathlib import Path

import duckdb

from resources.config import resolve_paths
from resources.defaults import build_resources
from sdr_assets.cli import app
from sdr_assets.gate import gate_result
from tests.command_line import CommandLine

PLAY = "revops-hiring"
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "plays"


def test_the_gate_says_an_approval_by_a_team_does_not_count(tmp_path):
    """The failed gate's description names the approval that does not count and the name that names nobody."""
    env = {"SDR_DATA_DIR": str(tmp_path / "data"), "SDR_NOW": "2026-11-20T09:00:00+00:00", "SDR_MODE": "live"}
    (tmp_path / "data" / "plays").mkdir(parents=True)
    shutil.copy(SHIPPED / f"{PLAY}.yaml", tmp_path / "data" / "plays")
    runner = CommandLine()
    listed = json.loads(runner.invoke(app, ["plays", "list", "--json"], env=env).output)
    version = next(r["version"] for r in listed["plays"] if r["play"] == PLAY)
    approved = runner.invoke(app, ["approve", PLAY, "--version", version, "--by", "Dana Whitfield"], env=env)
    assert approved.exit_code == 0, approved.output
    with duckdb.connect(str(resolve_paths(env)["warehouse"])) as con:  # as a release that took the name wrote it
        con.execute("update play_approvals set decided_by = 'Sales Team' where play = ?", [PLAY])

    resources = build_resources(env)
    result = gate_result(PLAY, resources["warehouse"], resources["paths"])
    assert not result.passed
    assert "by 'Sales Team' (decision 1) does not count" in (result.description or ""), result.description
