"""Property-based: random interleavings of sends, crashes, replies, opt-outs and decisions never break
the three promises.

- No message to a suppressed address (an opt-out in any spelling: case, whitespace, NFC or NFD,
  punycode, plus tag; by hand, by click, by reply; a hard bounce, a complaint, a third soft bounce),
  nor to a contact whose sequence a reply stopped, nor while replies wait unprocessed past the lag.
- No send key twice in the outbox, crashes included; after a send step that was not killed, no
  row is left ``sending`` and the outbox and the ledger agree.
- No message for a version that is not approved now (approvals, revocations, rejections and edits).

A forged reply (an outside address with a computed Message-ID or token) never suppresses or stops a
contact. Each example drives the real send step, reply intake and suppression code against a DuckDB
file and the maildir outbox (tests/send_world.py). Scale it up with SDR_PROPERTY_EXAMPLES:

    SDR_PROPERTY_EXAMPLES=10000 .venv/bin/python -m pytest -q -s -p no:cacheprovider \\
        tests/test_send_properties.py --hypothesis-show-statistics

which prints its progress every 500 cases, then hypothesis's count of cases and their run time.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from sdr_assets.domain.addresses import canonical_address, canonical_domain, untagged
from tests.send_world import (
    CONTACTS, OUTSIDER, Spelling, World, bounce, complaint, forged_message_id, human_reply, out_of_office,
)

EXAMPLES = int(os.environ.get("SDR_PROPERTY_EXAMPLES") or 5)
LAG = timedelta(minutes=5)  # SDR_REPLY_MAX_LAG_MINUTES's default


@dataclass(frozen=True)
class Send:
    crash_at: int | None = None
    mode: str = "before"


@dataclass(frozen=True)
class Decide:
    decision: str


@dataclass(frozen=True)
class Edit:
    version: int


@dataclass(frozen=True)
class OptOut:
    contact: int
    channel: str  # manual, click, reply
    spelling: Spelling


@dataclass(frozen=True)
class DomainOptOut:
    contact: int
    parent: bool
    spelling: Spelling


@dataclass(frozen=True)
class Reply:
    contact: int
    kind: str  # interested, out_of_office, hard_bounce, soft_bounce, complaint
    spelling: Spelling
    in_thread: bool


@dataclass(frozen=True)
class Forged:
    contact: int
    kind: str  # unsubscribe, interested
    via: str  # message_id, token


@dataclass(frozen=True)
class Fetch:
    pass


@dataclass(frozen=True)
class Process:
    pass


@dataclass(frozen=True)
class Advance:
    minutes: int


contacts = st.integers(0, len(CONTACTS) - 1)
spellings = st.builds(
    Spelling, case=st.sampled_from(["keep", "lower", "upper", "title"]), nfd=st.booleans(), punycode=st.booleans(),
    space=st.sampled_from(["", " ", "\t", "  \t"]), tag=st.sampled_from(["keep", "drop", "add"]))
stored_spellings = st.builds(
    Spelling, case=st.sampled_from(["keep", "upper", "title"]), nfd=st.booleans(), punycode=st.booleans(),
    space=st.sampled_from(["", " "]))
sends = st.builds(Send, crash_at=st.none() | st.integers(0, 4), mode=st.sampled_from(["before", "after", "partial"]))
operations = st.one_of(
    sends, sends, sends,
    st.builds(Decide, st.sampled_from(["approve", "approve", "revoke", "reject"])),
    st.builds(Edit, st.integers(0, 2)),
    st.builds(OptOut, contacts, st.sampled_from(["manual", "click", "reply"]), spellings),
    st.builds(DomainOptOut, contacts, st.booleans(), spellings),
    st.builds(Reply, contacts, st.sampled_from(["interested", "out_of_office", "hard_bounce", "soft_bounce",
                                                "complaint"]), spellings, st.booleans()),
    st.builds(Forged, contacts, st.sampled_from(["unsubscribe", "interested"]), st.sampled_from(["message_id", "token"])),
    st.just(Fetch()),
    st.just(Process()),
    st.builds(Advance, st.sampled_from([1, 10, 60 * 24 * 2 + 1, 60 * 24 * 3])),
)


@dataclass
class Model:
    """What the pipeline has been told, and so what it must never do."""

    version: str
    decisions: dict[str, str] = field(default_factory=dict)
    suppressed: set[str] = field(default_factory=set)  # canonical untagged mailboxes
    domains: set[str] = field(default_factory=set)
    stopped: set[str] = field(default_factory=set)
    soft_bounces: Counter = field(default_factory=Counter)
    unfetched: list = field(default_factory=list)  # effects of replies in the mailbox
    fetched: list = field(default_factory=list)  # (fetched at, effect) not classified yet

    @property
    def approved(self) -> bool:
        return self.decisions.get(self.version) == "approve"

    def forbids(self, mailbox: str) -> str | None:
        if mailbox in self.suppressed:
            return "suppressed"
        domain = mailbox.rpartition("@")[2]
        if any(domain == d or domain.endswith(f".{d}") for d in self.domains):
            return "domain suppressed"
        if mailbox in self.stopped:
            return "sequence stopped by a reply"
        return None

    def apply(self, effect: tuple[str, str] | None) -> None:
        if effect is None:
            return
        what, mailbox = effect
        if what == "suppress":
            self.suppressed.add(mailbox)
        elif what == "stop":
            self.stopped.add(mailbox)
        elif what == "soft":
            self.soft_bounces[mailbox] += 1
            if self.soft_bounces[mailbox] >= 3:
                self.suppressed.add(mailbox)


def _mailbox(i: int) -> str:
    return untagged(canonical_address("@".join(CONTACTS[i])))


def _sent_to(world: World, i: int):
    return [s for s in world.outbox() if s.mailbox == _mailbox(i)]


def _reply(world: World, op: Reply) -> tuple[bytes, tuple[str, str] | None] | None:
    sent = _sent_to(world, op.contact)
    if not sent:
        return None  # nothing to answer yet
    original = sent[-1]
    sender = op.spelling.write(*CONTACTS[op.contact]).strip()
    thread = original.message_id if op.in_thread else None
    mailbox = _mailbox(op.contact)
    if op.kind == "interested":  # a reply, or a new message from her own address, stops the sequence
        return human_reply(f"Contact <{sender}>", "Sounds interesting, can we talk next week?", thread,
                           world.now), ("stop", mailbox)
    if op.kind == "out_of_office":
        return out_of_office(sender, thread, world.now), None
    if op.kind == "complaint":
        return complaint(original.address, original.message_id, world.now), ("suppress", mailbox)
    hard = op.kind == "hard_bounce"
    return bounce(original.address, original.message_id, world.now, hard), ("suppress" if hard else "soft", mailbox)


def _forged(world: World, op: Forged) -> bytes | None:
    sent = _sent_to(world, op.contact)
    if not sent:
        return None
    key = sent[-1].send_key
    text = "Please unsubscribe me." if op.kind == "unsubscribe" else "Sounds interesting, can we talk next week?"
    if op.via == "message_id":
        return human_reply(f"Mallory <{OUTSIDER}>", text, forged_message_id(key), world.now)
    return human_reply(f"Mallory <{OUTSIDER}>", f"{text}\r\n\r\nhttps://outreach.example/unsubscribe/{key}-"
                       f"{canonical_address('@'.join(CONTACTS[op.contact]))}.forgedsignature", None, world.now)


def _check_send(world: World, model: Model, before: list, outcome: str, blocked: bool, op: Send) -> None:
    after = world.outbox()
    keys = Counter(s.send_key for s in after)
    assert all(n == 1 for n in keys.values()), f"a send key twice in the outbox: {keys.most_common(2)}"
    new = [s for s in after if s not in before]
    for s in new:
        assert not blocked, f"{s.address} mailed while replies waited past the lag"
        assert model.approved and s.version == model.version, (
            f"{s.address} mailed for version {s.version}; current {model.version}, approved: {model.approved}")
        assert not model.forbids(s.mailbox), f"{s.address} mailed although {model.forbids(s.mailbox)}"
    if new:
        event("a send step delivered messages")
    if outcome != "crashed":
        ledger = world.ledger()
        assert not [k for k, status, _ in ledger if status == "sending"], "a row left sending after a clean step"
        sent_ids = {m for _, status, m in ledger if status == "sent"}
        assert sent_ids == {s.message_id for s in after}, "the outbox and the ledger disagree"
    if op.crash_at is not None:
        event(f"send step with a crash injected: {outcome.partition(':')[0]}")


def _check_no_overreach(world: World, model: Model) -> None:
    """Forged mail suppresses and stops nobody: whatever the pipeline refuses, the model knows why."""
    for i, (local, domain) in enumerate(CONTACTS):
        mailbox = _mailbox(i)
        if world.suppressed(f"{local}@{domain}") and not model.forbids(mailbox):
            raise AssertionError(f"{mailbox} suppressed with no opt-out, bounce or complaint of theirs")
    assert world.stopped() <= model.stopped | {OUTSIDER}, "a sequence stopped by someone else's reply"


_progress = {"cases": 0, "started": time.monotonic()}


def _report_progress() -> None:
    _progress["cases"] += 1
    if EXAMPLES >= 1000 and _progress["cases"] % 500 == 0:
        print(f"{_progress['cases']} cases in {time.monotonic() - _progress['started']:.0f} s", flush=True)


def run(ops: list, stored: list[Spelling], approved: bool) -> None:
    _report_progress()
    with tempfile.TemporaryDirectory(prefix="sdr-prop-") as tmp:
        world = World(Path(tmp), [s.write(*c) for s, c in zip(stored, CONTACTS)])
        model = Model(version=world.version)
        if approved:
            world.decide("approve")
            model.decisions[model.version] = "approve"
        for op in [*ops, Send()]:  # a last clean send step checks what the interleaving left behind
            step(world, model, op)
        event(f"messages in the outbox at the end: {'none' if not world.outbox() else 'some'}")


def step(world: World, model: Model, op) -> None:
    if isinstance(op, Send):
        before = world.outbox()
        blocked = any(at < world.now - LAG for at, _ in model.fetched)
        outcome = world.send(-1 if op.crash_at is None else op.crash_at, op.mode)
        if blocked:  # the gate is asked first: an unapproved play is refused for that reason
            assert outcome.startswith("refused") and ("not classified yet" in outcome or not model.approved), outcome
        _check_send(world, model, before, outcome, blocked, op)
    elif isinstance(op, Decide):
        world.decide(op.decision)
        model.decisions[model.version] = op.decision
    elif isinstance(op, Edit):
        model.version = world.edit(op.version)
    elif isinstance(op, OptOut):
        spelled = op.spelling.write(*CONTACTS[op.contact])
        if op.channel == "manual":
            world.suppress(spelled)
            model.suppressed.add(_mailbox(op.contact))
        elif op.channel == "click":
            sent = _sent_to(world, op.contact)
            world.click(spelled, sent[-1].send_key if sent else "0" * 24)
            model.suppressed.add(_mailbox(op.contact))
        elif sent := _sent_to(world, op.contact):
            world.deliver(human_reply(f"Contact <{spelled.strip()}>", "Please unsubscribe me from this list.",
                                      sent[-1].message_id, world.now))
            model.unfetched.append(("suppress", _mailbox(op.contact)))
    elif isinstance(op, DomainOptOut):
        domain = CONTACTS[op.contact][1]
        if op.parent and domain.count(".") > 1:
            domain = domain.partition(".")[2]
        spelled = op.spelling.write("x", domain).partition("@")[2]
        world.suppress(f"@{spelled.strip()}")
        model.domains.add(canonical_domain(domain))
    elif isinstance(op, Reply):
        made = _reply(world, op)
        if made:
            world.deliver(made[0])
            model.unfetched.append(made[1])
    elif isinstance(op, Forged):
        raw = _forged(world, op)
        if raw:
            world.deliver(raw)
            model.unfetched.append(None)
    elif isinstance(op, Fetch):
        world.fetch()
        model.fetched += [(world.now, e) for e in model.unfetched]
        model.unfetched.clear()
    elif isinstance(op, Process):
        world.process()
        for effect in [e for _, e in model.fetched] + model.unfetched:
            model.apply(effect)
        model.fetched.clear()
        model.unfetched.clear()
        _check_no_overreach(world, model)
    elif isinstance(op, Advance):
        world.advance(op.minutes)


_SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, database=None, derandomize="SDR_PROPERTY_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
PLAIN = Spelling()


@_SETTINGS
@given(ops=st.lists(operations, min_size=1, max_size=8), stored=st.lists(stored_spellings, min_size=4, max_size=4),
       approved=st.sampled_from([True, True, True, False]))
@example(ops=[Send(crash_at=1, mode="after"), OptOut(2, "click", Spelling(case="upper", space=" ")), Send(),
              Edit(1), Send(), Decide("approve"), Forged(0, "unsubscribe", "message_id"),
              Forged(3, "interested", "message_id"), Process(), Send()], stored=[Spelling(nfd=True)] * 4, approved=True)
@example(ops=[Send(), Decide("approve"), Forged(0, "unsubscribe", "message_id"), Fetch(), Decide("reject"), Send(),
              Advance(60 * 24 * 3)], stored=[PLAIN] * 4, approved=True)
@example(ops=[Send(), Reply(2, "hard_bounce", PLAIN, True), Fetch(), Advance(10), Send(), Process(),
              DomainOptOut(3, True, Spelling(case="upper")), Advance(60 * 24 * 3), Send()],
         stored=[Spelling(punycode=True)] * 4, approved=True)
def test_no_interleaving_mails_a_suppressed_address_twice_or_unapproved(ops, stored, approved):
    run(ops, stored, approved)
