"""The escalation queue as pure logic: which replies escalate, their priority, their short id, and
the queue state derived from an append-only log of events.

Nothing here stores state: a person's claim, note, snooze or hand-off is an event, a later reply on
the thread is an event, and the current status is a fold over them. A pipeline run can only append.
"""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sdr_assets.domain.approvals import person_name
from sdr_assets.domain.days import as_utc

ESCALATE_LABELS = ("interested", "question", "objection", "wrong_person")
PRIORITY = {"interested": 1, "question": 2, "objection": 3, "wrong_person": 4}
REVIEW_PRIORITY = 5  # anything else a person must read: labels the classifier was unsure of
# What triage calls a message it could not place; with needs_review it asks a person to read it.
UNPLACED_KIND = "other"
# The reason triage gives a reply that may ask us to stop though its rule did not take it for a
# request (``sdr_assets.triage.result.MAY_ASK_TO_STOP``), and the words of earlier versions.
MAY_ASK_TO_STOP = "may ask us to stop, in words the opt-out rule does not take for a request: a person checks"
# The reason triage gives a hostile reply (``sdr_assets.triage.hostility``): no sales answer, and the
# queue points its reader at recording an opt-out, as for a reply that may ask us to stop.
HOSTILE = "hostile: calls our mail spam or harassment, cites the law, swears or asks how we got the address"
# The reason and sub-reason triage gives a reply that makes a data-protection request
# (``sdr_assets.triage.data_requests``): a person answers it, and no sales answer is suggested. An
# opt-out with it is recorded as any other; a hostile one keeps ``HOSTILE`` as its reason.
DATA_REQUEST = "data request (source, copy or erasure of their data): a person answers within a month"
# The reason triage gives an opt-out that also asks a question or for something, or names another address
# ("remove me, but book me a demo"; "write to me at ann@newco.example instead"): the opt-out is recorded as
# any other, and a person reads the rest (a named address may be a referral, or someone else to stop).
ASKS_BESIDES = ("an opt-out that also asks something or names another address: recorded; a person reads "
                "the rest")
# The reason a reply that could not be triaged carries in the queue (``sdr_assets.reply_quarantine``):
# nobody has read it, so it may ask us to stop, and its sender's mail waits until a person handles it.
UNTRIAGED = "could not be triaged: may ask us to stop; its sender's mail waits until a person handles it"
# The reasons triage gives a bounce whose human-readable part carries a person's note
# (``sdr_assets.triage.bounce_notes``): its recipient is suppressed as for any bounce, and a person reads
# the note, a referral to propose or a request to stop (a postmaster's for a whole domain, never automatic).
BOUNCE_REFERRAL = "a bounce with a person's note naming someone to write to instead: a person reads it"
BOUNCE_STOP = "a bounce with a person's note asking us to stop: a person decides what to suppress"
BOUNCE_NOTES = (BOUNCE_REFERRAL, BOUNCE_STOP)
# The reason triage gives an auto-reply saying the contact has left: nobody reads her mailbox, so no answer
# is suggested; a person accepts the successor it names as a referral.
DEPARTED = "auto-reply: the contact has left"
# The reason triage gives an auto-reply whose own text asks us to stop: an opt-out, written by no person.
AUTO_OPTOUT = "an automatic reply whose own text asks us to stop"
# The reason triage gives an auto-reply whose own text may ask us to stop (``MAY_ASK_TO_STOP``): a person
# checks, as for a person's reply, but no person wrote it.
AUTO_MAY_ASK_TO_STOP = "an automatic reply that may ask us to stop, in words the opt-out rule does not take: a person checks"
# Auto-replies triage takes for her answer, to stop her sequence (``kind`` human), that no person wrote.
AUTO_ANSWERS = (DEPARTED, AUTO_OPTOUT, AUTO_MAY_ASK_TO_STOP)
OPTING_OUT_REASONS = (MAY_ASK_TO_STOP, "speaks of opting out without asking to: a person checks", HOSTILE, UNTRIAGED,
                      BOUNCE_STOP, AUTO_MAY_ASK_TO_STOP)
