"""The monitor's pauses of a play's earlier versions, as `sdr status` and `sdr plays` show them.

A play pause holds the version it was taken on, and an edit is a new version the monitor counts
afresh: the pause stops nothing once the file is edited, yet the copy it paused went out and drew
the replies that tripped it. Until a person answers it (a resume, or an approval over it), these
rows name it, say what the edit does now and give the approval that answers it.
"""

from __future__ import annotations

from typing import Any

from sdr_assets.domain import pause_notices as notices
from sdr_assets.domain.approvals import ApprovalStatus
from sdr_assets.domain.gate import decision_command
from sdr_assets.domain.plays import Play


def open_edited_pauses(play: Play, status: ApprovalStatus, mode: str = "live",
                       demo_dir: str | None = None) -> list[dict[str, Any]]:
    """Each unanswered pause of an earlier version, oldest first: the version, the reason with its
    figures, since when, the replies, what the edit does now, and the approval given over it."""
    edit = notices.edit_state(play.version_hash, status.status, status.approved_by)
    return [{"version": p["play_version"], "reason": p["reason"], "paused_at": str(p["recorded_at"]),
             "sends": p["sends"], "negatives": p["negatives"], "weighted": p["weighted"], "baseline": p["baseline"],
             "evidence": p["statistic"], "message_ids": (p["message_ids"] or "").split(),
             "told": f"{notices.edited_pause(p)} Now {edit}.",
             "approve": decision_command("approve", play.name, play.version_hash, mode, demo_dir,
                                         over_pause=p["play_version"])}
            for p in status.earlier_pauses]


def described(play: str, pause: dict[str, Any]) -> str:
    """One line a person reads: the version paused, why, the replies, what the edit does now."""
    replies = f" Replies: {', '.join(pause['message_ids'])}." if pause["message_ids"] else ""
    return f"{play}: {pause['told']}{replies}"


ANSWER = ("Read the replies; if the edit answers them, approve it over the pause (or edit the play again, "
          "or reject or revoke it):")
