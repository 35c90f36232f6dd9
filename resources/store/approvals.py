"""The append-only approvals table, the version history and the monitor's pauses: the gate's records.

What the records mean is decided in ``sdr_assets.domain.approvals``.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from resources import clock
from resources.config import DEMO_MARKER
from resources.store import decision_log
from resources.tables import columns_of, one, table_exists, transaction
from sdr_assets.domain.approvals import (DEMO_MODE, WITHDRAWALS, ApprovalStatus, checked_decision, checked_withdrawal,
                                        counted, noted_over, noted_stop, open_pauses, status_of, unanswered_pauses)
from sdr_assets.domain.plays import Play, PlayBook
from sdr_assets.former_plays import former_names_of

# Decisions recorded before the mode was kept: the demo's reviewer is the only one known to be a demo.
LEGACY_MODE_SQL = "case when decided_by = 'demo' then 'demo' else 'live' end"

APPROVALS_DDL = """
create table if not exists play_approvals (
    decision_id bigint primary key,
    play varchar not null,
    version_hash varchar not null,
    decision varchar not null,
    decided_by varchar not null,
    decided_at timestamptz not null,
    note varchar,
    mode varchar,
    content_sha256 varchar
)
"""
VERSIONS_DDL = """
create table if not exists play_version_history (
    play varchar not null,
    version_hash varchar not null,
    content json not null,
    first_seen_at timestamptz not null,
    primary key (play, version_hash)
)
"""


# Written by the monitor, lifted by a person's resume (of the same version for a play pause, of any
# later one for a segment pause or a play pause an edit left behind): a pause is open while no such
# decision has an id above ``after_decision_id`` (``sdr_assets.domain.approvals.open_pauses``).
PAUSES_DDL = """
create table if not exists monitor_pauses (
    pause_id bigint primary key,
    event varchar not null,
    scope varchar not null,
    play varchar,
    play_version varchar,
    scope_value varchar not null,
    recorded_at timestamptz not null,
    after_decision_id bigint not null,
    sends bigint,
    negatives bigint,
    weighted double,
    baseline double,
    statistic double,
    reason varchar not null,
    message_ids varchar
)
"""


# Both gate records only grow, so their total row count changes whenever a decision or a pause is
# recorded. One scan of both is a quarter cheaper than a count of each, and it runs before every message.
GATE_RECORDS_MARK_SQL = "select count(*) from (select 1 from play_approvals union all select 1 from monitor_pauses)"


def ensure_gate_records(con: duckdb.DuckDBPyConnection) -> None:
    """Make the decisions and the pauses tables if missing (empty tables mean what missing ones do)."""
    ensure_tables(con)
    con.execute(PAUSES_DDL)


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(APPROVALS_DDL)
    con.execute("alter table play_approvals add column if not exists mode varchar")
    con.execute("alter table play_approvals add column if not exists content_sha256 varchar")
    con.execute(VERSIONS_DDL)


def remember_version(con: duckdb.DuckDBPyConnection, play: Play, now: datetime) -> None:
    """Keep the content of every version seen, so a later change can be diffed."""
    ensure_tables(con)
    con.execute(
        "insert into play_version_history values (?, ?, ?, ?) on conflict do nothing",
        [
            play.name,
            play.version_hash,
            json.dumps(play.versioned_content(), sort_keys=True),
            now,
        ],
    )


def versions_remembered(con: duckdb.DuckDBPyConnection, plays: list[Play]) -> bool:
    """Whether ``ensure_tables`` and ``remember_version`` of every play in ``plays`` would change nothing."""
    if not ({"mode", "content_sha256"} <= set(columns_of(con, "play_approvals"))
            and table_exists(con, "play_version_history")):
        return False
    pairs = [[play.name, play.version_hash] for play in plays]
    known = one(con, "select count(*) from play_version_history where list_contains(?, [play, version_hash])",
                [pairs])[0]
    return known == len(pairs)


def version_content(con: duckdb.DuckDBPyConnection, play: str, version: str) -> dict[str, Any] | None:
    if not _has_approvals(con):
        return None
    row = one(con, "select content from play_version_history where play = ? and version_hash = ?",
        [play, version],)
    return json.loads(row[0]) if row else None


def record_decision(
    con: duckdb.DuckDBPyConnection,
    play: Play,
    version: str,
    decision: str,
    decided_by: str,
    note: str = "",
    now: datetime | None = None,
    mode: str = "live",
    over_pause: str | None = None,
    monitor_stop: bool = False,
) -> int:
    """Append one decision for the play's *current* version, taken at ``now`` (the project clock
    by default); return its id.

    ``mode`` is where the decision was taken (``live`` or ``demo``): an approval taken in the demo
    never opens the gate outside it. An approval given over the monitor's pause of a version an edit
    left behind names that version (``over_pause``), and its note records every such pause. A resume
    answers a recorded pause, or a stop request a monitor left (``monitor_stop``).
    """
    decisions, pauses = history(con, play.name), pauses_held(con, play, mode)
    person = checked_decision(play, version, decision, decided_by, decisions, mode, pauses, over_pause,
                              monitor_stop)
    if decision == "approve":
        note = noted_over(note, unanswered_pauses(pauses, counted(play, decisions, mode), version))
    if decision == "resume" and monitor_stop:
        note = noted_stop(note)  # no pause row records what it answers: the monitor counts afresh from it
    now = now or clock.now()
    ensure_tables(con)
    remember_version(con, play, now)
    return _appended(con, [play.name, version, decision, person, now, note, mode, play.content_sha256 or None])


def record_withdrawal(
    con: duckdb.DuckDBPyConnection,
    play: str,
    version: str,
    content_sha256: str | None,
    decision: str,
    decided_by: str,
    note: str = "",
    now: datetime | None = None,
    mode: str = "live",
) -> int:
    """Append a rejection or revocation taken on ``version`` of the play, which may be a past one,
    with that version's whole digest (None when unknown); return its id. Only a withdrawal may name
    another version than the file's current one: it stops the play whatever version it names, and
    only a later approval, of the current version (:func:`record_decision`), opens it again."""
    person = checked_withdrawal(decision, decided_by, mode)
    ensure_tables(con)
    return _appended(con, [play, version, decision, person, now or clock.now(), note, mode, content_sha256 or None])


def restore_decisions(con: duckdb.DuckDBPyConnection, warehouse_path: str) -> None:
    """Put back the decisions the log beside the file holds and the table lacks, and log those it
    lacks (``resources/store/decision_log.py``); run as a process attaches the file for writing."""
    path = decision_log.log_path(warehouse_path)
    if not decision_log.settled(con, path):
        with transaction(con):
            decision_log.agree(con, path, ensure_tables)


def _appended(con: duckdb.DuckDBPyConnection, values: list[Any]) -> int:
    """Insert one decision (play, version, decision, person, time, note, mode, digest) under the next id,
    after the log beside the file has its line: no id the log already holds is taken twice."""
    with transaction(con):
        path = decision_log.log_of(con)
        if not decision_log.settled(con, path):
            decision_log.agree(con, path, ensure_tables)
        next_id = one(con, "select coalesce(max(decision_id), 0) + 1 from play_approvals")[0]
        con.execute(
            "insert into play_approvals (decision_id, play, version_hash, decision, decided_by, decided_at, note, "
            "mode, content_sha256) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [next_id, *values],
        )
        decision_log.record(con, path, [int(next_id), *values])
    return int(next_id)


def _has_approvals(con: duckdb.DuckDBPyConnection) -> bool:
    return table_exists(con, "play_approvals")


def history(con: duckdb.DuckDBPyConnection, play: str) -> list[dict[str, Any]]:
    """Every decision on the play, oldest first, each with the mode it was taken in and the whole
    digest of the version it was taken on (None for decisions recorded before it was kept)."""
    columns = columns_of(con, "play_approvals")  # none: no table, so no decision
    if not columns:
        return []
    mode = f"coalesce(mode, {LEGACY_MODE_SQL})" if "mode" in columns else LEGACY_MODE_SQL
    digest = "content_sha256" if "content_sha256" in columns else "null"
    cursor = con.execute(
        f"select decision_id, version_hash, decision, decided_by, decided_at, note, {mode} as mode, "
        f"{digest} as content_sha256 from play_approvals where play = ? order by decision_id",
        [play],
    )
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def pauses_of(con: duckdb.DuckDBPyConnection, play: str) -> list[dict[str, Any]]:
    """The monitor's pause events for a play, oldest first."""
    if not table_exists(con, "monitor_pauses"):
        return []
    cursor = con.execute("select * from monitor_pauses where play = ? order by pause_id", [play])
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def pauses_held(con: duckdb.DuckDBPyConnection, play: Play, mode: str = "live", former: set[str] | None = None
                ) -> list[dict[str, Any]]:
    """The monitor's pause events for the play, and the pauses it carries from the names it went by
    before a rename (``former_plays``): a play is its name and, across a rename, its content, so a
    pause of its version (or of a segment) taken under the old name and never lifted there holds it
    still, until a resume under the new name lifts it. ``former``: those names, when the caller read them."""
    carried = []
    former = former_names_of(con, play) - {play.name} if former is None else former
    for name in sorted(former):
        decisions = counted(None, history(con, name), counted_mode(con, mode))
        held = pauses_of(con, name)
        carried += [{**p, "play": play.name} for scope in ("play", "segment")
                    for p in open_pauses(held, decisions, play.version_hash, scope)]
    return sorted(pauses_of(con, play.name) + carried, key=lambda p: p["pause_id"])


