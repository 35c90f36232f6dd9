"""Whether mail to a play's sender, and to the List-Unsubscribe mailto, is proven to reach the replies mailbox.

Replies, opt-outs by reply and bounces go to the address a play sends from, opt-outs by mail to
``unsubscribe@``; the replies run reads one mailbox. An address is proven when its last probe
(``sdr suppress probe``) arrived there, or when that mailbox is the sender's own account.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sdr_assets.domain.addresses import mailbox_key


def route_key(address: str) -> str:
    """One key for every spelling of a mailbox's address (``Sam@Bücher.example`` is
    ``sam@xn--bcher-kva.example``), in a play file, a probe's row or the replies mailbox's login."""
    return mailbox_key(address)


def senders(plays: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Each distinct sender address (as first spelled) of ``(play, address)`` pairs, with its plays."""
    spelled: dict[str, str] = {}
    named: dict[str, list[str]] = {}
    for play, address in plays:
        key = route_key(address)
        spelled.setdefault(key, address.strip())
        named.setdefault(key, []).append(play)
    return {spelled[key]: tuple(names) for key, names in named.items()}


@dataclass(frozen=True)
class UnprovenSender:
    address: str
    plays: tuple[str, ...]  # none: the List-Unsubscribe mailto
    failed_at: datetime | None  # when its last probe did not arrive; None: never probed

    def line(self) -> str:
        """What a person reads: which sender, which plays (or the mailto), what is at stake."""
        role = f"the sender of {', '.join(self.plays)}" if self.plays else "the List-Unsubscribe mailto"
        who = f"{self.address} ({role})"
        if self.failed_at is None:
            state = "has never been proven to reach the replies mailbox"
        else:
            when = f"{self.failed_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
            state = f"did not reach the replies mailbox when last probed ({when})"
        what = "replies, opt-outs and bounces" if self.plays else "opt-outs"
        return f"mail to {who} {state}: {what} sent to it may never be read. Probe it:"


def unproven(senders_by_address: Mapping[str, tuple[str, ...]], last_probes: Mapping[str, tuple[datetime, bool]],
             mailbox_user: str | None) -> list[UnprovenSender]:
    """The senders neither the replies mailbox's own account nor arrived at their last probe;
    ``last_probes`` by ``route_key``: when, and whether it arrived."""
    mine = route_key(mailbox_user) if mailbox_user else None
    return [found for address, plays in senders_by_address.items()
            if route_key(address) != mine and (found := _unless_arrived(address, plays, last_probes))]


def unproven_mailto(address: str, last_probes: Mapping[str, tuple[datetime, bool]]) -> UnprovenSender | None:
    """The List-Unsubscribe mailto's ``address`` unless its last probe arrived there and named it
    where triage looks (``last_probes`` as :func:`unproven` reads them)."""
    return _unless_arrived(address, (), last_probes)


def _unless_arrived(address: str, plays: tuple[str, ...],
                    last_probes: Mapping[str, tuple[datetime, bool]]) -> UnprovenSender | None:
    """``address`` unproven, with when its last probe failed, unless that probe arrived."""
    probed = last_probes.get(route_key(address))
    return None if probed and probed[1] else UnprovenSender(address, plays, probed[0] if probed else None)
