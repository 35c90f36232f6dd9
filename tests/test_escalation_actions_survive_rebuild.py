"""A person's claim or note on an escalation survives a rebuilt warehouse, and a restored copy of it,
as play decisions do: each action is logged beside the file before it commits."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.escalation_desk import ASKS_TO_STOP_AT, desk_asked_to_stop, reply

LATER = ASKS_TO_STOP_AT.replace(hour=11)
TEXT = "What is this about? Please take me off your list."


def test_a_claim_survives_a_rebuilt_warehouse(tmp_path):
    desk = desk_asked_to_stop(tmp_path / "data")
    escalation = desk.queue(LATER)[0]["escalation_id"]
    desk.act(escalation, "claim", "Casey Morgan", LATER, note="mine")
    path = Path(desk.resources(LATER)["warehouse"].path)
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)
    desk.replies([reply("<r1@acme.example>", TEXT, "question", ASKS_TO_STOP_AT)])  # the pipeline again
    desk.run_escalations(ASKS_TO_STOP_AT.replace(hour=10))
    row = desk.queue(LATER)[0]
    assert (row["escalation_id"], row["owner"]) == (escalation, "Casey Morgan")


def test_a_restored_copy_takes_back_the_claim_and_numbers_the_next_action_after_it(tmp_path):
    desk = desk_asked_to_stop(tmp_path / "data")
    escalation = desk.queue(LATER)[0]["escalation_id"]
    path = Path(desk.resources(LATER)["warehouse"].path)
    shutil.copy(path, tmp_path / "copy.duckdb")
    claimed = desk.act(escalation, "claim", "Casey Morgan", LATER)
    shutil.copy(tmp_path / "copy.duckdb", path)
    noted = desk.act(escalation, "note", "Casey Morgan", LATER.replace(minute=5), note="called her")
    assert noted["event_id"] > claimed["event_id"], "the restored copy's ids start after the logged claim"
    assert noted["owner"] == "Casey Morgan"
