"""A play whose stored approval names no person ('Sales Team', kept from before such names were
refused) is held with that reason, in one line with the command a named person approves it again
with, in a run's held reason (what `sdr run`, the sensors and the UI show) and in `sdr status`; not
as a play that merely waits for a decision."""

from pathlib import Path

import duckdb

from resources.config import resolve_paths
from resources.store import approvals as records
from sdr_assets.cli import app
from sdr_assets.play_state import play_states
from tests.approving import approved_by_a_team
from tests.command_line import CommandLine

PLAY = "revops-hiring"


def test_a_runs_held_reason_names_the_approval_that_does_not_count(tmp_path):
    env, version = approved_by_a_team(tmp_path, PLAY)
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
    env, version = approved_by_a_team(tmp_path, PLAY)
    shown = CommandLine().invoke(app, ["status"], env=env)
    assert shown.exit_code == 0, shown.output
    said = " ".join(shown.output.split())
    assert f"the approval of version {version} by 'Sales Team' (decision 1) does not count" in said, shown.output
    assert f"sdr approve {PLAY} --version {version}" in said
