"""A reply that cannot be triaged holds its sender's mail until a person has handled it.

The reply may be an opt-out or a complaint nobody has read. The real send step, replies layer,
escalations asset and `sdr` commands run on a small world (``tests/send_world.py``): Ann and Jane
got the first email, a message the parser gives up on (MIME nested deeper than the recursion limit,
``tests/poison_replies.py``) arrives, and the follow-up is due two days later.
"""

from __future__ import annotations

import json
import re

import pytest

from resources.tables import table_exists
from sdr_assets.cli import app
from sdr_assets.escalations import escalations
from sdr_assets.incremental import LayerConfig
from sdr_assets.reply_quarantine import HOLD_REASON
from sdr_assets.tasks import excluded_contacts
from tests.command_line import CommandLine
from tests.poison_replies import poison
from tests.send_world import World, _body

ANN, JANE = "ann.lee@acme.example", "jane@acme.example"

pytestmark = pytest.mark.usefixtures("shallow_recursion")


def _replies_run(world: World) -> dict:
    """What the replies job does for holds and the queue: fetch, classify, suppress, hold, escalate.
    Returns the metadata triage reported."""
    triaged = world.process()
    r = world.resources
    _body(escalations)(config=LayerConfig(), warehouse=world.warehouse, model=r["model"], paths=r["paths"],
                       policy=r["policy"], escalation_policy=r["escalation_policy"])
    return triaged


def _sdr(world: World, *args: str):
    return CommandLine().invoke(app, list(args), env={"SDR_DATA_DIR": str(world.root), "SDR_NOW": world.now.isoformat(),
                                                    "SDR_SECRET": "property-test-secret",
                                                    "DAGSTER_HOME": str(world.root / "dagster_home")})


def _follow_ups(world: World) -> set[str]:
    """Who got a second message."""
    counts: dict[str, int] = {}
    for sent in world.outbox():
        counts[sent.mailbox] = counts.get(sent.mailbox, 0) + 1
    return {mailbox for mailbox, n in counts.items() if n > 1}


def _queued(world: World) -> list[dict]:
    shown = _sdr(world, "inbox", "--json", "--all")
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.output)["escalations"]


@pytest.fixture(scope="module")
def first_emails_sent(tmp_path_factory) -> World:
    """Ann and Jane got the first email half an hour ago: built once for this module, never written to."""
    world = World(tmp_path_factory.mktemp("first_emails_sent"), [ANN, JANE])
    world.decide("approve")
    assert world.send() == "sent"
    assert {s.mailbox for s in world.outbox()} == {ANN, JANE}
    world.advance(30)
    return world


@pytest.fixture
def world(first_emails_sent: World, tmp_path) -> World:
    return first_emails_sent.copied_to(tmp_path)


def _to_ann(world: World) -> str:
    return next(s.message_id for s in world.outbox() if s.mailbox == ANN)


@pytest.mark.parametrize("sender, answers", [(ANN, True), (ANN, False), (None, True)],
                         ids=["her-reply", "written-anew", "sender-unreadable"])
def test_an_untriaged_reply_stops_the_follow_up_to_whoever_it_can_be_tied_to(world, sender, answers):
    world.deliver(poison(sender, _to_ann(world) if answers else None))
    _replies_run(world)
    world.advance(2 * 24 * 60)
    assert world.send() == "sent"
    assert _follow_ups(world) == {JANE}, "Ann's follow-up waits for a person; Jane's goes"

    with world.warehouse.connect() as con:
        held = con.execute("select reason, from_addr, contact_email, play from quarantined_replies").fetchall()
    assert len(held) == 1 and "nested too deeply" in held[0][0]
    assert held[0][1:] == (sender, ANN, "prop-play"), "read from the header block alone: sender, contact, play"
    queued = [r for r in _queued(world) if r["contact_email"] == ANN]
    assert [(r["label"], r["status"], r["may_ask_to_stop"]) for r in queued] == [("review", "open", True)]
    assert queued[0]["suggested_response"] in ("", None), "nobody answers a reply nobody has read"


def test_handling_it_lifts_the_hold_and_a_later_run_holds_nothing_again(world):
    world.deliver(poison(ANN, _to_ann(world)))
    for _ in range(2):  # the message is quarantined again on every run: one escalation, one reply logged
        _replies_run(world)
    (row,) = [r for r in _queued(world) if r["contact_email"] == ANN]
    world.advance(2 * 24 * 60)
    assert world.send() == "sent" and _follow_ups(world) == {JANE}

    handled = _sdr(world, "handled", row["escalation_id"], "--by", "Dana Whitfield", "--outcome", "other",
                   "--note", "read it: a thank-you")
    assert handled.exit_code == 0, handled.output
    world.advance(10)
    _replies_run(world)  # quarantined once more, and already handled
    assert world.send() == "sent"
    assert _follow_ups(world) == {ANN, JANE}, "handled: Ann's follow-up goes"
    with world.warehouse.connect() as con:
        logged = con.execute("select action, message_id from escalation_events where escalation_id = ? "
                             "order by event_id", [row["escalation_id"]]).fetchall()
        quarantined = con.execute("select count(*) from quarantined_replies").fetchone()[0]
    assert quarantined == 1 and logged == [("reply", "<poison-1@acme.example>"), ("handle", None)]
    assert [r["status"] for r in _queued(world) if r["contact_email"] == ANN] == ["handled"]


