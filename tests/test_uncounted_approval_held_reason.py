"""A play whose stored approval names no person ('Sales Team', kept from before such names were
refused) is held with that reason, in one line with the command a named person approves it again
with, in a run's held reason (what `sdr run`, the sensors and the UI show) and in `sdr status`; not
as a play that merely waits for a decision."""

import json
import shutil
from pathlib import Path

import duckdb

from resources.config import resolve_paths
from resources.store import approvals as records
from sdr_assets.cli import app
from sdr_assets.play_state import play_states
from tests.command_line import CommandLine

PLAY = "revops-hiring"
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "plays"


def _approved_by_a_team(tmp_path) -> tuple[dict, str]:
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
    return env, version


def test_a_runs_held_reason_names_the_approval_that_does_not_count(tmp_path):
    env, version = _approved_by_a_team(tmp_path)
    paths = resolve_paths(env)
    with duckdb.connect(str(paths["warehouse"])) as con:
        records.ensure_gate_records(con)
        state = play_states(con, Path(paths["plays_dir"]), "live", [PLAY])[PLAY]
    assert state.status == "pending"
    assert state.held.startswith(f"{PLAY}: the approval of version {version} by 'Sales Team' (decision 1) "
                                 "does not count"), state.held
    assert f"sdr approve {PLAY} --version {version}" in state.held
    assert "\n" not in state.held


def test_sdr_status_names_the_approval_that_does_not_count(tmp_path):
    env, version = _approved_by_a_team(tmp_path)
    shown = CommandLine().invoke(app, ["status"], env=env)
    assert shown.exit_code == 0, shown.output
    said = " ".join(shown.output.split())
    assert f"the approval of version {version} by 'Sales Team' (decision 1) does not count" in said, shown.output
    assert f"sdr approve {PLAY} --version {version}" in said
