"""The rules of the approval gate: what a play's decisions and the monitor's pauses mean.

A rejection or revocation stops the play whatever version it was taken on, and only a later
approval of the current version opens the gate again: a revocation taken where the play hashes
differently (another model configured in that shell), or a file reverted to an older approved
version, never undoes it, and a resume only lifts the monitor's pauses. A play pause of a version an
edit left behind holds nothing, but an approval is refused until it names it, unless a resume or an
earlier approval over it has answered it.

The decisions themselves are kept append-only by ``resources.store.approvals``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sdr_assets.domain import pause_notices as notices
from sdr_assets.domain.commands import sdr_command
from sdr_assets.domain.gate import decision_command, how_to_resume

if TYPE_CHECKING:  # the queue's rules use person_name, and the CLI starts without the play model
    from sdr_assets.domain.plays import Play

DECISIONS = ("approve", "reject", "revoke", "resume")
STANDING = ("approve", "resume")  # decisions after which an approved version may send
WITHDRAWALS = ("reject", "revoke")  # decisions that stop the play, whatever version they name
# What a resume's note says when it answers a stop request a monitor left (``noted_stop``).
STOP_ANSWERED = "answers the monitor's stop request"
DEMO_MODE = "demo"
DEMO_REVIEWER = "demo"  # the name the demo approves as: a person's name nowhere else


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
    earlier_pauses: tuple[dict[str, Any], ...] = ()  # pauses of versions an edit left behind, unanswered
    uncounted: dict[str, Any] | None = None  # an approval of this version not counted: its name names nobody

    @property
    def approved(self) -> bool:
        return self.status == "approved"


def checked_decision(play: Play, version: str, decision: str, decided_by: str,
                     decisions: list[dict[str, Any]], mode: str = "live",
                     pauses: list[dict[str, Any]] | None = None, over_pause: str | None = None,
                     monitor_stop: bool = False) -> str:
    """The name of the person taking a decision that may be recorded in ``mode``, given the play's
    earlier ``decisions`` and the monitor's ``pauses``.

    Raise ``ApprovalError`` (``StaleVersionError`` when ``version`` is not the play's current one) otherwise:
    also for an approval of a version that stands approved and paused by the monitor, which only a
    resume lifts (an approval would change nothing, and the reader would think it reopened the play),
    and for an approval while a pause of a version an edit left behind is unanswered, unless it names
    that version (``over_pause``): the refusal is what shows the approver the pause before the edit
    sends with the monitor's count started afresh. A resume must answer a pause nobody has resumed
    (:func:`resumable`) or a stop request a monitor left (``monitor_stop``): a stray or repeated one
    would set the monitor's count back to nothing.
    """
    if decision not in DECISIONS:
        raise ApprovalError(f"decision must be one of {DECISIONS}, not '{decision}'")
    person = _checked_person(decided_by, mode)
    if decision == "resume" and _approval_since_withdrawal(as_taken_on(play, decisions), version) is None:
        withdrawal = _last_withdrawal(decisions)
        why = (f"was {withdrawal['decision']}ed by {withdrawal['decided_by']} (decision {withdrawal['decision_id']})"
               if withdrawal else "was never approved")
        raise ApprovalError(f"play '{play.name}' version {version} {why}: approve it instead of resuming it "
                            "(a resume only lifts the monitor's pauses)")
    if version != play.version_hash:
        raise StaleVersionError(
            f"play '{play.name}' is now at version {play.version_hash}; "
            f"'{version}' is not its current version. Review the current version and decide on "
            f"{play.version_hash}."
        )
    if decision == "resume" and not monitor_stop and not resumable(pauses or [], counted(play, decisions, mode),
                                                                      version):
        raise ApprovalError(_nothing_to_resume(play, pauses or [], counted(play, decisions, mode)))
    status = status_of(play, decisions, pauses, mode) if decision == "approve" and pauses else None
    if status is not None and status.status == "paused_by_monitor":
        raise ApprovalError(f"play '{play.name}' version {version} is already approved and is paused by the monitor: "
                            f"{status.monitor_pause['reason']} An approval does not lift that pause. Read the "
                            f"replies that tripped it, then {how_to_resume(play.name, version, mode)}")
    waiting = unanswered_pauses(pauses or [], counted(play, decisions, mode), version) \
        if decision == "approve" else []
    if waiting and over_pause not in {p["play_version"] for p in waiting}:
        raise ApprovalError(_over_pause_refusal(play.name, version, waiting, mode))
    if decision == "approve" and (over_pause or "").strip() and not waiting:
        raise ApprovalError(f"play '{play.name}': no pause of the monitor's waits on an earlier version, so "
                            f"--over-pause {over_pause} names none; approve without it: "
                            f"{decision_command('approve', play.name, version, mode)}")
    return person


def _over_pause_refusal(play: str, version: str, waiting: list[dict[str, Any]], mode: str) -> str:
    said = " ".join(notices.edited_pause(p) for p in waiting)
    return (f"play '{play}': {said} Nobody has answered it since (a resume, or an approval over it), and version "
            f"{version} is an edit of that copy: approved, it sends with the monitor's count started afresh. Read "
            f"the replies ({sdr_command(f'plays show {play}', mode)} lists them); if the edit answers them, approve "
            "it over the pause (its note records it): "
            f"{decision_command('approve', play, version, mode, over_pause=waiting[-1]['play_version'])}")


def _nothing_to_resume(play: Play, pauses: list[dict[str, Any]], decisions: list[dict[str, Any]]) -> str:
    """Why a resume is refused: what is paused now, and what resumed the play's last pause."""
    said = f"play '{play.name}' has no pause of the monitor's to resume: "
    if play.paused:
        said += "it is paused in its file (paused: true), which no decision lifts; "
    last = max((p for p in pauses if p["scope"] in ("play", "segment") and p["event"] == "pause"),
               key=lambda p: p["pause_id"], default=None)
    answer = last and next((d for d in decisions if d["decision"] == "resume" and not set_apart(d)
                            and d["decision_id"] > last["after_decision_id"]), None)
    if answer:
        return (f"{said}its last pause ({last['scope']} {last['scope_value']}, pause {last['pause_id']}) was "
                f"resumed by {answer['decided_by']} (decision {answer['decision_id']}), and nothing is paused since")
    return f"{said}the monitor never paused it"


def resumable(pauses: list[dict[str, Any]], decisions: list[dict[str, Any]], version: str) -> list[dict[str, Any]]:
    """The pauses a resume of ``version`` would answer: the version's own, the segments', and those of
    versions an edit left behind, that no resume has lifted."""
    return sorted(open_pauses(pauses, decisions, version) + open_pauses(pauses, decisions, version, "segment")
                  + edited_pauses(pauses, decisions, version), key=lambda p: p["pause_id"])


def checked_withdrawal(decision: str, decided_by: str, mode: str = "live") -> str:
    """The name of the person taking a rejection or revocation of any version, past or current: a
    withdrawal stops the play whatever version it names. Raise ``ApprovalError`` for any other
    decision (only the current version may be approved or resumed) or a name that names nobody."""
    if decision not in WITHDRAWALS:
        raise ApprovalError(f"only a rejection or revocation may name a version other than the current one, "
                            f"not '{decision}'")
    return _checked_person(decided_by, mode)


def _checked_person(decided_by: str, mode: str) -> str:
    person = person_name(decided_by, mode)
    if person is None and _legible(decided_by) is not None:
        raise ApprovalError(f"'{decided_by.strip()}' is a placeholder or a machine's name: a decision needs the "
                            "name of the person who takes it, the reviewer's own name (--by \"Dana Whitfield\")")
    if person is None:
        raise ApprovalError("a decision needs the name of the person who takes it, the reviewer's own name: "
                            "at least two letters and no control or invisible characters")
    return person


def _spelling(name: str) -> str:
    """``name`` as placeholders are compared: compatibility forms folded ("Ｙｏｕｒ" is "Your"), lower
    case, each run of other characters one space."""
    return " ".join(re.split(r"[\W_]+", unicodedata.normalize("NFKC", name).casefold())).strip()


# Names that stand for nobody: a command's placeholder pasted unchanged, or a machine's name.
PLACEHOLDER_NAMES = frozenset(_spelling(n) for n in (
    "your name", "your name here", "name", "full name", "first name last name", "firstname lastname", "first last",
    "demo", "system", "auto", "automatic", "sdr", "bot", "admin", "test", "unknown",
    "n/a", "none", "me", "todo", "tbd", "anonymous", "user",
))
# Names that stand for anybody: the forms' and the law's.
_STAND_INS = frozenset(_spelling(n) for n in (
    "john doe", "jane doe", "john q public", "joe bloggs", "fred bloggs", "max mustermann", "erika mustermann",
))
# Also refused written as one word ("YourName").
_JOINED_PLACEHOLDERS = frozenset(n.replace(" ", "") for n in PLACEHOLDER_NAMES | _STAND_INS)
# Words no person's name holds, whatever else is written with them: "Your Full Name", "NAME_HERE",
# "Reviewer Name", "nobody".
PLACEHOLDER_WORDS = frozenset((
    "name", "names", "yourname", "your", "here", "nobody", "noone", "someone", "somebody", "anyone", "anybody",
    "everyone", "everybody", "placeholder", "reviewer", "approver", "changeme", "fixme", "todo", "tbd", "xxx",
    "dummy", "fake", "example", "null", "undefined", "lorem", "ipsum", "asdf", "qwerty",
))
# Alphabets whose letters look alike: a word mixing them ("Yоur" with a Cyrillic о) is spelt to deceive.
_LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE")
# Words of machines and of the pipeline's own parts: a name of these alone ("sdr-bot", "the monitor",
# "github-actions", "cron") names no person.
MACHINE_WORDS = frozenset((
    "sdr", "bot", "system", "auto", "automatic", "automated", "admin", "root", "cron", "daemon", "dagster",
    "monitor", "pipeline", "script", "scheduler", "service", "sensor", "job", "ci", "github", "actions", "the",
    "test", "user", "noreply", "donotreply", "postmaster", "mailerdaemon",
    # an administrator's or a shared account's ("Administrator", "Superuser", "Service Account", "Unknown User")
    "administrator", "sysadmin", "superuser", "account", "unknown",
    DEMO_REVIEWER,  # the demo's reviewer is the demo's machine: "the demo", "sdr-demo" name no person either
    # a team's, a shared login's or a tool's ("Sales Team", "RevOps", "Guest", "Dagster UI", "Automation")
    "team", "teams", "sales", "revops", "salesops", "ops", "operations", "devops", "marketing", "support",
    "department", "dept", "group", "staff", "office", "guest", "automation", "ui", "webserver", "launchpad",
))


def _placeholder(spelling: str) -> bool:
    words = set(spelling.split())
    return (spelling in PLACEHOLDER_NAMES or spelling in _STAND_INS
            or spelling.replace(" ", "") in _JOINED_PLACEHOLDERS or words <= MACHINE_WORDS
            or bool(words & PLACEHOLDER_WORDS) or any(_mixes_lookalikes(word) for word in words))


def _mixes_lookalikes(word: str) -> bool:
    scripts = {unicodedata.name(c, "").partition(" ")[0] for c in word if c.isalpha()}
    return len(scripts & set(_LOOKALIKE_SCRIPTS)) > 1


def _legible(decided_by: str | None) -> str | None:
    """``decided_by`` stripped, or None when it is empty or holds control, format (zero-width,
    bidirectional) or other invisible characters."""
    person = (decided_by or "").strip()
    if not person or any(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp") for c in person):
        return None
    return person


def person_name(decided_by: str | None, mode: str = "live") -> str | None:
    """``decided_by`` stripped, or None unless it names a person in ``mode``: legible, at least two
    letters, and no placeholder or machine name (whatever the case and spacing), nor an email address
    whose local part is one, except the demo's own reviewer in the demo."""
    person = _legible(decided_by)
    if person is None or sum(unicodedata.category(c)[0] == "L" for c in person) < 2:
        return None
    spelling = _spelling(person)
    if (_placeholder(spelling) or _machine_address(person)) and not (mode == DEMO_MODE and spelling == DEMO_REVIEWER):
        return None
    return person


def _machine_address(person: str) -> bool:
    """Whether ``person`` is an email address whose local part names nobody: system@acme.com is the
    machine "system" is, and no-reply@ or mailer-daemon@ a machine's mailbox however it is joined."""
    local, at, _ = person.rpartition("@")
    spelling = _spelling(local)
    return bool(at and spelling) and (_placeholder(spelling) or spelling.replace(" ", "") in MACHINE_WORDS)


def nobody_named(decided_by: str | None, mode: str = "live") -> str | None:
    """Why ``decided_by`` names no person by ``person_name``'s rule, in one line, or None when it
    names one: for every ``--by`` that records a person's decision, not only the gate's."""
    if person_name(decided_by, mode) is not None:
        return None
    rule = ("--by needs the name of the person taking the decision, your own (--by \"Dana Whitfield\"): at "
            "least two letters, no invisible characters, no placeholder or machine's name")
    legible = _legible(decided_by)
    return f"'{legible}' names nobody: {rule}" if legible else rule


def as_taken_on(play: Play, decisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``decisions`` as they bear on the play's file: one that names its short hash but kept another
    whole digest was taken on other content (two files crafted to share the short hash), and is set
    apart under ``HASH/DIGEST``, so it never counts for this file. A decision recorded before the
    digest was kept goes by the short hash alone."""
    def other(d: dict[str, Any]) -> bool:
        digest = d.get("content_sha256")
        return bool(digest and play.content_sha256 and d["version_hash"] == play.version_hash
                    and digest != play.content_sha256)

    return [{**d, "version_hash": f"{d['version_hash']}/{d['content_sha256'][:16]}"} if other(d) else d
            for d in decisions]


def set_apart(decision: dict[str, Any]) -> bool:
    """Whether :func:`as_taken_on` set ``decision`` apart as taken on other content."""
    return "/" in decision["version_hash"]


def _last_withdrawal(decisions: list[dict[str, Any]]) -> dict[str, Any] | None:
    return next((d for d in reversed(decisions) if d["decision"] in WITHDRAWALS), None)


def _approval_since_withdrawal(decisions: list[dict[str, Any]], version: str) -> dict[str, Any] | None:
    """The latest approval of ``version`` that no rejection or revocation, of any version, followed."""
    for d in reversed(decisions):
        if d["decision"] in WITHDRAWALS:
            return None
        if d["decision"] == "approve" and d["version_hash"] == version:
            return d
    return None


def open_pauses(pauses: list[dict[str, Any]], decisions: list[dict[str, Any]], version: str,
                scope: str = "play") -> list[dict[str, Any]]:
    """Pauses of ``scope`` that hold ``version`` and no later resume has lifted.

    A play pause holds the version it was taken on: an edit, reviewed and approved, is the new
    version the monitor counts afresh. A segment pause holds every later version too, since an edit
    of the copy leaves the segment's prospects as they were, until a person resumes the play.
    An approval lifts neither: approving is about the copy, resuming about the monitor's evidence.
    """
    resumes = [d for d in decisions if d["decision"] == "resume" and not set_apart(d)
               and (scope == "segment" or d["version_hash"] == version)]

    def lifted(p: dict[str, Any]) -> bool:
        return any(d["decision_id"] > p["after_decision_id"] for d in resumes)

    return [p for p in pauses if p["scope"] == scope and p["event"] == "pause"
            and (scope == "segment" or p["play_version"] == version) and not lifted(p)]


def _answered(pause: dict[str, Any], decisions: list[dict[str, Any]], answers: tuple[str, ...]) -> bool:
    return any(d["decision"] in answers and not set_apart(d) and d["decision_id"] > pause["after_decision_id"]
               for d in decisions)


def edited_pauses(pauses: list[dict[str, Any]], decisions: list[dict[str, Any]], version: str) -> list[dict[str, Any]]:
    """The monitor's play pauses of versions other than ``version`` that no resume (of any version) has
    lifted since: copy that went out and tripped the monitor, which an edit left behind. They hold
    nothing (the edit is another version, counted afresh), but the play's owner must hear of them."""
    return [p for p in pauses if p["scope"] == "play" and p["event"] == "pause" and p["play_version"] != version
            and not _answered(p, decisions, ("resume",))]


def unanswered_pauses(pauses: list[dict[str, Any]], decisions: list[dict[str, Any]],
                      version: str) -> list[dict[str, Any]]:
    """The :func:`edited_pauses` that no approval has answered since either: an approval taken after one
    was given over it (``checked_decision`` asks for that), so the approver has read it."""
    return [p for p in edited_pauses(pauses, decisions, version) if not _answered(p, decisions, ("approve",))]


def noted_stop(note: str) -> str:
    """A resume's ``note`` saying it answers a stop request a monitor left (:func:`answers_stop`)."""
    return f"{note} ({STOP_ANSWERED})" if note else STOP_ANSWERED


def answers_stop(decision: dict[str, Any]) -> bool:
    """Whether a resume answered a stop request a monitor left, which no pause row records."""
    note = decision.get("note") or ""
    return note == STOP_ANSWERED or note.endswith(f"({STOP_ANSWERED})")


def noted_over(note: str, waiting: list[dict[str, Any]]) -> str:
    """An approval's ``note`` with the pauses of earlier versions it was given over (``waiting``)."""
    if not waiting:
        return note
    over = "; ".join(f"approved over the monitor's pause {p['pause_id']} of version {p['play_version']}"
                     for p in waiting)
    return f"{note} ({over})" if note else over


def effective(decisions: list[dict[str, Any]], mode: str) -> list[dict[str, Any]]:
    """The decisions that count in ``mode``: outside the demo, approvals taken in the demo do not, nor
    anywhere an approval or resume whose ``decided_by`` names nobody (a row written by hand, or one
    recorded before placeholder and machine names were refused); the demo's reviewer names someone
    only in a decision taken in the demo.

    Rejections and revocations always count, whatever mode or name took them.
    """
    named = [d for d in decisions if d["decision"] not in STANDING
             or person_name(d["decided_by"], d.get("mode") or "live") is not None]
    if mode == DEMO_MODE:
        return named
    return [d for d in named if not (d["decision"] in STANDING and d.get("mode") == DEMO_MODE)]


def counted(play: Play | None, decisions: list[dict[str, Any]], mode: str) -> list[dict[str, Any]]:
    """``decisions`` as the gate counts them in ``mode``, on the play's file: what every reader of a
    play's decisions goes by. A play whose file is gone has no content to set decisions apart by."""
    decisions = effective(decisions, mode)
    return decisions if play is None else as_taken_on(play, decisions)


def status_of(play: Play, decisions: list[dict[str, Any]], pauses: list[dict[str, Any]] | None = None,
              mode: str = "live") -> ApprovalStatus:
    """Derive the gate status from the play's decisions (ordered oldest first) and the monitor's pauses,
    as seen in ``mode``."""
    raw, decisions = decisions, as_taken_on(play, effective(decisions, mode))
    current = [d for d in decisions if d["version_hash"] == play.version_hash]
    approvals = [d for d in decisions if d["decision"] == "approve"]
    last_current = current[-1] if current else None
    last_approved = approvals[-1] if approvals else None
    approved_current = _approval_since_withdrawal(decisions, play.version_hash)
    withdrawal = _last_withdrawal(decisions)
    paused_by_monitor = open_pauses(pauses or [], decisions, play.version_hash)
    if approved_current:
        status = "paused" if play.paused else "paused_by_monitor" if paused_by_monitor else "approved"
    elif play.paused:
        status = "paused"
    elif (withdrawal and (withdrawal["decision"] == "revoke" or current)
          and not any(d["decision"] == "approve" for d in decisions[decisions.index(withdrawal):])):
        # Stopped, whatever was edited or reverted since; a rejected proposal that was then edited is
        # a new version waiting for review.
        status = {"reject": "rejected", "revoke": "revoked"}[withdrawal["decision"]]
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
        earlier_pauses=tuple(unanswered_pauses(pauses or [], decisions, play.version_hash)),
        uncounted=None if approved_current else _unnamed_approval(play, raw, mode),
    )


def _unnamed_approval(play: Play, decisions: list[dict[str, Any]], mode: str) -> dict[str, Any] | None:
    """The latest approval of the play's current version, with no withdrawal after it, that
    :func:`effective` leaves out because its ``decided_by`` names nobody."""
    for d in reversed(as_taken_on(play, decisions)):
        if d["decision"] in WITHDRAWALS:
            return None
        if (d["decision"] == "approve" and d["version_hash"] == play.version_hash
                and (mode == DEMO_MODE or d.get("mode") != DEMO_MODE)
                and person_name(d["decided_by"], d.get("mode") or "live") is None):
            return d
    return None


def uncounted_line(status: ApprovalStatus) -> str | None:
    """Why the gate no longer counts the approval in ``status.uncounted``, in one line; None without one."""
    d = status.uncounted
    if d is None:
        return None
    return (f"{status.play}: the approval of version {d['version_hash']} by '{d['decided_by']}' (decision "
            f"{d['decision_id']}) does not count, as that name names no person; a named person approves it again:")
