"""The send gate as the send step sees it: the play file and the approvals table, both read again."""

from __future__ import annotations

from pathlib import Path

import duckdb

from resources.store.approvals import approval_status
from sdr_assets.domain.approvals import ApprovalStatus
from sdr_assets.domain.gate import missing_play, require_open
from sdr_assets.domain.plays import Play
from sdr_assets.playbook import load_plays


def open_gate(con: duckdb.DuckDBPyConnection, plays_dir: Path, name: str,
              mode: str = "live") -> tuple[Play, ApprovalStatus]:
    """Re-read the play file and the approvals table; raise unless the current version is approved.

    Outside demo mode, approvals recorded in the demo do not count.
    """
    book = load_plays(plays_dir)
    play = book.plays.get(name)
    if play is None:
        held = book.held_reason(name)
        raise missing_play(name, held or book.problem_of(name), held=bool(held))
    status = approval_status(con, play, mode)
    require_open(play, status, mode)
    return play, status
