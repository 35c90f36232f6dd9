"""Deliverability guard: bounce and complaint rates per sending domain and mailbox, over a rolling window.

Mailbox providers judge a sender on recent mail, so only sends inside the window count. Hard
bounces are judged on the real sends, but pause sending only from ``min_bounces`` on: one stale
address among the first messages warns. Complaints are rare and noisy, so below ``min_sends`` their
rate is taken over ``min_sends`` (as if the missing sends had gone out without complaint): a single
complaint on the first twenty messages is not read as a 5 % rate, yet a burst of them still pauses
sending. The floor must not exceed what a mailbox can send in the window, or no volume would ever
be judged at its real rate: a mailbox still warming up (``ramp``) is floored at what its warm-up
allows over the window's days, from where its ramp stood when the window opened. A domain's floor is
the sum of the floors of its mailboxes.

A mailbox is counted under its ``person_key``: ``sdr+a@x``, ``SDR@x`` and ``sdr@x`` are one mailbox to
the provider, so their bounces and complaints are one rate, as they are one warm-up and one cap.

A long window dilutes a burst: three complaints in one day after two quiet weeks stay under the line
while they happen. So the last ``burst_hours`` are read too, as providers read a day's complaints
against the day's mail: from ``burst_min_complaints`` complaints on, a rate at the pause line pauses
the mailbox (or domain) as the window does, and lifts once those hours are back under it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from datetime import date, datetime, timedelta

from sdr_assets.domain.addresses import person_key
from sdr_assets.domain.days import utc_day
from sdr_assets.domain.sequencing import Limits, ramp_days, window_capacity

OK, WARN, PAUSE = "ok", "warn", "pause"
WINDOW, BURST = "window", "complaint burst"  # what a reading judged: the rolling window, or its last hours


@dataclass(frozen=True)
class DeliverabilityLimits:
    window_days: int = 14
    max_bounce_rate: float = 0.02  # hard bounces per send that pause sending
    max_complaint_rate: float = 0.003  # complaints per send that pause sending (Gmail and Yahoo block here)
    warn_complaint_rate: float = 0.001  # complaints per send that warn
    min_sends: int = 700  # complaint rates are taken over at least this many sends per mailbox past warm-up
    min_bounces: int = 10  # hard bounces that must be seen before their rate pauses sending
    ramp: Limits | None = None  # the mailboxes' warm-up; None: every mailbox may send its cap each day
    burst_hours: int = 24  # the short window a burst of complaints is read over
    burst_min_complaints: int = 3  # complaints in the short window before its rate may pause

    def __post_init__(self) -> None:
        if min(self.window_days, self.min_sends, self.min_bounces, self.burst_hours, self.burst_min_complaints) < 1:
            raise ValueError("the deliverability windows, minimum sends, bounces and burst complaints "
                             "must be at least 1")
        if not 0 < self.warn_complaint_rate <= self.max_complaint_rate:
            raise ValueError("the complaint warning must be positive and at most the pause rate")

    @property
    def max_idle_days(self) -> int | None:
        """Idle days past which a mailbox warms up again (``Limits.max_idle_days``)."""
        return self.ramp.max_idle_days if self.ramp else None

    def mailbox_floor(self, sending_days: int) -> int:
        """The floor of a mailbox that sent on ``sending_days`` UTC days before the window: ``min_sends``,
        or less where its warm-up lets it send less over the window's days."""
        if self.ramp is None:
            return self.min_sends
        return max(1, min(self.min_sends, window_capacity(self.ramp, sending_days, self.window_days)))


@dataclass(frozen=True)
class SenderReading:
    """One mailbox or sending domain over the window, with what it means and what to do."""

    scope: str  # mailbox or domain
    name: str
    sends: int
    hard_bounces: int
    complaints: int
    state: str  # ok, warn or pause
    message: str

    floor: int = 0  # the complaint rate is taken over at least this many sends
    cause: str = WINDOW  # what paused it: the window's rates, or a complaint burst in its last hours

    @property
    def bounce_rate(self) -> float:
        return self.hard_bounces / max(self.sends, 1)

    @property
    def complaint_rate(self) -> float:
        """Complaints over the sends or the floor, whichever is more: the rate the lines judge."""
        return self.complaints / max(self.sends, self.floor, 1)


