"""Suppression: an append-only log of events, folded into the list of who is never mailed.

An event adds an entry (an unsubscribe by link, mail or reply; a complaint; a hard bounce; a
third soft bounce since the last lift; a manual entry) or lifts entries. A lift removes only what a person may lift,
bounces and manual entries recorded before it: an unsubscribe or a complaint stands for good.

Every entry stops all mail to its address. Only those no person may lift end a contact's sequence
(:data:`ENDING_REASONS`): an unsubscribe, a complaint about a message we sent. The others (a hard
bounce, a person's entry, an unmatched complaint, repeated soft bounces) hold it, and once lifted it
goes on from its next step: a person who lifts a hard bounce vouches for the address.

Targets are canonical addresses (see :mod:`sdr_assets.domain.addresses`) or ``@domain`` entries.
An address entry covers the whole mailbox whatever its plus tag, both ways: an opt-out by
``jane@`` covers ``jane+news@``, and one by ``jane+news@`` covers ``jane@``. At Gmail, which ignores
dots in the local part and takes googlemail.com as gmail.com, it covers every such spelling too
(:func:`suppression_key`). A domain entry covers the domain and every subdomain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sdr_assets.domain.addresses import (GMAIL, GMAIL_DOMAINS, InvalidAddressError, canonical_address, canonical_domain,
                                         person_key)

ADD = "add"
LIFT = "lift"
UNSUBSCRIBE_REASONS = ("unsubscribe_link", "unsubscribe_mail", "unsubscribe_reply")
UNLIFTABLE = frozenset({*UNSUBSCRIBE_REASONS, "complaint"})
REASONS = (*UNSUBSCRIBE_REASONS, "complaint", "unmatched_complaint", "hard_bounce", "repeated_soft_bounce", "manual")
# Reasons that end a contact's sequence for good; any other entry only holds it until lifted.
ENDING_REASONS = UNLIFTABLE
# Reasons besides those that are the person's, not only the address's: a named person suppressed her by
# hand (she asked by phone, the CRM marks her opted out), or a complaint names her address but none of our
# messages (it may be hers). A bounce is the address's.
PERSONAL = ("manual", "unmatched_complaint")
# Reasons that do not say the person asked us to stop: the address failed.
NOT_OPTED_OUT = ("hard_bounce", "repeated_soft_bounce")
# The id of a hard bounce the server gave at RCPT, before the send key of the message it refused.
RCPT_REFUSAL = "hard_bounce:rcpt:"


class SuppressionError(ValueError):
    """A suppression request that cannot be recorded, with the reason."""


@dataclass(frozen=True)
class Event:
    event_id: str  # deterministic for events derived from something (a message, a click)
    target: str
    action: str
    reason: str
    source: str | None
    recorded_by: str
    note: str
    recorded_at: datetime


@dataclass(frozen=True)
class Entry:
    target: str
    reason: str
    source: str | None
    recorded_by: str
    note: str
    added_at: datetime


_WILDCARDS = re.compile(r"[*%?]+")


def canonical_target(text: str) -> str:
    """``@domain`` or an address, in canonical form; InvalidAddressError otherwise.

    A local part of wildcards only (``*@acme.example``, as do-not-contact lists write a whole domain)
    is the domain: as an address it would be a mailbox no one has, and suppress no one."""
    text = str(text or "").strip()
    local, at, rest = text.rpartition("@")
    if at and _WILDCARDS.fullmatch(local):
        text = "@" + rest
    if text.startswith("@"):
        domain = canonical_domain(text[1:])
        return f"@{domain}"
    return canonical_address(text)


def active_entries(events: Iterable[Event]) -> dict[str, list[Entry]]:
    """Entries in force per target, oldest first; ``events`` come in the order they were recorded."""
    entries: dict[str, list[Entry]] = {}
    for e in events:
        if e.action == ADD:
            entries.setdefault(e.target, []).append(
                Entry(e.target, e.reason, e.source, e.recorded_by, e.note, e.recorded_at))
        elif e.action == LIFT and e.target in entries:
            kept = [x for x in entries[e.target] if x.reason in UNLIFTABLE]
            if kept:
                entries[e.target] = kept
            else:
                del entries[e.target]
    return entries


def liftable(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.reason not in UNLIFTABLE]


def suppression_key(target: str) -> str:
    """What a suppression matches on: the mailbox ``target`` reaches, whatever its spelling.

    Canonical, without its +tag and, at Gmail, without dots in the local part and at gmail.com; a
    ``@domain`` as canonical domains are, googlemail.com as gmail.com. Only for matching: mail goes
    to the address as given, and events keep the target as it was written.
    """
    if target.startswith("@"):
        return "@" + _domain(target[1:])
    return person_key(target)


def _domain(domain: str) -> str:
    """A domain entry in the form of the domains of canonical addresses, however it was written in."""
    try:
        canonical = canonical_domain(domain)
    except InvalidAddressError:
        canonical = domain.strip().lower()
    return GMAIL if canonical in GMAIL_DOMAINS else canonical


def _parent_domains(mailbox: str) -> list[str]:
    """The domain of a canonical mailbox and each domain above it, nearest first: what a domain entry
    covers."""
    labels = mailbox.rpartition("@")[2].split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def covering(addresses: Iterable[str], entries: dict[str, list[Entry]]) -> dict[str, list[Entry]]:
    """The entries covering each address, oldest first, as :class:`Suppressions` matches them: its
    mailbox's, whatever the spelling, and its domain's or a parent domain's. Uncovered ones are left out."""
    index: dict[str, list[Entry]] = {}
    for target, found in entries.items():
        index.setdefault(suppression_key(target), []).extend(found)
    covered = {}
    for address in addresses:
        mailbox = person_key(address)
        keys = [mailbox, *("@" + _domain(domain) for domain in _parent_domains(mailbox))]
        if found := [e for key in dict.fromkeys(keys) for e in index.get(key, ())]:
            covered[address] = sorted(found, key=lambda e: e.added_at)
    return covered