# The label such a message carries in the queue: there for a person to read, not a sales lead.
REVIEW_LABEL = "review"
SLA_LABELS = ("interested", "question")
# A reply that takes back what its writer said before: a later decline outranks her earlier interest.
WITHDRAWING_LABELS = ("not_interested", "unsubscribe")
# "opted_out": the contact asked us to stop in words the opt-out rule missed; handling it suppresses her.
OUTCOMES = ("meeting", "disqualified", "nurture", "other", "opted_out")
ACTIONS = ("claim", "note", "snooze", "handle")
# What takes an escalation out of its holder's hands, refused on one someone else holds (a note is not).
HOLDER_ACTIONS = ("claim", "snooze", "handle")
STATUSES = ("open", "claimed", "snoozed", "handled")
ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no i, l, o, 0, 1: easy to read out and type


class EscalationError(ValueError):
    """An action that cannot be recorded, with the reason a person can act on."""


def bounce_note(kind: str, reason: str | None) -> bool:
    """A bounce that carries a person's note (``BOUNCE_NOTES``): the one bounce a person reads."""
    return kind == "bounce" and reason in BOUNCE_NOTES


def in_conversation(kind: str, needs_review: bool | None, reason: str | None = None) -> bool:
    """A message joins its conversation when a person wrote it, or when triage could not place it
    and asks a person to read it, or when it is a bounce with a person's note; other bounces,
    auto-replies and reports nobody need read stay out."""
    return kind == "human" or (kind == UNPLACED_KIND and bool(needs_review)) or bounce_note(kind, reason)


def escalates(kind: str, label: str | None, needs_review: bool | None, reason: str | None = None) -> bool:
    """A person's reply escalates when it can become pipeline, or when triage is unsure of it; so
    does a message triage could not place and left to a person, and a bounce with a person's note."""
    if kind == UNPLACED_KIND:
        return bool(needs_review)
    if kind == "bounce":
        return bounce_note(kind, reason)
    return kind == "human" and (label in ESCALATE_LABELS or bool(needs_review))


def queue_label(kind: str, label: str | None, reason: str | None = None) -> str | None:
    """The label a message shows in the queue: its own, or ``review`` for one triage could not place,
    for a bounce (one with a person's note) and for an auto-reply that may ask us to stop (what the
    labeller made of its words is no prospect's answer): read by a person, never answered."""
    return REVIEW_LABEL if kind in (UNPLACED_KIND, "bounce") or reason == AUTO_MAY_ASK_TO_STOP else label


def priority(label: str | None) -> int:
    return PRIORITY.get(label or "", REVIEW_PRIORITY)


def thread_key(play: str | None, contact_email: str | None, from_addr: str | None) -> str:
    """One conversation per play and contact: every step of a sequence and every answer to it."""
    who = (contact_email or from_addr or "").strip().lower()
    return f"{play or '-'}|{who}"


def short_id(key: str, taken: set[str], length: int = 6) -> str:
    """A stable, typeable id from the thread key; lengthened only if an earlier id already took it."""
    digest = int(hashlib.sha256(key.encode()).hexdigest(), 16)
    chars = []
    while digest and len(chars) < 24:
        digest, rest = divmod(digest, len(ID_ALPHABET))
        chars.append(ID_ALPHABET[rest])
    text = "".join(chars)
    for size in range(length, len(text) + 1):
        if text[:size] not in taken:
            return text[:size]
    raise EscalationError(f"no free id for {key}")


@dataclass
class QueueState:
    """Where one escalation stands now, derived from its events."""

    status: str = "open"
    owner: str | None = None
    outcome: str | None = None
    last_outcome: str | None = None  # the latest hand-off's, kept when a reply opens the conversation again
    snoozed_until: datetime | None = None
    waiting_since: datetime | None = None  # the first reply since a person last claimed, snoozed or handled it
    claimed_at: datetime | None = None  # when its holder claimed it, or took it over
    held_by: str | None = None  # whose claim stands: claimed, or snoozed by its claimant, until it wakes
    handled_at: datetime | None = None
    handled_by: str | None = None
    reopened: bool = False
    notes: list[dict] = field(default_factory=list)
    last_action_at: datetime | None = None