@dataclass(frozen=True)
class SendOutcome:
    mailbox: str
    sent_at: datetime
    hard_bounce: bool
    complaint: bool
    complaint_at: datetime | None = None  # when the complaint arrived, where known


def sending_domain(mailbox: str) -> str:
    return mailbox.rpartition("@")[2].lower()


def assess(scope: str, name: str, sends: int, hard_bounces: int, complaints: int,
           limits: DeliverabilityLimits, floor: int | None = None) -> SenderReading:
    """The guard's verdict for one mailbox or domain, from its counts inside the window; its complaint
    rate is taken over at least ``floor`` sends (by default ``limits.min_sends``)."""
    floor = limits.min_sends if floor is None else floor
    bounce, complaint = hard_bounces / max(sends, 1), complaints / max(sends, floor, 1)
    figures = f"{scope} {name}: {_figures(sends, hard_bounces, complaints, floor, limits)}"
    bounces_over = bounce >= limits.max_bounce_rate
    if bounces_over and hard_bounces >= limits.min_bounces:
        return SenderReading(scope, name, sends, hard_bounces, complaints, PAUSE, floor=floor, message=(
            f"sending paused: {figures}; hard bounces reached {limits.max_bounce_rate:.1%}. Check where the "
            "addresses come from (enrichment source, stale contacts), remove the bounced ones and verify the "
            "rest before sending; sending resumes once the window's rate is back under the line."))
    if complaint >= limits.max_complaint_rate:
        return SenderReading(scope, name, sends, hard_bounces, complaints, PAUSE, floor=floor, message=(
            f"sending paused: {figures}; complaints reached {limits.max_complaint_rate:.1%}, where Gmail and "
            "Yahoo start blocking. Read the complaints, revoke or narrow the plays that caused them "
            "(sdr revoke PLAY), and check the unsubscribe link works; sending resumes once the window's rate "
            "is back under the line."))
    if complaint >= limits.warn_complaint_rate:
        return SenderReading(scope, name, sends, hard_bounces, complaints, WARN, floor=floor, message=(
            f"warning: {figures}; complaints passed {limits.warn_complaint_rate:.1%} (sending pauses at "
            f"{limits.max_complaint_rate:.1%}). Review which plays drew them before volume grows."))
    if bounces_over:
        return SenderReading(scope, name, sends, hard_bounces, complaints, WARN, floor=floor, message=(
            f"warning: {figures}; hard bounces passed {limits.max_bounce_rate:.1%}, and sending pauses at "
            f"{limits.min_bounces} of them. Check where the bounced addresses came from before sending more."))
    return SenderReading(scope, name, sends, hard_bounces, complaints, OK, floor=floor,
                         message=f"healthy: {figures}")


def _figures(sends: int, hard_bounces: int, complaints: int, floor: int, limits: DeliverabilityLimits) -> str:
    complaint = complaints / max(sends, floor, 1)
    floored = f"; {complaint:.2%} over the floor of {floor:,} sends" if complaints and sends < floor else ""
    return (f"{hard_bounces} hard bounces ({hard_bounces / max(sends, 1):.2%}) and {complaints} complaints "
            f"({complaints / max(sends, 1):.2%}{floored}) in {sends} sends over the last {limits.window_days} days")


def window_readings(outcomes: Iterable[SendOutcome], now: datetime, limits: DeliverabilityLimits,
                    sending_days: Mapping[str, int] | None = None) -> list[SenderReading]:
    """A reading per mailbox, then per sending domain, over the sends inside the window ending ``now``,
    and the complaints that arrived inside it, about older sends too (with those sends): a provider
    counts a complaint when it is made. The last ``burst_hours`` are counted alike, for a burst.

    ``sending_days`` gives per mailbox (``person_key``) the UTC days it sent on before the window that its
    warm-up counts (:func:`ramps_at`), which set its floor; by default they are counted from
    ``outcomes``, which must then hold every send.

    A domain is judged on all its mailboxes' mail, a paused one's too: a provider counts the complaints
    about that mail against the domain, so its other mailboxes stop once the domain's mail as a whole
    is over the line, and go on while it is under; one whose every mailbox is paused reads the same.
    """
    outcomes = list(outcomes)
    since = now - timedelta(days=limits.window_days)
    tallies = _tallies(outcomes, since)
    bursts = _burst_tallies(outcomes, now - timedelta(hours=limits.burst_hours), since)
    days = ramps_at(outcomes, since, limits.max_idle_days) if sending_days is None else sending_days
    floors = {m: limits.mailbox_floor(days.get(m, 0)) for m in tallies}
    return readings_from_counts(tallies, limits, floors, bursts)


