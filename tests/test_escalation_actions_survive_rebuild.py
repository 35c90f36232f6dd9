"""A person's claim or note on an escalation survives a rebuilt warehouse, and a restored copy of it,
as play decisions do: each action is logged beside the file before it commits."""

from __future__ import annotations

import errno
import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from resources.damage import WarehouseUnavailable
from sdr_assets import escalation_log, inbox, line_log, suppression
from sdr_assets.domain import escalations as esc
from tests.escalation_desk import ANN, ASKS_TO_STOP_AT, Desk, desk_asked_to_stop, reply

LATER = ASKS_TO_STOP_AT.replace(hour=11)
TEXT = "What is this about? Please take me off your list."


def test_a_claim_survives_a_rebuilt_warehouse(tmp_path):
    desk = desk_asked_to_stop(tmp_path / "data")
    escalation = desk.queue(LATER)[0]["escalation_id"]
    desk.act(escalation, "claim", "Casey Morgan", LATER, note="mine")
    _delete(desk)
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


def test_two_conversations_whose_ids_collided_keep_them_after_a_rebuilt_warehouse(tmp_path, monkeypatch):
    """Of two conversations whose short ids collide, the first to arrive keeps it and the other's is
    lengthened; a rebuild goes by the ids their logged replies carry, not by their order, so Bob's
    hand-off stays on Bob's conversation and Ann's stays open."""
    real = esc.short_id
    monkeypatch.setattr(esc, "short_id", lambda key, taken, length=6: real("one hash", taken, length))
    bob = reply("<b1@beta.example>", "Who else uses this?", "question", ASKS_TO_STOP_AT.replace(hour=8),
                contact="bob@beta.example", sender="bob@beta.example")
    desk = Desk(tmp_path / "data")
    desk.replies([bob])
    desk.run_escalations(ASKS_TO_STOP_AT.replace(hour=8, minute=30))
    desk.replies([reply("<r1@acme.example>", TEXT, "question", ASKS_TO_STOP_AT), bob])  # Ann's key sorts first
    desk.run_escalations(ASKS_TO_STOP_AT.replace(hour=10))
    before = {r["contact_email"]: r["escalation_id"] for r in desk.queue(LATER)}
    assert len(set(before.values())) == 2 and before[ANN] > before["bob@beta.example"], "Bob's came first"
    desk.act(before["bob@beta.example"], "handle", "Casey Morgan", LATER, outcome="nurture")
    _rebuild(desk, bob)
    after = {r["contact_email"]: (r["escalation_id"], r["status"]) for r in desk.queue(LATER.replace(minute=10))}
    assert after == {ANN: (before[ANN], "open"), "bob@beta.example": (before["bob@beta.example"], "handled")}


def test_a_contact_handed_off_as_opted_out_is_suppressed_by_a_rebuilt_warehouse_before_its_replies_run(tmp_path):
    """The first process to attach a rebuilt warehouse (a send step, say) finds the contact suppressed,
    before any replies run builds the escalation the hand-off was of, and after it."""
    desk = desk_asked_to_stop(tmp_path / "data")
    escalation = desk.queue(LATER)[0]["escalation_id"]
    desk.act(escalation, "handle", "Casey Morgan", LATER, outcome="opted_out", note="asked to stop")
    _delete(desk)
    with desk.resources(LATER)["warehouse"].connect() as con:
        assert suppression.current_suppressions(con, desk.root).reason_for(ANN) == "unsubscribe_reply"
    _rebuild(desk)
    row = desk.queue(LATER.replace(minute=10))[0]
    assert (row["status"], row["suppressed"]) == ("handled", "unsubscribe_reply")


def test_a_hand_off_logged_without_its_contact_takes_its_opt_out_from_the_escalation_a_restored_copy_holds(
        tmp_path):
    """A line logged before lines named the opt-out's contact is put back from the escalation's row."""
    desk = desk_asked_to_stop(tmp_path / "data")
    escalation = desk.queue(LATER)[0]["escalation_id"]
    path = Path(desk.resources(LATER)["warehouse"].path)
    shutil.copy(path, tmp_path / "copy.duckdb")
    desk.act(escalation, "handle", "Casey Morgan", LATER, outcome="opted_out")
    log = escalation_log.log_path(path)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert lines[-1].pop(escalation_log.OPTOUT_OF) == {"contact_email": ANN, "message_id": "<r1@acme.example>"}
    log.write_text("".join(json.dumps(line) + "\n" for line in lines))
    shutil.copy(tmp_path / "copy.duckdb", path)
    row = desk.queue(LATER.replace(minute=10))[0]
    assert (row["status"], row["suppressed"]) == ("handled", "unsubscribe_reply")


class _Counting:
    """A connection that counts the statements it runs: ``executemany`` runs one per row."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con, self.statements = con, 0

    def execute(self, sql, *args):
        self.statements += 1
        return self.con.execute(sql, *args)

    def executemany(self, sql, rows):
        self.statements += len(rows)
        return self.con.executemany(sql, rows)

    def __getattr__(self, name):
        return getattr(self.con, name)


def test_a_rebuilt_warehouse_takes_back_its_logged_events_in_a_few_statements(tmp_path):
    """Putting events back holds the warehouse's lock (30,000 took 14 s row by row, others waiting):
    they go back in one insert, each as it was logged, and the next id follows them."""
    events = [{"event_id": i, "escalation_id": f"e{i % 40}", "action": ("reply", "claim", "snooze")[i % 3],
               "actor": "Casey Morgan", "acted_at": LATER + timedelta(minutes=i), "recorded_at": LATER,
               "until": LATER + timedelta(days=2) if i % 3 == 2 else None, "outcome": None,
               "note": f"note {i}" if i % 7 == 0 else None,
               "message_id": f"<m{i}@acme.example>" if i % 3 == 0 else None}
              for i in range(1, 1001)]
    log = escalation_log.log_path(tmp_path / "warehouse.duckdb")
    log.write_text("".join(json.dumps({c: v.isoformat() if isinstance(v, datetime) else v for c, v in e.items()}) + "\n"
                           for e in events))
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.execute(inbox.EVENTS_DDL)
        counting = _Counting(con)
        assert escalation_log.restore(counting, log) == len(events)
        assert counting.statements < 20, f"{counting.statements} statements for {len(events)} events"
        stored = con.execute(f"select {', '.join(escalation_log.COLUMNS)} from escalation_events order by 1").fetchall()
        assert stored == [tuple(e[c] for c in escalation_log.COLUMNS) for e in events]
        assert con.execute("select nextval('escalation_event_ids')").fetchone()[0] == len(events) + 1


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


def _rebuild(desk, *others: dict) -> None:
    """The warehouse deleted, and the pipeline run again on the same replies."""
    _delete(desk)
    desk.replies([reply("<r1@acme.example>", TEXT, "question", ASKS_TO_STOP_AT), *others])
    desk.run_escalations(ASKS_TO_STOP_AT.replace(hour=10))


def _delete(desk) -> None:
    path = Path(desk.resources(LATER)["warehouse"].path)
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)