def ends_sequence(reason: str) -> bool:
    """Whether an entry of ``reason`` ends a sequence; an unsubscribe by any channel does (an older
    list wrote it plain ``unsubscribe``)."""
    return reason in ENDING_REASONS or reason.startswith("unsubscribe")


def stops_person(entry: Entry) -> bool:
    """Whether ``entry`` stops the person at every address of hers, not only its own mailbox: an
    unsubscribe, a complaint or a named person's entry on a mailbox; not a bounce (the address failed,
    not she), nor a whole domain's entry."""
    return not entry.target.startswith("@") and _personal(entry.reason)


def _personal(reason: str) -> bool:
    return ends_sequence(reason) or reason in PERSONAL


class Suppressions:
    """Answers, for any spelling of an address, why it must not be mailed (or None).

    Where several entries cover it, an ending reason (:func:`ends_sequence`) is the answer, so a
    reader of one reason never takes an unsubscribe for a person's entry; otherwise the first."""

    def __init__(self, entries: dict[str, list[Entry]] | None = None) -> None:
        self._mailboxes: dict[str, str] = {}
        self._domains: dict[str, str] = {}
        self._people: set[str] = set()  # the mailboxes an entry of ``PERSONAL`` reason covers
        for target, found in (entries or {}).items():
            for entry in found:
                self.add(target, entry.reason)

    def add(self, target: str, reason: str) -> None:
        kept = self._domains if target.startswith("@") else self._mailboxes
        key = _domain(target[1:]) if target.startswith("@") else person_key(target)
        if kept is self._mailboxes and _personal(reason):
            self._people.add(key)
        if key not in kept or (ends_sequence(reason) and not ends_sequence(kept[key])):
            kept[key] = reason

    def __len__(self) -> int:
        return len(self._mailboxes) + len(self._domains)

    def _reasons(self, address: str) -> list[tuple[str, str | None]]:
        """(reason, the domain entry's domain or None) of every entry covering ``address``, its mailbox's first."""
        mailbox = person_key(address)
        found = [(self._mailboxes[mailbox], None)] if mailbox in self._mailboxes else []
        return found + [(self._domains[d], d) for d in _parent_domains(mailbox) if d in self._domains]

    def reason_for(self, address: str) -> str | None:
        found = self._reasons(address)
        if not found:
            return None
        reason, domain = next((r for r in found if ends_sequence(r[0])), found[0])
        return reason if domain is None else f"{reason} (domain @{domain})"

    def ends(self, address: str) -> bool:
        """Whether an entry covering ``address`` ends her sequence, not only holds it."""
        return any(ends_sequence(reason) for reason, _ in self._reasons(address))

    def stops_person(self, address: str) -> bool:
        """Whether an entry on ``address``'s own mailbox stops the person, at every address of hers: an
        unsubscribe, a complaint, or a named person's entry; not a bounce (the address failed, not she),
        nor a whole domain's entry."""
        return person_key(address) in self._people