def counted_mode(con: duckdb.DuckDBPyConnection, mode: str) -> str:
    """``mode`` as the gate counts decisions on ``con``'s warehouse: demo approvals count only in the
    demo's own folder, the one ``sdr demo`` marked, whatever a run's configuration says."""
    if mode != DEMO_MODE:
        return mode
    row = one(con, "select path from duckdb_databases() where database_name = current_database()")
    return DEMO_MODE if row and row[0] and in_demo_folder(row[0]) else "live"


def in_demo_folder(warehouse_path: str | Path) -> bool:
    """Whether the warehouse file lies in the demo's own folder, where demo decisions count."""
    return (Path(warehouse_path).parent / DEMO_MARKER).is_file()


def approval_status(con: duckdb.DuckDBPyConnection, play: Play, mode: str = "live",
                    decisions: list[dict[str, Any]] | None = None) -> ApprovalStatus:
    """The play's gate status; ``decisions`` is its :func:`history` where the caller read it already.
    A rejection or revocation taken on the play under a name it went by (``former_plays``) stops it
    under this one too: a play is its name and, across a rename, its content."""
    decisions = history(con, play.name) if decisions is None else decisions
    former = former_names_of(con, play) - {play.name}
    decisions = sorted([*decisions, *withdrawals_carried(con, play, former)], key=lambda d: d["decision_id"])
    return status_of(play, decisions, pauses_held(con, play, mode, former), counted_mode(con, mode))


