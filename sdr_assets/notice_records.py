"""The record of pause notices (``pause_notices``, append-only): each claim of a hand-over and its
outcome, per pause and play. Read without Dagster, for `sdr status`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from resources.tables import table_exists
from sdr_assets.domain import pause_notices as notices

NOTICES_DDL = """
create table if not exists pause_notices (
    pause_id bigint not null,
    play varchar not null,
    seq integer not null,
    event varchar not null,
    recipient varchar,
    recorded_at timestamptz not null,
    message_id varchar,
    detail varchar,
    primary key (pause_id, play, seq)
)
"""


def events_by_notice(con: duckdb.DuckDBPyConnection) -> dict[tuple[int, str], list[str]]:
    """Each notice's events, oldest first, by pause and play."""
    rows = con.execute("select pause_id, play, event from pause_notices order by pause_id, play, seq").fetchall()
    found: dict[tuple[int, str], list[str]] = {}
    for pause_id, play, event in rows:
        found.setdefault((pause_id, play), []).append(event)
    return found


def append(con: duckdb.DuckDBPyConnection, pause_id: int, play: str, event: str, recipient: str | None,
           now: datetime, detail: str | None = None, message_id: str | None = None) -> bool:
    """Add the notice's next event; False for a claim another run made first, or one the notice's
    state refuses (sent, or claimed without an outcome)."""
    events = [e for (e,) in con.execute("select event from pause_notices where pause_id = ? and play = ? "
                                        "order by seq", [pause_id, play]).fetchall()]
    if event == notices.CLAIM and not notices.may_send(events):
        return False
    # The key takes each position once: of two runs claiming together, one adds its row.
    return bool(con.execute("insert into pause_notices values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing "
                            "returning seq", [pause_id, play, len(events) + 1, event, recipient, now, message_id,
                                              detail]).fetchall())


def notice_states(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many notices stand sent, pending, undeliverable or unknown."""
    counts = dict.fromkeys((notices.SENT, notices.PENDING, notices.UNDELIVERABLE, notices.UNKNOWN, notices.LIFTED), 0)
    if table_exists(con, "pause_notices"):
        for history in events_by_notice(con).values():
            counts[notices.state(history)] += 1
    return counts


def unsent_notices(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Each notice not delivered (pending, undeliverable, unknown) with its play, pause and why, for `sdr status`."""
    if not table_exists(con, "pause_notices"):
        return []
    rows = con.execute("select n.pause_id, n.play, n.event, n.recipient, n.detail, p.scope, p.scope_value "
                       "from pause_notices n join monitor_pauses p using (pause_id) order by n.pause_id, n.play, "
                       "n.seq").fetchall()
    latest: dict[tuple, dict[str, Any]] = {}
    for pause_id, play, event, recipient, detail, scope, value in rows:
        row = latest.setdefault((pause_id, play), {"pause_id": pause_id, "play": play, "events": []})
        row["events"].append(event)
        row.update(recipient=recipient, detail=detail if event != notices.CLAIM else row.get("detail"),
                   pause=f"{scope} {value}")
    shown = []
    for row in latest.values():
        row["state"] = notices.state(row.pop("events"))
        if row["state"] not in (notices.SENT, notices.LIFTED):
            shown.append(row)
    return shown
