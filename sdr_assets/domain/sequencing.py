"""Which sequence steps are due, and how many the sending domain can take today.

Pure planning: given drafts, the ledger of what was already sent, suppressions and holds, return
what to send now and what to record as skipped.

A step's delay counts days from the first email, and an email step also waits for the step
before it (LinkedIn steps aside), by the difference of their delays: a late step (a pause, say)
moves the later ones by as much, so one person never gets two steps at once or out of order. A day
is a UTC day on and 24 hours later less 12 (``domain/days.days_after``, ``LEEWAY``). A first email
waits while another play mails the person (``domain/play_overlap``): one conversation at a time;
and while the play's sequence to another contact at her account goes on (``domain/account_threads``):
one thread per account.
A person is the mailbox her address reaches (``person_key``), and every address of hers whose draft
names the same LinkedIn profile (``linked_people``: one contact found under two company domains), or
her full name at the same account (her address changed).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import unquote

from sdr_assets.domain.account_threads import account, threads_under_way
from sdr_assets.domain.addresses import InvalidAddressError, canonical_address, person_key
from sdr_assets.domain.days import as_utc, days_after, utc_day
from sdr_assets.domain.play_overlap import Sequence, mailing_elsewhere
from sdr_assets.domain.under_way import REACHED, RETRIED, SENT_BEFORE

MAX_SOFT_BOUNCE_RETRIES = 2


def send_key(play: str, contact_email: str, step: int, attempt: int = 0) -> str:
    """Idempotency key: one play, contact, step and attempt is sent at most once, whatever the version.

    The contact is its canonical address, so every spelling of one mailbox shares the key (an invalid
    address, which is never mailed, is lower-cased). Attempts above 0 are retries after a soft bounce;
    the attempt number comes from the bounces recorded, so a re-run computes the same key and cannot
    send the retry twice.
    """
    return _key(play, _key_address(contact_email), step, attempt)


def content_digest(draft: dict[str, Any]) -> str:
    """What a drafted email says, its subject and body: the same message sent before as another step
    of the play (an approved edit that inserts a step renumbers the ones after it) is not sent again."""
    text = f"{draft.get('subject') or ''}\n{draft.get('body') or ''}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def former_send_key(play: str, contact_email: str, step: int, attempt: int = 0) -> str | None:
    """The key ledgers hold for this step from before keys took the canonical address (the spelling
    lower-cased), where it differs from :func:`send_key`'s; None where it is the same."""
    spelled = contact_email.lower()
    return None if spelled == _key_address(contact_email) else _key(play, spelled, step, attempt)


def _key_address(contact_email: str) -> str:
    try:
        return canonical_address(contact_email)
    except InvalidAddressError:
        return contact_email.lower()


