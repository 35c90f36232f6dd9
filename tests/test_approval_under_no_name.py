"""A stored approval whose approver names no person ('Sales Team', recorded before such names were
refused) opens no gate, and `sdr plays show` and `sdr plays list` say so in one line, with the command
a named person approves it again with."""

import json
import shutil
from pathlib import Path

import duckdb

from resources.config import resolve_paths
from sdr_assets.cli import app
from tests.command_line import CommandLine

PLAY = "revops-hiring"
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "plays"


def test_an_approval_by_a_team_is_shown_as_not_counted_with_the_command_to_approve_again(tmp_path):
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

    shown = runner.invoke(app, ["plays", "show", PLAY], env=env)
    assert shown.exit_code == 0, shown.output
    assert f"{PLAY} version {version}: pending" in shown.output
    said = " ".join(shown.output.split())
    assert f"the approval of version {version} by 'Sales Team' (decision 1) does not count" in said, shown.output
    assert f"sdr approve {PLAY} --version {version}" in said
    listed = runner.invoke(app, ["plays", "list"], env=env)
    assert "by 'Sales Team' (decision 1) does not count" in " ".join(listed.output.split()), listed.output
