"""The segments the monitor paused, as `sdr plays list`, `sdr status` and the monitor's check show them.

A paused segment leaves the rest of the play sending, so the play itself reads ``approved``: these
rows are how a person learns which segment is held, why, since when and how to resume it.
"""

from __future__ import annotations

from typing import Any

import duckdb

from resources.store import approvals
from sdr_assets.domain.gate import decision_command
from sdr_assets.domain.plays import Play


def open_segment_pauses(con: duckdb.DuckDBPyConnection, play: Play, mode: str = "live",
                        demo_dir: str | None = None) -> list[dict[str, Any]]:
    """Each open segment pause of the play, oldest first: the segment, the reason with its figures,
    since when, the replies that tripped it, and the command that resumes it (a resume lifts every
    pause of the play's current version, its segments' too)."""
    return [{"segment": p["scope_value"], "reason": p["reason"], "paused_at": str(p["recorded_at"]),
             "version": p["play_version"], "sends": p["sends"], "negatives": p["negatives"],
             "weighted": p["weighted"], "baseline": p["baseline"], "evidence": p["statistic"],
             "message_ids": (p["message_ids"] or "").split(),
             "resume": decision_command("resume", play.name, play.version_hash, mode, demo_dir)}
            for p in approvals.segment_pauses(con, play, mode)]


def described(play: str, pause: dict[str, Any]) -> str:
    """One line a person reads: which segment, since when, why and the replies."""
    replies = f" Replies: {', '.join(pause['message_ids'])}." if pause["message_ids"] else ""
    return (f"{play}: segment '{pause['segment']}' paused by monitor since {pause['paused_at']} (the rest of the "
            f"play sends): {pause['reason'].rstrip('.')}.{replies}")


def paused_segments(con: duckdb.DuckDBPyConnection, play: Play, mode: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The segments of ``play`` the monitor paused and no counted decision lifted, and their accounts."""
    # Imported only now: they load polars and numpy, which `sdr plays list` and `sdr status` do without.
    from sdr_assets.domain.monitor import segment_key
    from sdr_assets.monitor_data import account_segments

    segments = tuple(sorted({segment_key(p["scope_value"]) for p in approvals.segment_pauses(con, play, mode)}))
    accounts: set[str] = set()
    if segments:
        found = account_segments(con, play.name)
        accounts = {domain for domain, segment in found.iter_rows() if segment in segments}
    return segments, frozenset(accounts)