def _key(play: str, address: str, step: int, attempt: int) -> str:
    suffix = f"|retry{attempt}" if attempt else ""
    return hashlib.sha256(f"{play}|{address}|{step}{suffix}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Limits:
    mailbox_daily_cap: int
    warmup_start: int
    warmup_increment: int
    play_daily_cap: int
    max_idle_days: int | None = None  # idle longer than this, a mailbox warms up again; None: never


# How firmly each kind of hold stands: one gives way to another kind at least as firm, never a stop.
HOLD_STRENGTH = {"pause": 0, "wait": 1, "stop": 2}


@dataclass(frozen=True)
class Hold:
    kind: str  # stop, wait (for a person to read a reply that may ask us to stop) or pause
    until: date | None
    reason: str

    @property
    def ends(self) -> bool:
        """Whether the sequence is over: a stop; a wait or a pause only makes it wait."""
        return self.kind == "stop"

    def holds_on(self, day: date) -> bool:
        """Whether the sequence waits on ``day``: a stop and a wait always, a pause until its day."""
        return self.kind != "pause" or (self.until is not None and day < self.until)

    def gives_way_to(self, other: Hold) -> bool:
        """Whether ``other`` takes this hold's place: a stop stands, and a wait over a pause."""
        return not self.ends and HOLD_STRENGTH.get(other.kind, 2) >= HOLD_STRENGTH.get(self.kind, 2)


@dataclass
class Plan:
    send: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    deferred: dict[str, int] = field(default_factory=dict)
    halted: str | None = None
    # Drafts left out because an earlier one has their send key (one contact under two accounts, say):
    # {"draft_id", "send_key", "kept"}, where "kept" is the draft planned in their place.
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    # Emails whose message went to the contact before as another step, to record ``sent_before``:
    # the draft with its "send_key", "sent_as" (that step), "sent_at" (when it went) and "reason".
    sent_before: list[dict[str, Any]] = field(default_factory=list)


def profile_key(url: str | None) -> str | None:
    """A person's LinkedIn profile as its stored spellings compare: lower-cased, without scheme, ``www.``,
    a country's or the mobile host on linkedin.com (``uk.``, ``m.``), query or trailing slash, its escapes
    read (``%C3%BC`` is ``ü``; a broken one stays); None where the URL names no one's profile (``/in/<name>``,
    ``/pub/<name>``): a company's page, or a bare host, is shared by its people."""
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", (url or "").strip().lower())
    text = re.split(r"[?#]", re.sub(r"^(?:[a-z]{2}|m)\.(?=linkedin\.com/)", "", text.removeprefix("www.")),
                    maxsplit=1)[0].rstrip("/")
    with suppress(UnicodeDecodeError):  # as the SQL pre-filter reads it (``shared_profiles.SHARED_SQL``)
        text = unquote(text, errors="strict")
    return text if re.fullmatch(r"[^/\s]+/(?:in|pub)/[^\s]+", text) else None


def name_key(name: str | None) -> str:
    """A contact's name as her spellings compare: without accents, in lower case, one space between words
    (one provider writes 'Zoë Lee', another 'Zoe Lee'; a non-breaking space is a space)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", str(name or "")) if not unicodedata.combining(c))
    return " ".join(plain.split()).casefold()


def linked_people(rows: Iterable[Mapping[str, Any]], *, current_apart: bool = True) -> dict[str, str]:
    """Per ``person_key`` of the rows' ``contact_email``s that share a LinkedIn profile (``linkedin_url``,
    :func:`profile_key`) and a ``contact_name`` with another person key, or a full name (two words at
    least) at the same account (``company_domain``), each as :func:`name_key` compares them, the one key they
    all go by (the least). The same
    person found under two company domains is one person, and so is one whose address enrichment changed;
    a key joined to none is left out. The name guards against a provider's placeholder profile
    (``/in/null``) shared by strangers, which would leave all but one of them unmailed: rows without a
    name join nobody, and a first name alone joins no one at an account either; nor does a full name found
    there with two profiles, or with two addresses enrichment names now (a row's ``current``): namesakes,
    one would be left unmailed, stopped by the other's unsubscribe. An address changed is no longer named.
    ``current_apart`` False joins those two as well: whom an opt-out stops, for one person's old address
    kept by one play's enrichment and her new one found by another's are current alike."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    named = [(row, name) for row in rows if row.get("contact_email") and (name := name_key(row.get("contact_name")))]
    # Per full name at an account, the profiles it is found with, and the addresses enrichment names now.
    profiles: dict[tuple[str, str], set[str]] = {}
    current: dict[tuple[str, str], set[str]] = {}
    for row, name in named:
        if " " in name and account(row) and (profile := profile_key(row.get("linkedin_url"))):
            profiles.setdefault((f"@{account(row)}", name), set()).add(profile)
        if " " in name and account(row) and row.get("current"):
            current.setdefault((f"@{account(row)}", name), set()).add(person_key(row["contact_email"]))
    first: dict[tuple[str, str], str] = {}
    for row, name in named:
        key = person_key(row["contact_email"])
        places = [profile_key(row.get("linkedin_url"))]
        at = (f"@{account(row)}", name)
        if " " in name and account(row) and len(profiles.get(at, ())) < 2 and (
                not current_apart or len(current.get(at, ())) < 2):
            places.append(f"@{account(row)}")
        for place in places:
            if place is not None:
                a, b = root(first.setdefault((place, name), key)), root(key)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    roots = {key: root(key) for key in parent}
    shared = {r for key, r in roots.items() if key != r}
    return {key: r for key, r in roots.items() if r in shared}


def holds_on(holds: Mapping[str, Hold], day: date, who: Callable[[str], str]) -> dict[str, Hold]:
    """Per person (``who`` of each held ``person_key``), the hold that makes her wait on ``day``, a stop
    before a wait before a pause: a reply from one address of hers holds every other (``linked_people``)."""
    held: dict[str, Hold] = {}
    for key, hold in sorted(holds.items()):
        person = who(key)
        if hold.holds_on(day) and (person not in held or held[person].gives_way_to(hold)):
            held[person] = hold
    return held


def warmup_capacity(limits: Limits, sending_days: int) -> int:
    """Daily allowance of a mailbox that sent on ``sending_days`` earlier UTC days, never above the cap.

    The ramp counts days the mailbox sent on, not calendar days: a weekend or an idle week is no
    warm-up for the providers that watch it (:func:`ramp_days`: a long idle stretch starts it over)."""
    return min(limits.mailbox_daily_cap, limits.warmup_start + limits.warmup_increment * sending_days)


def ramp_days(days: Iterable[date], until: date, max_idle_days: int | None) -> int:
    """How many of ``days`` (the UTC days a mailbox sent on, none after ``until``) its warm-up counts on
    ``until``: all of them, but a mailbox that lay idle for more than ``max_idle_days`` days in between
    counts only the days since, and one idle that long up to ``until`` none. Providers forget a
    sender that went quiet, and expect it to warm up again."""
    counted, last = 0, None
    for day in sorted(set(days)):
        counted = 1 if _idle_over(last, day, max_idle_days) else counted + 1
        last = day
    return 0 if _idle_over(last, until, max_idle_days) else counted


def _idle_over(last: date | None, day: date, max_idle_days: int | None) -> bool:
    return None not in (last, max_idle_days) and (day - last).days - 1 > max_idle_days


def window_capacity(limits: Limits, sending_days: int, days: int) -> int:
    """The most a mailbox that sent on ``sending_days`` earlier UTC days can send over its next ``days``
    days, sending each day all its warm-up allows."""
    return sum(warmup_capacity(limits, sending_days + day) for day in range(days))


def _latest(times: Mapping[str, datetime], who: Callable[[str], str]) -> dict[str, datetime]:
    """``times`` by person (``who``), the latest of her keys'."""
    latest: dict[str, datetime] = {}
    for key, at in times.items():
        latest[who(key)] = max(at, latest.get(who(key), at))
    return latest


def plan_sends(
    drafts: list[dict[str, Any]],
    ledger: list[dict[str, Any]],
    suppressed: set[str],
    holds: dict[str, Hold],
    limits: Limits,
    now: datetime,
    play: str,
    mailbox: str,
    soft_bounces: dict[tuple[str, int], int] | None = None,
    stale: dict[str, str] | None = None,
    deferrals: Mapping[str, int] | None = None,
    *,
    sending: Mapping[str, Sequence],
    same_person: Mapping[str, str] | None = None,
    play_steps: list[tuple[str, int]] | None = None,
    in_hand: Mapping[str, str] | None = None,
    booked: Mapping[str, datetime] | None = None,
    bounced: Collection[str] = (),
    referred: Collection[str] = (),
) -> Plan:
    """``soft_bounces`` maps (contact email, step) to how many of its attempts soft-bounced; ``stale``
    maps a draft id to why its why-now no longer holds: that draft, once due, is recorded ``held``
    with the reason instead of sent, and a later draft of its step (fresh research) takes its place.
    ``sending`` gives each play that may still mail its sequence (``play_overlap``): a first email to a
    person another of them is mailing is recorded ``held`` with the reason likewise, and so is one to a
    contact at an account where the play's sequence to another contact goes on (``account_threads``).
    ``deferrals`` maps a send key to how many times the mail server deferred it (a 4xx): a draft deferred
    fewer times goes first, so the ones a server keeps deferring do not take the day's allowance from
    the rest, and still go when there is room.
    ``same_person`` (``linked_people``) joins the addresses of one LinkedIn profile: she gets one message
    a step, at the address her sequence began at, another play mailing any of them holds her first, and a
    hold on any of them (a reply, her out-of-office) holds them all. ``bounced`` (``person_key``s of
    addresses suppressed for a bounce) tells a sequence that never began: a first email that bounced; a
    later step that bounced hands her sequence on to another address of hers, from that step (``_moved_on``).
    ``play_steps`` gives each step of the play, in order, its channel and delay: a step without a draft
    (a LinkedIn note the verifier held) is known by them, so no email waits for a LinkedIn step.
    ``in_hand`` (``replies_in_hand``, by ``person_key``) gives the contacts whose escalated reply a person
    is still to handle: the play's first email to another contact at their account waits meanwhile, as
    it does while ``booked`` (``meetings_booked``, by ``person_key``) gives a meeting of theirs; a contact
    in ``referred`` (``referrals_accepted``), whom the account's own contact named, waits for neither.

    Bounce and complaint rates are the deliverability guard's business (``domain/deliverability.py``):
    the send step asks it before planning."""
    plan = Plan()
    today = utc_day(now)
    done = {row["send_key"] for row in ledger if row["status"] not in RETRIED}
    refused = {row["send_key"] for row in ledger if row["status"] == "suppressed"}
    reached = _reached_as(ledger, play)
    sent_on = _sent_times(ledger, play)
    linked = same_person or {}

    def who(address: str) -> str:
        key = person_key(address)
        return linked.get(key, key)

    paused: dict[str, date] = {}  # per person, the day her latest pause lifts (the sequence goes on then)
    for key, hold in holds.items():
        if hold.kind == "pause" and hold.until is not None:
            paused[who(key)] = max(hold.until, paused.get(who(key), hold.until))
    elsewhere = mailing_elsewhere(ledger, play, now, sending, {who(d["contact_email"]) for d in drafts
                                                               if d["step"] == 1}, key=who, paused=paused)
    begun_as = _begun_as(ledger, play, who, bounced)
    moved = _moved_on(ledger, play, who, bounced)
    holding = holds_on(holds, today, who)
    # A bounce at an address her sequence moved on from (``_moved_on``) stops nothing of hers.
    stopped = {who(d["contact_email"]) for d in drafts if d["contact_email"].lower() in suppressed} - {
        who(d["contact_email"]) for d in drafts
        if d["contact_email"].lower() not in suppressed and _takes_over(moved, d, who, bounced)}
    talking = {who(key): label for key, label in (in_hand or {}).items() if who(key) not in stopped}
    threads = threads_under_way(drafts, ledger, play, now, who,
                                lambda person: person in stopped or (person in holding and holding[person].ends),
                                talking, _latest(booked or {}, who), paused)
    # Her steps before the one that bounced reached her at her old addresses (one bounced, another since).
    before = {}
    for (key, step), at in sent_on.items() if moved else ():
        if key in bounced and who(key) in moved:
            before[who(key), step] = max(at, before.get((who(key), step), at))
    for draft in drafts:
        if (gone := _takes_over(moved, draft, who, bounced)) is not None:
            for step in range(1, gone[1]):
                if (at := before.get((who(draft["contact_email"]), step))) is not None:
                    sent_on.setdefault((person_key(draft["contact_email"]), step), at)
    went = _sent_as_other_steps(drafts, ledger, play, sent_on)
    drafted = _drafted_steps(drafts)
    known = {number: (channel, int(delay)) for number, (channel, delay) in enumerate(play_steps or (), start=1)}
    # One real mailbox, however a play spells it (a ``+tag``, Gmail's dots), warms up and is capped once.
    senders = {m: person_key(m) for m in {r.get("mailbox") for r in ledger}}
    mailbox = person_key(mailbox)
    mailbox_sent = [r for r in ledger if r["status"] == "sent" and senders[r.get("mailbox")] == mailbox]
    sending_days = ramp_days({day for r in mailbox_sent if (day := utc_day(r["sent_at"])) < today}, today,
                             limits.max_idle_days)
    sent_today_mailbox = sum(1 for r in mailbox_sent if utc_day(r["sent_at"]) == today)
    # Every email of the play counts, follow-ups too, whichever mailbox sent it: a sender changed
    # today does not bring a fresh cap.
    sent_today_play = sum(1 for r in ledger if r["play"] == play and r["status"] == "sent"
                          and utc_day(r["sent_at"]) == today)
    room = min(
        warmup_capacity(limits, sending_days) - sent_today_mailbox,
        limits.play_daily_cap - sent_today_play,
    )

    due: list[dict[str, Any]] = []
    for draft in drafts:
        if draft["channel"] != "email":
            continue
        email = draft["contact_email"].lower()
        attempt = (soft_bounces or {}).get((email, draft["step"]), 0)
        if attempt > MAX_SOFT_BOUNCE_RETRIES:
            continue
        if attempt and _later_step_went(sent_on, draft):
            continue  # a retry after a later step reached her would come out of order
        key = send_key(play, draft["contact_email"], draft["step"], attempt)
        if key in done or former_send_key(play, draft["contact_email"], draft["step"], attempt) in done:
            continue
        other = _other_spelling(reached, draft)
        if other:
            plan.duplicates.append({"draft_id": draft["draft_id"], "send_key": key, "kept": other})
            continue
        gone = _takes_over(moved, draft, who, bounced)
        if (began := begun_as.get(who(draft["contact_email"]))) and (
                draft["step"] < gone[1] or _going_on_elsewhere(began, draft, bounced) if gone
                else person_key(draft["contact_email"]) not in began):
            plan.duplicates.append({"draft_id": draft["draft_id"], "send_key": key, "kept": next(iter(began.values()))})
            continue
        if draft["draft_id"] in went:
            step, at = went[draft["draft_id"]]
            plan.sent_before.append({**draft, "send_key": key, "status": SENT_BEFORE, "sent_as": step,
                                     "sent_at": at, "reason": f"the same message went as step {step}"})
            continue
        if email in suppressed:
            # Recorded once, when the message is due; a lifted suppression lets it go on a later run.
            if key not in refused and (draft["step"] == 1 or _step_due(draft, sent_on, drafted, now, known)):
                plan.skipped.append({**draft, "send_key": key, "status": "suppressed",
                                     "reason": "address is suppressed"})
            continue
        if hold := holding.get(who(draft["contact_email"])):
            plan.deferred[hold.reason] = plan.deferred.get(hold.reason, 0) + 1
            continue
        if draft["step"] > 1 and not _step_due(draft, sent_on, drafted, now, known):
            continue
        if reason := (stale or {}).get(draft["draft_id"]):
            plan.skipped.append({**draft, "send_key": key, "status": "held", "reason": reason})
            continue
        if draft["step"] == 1 and not attempt and (busy := elsewhere.get(who(draft["contact_email"])) or (
                person_key(email) not in referred and _other_thread(threads, draft, who))):
            plan.skipped.append({**draft, "send_key": key, "status": "held", "reason": busy})
            continue
        due.append({**draft, "send_key": key})
    plan.skipped = _one_per_key(sorted(plan.skipped, key=lambda d: (d["send_key"], d["draft_id"])), plan, who)
    deferred = deferrals or {}
    due = _one_per_key(sorted(due, key=lambda d: (deferred.get(d["send_key"], 0), -d["step"],
                                                  -float(d.get("fit") or 0), d["send_key"], d["draft_id"])), plan,
                       who)
    due = _earliest_step_per_contact(due, plan, who)
    room = max(0, room)
    plan.send = due[:room]
    if len(due) > room:
        plan.deferred["daily cap reached"] = len(due) - room
    return plan


def _other_thread(threads: dict[str, dict[str, str]], draft: dict[str, Any], who: Callable[[str], str]
                  ) -> str | None:
    """Why the draft's first email waits for the play's sequence to another contact at its account, if it does."""
    person = who(draft["contact_email"])
    return next((reason for other, reason in sorted(threads.get(account(draft), {}).items()) if other != person),
                None)


def _later_step_went(sent_on: dict[tuple[str, int], datetime], draft: dict[str, Any]) -> bool:
    """Whether a step after the draft's went to its person (any spelling of her mailbox)."""
    person, step = person_key(draft["contact_email"]), int(draft["step"])
    return any(who == person and later > step for who, later in sent_on)


def _reached_as(ledger: list[dict[str, Any]], play: str) -> dict[tuple[str, int], dict[str, str]]:
    """Per person mailbox and step of the play, the canonical addresses a message went to (or may
    have, ``sending``), each with its draft id."""
    reached: dict[tuple[str, int], dict[str, str]] = {}
    for row in ledger:
        if row["play"] == play and row["status"] in REACHED:
            address = _key_address(row["contact_email"])
            reached.setdefault((person_key(address), int(row["step"])), {}).setdefault(
                address, row.get("draft_id") or row["send_key"])
    return reached


def _begun_as(ledger: list[dict[str, Any]], play: str, who: Callable[[str], str], bounced: Collection[str] = ()
              ) -> dict[str, dict[str, str]]:
    """Per person (``who``), the mailboxes (``person_key``) a step of the play reached her at, each with
    a draft id: a sequence begun at one goes on there, not at another address of hers. A mailbox that
    suppressed for its bounces (``bounced``) after its first email alone began nothing: that reached no one."""
    began: dict[str, dict[str, str]] = {}
    later: set[str] = set()  # the bounced mailboxes a step after the first reached: the bounce came later
    for row in ledger:
        if row["play"] == play and row["status"] in REACHED:
            key = person_key(row["contact_email"])
            if key in bounced and int(row["step"]) > 1:
                later.add(key)
            began.setdefault(who(row["contact_email"]), {}).setdefault(key, row.get("draft_id") or row["send_key"])
    for person, keys in list(began.items()):
        if not (kept := {key: draft for key, draft in keys.items() if key not in bounced or key in later}):
            del began[person]
        else:
            began[person] = kept
    return began


def _moved_on(ledger: list[dict[str, Any]], play: str, who: Callable[[str], str], bounced: Collection[str]
              ) -> dict[str, tuple[str, int, str]]:
    """Per person (``who``), the mailbox suppressed for its bounces (``bounced``) after a step of the play
    beyond the first reached it, with the last step it took (the one that bounced, since a bounce comes
    back before the next step is due) and its account: of two such, the one mailed last (her sequence moved
    to it from the other, and it bounced too). The steps before it reached her; her sequence moves on from it."""
    last: dict[str, tuple[int, datetime, str]] = {}
    for row in ledger:
        if row["play"] == play and row["status"] in REACHED and (key := person_key(row["contact_email"])) in bounced:
            last[key] = max(last.get(key, (0, as_utc(row["sent_at"]), "")),
                            (int(row["step"]), as_utc(row["sent_at"]), account(row)))
    moved: dict[str, tuple[str, int, str]] = {}
    latest: dict[str, tuple[int, datetime]] = {}
    for key, (step, at, place) in sorted(last.items()):
        if step > 1 and (step, at) > latest.get(who(key), (1, at)):  # a step moved on bounces again later
            moved[who(key)], latest[who(key)] = (key, step, place), (step, at)
    return moved


def _takes_over(moved: Mapping[str, tuple[str, int, str]], draft: dict[str, Any], who: Callable[[str], str],
                bounced: Collection[str]) -> tuple[str, int, str] | None:
    """The bounced mailbox (its last step, its account) whose sequence the draft's address, another of hers
    at the same account that never bounced, takes over (``_moved_on``); None where it takes over none. At
    another account her drafts follow up research she was never sent."""
    key = person_key(draft["contact_email"])
    gone = moved.get(who(draft["contact_email"]))
    return gone if gone and key != gone[0] and key not in bounced and account(draft) == gone[2] else None


def _going_on_elsewhere(began: Mapping[str, str], draft: dict[str, Any], bounced: Collection[str]) -> bool:
    """Whether her sequence already went on at another mailbox of hers that never bounced (``began``, per
    mailbox): the one it moved to takes it over, not a third address enrichment names since."""
    key = person_key(draft["contact_email"])
    return any(other != key and other not in bounced for other in began)


def _other_spelling(reached: dict[tuple[str, int], dict[str, str]], draft: dict[str, Any]) -> str | None:
    """The draft id of this step already settled for the draft's person under another address of her
    mailbox (``person_key``: a ``+tag``, Gmail's dots): one mailbox gets one message a step. Its
    own address is left to the send key, which counts soft-bounce retries."""
    address = _key_address(draft["contact_email"])
    settled = reached.get((person_key(address), int(draft["step"])))
    if not settled or address in settled:
        return None
    return next(iter(settled.values()))


def _sent_times(ledger: list[dict[str, Any]], play: str) -> dict[tuple[str, int], datetime]:
    """When each step of the play last went to each person's mailbox (a soft-bounce retry is later):
    a step that went under another spelling of it (a ``+tag``, Gmail's dots) went to her, and one recorded
    ``sent_before`` went when its message did as another step, whatever its draft says now."""
    times: dict[tuple[str, int], datetime] = {}
    for row in ledger:
        if row["play"] == play and row["status"] in ("sent", SENT_BEFORE):
            key = (person_key(row["contact_email"]), int(row["step"]))
            at = as_utc(row["sent_at"])
            if key not in times or at > times[key]:
                times[key] = at
    return times


def _sent_as_other_steps(drafts: list[dict[str, Any]], ledger: list[dict[str, Any]], play: str,
                         sent_on: dict[tuple[str, int], datetime]) -> dict[str, tuple[int, datetime]]:
    """Email drafts whose message already went to their contact as another step of the play, by
    draft id, with that step and when it went. Each counts as sent then (``sent_on`` is filled in),
    so the steps after it wait from then, not for a message that will not go again."""
    went: dict[tuple[str, str], tuple[int, datetime]] = {}
    for row in ledger:
        if row["play"] == play and row["status"] == "sent" and row.get("content_digest"):
            went.setdefault((person_key(row["contact_email"]), row["content_digest"]),
                            (int(row["step"]), as_utc(row["sent_at"])))
    if not went:
        return {}
    found: dict[str, tuple[int, datetime]] = {}
    for draft in drafts:
        if draft["channel"] != "email":
            continue
        address, step = person_key(draft["contact_email"]), int(draft["step"])
        earlier = went.get((address, content_digest(draft)))
        if earlier and earlier[0] != step:
            sent_on.setdefault((address, step), earlier[1])
            found[draft["draft_id"]] = earlier
    return found


def _drafted_steps(drafts: list[dict[str, Any]]) -> dict[str, dict[int, tuple[str, int]]]:
    """Per person mailbox, the steps drafted: their channel and delay."""
    steps: dict[str, dict[int, tuple[str, int]]] = {}
    for draft in drafts:
        steps.setdefault(person_key(draft["contact_email"]), {})[int(draft["step"])] = (
            draft["channel"], int(draft["delay_days"]))
    return steps


def _step_due(draft: dict[str, Any], sent_on: dict[tuple[str, int], datetime],
              drafted: dict[str, dict[int, tuple[str, int]]], now: datetime,
              known: Mapping[int, tuple[str, int]]) -> bool:
    """A follow-up is due once its delay passed since the first email and the step before it went
    out at least the difference of their delays ago (at least a day), in days as ``days_after``
    counts them.

    LinkedIn steps are no one's to send here, so the step before is the nearest earlier one that is
    not a LinkedIn step, by its draft or else the play's step (``known``); one known by neither (held,
    or its text still to be written, of a play whose steps are not given) may be an email, and is
    waited for."""
    address, step, delay = person_key(draft["contact_email"]), int(draft["step"]), int(draft["delay_days"])
    steps = {**known, **drafted.get(address, {})}
    previous = next((s for s in range(step - 1, 1, -1) if steps.get(s, ("email", 0))[0] != "linkedin"), 1)
    first, previous_at = sent_on.get((address, 1)), sent_on.get((address, previous))
    if first is None or previous_at is None:
        return False
    gap = max(1, delay - steps[previous][1]) if previous in steps else 1  # no draft: its delay is unknown
    return days_after(first, delay, now) and days_after(previous_at, gap, now)


def _earliest_step_per_contact(drafts: list[dict[str, Any]], plan: Plan, who: Callable[[str], str]
                               ) -> list[dict[str, Any]]:
    """One step per contact (``who``) a run, the earliest (a soft-bounce retry before the next step);
    the later ones are counted in ``plan.deferred``."""
    earliest: dict[str, int] = {}
    for draft in drafts:
        person = who(draft["contact_email"])
        earliest[person] = min(earliest.get(person, draft["step"]), draft["step"])
    kept = [d for d in drafts if d["step"] == earliest[who(d["contact_email"])]]
    if len(kept) < len(drafts):
        plan.deferred["an earlier step goes first"] = len(drafts) - len(kept)
    return kept


def _one_per_key(drafts: list[dict[str, Any]], plan: Plan, who: Callable[[str], str]) -> list[dict[str, Any]]:
    """The first draft of each send key and of each person (``who``) and step; the others, the same
    step to the same person, are noted in ``plan.duplicates``."""
    kept: dict[str, str] = {}
    first = []
    for draft in drafts:
        person = f"{who(draft['contact_email'])}|{draft['step']}"
        if draft["send_key"] in kept or person in kept:
            plan.duplicates.append({"draft_id": draft["draft_id"], "send_key": draft["send_key"],
                                    "kept": kept.get(draft["send_key"]) or kept[person]})
            continue
        kept[draft["send_key"]] = kept[person] = draft["draft_id"]
        first.append(draft)
    return first


def linkedin_due(drafts: list[dict[str, Any]], ledger: list[dict[str, Any]], play: str, now: datetime) -> list[dict[str, Any]]:
    """LinkedIn steps become tasks for a person once the first email went out (to any spelling of her
    address: ``person_key``), due at the start of the UTC day their delay reaches; an email step refused for good holds none back (``domain/under_way``:
    it cuts the emails only)."""
    first_email_at = {
        person_key(row["contact_email"]): row["sent_at"]
        for row in ledger
        if row["play"] == play and row["step"] == 1 and row["status"] == "sent"
    }
    tasks = []
    for draft in drafts:
        if draft["channel"] != "linkedin":
            continue
        started = first_email_at.get(person_key(draft["contact_email"]))
        if started is None:
            continue
        due_day = utc_day(started) + timedelta(days=int(draft["delay_days"]))
        tasks.append({**draft, "due_at": datetime.combine(due_day, time(), UTC)})
    return [t for t in tasks if t["due_at"] <= now + timedelta(days=7)]
