"""The append-only approvals table: the single source of truth for the send gate."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb

from sdr_assets.domain.duck import one
from sdr_assets.domain.plays import Play

DECISIONS = ("approve", "reject", "revoke", "resume")
STANDING = ("approve", "resume")  # decisions after which an approved version may send
DEMO_MODE = "demo"
# Decisions recorded before the mode was kept: the demo's reviewer is the only one known to be a demo.
_LEGACY_MODE = "case when decided_by = 'demo' then 'demo' else 'live' end"

APPROVALS_DDL = """
create table if not exists play_approvals (
    decision_id bigint primary key,
    play varchar not null,
    version_hash varchar not null,
    decision varchar not null,
    decided_by varchar not null,
    decided_at timestamptz not null,
    note varchar,
    mode varchar
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


# Written by the monitor, lifted by a person's resume (or approve) decision on the same version:
# a pause is open while no such decision has an id above ``after_decision_id``.
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


class ApprovalError(ValueError):
    """A decision that cannot be recorded, with what to do instead."""


class StaleVersionError(ApprovalError):
    pass


@dataclass(frozen=True)
class ApprovalStatus:
    play: str
    current_hash: str
    status: str  # approved, pending, changed_since_approval, rejected, revoked, paused, paused_by_monitor
    approved_by: str | None
    approved_at: datetime | None
    last_approved_hash: str | None
    last_decision: str | None
    monitor_pause: dict[str, Any] | None = None  # the open pause behind paused_by_monitor

    @property
    def approved(self) -> bool:
        return self.status == "approved"


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(APPROVALS_DDL)
    con.execute("alter table play_approvals add column if not exists mode varchar")
    con.execute(VERSIONS_DDL)


def remember_version(con: duckdb.DuckDBPyConnection, play: Play, now: datetime | None = None) -> None:
    """Keep the content of every version seen, so a later change can be diffed."""
    ensure_tables(con)
    con.execute(
        "insert into play_version_history values (?, ?, ?, ?) on conflict do nothing",
        [
            play.name,
            play.version_hash,
            json.dumps(play.versioned_content(), sort_keys=True),
            now or datetime.now(UTC),
        ],
    )


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
) -> int:
    """Append one decision for the play's *current* version; return its id.

    ``mode`` is where the decision was taken (``live`` or ``demo``): an approval taken in the demo
    never opens the gate outside it.
    """
    if decision not in DECISIONS:
        raise ApprovalError(f"decision must be one of {DECISIONS}, not '{decision}'")
    person = (decided_by or "").strip()
    if not person:
        raise ApprovalError("a decision needs the name of the person who takes it")
    if decision == "resume" and not any(
            d["decision"] == "approve" and d["version_hash"] == version for d in history(con, play.name)):
        raise ApprovalError(f"play '{play.name}' version {version} was never approved: approve it instead of "
                            "resuming it")
    if version != play.version_hash:
        raise StaleVersionError(
            f"play '{play.name}' is now at version {play.version_hash}; "
            f"'{version}' is not its current version. Review the current version and decide on "
            f"{play.version_hash}."
        )
    ensure_tables(con)
    remember_version(con, play, now)
    con.execute("begin transaction")
    try:
        next_id = one(con, "select coalesce(max(decision_id), 0) + 1 from play_approvals")[0]
        con.execute(
            "insert into play_approvals values (?, ?, ?, ?, ?, ?, ?, ?)",
            [next_id, play.name, version, decision, person, now or datetime.now(UTC), note, mode],
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return int(next_id)


def _has_approvals(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(one(con, "select count(*) from information_schema.tables where table_name = 'play_approvals'")[0])


def _has_mode(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(one(con, "select count(*) from information_schema.columns "
                         "where table_name = 'play_approvals' and column_name = 'mode'")[0])


def history(con: duckdb.DuckDBPyConnection, play: str) -> list[dict[str, Any]]:
    """Every decision on the play, oldest first, each with the mode it was taken in."""
    if not _has_approvals(con):
        return []
    mode = f"coalesce(mode, {_LEGACY_MODE})" if _has_mode(con) else _LEGACY_MODE
    cursor = con.execute(
        f"select decision_id, version_hash, decision, decided_by, decided_at, note, {mode} as mode "
        "from play_approvals where play = ? order by decision_id",
        [play],
    )
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def open_pauses(pauses: list[dict[str, Any]], decisions: list[dict[str, Any]], version: str,
                scope: str = "play") -> list[dict[str, Any]]:
    """Pauses of ``scope`` on ``version`` that no later resume or approve decision has lifted."""
    lifted = max((d["decision_id"] for d in decisions
                  if d["version_hash"] == version and d["decision"] in STANDING), default=0)
    return [p for p in pauses if p["scope"] == scope and p["play_version"] == version and p["event"] == "pause"
            and p["after_decision_id"] >= lifted]


def effective(decisions: list[dict[str, Any]], mode: str) -> list[dict[str, Any]]:
    """The decisions that count in ``mode``: outside the demo, approvals taken in the demo do not.

    Rejections and revocations always count, whatever mode took them.
    """
    if mode == DEMO_MODE:
        return decisions
    return [d for d in decisions if not (d["decision"] in STANDING and d.get("mode") == DEMO_MODE)]


def status_of(play: Play, decisions: list[dict[str, Any]], pauses: list[dict[str, Any]] | None = None,
              mode: str = "live") -> ApprovalStatus:
    """Derive the gate status from the play's decisions (ordered oldest first) and the monitor's pauses,
    as seen in ``mode``."""
    decisions = effective(decisions, mode)
    current = [d for d in decisions if d["version_hash"] == play.version_hash]
    approvals = [d for d in decisions if d["decision"] == "approve"]
    last_current = current[-1] if current else None
    last_approved = approvals[-1] if approvals else None
    approved_current = next((d for d in reversed(current) if d["decision"] == "approve"), None)
    paused_by_monitor = open_pauses(pauses or [], decisions, play.version_hash)
    if last_current and last_current["decision"] in STANDING and approved_current:
        status = "paused" if play.paused else "paused_by_monitor" if paused_by_monitor else "approved"
    elif play.paused:
        status = "paused"
    elif last_current and last_current["decision"] == "reject":
        status = "rejected"
    elif (last_current or (decisions[-1] if decisions else {})).get("decision") == "revoke":
        # Revoked on this version, or revoked and then edited: the withdrawal is the news.
        status = "revoked"
    elif last_approved is not None:
        status = "changed_since_approval"
    else:
        status = "pending"
    by_current = approved_current if status in ("approved", "paused", "paused_by_monitor") else None
    return ApprovalStatus(
        play=play.name,
        current_hash=play.version_hash,
        status=status,
        approved_by=by_current["decided_by"] if by_current else None,
        approved_at=by_current["decided_at"] if by_current else None,
        last_approved_hash=last_approved["version_hash"] if last_approved else None,
        last_decision=last_current["decision"] if last_current else None,
        monitor_pause=paused_by_monitor[-1] if status == "paused_by_monitor" else None,
    )


def pauses_of(con: duckdb.DuckDBPyConnection, play: str) -> list[dict[str, Any]]:
    """The monitor's pause events for a play, oldest first."""
    if not one(con, "select count(*) from information_schema.tables where table_name = 'monitor_pauses'")[0]:
        return []
    cursor = con.execute("select * from monitor_pauses where play = ? order by pause_id", [play])
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def approval_status(con: duckdb.DuckDBPyConnection, play: Play, mode: str = "live") -> ApprovalStatus:
    return status_of(play, history(con, play.name), pauses_of(con, play.name), mode)