def test_a_second_untriaged_reply_holds_her_again_until_it_is_handled_too(world):
    world.deliver(poison(ANN, _to_ann(world)))
    _replies_run(world)
    (row,) = [r for r in _queued(world) if r["contact_email"] == ANN]
    assert _sdr(world, "handled", row["escalation_id"], "--by", "Dana Whitfield", "--outcome", "other").exit_code == 0
    world.advance(10)
    world.deliver(poison(ANN, _to_ann(world), n=2))
    _replies_run(world)
    world.advance(2 * 24 * 60)
    assert world.send() == "sent" and _follow_ups(world) == {JANE}
    assert [r["status"] for r in _queued(world) if r["contact_email"] == ANN] == ["open"], "the new one reopens it"


def test_a_warehouse_quarantined_before_senders_were_kept_reads_and_gains_them(world):
    with world.warehouse.connect() as con:
        con.execute("create table quarantined_replies (message_id varchar primary key, message_key varchar, "
                    "reason varchar not null, quarantined_at timestamptz not null)")
        con.execute("insert into quarantined_replies values ('<old@x.example>', 'k', 'RecursionError', ?)", [world.now])
    assert _sdr(world, "status").exit_code == 0
    world.deliver(poison(ANN, _to_ann(world)))
    _replies_run(world)
    world.advance(2 * 24 * 60)
    assert world.send() == "sent" and _follow_ups(world) == {JANE}


def test_no_linkedin_task_is_due_for_a_contact_an_untriaged_reply_holds(world):
    world.deliver(poison(ANN, _to_ann(world)))
    _replies_run(world)
    with world.warehouse.connect() as con:
        assert excluded_contacts(con, str(world.root), {ANN, JANE}, world.now) == {ANN: f"held: {HOLD_REASON}"}


def test_an_untriaged_reply_from_nobody_readable_about_nothing_of_ours_is_shown_and_holds_nobody(world):
    world.deliver(poison(None, "<elsewhere-1@mail.example>"))
    _replies_run(world)
    status = _sdr(world, "status")
    assert status.exit_code == 0, status.output
    text = " ".join(status.output.split())
    assert "Replies quarantined (could not be triaged, a person should read them): 1" in text
    assert "1 from a sender that could not be read holds no mail" in text
    (row,) = [r for r in _queued(world) if r["contact_email"] is None]
    assert row["label"] == "review" and row["status"] == "open"

    world.advance(2 * 24 * 60)
    assert world.send() == "sent"
    assert _follow_ups(world) == {ANN, JANE}, "one unreadable message from a stranger stops nobody's mail"


def test_a_reply_matched_to_another_send_later_can_always_be_handled_until_its_hold_lifts(world):
    """Jane's ledger row is lost (a restored copy of the warehouse from before her email went), and Ann
    answers the email Jane was sent: the reply is first tied to Ann's own send and queued in her
    conversation. The send step puts Jane's row back from the sent log; the next run ties the reply to
    Jane's send and queues it in her conversation too. Its hold lifts once both are handled, and
    `sdr status` names, until then, a conversation whose hand-off `sdr handled` takes."""
    to_jane = next(s.message_id for s in world.outbox() if s.mailbox == JANE)
    with world.warehouse.connect() as con:
        con.execute("delete from send_ledger where contact_email = ?", [JANE])
    world.deliver(poison(ANN, to_jane))
    _replies_run(world)
    assert world.send() == "sent"
    with world.warehouse.connect() as con:
        assert con.execute("select count(*) from send_ledger where contact_email = ?", [JANE]).fetchone()[0] == 1, \
            "put back from the sent log"
    world.advance(10)
    _replies_run(world)
    queued = {r["contact_email"]: r for r in _queued(world)}
    assert {queued[ANN]["status"], queued[JANE]["status"]} == {"open"}
    assert queued[ANN]["held_untriaged"] == queued[JANE]["held_untriaged"] == [ANN, JANE]

    handed = []
    for _ in range(3):
        status = _sdr(world, "status")
        assert status.exit_code == 0, status.output
        printed = re.findall(r"handled (\w+) --by NAME --outcome other\|opted_out", status.output)
        if not printed:
            break
        handled = _sdr(world, "handled", printed[0], "--by", "Dana Whitfield", "--outcome", "other")
        assert handled.exit_code == 0, f"`sdr status` printed a command that does not work: {handled.output}"
        handed.append(printed[0])
    assert sorted(handed) == sorted(r["escalation_id"] for r in queued.values())
    assert "could not be triaged and handles" not in " ".join(_sdr(world, "status").output.split())
    world.advance(2 * 24 * 60)
    assert world.send() == "sent" and _follow_ups(world) == {ANN, JANE}, "both handled: the hold lifts"