def _burst_tallies(outcomes: list[SendOutcome], since: datetime, window: datetime) -> dict[str, tuple[int, int]]:
    """(sends, complaints) per mailbox (``person_key``) for the burst read over the hours from ``since``:
    the complaints that arrived in them, against the mail they can be about. Each sending domain is read
    from ``since`` and from each older message complained about in those hours (never from before the
    window opening ``window``): from each start, the complaints about the mail sent from it on, over
    that mail. A domain's burst is its worst reading: a late complaint about an old batch is read with
    that batch (not as 1 in 1, which would read 3 complaints on yesterday's 2,000 as 3 in 3 the next
    morning), and it never dilutes a burst on the mail of the last hours."""
    keys = cache(person_key)
    sent: dict[str, list[datetime]] = {}  # per mailbox, when each message went
    about: dict[str, list[datetime]] = {}  # per mailbox, when each message complained about in the hours went
    for o in outcomes:
        mailbox = keys(o.mailbox)
        sent.setdefault(mailbox, []).append(o.sent_at)
        if o.complaint and (o.sent_at >= since or (o.complaint_at is not None and o.complaint_at >= since)):
            about.setdefault(mailbox, []).append(o.sent_at)
    for times in (*sent.values(), *about.values()):
        times.sort()
    by_domain: dict[str, list[str]] = {}
    for mailbox in sent:
        by_domain.setdefault(sending_domain(mailbox), []).append(mailbox)

    def from_start(mailboxes: list[str], start: datetime) -> dict[str, tuple[int, int]]:
        return {m: (len(sent[m]) - bisect_left(sent[m], start),
                    len(about.get(m, ())) - bisect_left(about.get(m, []), start)) for m in mailboxes}

    def rate(tallies: dict[str, tuple[int, int]]) -> float:
        return sum(c for _, c in tallies.values()) / max(sum(n for n, _ in tallies.values()), 1)

    bursts: dict[str, tuple[int, int]] = {}
    for mailboxes in by_domain.values():
        starts = {since, *(max(window, t) for m in mailboxes for t in about.get(m, ()) if t < since)}
        bursts.update(max((from_start(mailboxes, start) for start in sorted(starts)), key=rate))
    return bursts


def ramps_at(outcomes: Iterable[SendOutcome], since: datetime, max_idle_days: int | None) -> dict[str, int]:
    """Per mailbox (``person_key``), the UTC days it sent on before ``since`` that its warm-up counts
    (``ramp_days``) on its first day of sending from then, or on ``since``'s if it has none."""
    earlier: dict[str, set[date]] = {}
    first: dict[str, date] = {}
    keys = cache(person_key)  # a window holds many sends from few mailboxes
    for o in outcomes:
        day, mailbox = utc_day(o.sent_at), keys(o.mailbox)
        if o.sent_at < since:
            earlier.setdefault(mailbox, set()).add(day)
        else:
            first[mailbox] = min(day, first.get(mailbox, day))
    return {m: ramp_days(d, first.get(m, utc_day(since)), max_idle_days) for m, d in earlier.items()}


def _tallies(outcomes: Iterable[SendOutcome], since: datetime) -> dict[str, tuple[int, int, int]]:
    """(sends, hard bounces, complaints) per mailbox (``person_key``) for a window opening ``since``: the
    sends inside it, and older ones whose complaint arrived inside it, with that complaint."""
    tallies: dict[str, list[int]] = {}
    keys = cache(person_key)  # a window holds many sends from few mailboxes
    for o in outcomes:
        tally = tallies.setdefault(keys(o.mailbox), [0, 0, 0])
        recent = o.sent_at >= since
        if recent or (o.complaint and o.complaint_at is not None and o.complaint_at >= since):
            tally[0] += 1
            tally[1] += int(o.hard_bounce and recent)
            tally[2] += int(o.complaint)
    return {m: (n, b, c) for m, (n, b, c) in tallies.items()}


