"""A person's claim or note on an escalation survives a rebuilt warehouse, and a restored copy of it,
as play decisions do: each action is logged beside the file before it commits."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from resources.damage import WarehouseUnavailable
from sdr_assets import inbox, line_log
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


def test_a_handled_conversation_stays_handled_after_a_rebuilt_warehouse(tmp_path):
    desk = desk_asked_to_stop(tmp_path / "data")
    escalation = desk.queue(LATER)[0]["escalation_id"]
    desk.act(escalation, "claim", "Casey Morgan", LATER)
    desk.act(escalation, "handle", "Casey Morgan", LATER.replace(minute=5), outcome="nurture")
    _rebuild(desk)
    row = desk.queue(LATER.replace(minute=10))[0]
    assert (row["escalation_id"], row["status"], row["reopened"]) == (escalation, "handled", False)


def test_a_warehouse_from_before_the_log_logs_its_events_when_next_attached(tmp_path):
    desk = desk_asked_to_stop(tmp_path / "data")
    escalation = desk.queue(LATER)[0]["escalation_id"]
    desk.act(escalation, "handle", "Casey Morgan", LATER, outcome="nurture")
    path = Path(desk.resources(LATER)["warehouse"].path)
    Path(f"{path}.escalations.jsonl").unlink()  # as a warehouse written before the log was kept
    desk.queue(LATER)  # a process attaches the file
    _rebuild(desk)
    row = desk.queue(LATER.replace(minute=10))[0]
    assert (row["status"], row["reopened"], row["handled_by"]) == ("handled", False, "Casey Morgan")


def test_an_action_whose_transaction_fails_leaves_no_line_to_come_back(tmp_path, monkeypatch):
    desk = desk_asked_to_stop(tmp_path / "data")
    escalation = desk.queue(LATER)[0]["escalation_id"]

    def fails(*args):
        raise RuntimeError("the meeting could not be written")

    monkeypatch.setattr(inbox, "record_meeting", fails)
    with pytest.raises(RuntimeError):
        desk.act(escalation, "handle", "Casey Morgan", LATER, outcome="meeting")
    _rebuild(desk)
    row = desk.queue(LATER.replace(minute=10))[0]
    assert (row["status"], row["handled_by"]) == ("open", None)


def test_a_log_that_cannot_be_written_is_a_clear_error_and_records_nothing(tmp_path, monkeypatch):
    desk = desk_asked_to_stop(tmp_path / "data")
    escalation = desk.queue(LATER)[0]["escalation_id"]

    def full(path, line):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(line_log, "append", full)
    with pytest.raises(WarehouseUnavailable, match="cannot be written.*No space left"):
        desk.act(escalation, "claim", "Casey Morgan", LATER)
    monkeypatch.undo()
    assert desk.queue(LATER)[0]["status"] == "open"


def _rebuild(desk) -> None:
    """The warehouse deleted, and the pipeline run again on the same replies."""
    path = Path(desk.resources(LATER)["warehouse"].path)
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)
    desk.replies([reply("<r1@acme.example>", TEXT, "question", ASKS_TO_STOP_AT)])
    desk.run_escalations(ASKS_TO_STOP_AT.replace(hour=10))
