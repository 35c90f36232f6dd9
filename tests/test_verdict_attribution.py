"""What the monitor and the deliverability guard count a verdict against, whatever the spelling:
the mailbox a play names in Unicode, a complaint naming the person, an unsubscribe reply matched to
its message, and the team's mail too fresh to have been answered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from resources.config import SendRules
from sdr_assets.cli import app
from sdr_assets.domain.deliverability import PAUSE, window_readings
from sdr_assets.domain.monitor_readings import read_plays, weighted
from sdr_assets.domain.suppression import events_from_replies
from sdr_assets.monitor_data import send_outcomes, sends_with_verdicts
from sdr_assets.sends import LEDGER_DDL
from sdr_assets.status import collect_status
from sdr_assets.suppression import EVENTS_DDL, insert_events
from tests.command_line import CommandLine
from tests.send_world import PLAY, complaint, first_emails_sent, human_reply


@pytest.fixture
def idn_sender_world_module():
    """``tests.send_world`` whose play sends from ``sam@bücher.example`` (the sending domain in
    Unicode, which the README allows), restored afterwards."""
    import tests.send_world as send_world

    original = send_world.SENDER
    send_world.SENDER = "sam@bücher.example"
    send_world.version_hashes.cache_clear()
    send_world.version_contents.cache_clear()
    try:
        yield send_world
    finally:
        send_world.SENDER = original
        send_world.version_hashes.cache_clear()
        send_world.version_contents.cache_clear()


def test_a_mailbox_over_the_complaint_line_stops_an_idn_sender(tmp_path, idn_sender_world_module):
    sw = idn_sender_world_module
    world = sw.first_emails_sent(tmp_path)
    first = world.outbox()
    world.advance(60 * 24 * 3)  # the follow-ups are due
    for sent in first[:3]:  # three recipients report the mail as spam (matched by Message-ID)
        world.deliver(sw.complaint(sent.address, sent.message_id, world.now))
    world.process()

    with world.warehouse.connect() as con:
        readings = window_readings(send_outcomes(sends_with_verdicts(con)), world.now,
                                   world.resources["policy"].deliverability_limits())
    mailbox = next(r for r in readings if r.scope == "mailbox")
    assert mailbox.state == PAUSE, mailbox.message  # the guard itself says the mailbox is paused

    outcome = world.send()
    after = world.outbox()
    assert len(after) == len(first), (
        f"{mailbox.name} is paused ({mailbox.message}), yet the send step sent {len(after) - len(first)} "
        f"more message(s) from it (send step: {outcome})")
    assert outcome.startswith("refused: sending paused"), outcome
    status = collect_status(world.warehouse, world.resources["paths"], world.now, policy=world.resources["policy"])
    assert sw.PLAY in status["paused_plays"] and sw.PLAY not in status["first_emails_waiting"]
    (play,) = [p for p in status["plays"] if p["play"] == sw.PLAY]
    assert "xn--bcher-kva.example" in play["sender_paused"], "sdr status names the paused sender"
    env = {"SDR_DATA_DIR": str(world.root), "SDR_NOW": world.now.isoformat(), "SDR_SECRET": "property-test-secret"}
    shown = " ".join(CommandLine().invoke(app, ["status"], env=env).output.split())
    assert f"{sw.PLAY} sends nothing: the deliverability guard paused its sender" in shown


def _report_without_message_id(sent, at) -> bytes:
    """An ARF report whose attached original lost our Message-ID (as many feedback loops redact it)."""
    return complaint(sent.address, sent.message_id, at).replace(f"Message-ID: {sent.message_id}\r\n".encode(), b"")


def test_a_complaint_naming_an_idn_recipient_without_our_message_id_is_an_unverified_one_about_her_message(tmp_path):
    world = first_emails_sent(tmp_path)  # josé.núñez@bücher.example, ...
    first = world.outbox()
    world.advance(60 * 24 * 3)  # the follow-ups are due
    complainers = [s for s in first if not s.address.startswith("øyvind")]
    assert len(complainers) == 3 and any("xn--" in s.address for s in complainers)
    for sent in complainers:
        world.deliver(_report_without_message_id(sent, world.now))
    world.process()

    with world.warehouse.connect() as con:
        assert not sends_with_verdicts(con)["complaint"].any(), "a report naming an address alone may be forged"
    status = collect_status(world.warehouse, world.resources["paths"], world.now, policy=world.resources["policy"])
    counts = status["sends_by_play"][PLAY]
    assert (counts["complaints"], counts["unverified_complaints"]) == (0, 3), (
        "each report is held against the message its recipient received, whatever the spelling")
    assert len(status["unverified_complaints"]["would_pause"]) == 1, "three in four sends: a person is warned"
    assert world.send() == "sent", "the guard counts none of them"
    assert len(world.outbox()) == 5, "only the contact nobody named is mailed again"


NOW = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)


def _warehouse(tmp_path, just_sent: int):
    con = duckdb.connect(str(tmp_path / f"w{just_sent}.duckdb"))
    con.execute(LEDGER_DDL)
    con.execute("create table reply_classifications (message_id varchar, send_key varchar, kind varchar, "
                "label varchar, hard boolean)")
    rows, replies = [], []

    def send(key: str, play: str, at: datetime, negative: bool) -> None:
        rows.append([key, play, "v1", f"pat@{key}.example", f"{key}.example", "jordan@outreach.example", 1, "sent",
                     f"<{key}@outreach.example>", at, "software"])
        if negative:
            replies.append([f"<no-{key}@reply.example>", key, "human", "not_interested", None])

    for i in range(1000):  # the team's answered history: 6 % "not interested"
        send(f"team{i:05d}", "other-play", NOW - timedelta(days=10, minutes=i), i % 50 < 3)
    for i in range(just_sent):  # the other plays' morning batch, 30 minutes ago: no answer is due yet
        send(f"today{i:05d}", "other-play", NOW - timedelta(minutes=30, seconds=i), False)
    for i in range(300):  # the play under test, a week ago: 8 % "not interested"
        send(f"mine{i:05d}", "my-play", NOW - timedelta(days=8, minutes=i), i % 25 in (5, 17))
    con.executemany("insert into send_ledger (send_key, play, play_version, contact_email, company_domain, mailbox, "
                    "step, status, message_id, sent_at, segment) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.executemany("insert into reply_classifications values (?, ?, ?, ?, ?)", replies)
    return con


def _reading(tmp_path, just_sent: int):
    settings = SendRules().monitor_settings()  # the shipped settings: ratio 2.5, threshold 5.5
    con = _warehouse(tmp_path, just_sent)
    sends = sends_with_verdicts(con)
    rows, pauses = read_plays(sends, weighted(sends, settings), [], {}, settings, 0, NOW)
    con.close()
    play = next(r for r in rows if r["play"] == "my-play" and r["scope"] == "play")
    return play, [(p["scope"], p["scope_value"]) for p in pauses if p["play"] == "my-play"]


def test_mail_the_other_plays_sent_minutes_ago_does_not_pause_a_play(tmp_path):
    before, paused_before = _reading(tmp_path, 0)
    assert paused_before == [] and before["baseline"] == pytest.approx(0.06), "without the morning batch"

    after, paused_after = _reading(tmp_path, 1000)
    assert paused_after == [], (
        f"my-play's replies did not change, yet it is paused ({paused_after}): the baseline fell from "
        f"{before['baseline']:.1%} to {after['baseline']:.1%} because 1,000 sends 30 minutes old count as silent")
    assert after["baseline"] > 0.05, f"baseline {after['baseline']:.1%}"


def test_an_unsubscribe_reply_counts_once_against_the_message_it_answers(tmp_path):
    world = first_emails_sent(tmp_path)
    first = {s.address: s for s in world.outbox()}
    world.advance(60 * 24 * 3)
    assert world.send() == "sent"  # the follow-ups (step 2) go out
    assert len(world.outbox()) == 8
    world.advance(60)

    jane = first["jane+news@acme.example"]
    # She answers the first email, not the follow-up.
    world.deliver(human_reply(jane.address, "Please unsubscribe me, stop emailing.", jane.message_id, world.now))
    world.process()

    with world.warehouse.connect() as con:
        label = con.execute("select label, send_key from reply_classifications").fetchall()
        sends = sends_with_verdicts(con)
    assert label == [("unsubscribe", jane.send_key)], label
    flagged = sends.filter(sends["unsubscribe"])["send_key"].to_list()
    assert flagged == [jane.send_key], (
        f"one unsubscribe reply to {jane.send_key} (step 1) was counted against {len(flagged)} messages: {flagged}")


def test_an_unsubscribe_reply_to_one_play_is_no_verdict_on_another(tmp_path):
    """The same attribution across plays, from the rows triage writes (the test above shows it does):
    dana answers play-a's message "unsubscribe"; play-b's later message to her is charged too."""
    now = NOW
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute(LEDGER_DDL)
    con.execute(EVENTS_DDL)
    con.execute("create table reply_classifications (message_id varchar, send_key varchar, kind varchar, "
                "label varchar, hard boolean)")
    for key, play, days in (("a" * 24, "play-a", 9), ("b" * 24, "play-b", 2)):
        con.execute("insert into send_ledger (send_key, play, play_version, contact_email, company_domain, mailbox, "
                    "step, status, message_id, sent_at) values (?, ?, 'v', 'dana@acme.example', 'acme.example', "
                    "'jordan@outreach.example', 1, 'sent', ?, ?)", [key, play, f"<{key}@x>", now - timedelta(days=days)])
    reply = {"message_id": "<r1@acme.example>", "send_key": "a" * 24, "kind": "human", "label": "unsubscribe",
             "hard": None, "received_at": now - timedelta(days=1), "contact_email": "dana@acme.example",
             "recipients": [], "optout_targets": ["dana@acme.example"], "optout_via": "unsubscribe_reply"}
    con.execute("insert into reply_classifications values (?, ?, 'human', 'unsubscribe', null)",
                [reply["message_id"], reply["send_key"]])
    insert_events(con, events_from_replies([reply], now - timedelta(days=1)))

    flagged = dict(sends_with_verdicts(con).select("send_key", "unsubscribe").iter_rows())
    assert flagged == {"a" * 24: True, "b" * 24: False}, flagged


def test_one_persons_opt_out_by_reply_and_by_link_is_one_unsubscribe_of_the_play(tmp_path):
    """jane answers the first email "unsubscribe" and clicks the link in the follow-up: she opted out
    once, and the play's evidence and `sdr status` count it once, on the follow-up."""
    world = first_emails_sent(tmp_path)
    first = {s.address: s for s in world.outbox()}
    world.advance(60 * 24 * 3)
    assert world.send() == "sent"
    jane = first["jane+news@acme.example"]
    (follow_up,) = [s for s in world.outbox() if s.mailbox == jane.mailbox and s.send_key != jane.send_key]
    world.advance(60)

    world.deliver(human_reply(jane.address, "Please unsubscribe me, stop emailing.", jane.message_id, world.now))
    world.click(follow_up.address, follow_up.send_key)
    world.process()

    with world.warehouse.connect() as con:
        assert con.execute("select label from reply_classifications").fetchall() == [("unsubscribe",)]
        sends = sends_with_verdicts(con)
    flagged = sends.filter(sends["unsubscribe"])["send_key"].to_list()
    assert flagged == [follow_up.send_key], f"one opt-out counted against {len(flagged)} messages: {flagged}"
    status = collect_status(world.warehouse, world.resources["paths"], world.now, policy=world.resources["policy"])
    assert status["sends_by_play"][PLAY]["unsubscribes"] == 1, status["sends_by_play"][PLAY]


def test_a_hostile_unsubscribe_reply_weighs_as_a_hostile_reply(tmp_path):
    """"Unsubscribe me, you spammers": an opt-out and anger both, so it weighs as a hostile decline
    (2), not as a plain opt-out (1)."""
    world = first_emails_sent(tmp_path)
    jane = next(s for s in world.outbox() if s.address == "jane+news@acme.example")
    world.advance(60)
    world.deliver(human_reply(jane.address, "Unsubscribe me, you spammers.", jane.message_id, world.now))
    world.process()

    with world.warehouse.connect() as con:
        sends = sends_with_verdicts(con)
    settings = world.resources["policy"].monitor_settings()
    weights = dict(zip(sends["send_key"].to_list(), weighted(sends, settings), strict=True))
    assert weights[jane.send_key] == settings.weights["unsubscribe"] + settings.weights["hostile"] == 2.0, weights