def readings_from_counts(counts: Mapping[str, tuple[int, int, int]], limits: DeliverabilityLimits,
                         floors: Mapping[str, int] | None = None,
                         bursts: Mapping[str, tuple[int, int]] | None = None) -> list[SenderReading]:
    """Readings from (sends, hard bounces, complaints) per mailbox inside the window, each mailbox's
    complaints over its floor in ``floors`` (by default ``limits.min_sends``); where ``bursts`` gives
    (sends, complaints) per mailbox over the last ``burst_hours``, a burst pauses too."""
    bursts = bursts or {}
    mailboxes = [_burst_or(assess("mailbox", m, *counts[m], limits, (floors or {}).get(m)), bursts.get(m), limits)
                 for m in sorted(counts)]
    domains: dict[str, list[int]] = {}
    for reading in mailboxes:  # a paused mailbox's mail counts too, as its provider counts the domain's
        tally = domains.setdefault(sending_domain(reading.name), [0, 0, 0, 0, 0, 0])
        sends, complaints = bursts.get(reading.name, (0, 0))
        for i, n in enumerate((reading.sends, reading.hard_bounces, reading.complaints, reading.floor,
                               sends, complaints)):
            tally[i] += n
    return mailboxes + [_burst_or(assess("domain", d, *t[:3], limits, t[3] or None), (t[4], t[5]), limits)
                        for d, t in sorted(domains.items())]


def _burst_or(reading: SenderReading, burst: tuple[int, int] | None, limits: DeliverabilityLimits) -> SenderReading:
    """``reading``, or a pause where it does not pause and the last ``burst_hours`` hold a burst of
    complaints: at least ``burst_min_complaints``, at the pause line over the sends of those hours."""
    sends, complaints = burst or (0, 0)
    rate = complaints / max(sends, 1)
    if reading.state == PAUSE or complaints < limits.burst_min_complaints or rate < limits.max_complaint_rate:
        return reading
    window = _figures(reading.sends, reading.hard_bounces, reading.complaints, reading.floor, limits)
    return replace(reading, state=PAUSE, cause=BURST, message=(
        f"sending paused by a complaint burst: {reading.scope} {reading.name}: {complaints} complaints in "
        f"{sends} sends over the last {limits.burst_hours} hours ({rate:.2%}), at or above "
        f"{limits.max_complaint_rate:.1%} from {limits.burst_min_complaints} complaints on; {window}. Read the "
        "complaints, revoke or narrow the plays that caused them (sdr revoke PLAY), and check the unsubscribe "
        f"link works; sending resumes once the last {limits.burst_hours} hours are back under the line."))


def stopped_domains(readings: Iterable[SenderReading]) -> set[str]:
    """The sending domains whose every mailbox is paused: each one's own pause says all there is to tell,
    so its domain's reading, of the same mail, is shown but neither announced nor lifted while they wait."""
    readings = [r for r in readings if r.scope == "mailbox"]
    return ({sending_domain(r.name) for r in readings}
            - {sending_domain(r.name) for r in readings if r.state != PAUSE})


def blocking(readings: Iterable[SenderReading], mailbox: str) -> SenderReading | None:
    """The reading that stops ``mailbox`` from sending (its own or its domain's), if any: the mailbox
    as its sends are counted (``person_key``), whichever way the play spells it."""
    key = person_key(mailbox)
    mine = {("mailbox", key), ("domain", sending_domain(key))}
    return next((r for r in readings if (r.scope, r.name) in mine and r.state == PAUSE), None)


def unverified_alarms(real: Iterable[SenderReading], as_if: Iterable[SenderReading],
                      limits: DeliverabilityLimits) -> list[str]:
    """Where unverified complaints (reports naming an address but none of our messages, which the
    guard does not count: anyone may write one) would pause a sender were they real: ``as_if``
    counts them, ``real`` does not. One line per mailbox or domain, for a person to read."""
    counted = {(r.scope, r.name): r for r in real}
    as_if = list(as_if)
    stopped = stopped_domains(as_if)
    alarms = []
    for r in as_if:
        before = counted.get((r.scope, r.name))
        if (r.complaint_rate < limits.max_complaint_rate or (before is not None and before.state == PAUSE)
                or (r.scope == "domain" and r.name in stopped)):
            continue
        verified = before.complaints if before is not None else 0
        alarms.append(f"{r.scope} {r.name}: {r.complaints - verified} unverified and {verified} verified "
                      f"complaints in {r.sends} sends over the last {limits.window_days} days, "
                      f"{r.complaint_rate:.2%} (over at least {r.floor:,} sends), at or above the "
                      f"{limits.max_complaint_rate:.1%} line that pauses sending")
    return alarms