SOFT_BOUNCES_BEFORE_SUPPRESSION = 3


def _targets(addresses: Iterable[str | None]) -> list[str]:
    found = set()
    for address in addresses:
        try:
            found.add(canonical_address(address or ""))
        except InvalidAddressError:
            continue
    return sorted(found)


def arrived_at(row: dict, now: datetime) -> datetime:
    """When a classified reply came: its date, else when it was read from the mailbox (``fetched_at``),
    else ``now`` for a row that carries neither."""
    return row["received_at"] or row.get("fetched_at") or now


def events_from_replies(rows: Iterable[dict], now: datetime, recorded: Iterable[Event] = ()) -> list[Event]:
    """Events owed to classified replies, each keyed by its message and target, recorded ``now``.

    ``rows`` are reply classifications with ``recipients`` and ``optout_targets`` as lists, and
    ``fetched_at`` where known; an opt-out's note names the triage rules that read it (``read_by``). Hard bounces, complaints, the third soft bounce of an address since
    its last lift in ``recorded`` (the events so far; a bounce counts as of :func:`arrived_at`, so an
    undated one is the same age on every run) and verified opt-outs by mail each add an entry;
    inserting the same message twice adds nothing.
    """
    events: list[Event] = []
    lifts: dict[str, list[datetime]] = {}
    for e in recorded:
        if e.action == LIFT:
            lifts.setdefault(suppression_key(e.target), []).append(e.recorded_at)
    soft: dict[str, tuple[datetime | None, int]] = {}  # per mailbox: the lift counted from, bounces since
    for r in sorted(rows, key=lambda r: (arrived_at(r, now), r["message_id"])):
        targets = _targets([*r["recipients"], r["contact_email"]])
        reason, note = None, ""
        if r["kind"] == "bounce" and r["hard"]:
            reason = "hard_bounce"
        elif r["kind"] == "bounce":
            at = arrived_at(r, now)
            for key in {suppression_key(t) for t in targets}:
                since = max((x for x in lifts.get(key, ()) if x <= at), default=None)
                counted_from, count = soft.get(key, (None, 0))
                soft[key] = (since, count + 1 if counted_from == since else 1)
            targets = [t for t in targets if soft[suppression_key(t)][1] == SOFT_BOUNCES_BEFORE_SUPPRESSION]
            reason = "repeated_soft_bounce"
        elif r["kind"] == "complaint":
            # Only a report whose attached original carries a Message-ID we sent or our signed token
            # (neither can anyone outside compute) proves the complaint; one naming an address alone
            # may be forged, and a person may lift what it suppressed.
            reason = "complaint" if r.get("send_key") else "unmatched_complaint"
        elif r["kind"] == "human" and r["label"] == "unsubscribe":
            targets = _targets(r["optout_targets"])
            reason = r.get("optout_via") or "unsubscribe_reply"
            note = f"triage rules {r['read_by']}" if r.get("read_by") else ""
        for target in targets if reason else []:
            events.append(Event(f"{reason}:{r['message_id']}:{target}", target, ADD, reason, r["message_id"],
                                "system", note, now))
    return events
