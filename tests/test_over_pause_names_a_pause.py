"""An approval given ``--over-pause VERSION`` while no pause of the monitor's waits on an earlier
version is refused in one line that says so: the note would record a pause nobody gave it over, and
the approver, who thinks a pause was answered, learns there was none."""

from __future__ import annotations

import pytest

from resources.store.approvals import history
from sdr_assets.cli import app
from sdr_assets.decisions import decide
from sdr_assets.domain import approvals
from tests.command_line import CommandLine
from tests.send_world import CONTACTS, PLAY, Spelling, World


def _approvals(world: World) -> int:
    with world.warehouse.connect() as con:
        return sum(d["decision"] == "approve" for d in history(con, PLAY))


def test_an_approval_over_a_pause_that_does_not_wait_is_refused(tmp_path):
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    refusal = f"no pause of the monitor's waits.*--over-pause {world.hashes[1]}"
    with pytest.raises(approvals.ApprovalError, match=refusal):
        decide(PLAY, "approve", "Dana Whitfield", "", world.version, warehouse_path=world.warehouse.path,
               plays_dir=world.root / "plays", mode="live", over_pause=world.hashes[1])
    assert _approvals(world) == 0


def test_sdr_approve_over_no_pause_exits_1_and_an_empty_one_is_no_pause_named(tmp_path):
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    env = {"SDR_DATA_DIR": str(world.root), "SDR_NOW": world.now.isoformat(), "SDR_SECRET": "property-test-secret"}
    approve = ["approve", PLAY, "--version", world.version, "--by", "Dana Whitfield", "--over-pause"]
    refused = CommandLine().invoke(app, [*approve, world.hashes[1]], env=env)
    assert refused.exit_code == 1 and "no pause of the monitor's waits" in refused.output, refused.output
    accepted = CommandLine().invoke(app, [*approve, ""], env=env)
    assert accepted.exit_code == 0, accepted.output
    assert _approvals(world) == 1