def withdrawals_carried(con: duckdb.DuckDBPyConnection, play: Play, former: set[str] | None = None
                        ) -> list[dict[str, Any]]:
    """The rejections and revocations recorded under the other names the play went by (``former``, when
    the caller read them already)."""
    former = former_names_of(con, play) - {play.name} if former is None else former
    return [d for name in sorted(former) for d in history(con, name) if d["decision"] in WITHDRAWALS]


def held_reason(con: duckdb.DuckDBPyConnection, book: PlayBook, name: str, mode: str = "live") -> str | None:
    """Why the play called ``name`` is held (several files claim it), with each claiming file's version
    and whether it is the version approved in ``mode``; None when it is not held."""
    approved = {p.source for p in book.claimants.get(name, ()) if approval_status(con, p, mode).approved_by}
    return book.held_reason(name, approved)


def segment_pauses(con: duckdb.DuckDBPyConnection, play: Play, mode: str = "live") -> list[dict[str, Any]]:
    """The monitor's pauses of the play's segments that no decision the gate counts in ``mode`` has
    lifted: the first of each segment, oldest first."""
    decisions = counted(play, history(con, play.name), counted_mode(con, mode))
    first: dict[str, dict[str, Any]] = {}
    for pause in open_pauses(pauses_held(con, play, mode), decisions, play.version_hash, "segment"):
        first.setdefault(pause["scope_value"], pause)
    return list(first.values())
