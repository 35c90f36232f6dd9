"""The rules of the approval gate: what a play's decisions and the monitor's pauses mean.

The decisions themselves are kept append-only by ``resources.store.approvals``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sdr_assets.domain.plays import Play

DECISIONS = ("approve", "reject", "revoke", "resume")
STANDING = ("approve", "resume")  # decisions after which an approved version may send
DEMO_MODE = "demo"


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


def checked_decision(play: Play, version: str, decision: str, decided_by: str,
                     decisions: list[dict[str, Any]]) -> str:
    """The name of the person taking a decision that may be recorded, given the play's earlier ``decisions``.

    Raise ``ApprovalError`` (``StaleVersionError`` when ``version`` is not the play's current one) otherwise.
    """
    if decision not in DECISIONS:
        raise ApprovalError(f"decision must be one of {DECISIONS}, not '{decision}'")
    person = (decided_by or "").strip()
    if not person:
        raise ApprovalError("a decision needs the name of the person who takes it")
    if decision == "resume" and not any(
            d["decision"] == "approve" and d["version_hash"] == version for d in decisions):
        raise ApprovalError(f"play '{play.name}' version {version} was never approved: approve it instead of "
                            "resuming it")
    if version != play.version_hash:
        raise StaleVersionError(
            f"play '{play.name}' is now at version {play.version_hash}; "
            f"'{version}' is not its current version. Review the current version and decide on "
            f"{play.version_hash}."
        )
    return person


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