def fold(events: list[dict], routed_to: str | None, now: datetime) -> QueueState:
    """Replay ``events`` (in log order) for one escalation.

    A reply that arrives after a person handled or snoozed the conversation opens it again; the
    owner stays, so the same person sees it in their inbox. The wait starts at the first reply
    nobody has answered: the prospect's next nudge does not restart it, a claim, snooze or hand-off does.
    A claimant's snooze keeps her claim until the conversation wakes; a snooze or hand-off by someone
    else while it is held is a take-over (``check_action`` let it through), which makes them its owner.
    """
    state = QueueState(owner=routed_to)
    for e in events:
        action, at = e["action"], e["acted_at"]
        if state.status == "snoozed" and state.snoozed_until and at >= state.snoozed_until:
            state.status, state.waiting_since, state.held_by = "open", state.snoozed_until, None
        if action == "reply":
            if state.status in ("handled", "snoozed"):
                state.status, state.reopened, state.outcome, state.held_by = "open", True, None, None
            if state.waiting_since is None:
                state.waiting_since = at
            continue
        state.last_action_at = at
        if action in ("claim", "snooze", "handle"):
            state.waiting_since = None
        if e.get("note"):
            state.notes.append({"by": e["actor"], "at": at, "action": action, "text": e["note"]})
        taken = action in HOLDER_ACTIONS and taken_from(state, e["actor"], action) is not None
        if action == "claim" or taken:
            state.owner, state.claimed_at, state.held_by = e["actor"], at, e["actor"]
        if action == "claim":
            state.status = "claimed"
        elif action == "snooze":
            state.status, state.snoozed_until = "snoozed", e["until"]
        elif action == "handle":
            state.status, state.outcome, state.handled_at, state.handled_by = "handled", e["outcome"], at, e["actor"]
            state.last_outcome, state.held_by = e["outcome"], None
            state.owner = state.owner if state.claimed_at else e["actor"]
    if state.status == "snoozed" and state.snoozed_until and now >= state.snoozed_until:
        state.status, state.waiting_since, state.held_by = "open", state.snoozed_until, None
    return state


def taken_from(state: QueueState, actor: str, action: str = "claim") -> str | None:
    """Who ``action`` by ``actor`` would take the escalation from: someone else who holds it (claimed
    it, and has not let it go by a hand-off or its snooze waking), else None."""
    if (action in HOLDER_ACTIONS and state.held_by
            and state.held_by.strip().lower() != actor.strip().lower()):
        return state.held_by
    return None


def with_holder(note: str, holder: str | None) -> str:
    """The note of an action that takes the escalation from ``holder`` (if anyone): it names them."""
    if not holder:
        return note
    return f"took over from {holder}" + (f": {note.strip()}" if note.strip() else "")


def check_action(state: QueueState, action: str, actor: str, *, outcome: str | None = None,
                 until: datetime | None = None, now: datetime, escalation_id: str = "",
                 take_over: bool = False) -> None:
    """Refuse what would make the log lie: a nameless action, a snooze into the past, and so on.

    A claim, snooze or hand-off of an escalation someone else holds is refused unless ``take_over``
    says it is meant; a note never is.
    """
    if action not in ACTIONS:
        raise EscalationError(f"unknown action '{action}'; use one of {', '.join(ACTIONS)}")
    if not (actor or "").strip():
        raise EscalationError("every action needs the name of the person taking it (--by NAME)")
    if person_name(actor) is None:
        raise EscalationError(f"'{actor.strip()}' names nobody: every action needs the name of the person taking "
                              "it, your own (--by \"Dana Whitfield\")")
    if action == "handle" and outcome not in OUTCOMES:
        raise EscalationError(f"handled needs an outcome: one of {', '.join(OUTCOMES)}")
    if action != "handle" and outcome is not None:
        raise EscalationError(f"an outcome ({outcome}) closes an escalation: record it with handled, not with "
                              f"{action}, which takes none")
    if action == "snooze" and (until is None or until <= now):
        raise EscalationError(f"snooze needs a date after now ({now:%Y-%m-%d %H:%M} UTC)")
    if action in ("claim", "snooze", "handle") and state.status == "handled":
        raise EscalationError(f"{escalation_id} was already handled ({state.outcome}) by {state.handled_by}; "
                              "it opens again by itself when the contact replies")
    holder = taken_from(state, actor, action)
    if holder and not take_over:
        since = f" since {state.claimed_at:%Y-%m-%d %H:%M} UTC" if state.claimed_at else ""
        raise EscalationError(f"{escalation_id} is claimed by {holder}{since}; ask them, or add --take-over "
                              "to take it from them")


