"""The send gate: a play may send only while its current version holds a named approval."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdr_assets.domain.commands import sdr_command

if TYPE_CHECKING:  # the commands below are printed by the CLI, which starts without the play model
    from sdr_assets.domain.approvals import ApprovalStatus
    from sdr_assets.domain.plays import Play

_NOTES = {"approve": "why", "resume": "why it is safe"}


class GateClosedError(RuntimeError):
    """Sending was refused because the play's current version is not approved."""


def sending(status: str, stop_request: object = None, sender_paused: object = None) -> bool:
    """Whether a play sends now: its current version approved by a named person (``status``
    "approved", so paused neither in its file nor by the monitor) and held neither by a stop request
    nor by the deliverability guard's pause of its sender. A paused segment holds only its contacts."""
    return status == "approved" and not stop_request and not sender_paused


def decision_command(decision: str, play: str, version: str, mode: str = "live", demo_dir: str | None = None,
                     over_pause: str | None = None) -> str:
    """The command that approves or resumes ``version`` of the play in ``mode``, as the CLI accepts it
    once the reviewer's own name replaces the placeholder (which is refused as a name in any mode);
    an approval given over the monitor's pause of an earlier version names it (``over_pause``)."""
    over = f" --over-pause {over_pause}" if over_pause else ""
    return sdr_command(f'{decision} {play} --version {version} --by "Your Name" --note "{_NOTES[decision]}"{over}',
                       mode, demo_dir)


def how_to_decide(play: str, version: str, mode: str = "live") -> str:
    return (f"{decision_command('approve', play, version, mode)}, "
            "or launch the record_play_decision job from the Launchpad.")


def how_to_resume(play: str, version: str, mode: str = "live") -> str:
    return (
        f"{decision_command('resume', play, version, mode)}, or edit the play (a new version needs a new approval), "
        f"or {sdr_command(f'reject {play}', mode)}; the record_play_decision job and decide() in a notebook take "
        "the same decisions."
    )


def next_step(play: str, status: str, version: str, mode: str = "live") -> str:
    """What lets the play's current ``version`` send in ``mode``, by its approval ``status``: lift the
    pause it was given, or decide on the version."""
    if status == "paused":
        return f"remove `paused: true` from the file of {play} to send again (no decision lifts that pause)"
    if status == "paused_by_monitor":
        return how_to_resume(play, version, mode)
    return how_to_decide(play, version, mode)


def missing_play(name: str, problem: str | None, held: bool = False) -> GateClosedError:
    """Why a play that is not among the valid plays cannot send: its file is invalid or gone, or
    (``held``) several files claim its name."""
    reason = f"held: {problem}" if held else f"its file is invalid: {problem}" if problem else "the play file is gone"
    return GateClosedError(f"play '{name}' cannot send: {reason}")


def require_open(play: Play, status: ApprovalStatus, mode: str = "live") -> None:
    """Raise unless ``status`` (as seen in ``mode``) lets the play's current version send."""
    name = play.name
    if status.status == "paused_by_monitor":
        raise GateClosedError(
            f"play '{name}' version {play.version_hash} is paused by monitor: {status.monitor_pause['reason']} "
            f"Nothing is sent until a named person resumes it. {how_to_resume(name, play.version_hash, mode)}"
        )
    if not status.approved:
        raise GateClosedError(
            f"play '{name}' version {play.version_hash} is {status.status.replace('_', ' ')}: "
            f"nothing is sent until a named person approves it. {how_to_decide(name, play.version_hash, mode)}"
        )
