"""The pause notice a play's owner reads, and where a notice stands by its recorded events.

A notice's events only grow: a ``claim`` before each hand-over to the mail server, then ``sent``,
``pending`` (the server was down or refused: nothing went, the next run tries again), ``unknown``
(the connection broke once the message's data had begun) or nothing when the run died during the
hand-over. A claim without an outcome, or an unknown one, is never tried again: the notice may have
gone, and it must not go twice. ``undeliverable`` says no address was configured (one set later is
used by the next run); ``lifted`` ends one not delivered when its pause was lifted first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CLAIM, SENT, PENDING, UNDELIVERABLE, UNKNOWN = "claim", "sent", "pending", "undeliverable", "unknown"
LIFTED = "lifted"
MONITOR_SCOPES = ("play", "segment")


@dataclass(frozen=True)
class NoticeText:
    subject: str
    body: str


def state(events: list[str]) -> str:
    """Where a notice stands, from its events oldest first: ``sent``, ``unknown`` (claimed, no outcome),
    ``pending`` or ``undeliverable`` (a later run tries again), ``lifted`` or ``new`` (nothing recorded)."""
    if SENT in events:
        return SENT
    if not events:
        return "new"
    return UNKNOWN if events[-1] == CLAIM else events[-1]  # a claim alone: in flight, or its run died


def may_send(events: list[str]) -> bool:
    """Whether a run may hand the notice over now: never once sent or while a claim has no outcome."""
    return state(events) in ("new", PENDING, UNDELIVERABLE)


def figures(pause: dict[str, Any]) -> str:
    """The figures the monitor's pause recorded, as one sentence ("" for a pause without them)."""
    if pause.get("sends") is None:
        return ""
    return (f"Figures: {pause['sends']} sends counted, {pause['negatives']} with a negative verdict, verdict "
            f"weights {pause['weighted'] or 0:.2f} against a baseline of {pause['baseline'] or 0:.1%} a send, "
            f"highest evidence {pause['statistic'] or 0:.2f}.")


def edited_pause(pause: dict[str, Any]) -> str:
    """A monitor's pause of a version an edit left behind, in one sentence: the version, since when, why,
    the figures."""
    said = figures(pause)
    return (f"the monitor paused version {pause['play_version']}, copy that went out, since {pause['recorded_at']}: "
            f"{str(pause['reason']).rstrip('.')}." + (f" {said}" if said else ""))


def edit_state(current: str, status: str, approved_by: str | None) -> str:
    """What the edit (``current``) that left a paused version behind does now, by its approval ``status``."""
    if status == "approved":
        return (f"version {current}, an edit of it, was approved by {approved_by} and sends with the monitor's "
                "count started afresh")
    if status in ("pending", "changed_since_approval"):
        return (f"version {current}, an edit of it, waits for review: approving it sends it with the monitor's "
                "count started afresh")
    if status in ("rejected", "revoked"):
        return (f"version {current}, an edit of it, is {status} and sends nothing; approved again, it would send "
                "with the monitor's count started afresh")
    return f"version {current}, an edit of it, is {status.replace('_', ' ')} and sends nothing"


def _what(pause: dict[str, Any], play: str, version: str) -> tuple[str, str]:
    """The subject's words and the opening sentence for the pause's scope."""
    scope, value = pause["scope"], pause["scope_value"]
    if scope == "play":
        return (f"{play} paused by the monitor", f"The monitor paused the play {play} (version {version}).")
    if scope == "segment":
        return (f"{play}: segment '{value}' paused by the monitor",
                f"The monitor paused the segment '{value}' of the play {play} (version {version}); "
                "the rest of the play keeps sending.")
    return (f"{play}: sending paused, {scope} {value}",
            f"The deliverability guard paused the {scope} {value}, which the play {play} "
            f"(version {version}) sends from: the play sends nothing until it lifts.")


def notice_text(pause: dict[str, Any], play: str, owner: str, version: str, command: str | None,
                edited: str | None = None) -> NoticeText:
    """The notice of one pause for the owner of ``play``: what is paused, since when, why with the
    figures the pause recorded, the replies that tripped it, and the command that resumes it (the
    monitor's pauses) or what ends it (the deliverability guard's).

    A play pause of a version an edit left behind (``edited`` says what the edit does now, see
    :func:`edit_state`) holds nothing any more and can no longer be resumed: its notice says so, and
    ``command`` is the approval of the edit given over the pause (None once the edit is approved)."""
    subject, opening = _what(pause, play, version)
    replies = " ".join((pause.get("message_ids") or "").split())
    if edited is not None:
        subject = f"{subject} (version {version}, edited since)"
        answer = ("Read the replies; if the edit answers them, approve it over the pause (the approval's note "
                  f"records it):\n\n    {command}\n\nIf it does not, edit the play again, or reject or revoke it.\n"
                  if command else "Read the replies; if the edit does not answer them, revoke it, or edit the "
                  "play again.\n")
        ending = (f"The play's file was edited since: {edited}. The pause holds version {version} alone, so it "
                  f"stops nothing now. {answer}")
    elif pause["scope"] in MONITOR_SCOPES:
        ending = ("Read the replies, then resume it once the cause is dealt with (or edit the play, or "
                  f"reject it):\n\n    {command}\n")
    else:
        ending = ("No command lifts it: sending resumes by itself once the rate over the guard's window is "
                  "back under the line. Read the bounces and complaints, and fix the sender or the list.\n")
    said = figures(pause)
    body = (f"Hello {owner},\n\n{opening}\n\nSince: {pause['recorded_at']}\n"
            f"Why: {str(pause['reason']).rstrip('.')}.\n" + (f"{said}\n" if said else "")
            + (f"Replies that tripped it (Message-IDs): {replies}\n" if replies else "")
            + f"\n{ending}\nThis notice is sent once per pause; `sdr status` shows every pause.\n")
    return NoticeText(f"[sdr] {subject}", body)
