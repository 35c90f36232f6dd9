"""Attaching a warehouse for writing brings the escalation log and ``escalation_events`` together only
when they may differ: an attach that finds them as they last agreed makes no table and opens no
transaction, and one that finds them apart (the log grew, a row went by hand, an older copy came
back) puts back what the table lacks, as every attach did."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from resources.config import WarehouseFile
from sdr_assets import escalation_log, inbox, line_log

AT = datetime(2026, 3, 2, 10, tzinfo=UTC)


def _line(event_id: int) -> bytes:
    event = {"event_id": event_id, "escalation_id": f"e{event_id}", "action": "claim", "actor": "Casey Morgan",
             "acted_at": (AT + timedelta(minutes=event_id)).isoformat(), "recorded_at": AT.isoformat(),
             "until": None, "outcome": None, "note": None, "message_id": None}
    return json.dumps(event).encode() + b"\n"


def _attach(warehouse: WarehouseFile) -> list[int]:
    """The event ids the warehouse holds once attached for writing."""
    with warehouse.connect() as con:
        return [i for (i,) in con.execute("select event_id from escalation_events order by 1").fetchall()]


def test_an_attach_restores_events_only_when_the_log_and_the_table_may_differ(tmp_path, monkeypatch):
    path = tmp_path / "warehouse.duckdb"
    log = escalation_log.log_path(path)
    line_log.append(log, _line(1) + _line(2))
    warehouse = WarehouseFile(path=str(path))
    made: list[int] = []
    ensure = inbox.ensure_tables
    monkeypatch.setattr(inbox, "ensure_tables", lambda con: made.append(1) or ensure(con))

    assert _attach(warehouse) == [1, 2] and len(made) == 1, "a new warehouse takes the log's events"
    older = tmp_path / "older.duckdb"
    shutil.copy2(path, older)
    assert _attach(warehouse) == [1, 2] and len(made) == 1, "agreed: no table made, nothing read whole"

    line_log.append(log, _line(3))  # another process logged an action
    assert _attach(warehouse) == [1, 2, 3] and len(made) == 2

    with duckdb.connect(str(path)) as con:
        con.execute("delete from escalation_events where event_id = 2")  # a row deleted by hand
    assert _attach(warehouse) == [1, 2, 3] and len(made) == 3

    shutil.copy2(older, path)  # an older copy restored: its mark is the log's size before the third line
    Path(f"{path}.wal").unlink(missing_ok=True)
    assert _attach(warehouse) == [1, 2, 3] and len(made) == 4

    with duckdb.connect(str(path)) as con:
        con.execute("insert into escalation_events (event_id, escalation_id, action, actor, acted_at, recorded_at) "
                    "values (4, 'e4', 'note', 'Casey Morgan', ?, ?)", [AT, AT])  # a row added by hand
    assert _attach(warehouse) == [1, 2, 3, 4] and len(made) == 5
    assert [json.loads(raw)["event_id"] for raw in log.read_bytes().splitlines()] == [1, 2, 3, 4]
    assert _attach(warehouse) == [1, 2, 3, 4] and len(made) == 5