@pytest.fixture
def parses(monkeypatch) -> list[bytes]:
    """Each message triage parsed, in order (the parser itself runs as it does)."""
    import sdr_assets.triage.classify as classify

    seen: list[bytes] = []
    real = classify.parse_bytes

    def counted(raw):
        seen.append(bytes(raw))
        return real(raw)

    monkeypatch.setattr(classify, "parse_bytes", counted)
    return seen


def _held(world: World) -> list[tuple]:
    with world.warehouse.connect() as con:
        return con.execute("select message_id, reason, from_addr, contact_email, play, send_key "
                           "from quarantined_replies").fetchall()


def test_a_message_the_parser_gave_up_on_is_not_parsed_again_by_a_later_run(world, parses):
    message = poison(ANN, _to_ann(world))
    world.deliver(message)
    _replies_run(world)
    first = _held(world)
    world.advance(10)
    assert _replies_run(world)["quarantined_by_verdict"] == 1
    assert parses.count(message) == 1, "its verdict stands until the parser or its limits change"
    assert _held(world) == first and len(first) == 1 and "nested too deeply" in first[0][1]
    (row,) = [r for r in _queued(world) if r["contact_email"] == ANN]
    assert (row["label"], row["status"]) == ("review", "open")
    world.advance(2 * 24 * 60)
    assert world.send() == "sent" and _follow_ups(world) == {JANE}, "it holds her mail as before"


def test_a_changed_parser_or_limit_or_a_full_refresh_parses_it_again(world, parses, monkeypatch):
    import sys

    import sdr_assets.replies as replies
    from sdr_assets.triage.parse import parser_version

    message = poison(ANN, _to_ann(world))
    world.deliver(message)
    _replies_run(world)
    limit = sys.getrecursionlimit()
    before = parser_version()
    sys.setrecursionlimit(limit + 1)
    try:
        assert parser_version() != before, "the recursion limit decides what the parser can read"
        _replies_run(world)
    finally:
        sys.setrecursionlimit(limit)
    assert parses.count(message) == 2, "a raised limit reads it again"
    _replies_run(world)
    assert parses.count(message) == 3, "and the limit put back reads it again too"

    monkeypatch.setattr(replies, "parser_version", lambda: "a fixed parser")
    _replies_run(world)
    _replies_run(world)
    assert parses.count(message) == 4, "a changed parser reads it once again"

    r = world.resources
    _body(replies.reply_classifications)(warehouse=world.warehouse, model=r["model"], paths=r["paths"],
                                         policy=r["policy"], config=LayerConfig(full_refresh=True))
    assert parses.count(message) == 5, "a full refresh reads every stored message again"
    assert len(_held(world)) == 1


def test_a_failure_that_is_not_the_parsers_is_tried_again_on_the_next_run(world, monkeypatch):
    import sdr_assets.replies as replies
    from tests.send_world import human_reply

    real, failures = replies.classify_message, []

    def model_down_once(raw, **kwargs):
        if not failures:
            failures.append(raw)
            raise RuntimeError("the model did not answer")
        return real(raw, **kwargs)

    monkeypatch.setattr(replies, "classify_message", model_down_once)
    world.deliver(human_reply(ANN, "Thanks, not for us right now.", _to_ann(world), world.now))
    _replies_run(world)
    assert [h[1] for h in _held(world)] == ["RuntimeError: the model did not answer"]
    world.advance(10)
    _replies_run(world)
    assert _held(world) == [], "no verdict is kept for it: the next run classifies it"
    with world.warehouse.connect() as con:
        assert con.execute("select contact_email, kind from reply_classifications").fetchall() == [(ANN, "human")]


def test_a_verdict_the_parser_would_not_reach_alone_is_not_kept(world, parses, monkeypatch):
    """A run deep in a stack gave up where a shallower one would read: the next run parses it again."""
    import sdr_assets.replies as replies

    monkeypatch.setattr(replies, "gives_up_alone", lambda raw: False)
    message = poison(ANN, _to_ann(world))
    world.deliver(message)
    _replies_run(world)
    world.advance(10)
    assert _replies_run(world)["quarantined_by_verdict"] == 0
    assert parses.count(message) == 2 and len(_held(world)) == 1


def test_without_a_parser_version_every_run_parses_and_nothing_is_kept(world, parses, monkeypatch):
    """An install without the parser's sources cannot say which parser gave up: nothing is kept."""
    import sdr_assets.replies as replies

    monkeypatch.setattr(replies, "parser_version", lambda: None)
    message = poison(ANN, _to_ann(world))
    world.deliver(message)
    _replies_run(world)
    world.advance(10)
    _replies_run(world)
    assert parses.count(message) == 2 and len(_held(world)) == 1
    with world.warehouse.connect() as con:
        assert not table_exists(con, "unparsable_replies") or con.execute(
            "select count(*) from unparsable_replies").fetchone()[0] == 0
