"""Where one play's sequence to one person stands in the send ledger: the one reading of "under way".

A sequence began once its first email reached her (``sent``, perhaps sent: ``sending``, or
``sent_before``: it went as another step). An email step refused for good after the last one that
reached her (``failed``, ``invalid_address``) cut its emails short: the email steps after it never go
(each waits for the one before). Its LinkedIn steps still do: a bad address makes no LinkedIn touch
wrong, and ``sequencing.linkedin_due`` hands them out whatever the emails' fate. Both the research kept
for follow-ups (``begun_sequences``) and one conversation per person at a time (``play_overlap``) read
it here; each then asks which of its steps are still to go.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sdr_assets.domain.days import as_utc

# A step whose message went as another step (an edit inserted one before it): settled, dated when
# that message went, and never counted as a message sent.
SENT_BEFORE = "sent_before"
# Ledger statuses of a message that reached (or may have reached) its mailbox: a server's refusal
# ("failed", 550 user unknown) reached no one, and another spelling of hers may still be mailed.
REACHED = ("sent", "sending", SENT_BEFORE)
# Refusals for good: the step is never sent again, so no email step after it goes either.
REFUSED = ("failed", "invalid_address")
# Ledger statuses a later run asks again: a held draft is rebuilt (its research may have been fixed),
# and a suppressed one is sent once its suppression is lifted. Every other status is final.
RETRIED = ("held", "suppressed")


@dataclass
class Progress:
    """One play's sequence to one person: the steps that reached her and when the latest went, the last
    step refused for good (0: none) and the steps settled (no later run asks them again)."""

    reached: set[int] = field(default_factory=set)
    at: datetime | None = None
    refused: int = 0
    settled: set[int] = field(default_factory=set)

    @property
    def last(self) -> int:
        """The last step that reached her (0: none did)."""
        return max(self.reached, default=0)

    @property
    def begun(self) -> bool:
        """Her first email reached her (or may have)."""
        return 1 in self.reached

    def emails_go_on(self) -> bool:
        """Begun, and its emails not cut short by a refusal after the last step that reached her."""
        return self.begun and self.refused <= self.last

    def merge(self, other: Progress) -> Progress:
        """This sequence with what ``other``, the same one under another spelling of her address, adds."""
        self.reached |= other.reached
        self.settled |= other.settled
        self.refused = max(self.refused, other.refused)
        if other.at is not None:
            self.at = other.at if self.at is None else max(self.at, other.at)
        return self

    def add(self, row: dict[str, Any]) -> None:
        step, status = int(row["step"]), row["status"]
        if status not in RETRIED:
            self.settled.add(step)
        if status in REFUSED:
            self.refused = max(self.refused, step)
        elif status in REACHED:
            self.reached.add(step)
            if (sent_at := row.get("sent_at")) is not None:
                self.at = as_utc(sent_at) if self.at is None else max(self.at, as_utc(sent_at))


def progress(ledger: Iterable[dict[str, Any]], key: Callable[[str], str],
             people: set[str] | None = None) -> dict[tuple[str, str], Progress]:
    """Per (play, ``key`` of the address) the ledger's rows name, where its sequence stands; only for
    the keys in ``people`` where given."""
    keys: dict[str, str] = {}
    found: dict[tuple[str, str], Progress] = {}
    for row in ledger:
        address = row["contact_email"]
        who = keys[address] if address in keys else keys.setdefault(address, key(address))
        if people is None or who in people:
            found.setdefault((row["play"], who), Progress()).add(row)
    return found
