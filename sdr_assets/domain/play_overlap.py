"""One conversation per person at a time: a play's first email waits while another play mails her.

A person is the mailbox her address reaches (``suppression_key``: a ``+tag``, capitals or Gmail's
dots make no second person), whichever of our mailboxes wrote to her. Another play is mailing her
while a step of it reached her (``sent``, or perhaps sent: ``sending``) and its sequence has an
email step after the last one that did, unless a later step was refused for good (``failed``,
``invalid_address``: the steps after it never go); and for a day after any of its emails
(:func:`~sdr_assets.domain.days.days_after`). A play no longer in the folder ended its
sequences; one whose file cannot be read keeps them (its steps are unknown).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sdr_assets.domain.days import as_utc, days_after
from sdr_assets.domain.suppression import suppression_key

# Every reason begins so: the send ledger's held rows that wait for another play are known by it.
OTHER_PLAY = "waits for another play: "
# Ledger statuses of a message that reached (or may have reached) its mailbox: a server's refusal
# ("failed", 550 user unknown) reached no one, and another spelling of hers may still be mailed.
REACHED = ("sent", "sending")
# Refusals for good: the step is never sent again, so none after it goes either.
REFUSED = ("failed", "invalid_address")


def last_email_step(sequence: list[dict[str, Any]]) -> int:
    """The number of a sequence's last email step (steps count from 1, LinkedIn ones too)."""
    return max(number for number, step in enumerate(sequence, start=1) if step["channel"] == "email")


def mailing_elsewhere(ledger: list[dict[str, Any]], play: str, now: datetime,
                      last_steps: Mapping[str, int | None] | None, people: set[str]) -> dict[str, str]:
    """Of ``people`` (``suppression_key``s), those another play than ``play`` is mailing at ``now``,
    each with the held reason for her first email. ``last_steps`` gives each play in the folder its
    last email step (None: its file cannot be read); None for the whole of it, every other play's
    steps are unknown."""
    keys: dict[str, str] = {}
    reached: dict[tuple[str, str], tuple[int, datetime]] = {}
    refused: dict[tuple[str, str], int] = {}
    for row in ledger:
        if row["play"] == play or row["status"] not in (*REACHED, *REFUSED):
            continue
        address = row["contact_email"]
        who = keys[address] if address in keys else keys.setdefault(address, suppression_key(address))
        if who not in people:
            continue
        key, step = (who, row["play"]), int(row["step"])
        if row["status"] in REACHED:
            last, at = reached.get(key, (0, as_utc(row["sent_at"])))
            reached[key] = (max(last, step), max(at, as_utc(row["sent_at"])))
        else:
            refused[key] = max(refused.get(key, step), step)
    busy: dict[str, str] = {}
    for (who, other), (step, at) in sorted(reached.items()):
        if not days_after(at, 1, now):
            busy.setdefault(who, f"{OTHER_PLAY}'{other}' mailed this person at {at:%Y-%m-%d %H:%M} UTC; "
                                 "a first email of this play goes a day after at the earliest")
            continue
        last = _last_step(other, step, last_steps)
        if (last is None or step < last) and refused.get((who, other), 0) <= step:
            busy.setdefault(who, f"{OTHER_PLAY}this person is in the sequence of '{other}' (step {step} of "
                                 f"{last or '?'} sent); a first email of this play goes once it ends")
    return busy


def _last_step(other: str, reached: int, last_steps: Mapping[str, int | None] | None) -> int | None:
    """The last email step of ``other``'s sequence: unknown (None) without ``last_steps`` or with its
    file unreadable; the step that reached her for a play no longer in the folder (it ended)."""
    if last_steps is None:
        return None
    return last_steps[other] if other in last_steps else reached