def parse_when(text: str) -> datetime:
    """``YYYY-MM-DD`` (start of that day, UTC) or an ISO timestamp (UTC when no offset is given)."""
    value = (text or "").strip()
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(0), UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise EscalationError(f"'{text}' is not a date (YYYY-MM-DD) or an ISO timestamp") from None
    try:
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:00-05:00 is a valid timestamp whose UTC day is year 10000
        raise EscalationError(f"'{text}' falls outside the years 1 to 9999 in UTC") from None


def business_hours_between(start: datetime, end: datetime, day_start: int = 9, day_end: int = 17,
                           zone: tzinfo = UTC) -> float:
    """Hours between two instants that fall on weekdays between ``day_start`` and ``day_end`` in the
    team's ``zone`` (UTC by default; a zone's summer time moves its hours with it)."""
    start, end = as_utc(start), as_utc(end)  # a zone read from the warehouse would move the hours
    if zone is not UTC:  # a day's margin keeps every instant's date in the zone within the calendar
        start = max(start, datetime.min.replace(tzinfo=UTC) + timedelta(days=1))
        end = min(end, datetime.max.replace(tzinfo=UTC) - timedelta(days=1))
    if end <= start:
        return 0.0
    # Any seven days hold five working days: whole weeks, one short so a change of summer time
    # cannot carry the start past the end, are counted at once, so a reply whose Date says year
    # 100 costs no walk over seven hundred thousand days. They are the zone's weeks, wall-clock.
    weeks = max(0, (end - start) // timedelta(weeks=1) - 1)
    total = float(weeks * 5 * max(0, day_end - day_start))
    start = as_utc(start.astimezone(zone) + timedelta(weeks=weeks))
    first = start.astimezone(zone).date()
    for day in (first + timedelta(days=n) for n in range((end.astimezone(zone).date() - first).days + 1)):
        if day.weekday() < 5:
            opens = as_utc(datetime.combine(day, time(day_start), zone))
            closes = as_utc(datetime.combine(day, time(day_end), zone))
            overlap = (min(end, closes) - max(start, opens)).total_seconds()
            total += max(0.0, overlap) / 3600
    return total


def answer_due(received: datetime, zone: tzinfo = UTC) -> date:
    """The day by which a data-protection request received at ``received`` must be answered: one calendar
    month on (GDPR Art. 12(3)), the same day of the next month, or its last day where it has none
    (31 January is due 28 or 29 February), the days those of the team's ``zone``."""
    day = as_utc(received).astimezone(zone).date()
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def answer_overdue(due: date | None, status: str, now: datetime, zone: tzinfo = UTC) -> bool:
    """Whether a data request due on ``due`` (a day of ``zone``) is past its month unanswered: within it,
    it only waits."""
    return due is not None and status != "handled" and as_utc(now).astimezone(zone).date() > due


def waits(state: QueueState, label: str | None) -> bool:
    """Whether the conversation is an unclaimed interested or question reply, whose waiting is counted."""
    return state.status == "open" and label in SLA_LABELS and state.waiting_since is not None


def waiting_hours(state: QueueState, label: str | None, now: datetime) -> float | None:
    """Business hours an unclaimed interested or question reply has waited, else None."""
    if not waits(state, label):
        return None
    return business_hours_between(state.waiting_since, now)
