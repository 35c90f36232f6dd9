"""One conversation per person at a time: a play's first email waits while another play mails her.

A person is the mailbox her address reaches (``suppression_key``: a ``+tag``, capitals or Gmail's
dots make no second person), whichever of our mailboxes wrote to her. Another play is mailing her
while a step of it reached her (``sent``, perhaps sent: ``sending``, or ``sent_before`` as
another step) and its sequence has an
email step after the last one that did, unless a later step was refused for good (``failed``,
``invalid_address``: the steps after it never go); and for a day after any of its emails
(:func:`~sdr_assets.domain.days.days_after`). A play held now (paused, stopped, edited and
waiting for approval) is still mailing her: it sends its follow-ups once it resumes; one gone from
the files stalled (``removed_plays``). Only one revoked or rejected ended its sequences. A sequence
that stalls ends too, ``GRACE`` after its remaining steps' delays from the last step that reached her.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sdr_assets.domain.days import as_utc, days_after
from sdr_assets.domain.suppression import suppression_key
from sdr_assets.domain.under_way import REACHED, REFUSED, progress

# Every reason begins so: the send ledger's held rows that wait for another play are known by it.
OTHER_PLAY = "waits for another play: "
# Approval statuses of a play that ended its sequences: its follow-ups go only after a new approval.
ENDED = ("revoked", "rejected")
# How long past its remaining delays a sequence that stopped going on (a paused segment, a hold)
# still counts as mailing her.
GRACE = timedelta(days=14)


def last_email_step(sequence: list[dict[str, Any]]) -> int:
    """The number of a sequence's last email step (steps count from 1, LinkedIn ones too)."""
    return max(number for number, step in enumerate(sequence, start=1) if step["channel"] == "email")


@dataclass(frozen=True)
class Sequence:
    """What the rule reads of a play that may still mail: each step's delay (days from the first email,
    LinkedIn steps too) and the number of its last email step."""

    delays: tuple[int, ...]
    last: int

    @classmethod
    def of(cls, steps: list[dict[str, Any]]) -> Sequence:
        return cls(tuple(int(step.get("delay_days") or 0) for step in steps), last_email_step(steps))

    def ends_at(self, reached: int, at: datetime) -> datetime:
        """When a sequence whose step ``reached`` went ``at`` counts as ended, however it stalls."""
        return as_utc(at) + timedelta(days=max(0, self.delays[self.last - 1] - self.delays[reached - 1])) + GRACE


def resumed(at: datetime, until: date | None) -> datetime:
    """When a sequence whose last email went ``at`` goes on: then, or when a pause of hers that lifts
    later (``until``: she is away, a soft bounce) lifts; her follow-ups wait for it, and so does its end."""
    lifted = None if until is None else datetime.combine(until, time.min, UTC)
    return as_utc(at) if lifted is None or lifted <= as_utc(at) else lifted


def mailing_elsewhere(ledger: list[dict[str, Any]], play: str, now: datetime, sending: Mapping[str, Sequence],
                      people: set[str], key: Callable[[str], str] = suppression_key,
                      paused: Mapping[str, date] | None = None) -> dict[str, str]:
    """Of ``people`` (``key``s of addresses, by default ``suppression_key``s), those another play than
    ``play`` is mailing at ``now``, each with the held reason for her first email. ``sending`` gives each
    play that may still mail (not ``ENDED``) its sequence; the others ended theirs. Where her sequence
    stands is ``under_way``'s reading; ``paused`` gives, by ``key``, the day a pause of hers lifts
    (:func:`resumed`)."""
    rows = (r for r in ledger if r["play"] != play and r["status"] in (*REACHED, *REFUSED))
    went = {(who, other): p for (other, who), p in progress(rows, key, people).items()
            if p.at is not None}
    busy: dict[str, str] = {}
    for (who, other), sequence_to in sorted(went.items()):
        step, at = sequence_to.last, sequence_to.at
        if not days_after(at, 1, now):
            busy.setdefault(who, f"{OTHER_PLAY}'{other}' mailed this person at {at:%Y-%m-%d %H:%M} UTC; "
                                 "a first email of this play goes a day after at the earliest")
            continue
        sequence = sending.get(other)
        if sequence is None or not sequence_to.emails_go_on() or step >= sequence.last:
            continue
        if as_utc(now) < (ends := sequence.ends_at(step, resumed(at, (paused or {}).get(who)))):
            busy.setdefault(who, f"{OTHER_PLAY}this person is in the sequence of '{other}' (step {step} of "
                                 f"{sequence.last} sent); a first email of this play goes once it ends, by "
                                 f"{ends:%Y-%m-%d %H:%M} UTC at the latest")
    return busy
