"""The send gate: a play may send only while its current version holds a named approval."""

from __future__ import annotations

from sdr_assets.domain.approvals import ApprovalStatus
from sdr_assets.domain.plays import Play


class GateClosedError(RuntimeError):
    """Sending was refused because the play's current version is not approved."""


def how_to_decide(play: str, version: str) -> str:
    return (
        f'sdr approve {play} --by "Your Name" --note "why"  (current version {version}), '
        "or launch the record_play_decision job from the Launchpad."
    )


def how_to_resume(play: str, version: str) -> str:
    return (
        f'sdr resume {play} --by "Your Name" --note "why it is safe"  (current version {version}), or edit the '
        f"play (a new version needs a new approval), or sdr reject {play}; the record_play_decision job and "
        "decide() in a notebook take the same decisions."
    )


def missing_play(name: str, problem: str | None) -> GateClosedError:
    """Why a play that is not among the valid plays cannot send."""
    reason = f"its file is invalid: {problem}" if problem else "the play file is gone"
    return GateClosedError(f"play '{name}' cannot send: {reason}")


def require_open(play: Play, status: ApprovalStatus) -> None:
    """Raise unless ``status`` lets the play's current version send."""
    name = play.name
    if status.status == "paused_by_monitor":
        raise GateClosedError(
            f"play '{name}' version {play.version_hash} is paused by monitor: {status.monitor_pause['reason']} "
            f"Nothing is sent until a named person resumes it. {how_to_resume(name, play.version_hash)}"
        )
    if not status.approved:
        raise GateClosedError(
            f"play '{name}' version {play.version_hash} is {status.status.replace('_', ' ')}: "
            f"nothing is sent until a named person approves it. {how_to_decide(name, play.version_hash)}"
        )
