"""One thread per account within a play: a new contact's first email waits while the play's sequence
to an earlier contact at the same account goes on.

Enrichment names one contact per play and account; a later run may name another (she left and the
provider lists her successor, a better match), while the research of the earlier contact's sequence
is kept (``begun_sequences``) and her follow-ups go on. Two threads at one account read as spam, so
the new contact's first email waits until that sequence ended: no email step of it is left to go, a
stop ended it (a reply, an opt-out, a departure notice), her address is suppressed (a bounce), a
refusal cut its emails short (``under_way``), or it stalled ``GRACE`` past its remaining delays; and
a day after the play's last email to her at the account, as after another play's. A reply of hers that
a person is to answer (interest, a question, an objection, a referral not yet accepted) keeps it under
way until it is handled: a person is talking to the account; and so does a meeting booked with her, until
``MEETING_HOLDS`` after its time (the conversation goes on in the CRM, and nothing waits for ever). The steps
left to go are her drafts': a sequence whose research is no longer kept has none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sdr_assets.domain.days import as_utc, days_after
from sdr_assets.domain.play_overlap import GRACE, resumed
from sdr_assets.domain.under_way import REACHED, progress

# Every reason begins so: the send ledger's held rows that wait for another contact's sequence.
OTHER_CONTACT = "waits for another contact at the account: "
# How long after a meeting's time (a booking's start, or the hand-off that recorded it) her account is in conversation.
MEETING_HOLDS = timedelta(days=14)


def account(row: dict[str, Any]) -> str:
    """The account a draft's or a ledger row's contact is at, as the rule compares them."""
    return str(row.get("company_domain") or "").strip().lower()


def threads_under_way(drafts: Iterable[dict[str, Any]], ledger: Iterable[dict[str, Any]], play: str, now: datetime,
                      who: Callable[[str], str], ended: Callable[[str], bool],
                      talking: Mapping[str, str] | None = None,
                      booked: Mapping[str, datetime] | None = None,
                      paused: Mapping[str, date] | None = None) -> dict[str, dict[str, str]]:
    """Per account, the people (``who``) whose sequence of ``play`` is under way there at ``now``, each
    with the held reason for another contact's first email. ``ended`` says of a person whether a stop
    or a suppression ended her sequence; ``talking`` gives the people a person is still to answer (their
    reply escalated and is not handled: ``replies_in_hand``), with its label, whose stop ends nothing yet;
    ``booked`` the people with a meeting booked (``meetings_booked``), with its time; ``paused`` the day a
    pause of hers lifts (she is away: her sequence goes on then, ``play_overlap.resumed``).
    The day after an email and the accounts of a reply are read from the ledger, whose rows name their
    account, so they hold after her research is let go too."""
    steps: dict[str, dict[int, int]] = {}  # per person, her email drafts: step and delay
    where: dict[str, dict[str, str]] = {}  # per person, her accounts (one profile under two), each with her address
    for draft in drafts:
        if draft["channel"] == "email" and account(draft):
            person = who(draft["contact_email"])
            steps.setdefault(person, {})[int(draft["step"])] = int(draft["delay_days"])
            where.setdefault(person, {}).setdefault(account(draft), draft["contact_email"])
    rows = [r for r in ledger if r["play"] == play]
    keys: dict[str, str] = {}  # ``who`` of each address, asked once: the ledger holds the play's whole history

    def whose(address: str) -> str:
        return keys[address] if address in keys else keys.setdefault(address, who(address))

    busy: dict[str, dict[str, str]] = {}
    recent = [r for r in rows if r["status"] in REACHED and account(r) and not days_after(r["sent_at"], 1, now)]
    for row in sorted(recent, key=lambda r: as_utc(r["sent_at"])):  # her latest email gives the reason
        busy.setdefault(account(row), {})[whose(row["contact_email"])] = (
            f"{OTHER_CONTACT}{row['contact_email']} was mailed at {as_utc(row['sent_at']):%Y-%m-%d %H:%M} UTC "
            "in this play; a first email to another contact at the account goes a day after at the earliest")
    for row in rows if talking else ():
        if row["status"] in REACHED and account(row) and (label := talking.get(whose(row["contact_email"]))):
            busy.setdefault(account(row), {})[whose(row["contact_email"])] = (
                f"{OTHER_CONTACT}{row['contact_email']} replied in this play ({label}) and a person is still to "
                "handle it; one thread per account at a time, so this first email goes once it is handled")
    for row in rows if booked else ():
        meeting = booked.get(whose(row["contact_email"]))
        if meeting is None or row["status"] not in REACHED or not account(row) or as_utc(now) >= (
                until := as_utc(meeting) + MEETING_HOLDS):
            continue
        busy.setdefault(account(row), {})[whose(row["contact_email"])] = (
            f"{OTHER_CONTACT}{row['contact_email']} has a meeting booked in this play "
            f"({as_utc(meeting):%Y-%m-%d %H:%M} UTC); one thread per account at a time, so this first email waits "
            f"until {until:%Y-%m-%d %H:%M} UTC unless the meeting is canceled")
    for (_, person), sequence in progress(rows, whose, set(where)).items():
        if not sequence.emails_go_on() or sequence.at is None or ended(person):
            continue
        ends = _ends(resumed(sequence.at, (paused or {}).get(person)), sequence.last, steps[person])
        if ends is None or as_utc(now) >= ends:
            continue
        for place, address in where[person].items():
            busy.setdefault(place, {}).setdefault(person, (
                f"{OTHER_CONTACT}{address} is in this play's sequence (step {sequence.last} sent); one thread per "
                f"account at a time, so this first email goes once it ends, by {ends:%Y-%m-%d %H:%M} UTC at the "
                "latest"))
    return busy


def _ends(at: datetime, last: int, delays: dict[int, int]) -> datetime | None:
    """When a sequence whose step ``last`` went ``at`` counts as ended, however it stalls: ``GRACE`` after
    the delay of her last email drafted; None where no email step is left to go (``delays``, per step)."""
    left = [step for step in delays if step > last]
    if not left:
        return None
    return as_utc(at) + timedelta(days=max(0, delays[max(left)] - delays.get(last, 0))) + GRACE
