"""What the monitor and the send step read from the warehouse's own records.

Each test writes the few rows it needs into a DuckDB file, through the project's own writers where
there is one (decisions, pauses, suppression events).
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from resources.config import SendRules
from resources.store import approvals as records
from sdr_assets.domain.monitor_readings import read_plays, weighted
from sdr_assets.domain.suppression import ADD, Event
from sdr_assets.inbox import reply_optout
from sdr_assets.ledger_counts import ledger_counts
from sdr_assets.monitor_data import (
    OPTOUT_SQL, REPLIED_SQL, append_pauses, complained_of, latest_decision_id, sends_with_verdicts, unverified_people,
)
from sdr_assets.monitoring import sending_hold
from sdr_assets.playbook import load_plays
from sdr_assets.sends import LEDGER_DDL
from sdr_assets.suppression import EVENTS_DDL, insert_events
from tests.counting import Counting

PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"
NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
POLICY = SendRules(now_override=NOW.isoformat())


@pytest.fixture(scope="module")
def play():
    return load_plays(PLAYS).plays["series-b-funding"]


@pytest.fixture
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute(LEDGER_DDL)
    con.execute(EVENTS_DDL)
    con.execute("create table reply_classifications (message_id varchar, send_key varchar, kind varchar, "
                "label varchar, hard boolean)")
    con.execute("create table enriched_accounts (play varchar, company_domain varchar, industry varchar)")
    yield con
    con.close()


def _send(con, key: str, play: str, version: str, email: str, at: datetime, segment: str | None = None) -> None:
    domain = email.split("@")[1]
    con.execute("insert into send_ledger (send_key, play, play_version, contact_email, company_domain, mailbox, "
                "step, status, message_id, sent_at, segment) values (?, ?, ?, ?, ?, 'jordan@outreach.example', 1, "
                "'sent', ?, ?, ?)", [key, play, version, email, domain, f"<{key}@outreach.example>", at, segment])


def _enriched(con, play: str, domain: str, industry: str | None) -> None:
    con.execute("insert into enriched_accounts values (?, ?, ?)", [play, domain, industry])


def _optout(con, event_id: str, email: str, reason: str, source: str | None, at: datetime) -> None:
    insert_events(con, [Event(event_id, email, ADD, reason, source, "recipient", "", at)])


def test_a_click_on_the_unsubscribe_link_counts_against_the_message_it_came_in(con):
    _send(con, "a" * 24, "play-a", "va", "dana@acme.example", NOW - timedelta(days=9))
    _send(con, "b" * 24, "play-b", "vb", "dana@acme.example", NOW - timedelta(days=2))
    _optout(con, "link:1", "dana@acme.example", "unsubscribe_link", "a" * 24, NOW - timedelta(days=1))

    flagged = dict(sends_with_verdicts(con).select("send_key", "unsubscribe").iter_rows())
    assert flagged == {"a" * 24: True, "b" * 24: False}


def test_an_opt_out_naming_no_message_counts_against_the_latest_one(con):
    _send(con, "a" * 24, "play-a", "va", "lee@acme.example", NOW - timedelta(days=9))
    _send(con, "b" * 24, "play-b", "vb", "lee@acme.example", NOW - timedelta(days=2))
    _send(con, "c" * 24, "play-a", "va", "kim@acme.example", NOW - timedelta(days=9))
    _send(con, "d" * 24, "play-b", "vb", "kim@acme.example", NOW - timedelta(days=2))
    _optout(con, "mail:1", "lee@acme.example", "unsubscribe_mail", None, NOW - timedelta(days=1))
    _optout(con, "link:2", "kim@acme.example", "unsubscribe_link", "f" * 24, NOW - timedelta(days=1))

    flagged = dict(sends_with_verdicts(con).select("send_key", "unsubscribe").iter_rows())
    assert flagged == {"a" * 24: False, "b" * 24: True, "c" * 24: False, "d" * 24: True}


def _one_opt_out_by_two_ways_and_another_play(con) -> None:
    """dana asks a question in answer to step 1, which a person closes ``opted_out``, and clicks the
    link in step 2; lee opts out of two plays, by a reply labelled so and by the link."""
    con.execute("alter table reply_classifications add column simulated boolean")
    _send(con, "a" * 24, "play-a", "va", "dana@acme.example", NOW - timedelta(days=9))
    _send(con, "b" * 24, "play-a", "va", "Dana+x@acme.example", NOW - timedelta(days=6))
    _send(con, "c" * 24, "play-a", "va", "lee@acme.example", NOW - timedelta(days=9))
    _send(con, "d" * 24, "play-b", "vb", "lee@acme.example", NOW - timedelta(days=6))
    con.execute("insert into reply_classifications values ('<q1@acme.example>', ?, 'human', 'question', null, "
                "false), ('<q2@acme.example>', ?, 'human', 'unsubscribe', null, false)", ["a" * 24, "c" * 24])
    handed = {"escalation_id": "k3v9qa", "contact_email": "dana@acme.example", "message_id": "<q1@acme.example>"}
    insert_events(con, [reply_optout(handed, "Dana Whitfield", "", NOW - timedelta(days=2))])
    _optout(con, "link:1", "dana+x@acme.example", "unsubscribe_link", "b" * 24, NOW - timedelta(days=1))
    _optout(con, "link:2", "lee@acme.example", "unsubscribe_link", "d" * 24, NOW - timedelta(days=1))


def test_an_opt_out_confirmed_from_the_queue_and_a_click_are_one_unsubscribe_of_the_play(con):
    """dana's opt-out is one verdict for the play, on her latest message; lee's opt-out from another
    play stays that play's."""
    _one_opt_out_by_two_ways_and_another_play(con)
    flagged = dict(sends_with_verdicts(con).select("send_key", "unsubscribe").iter_rows())
    assert flagged == {"a" * 24: False, "b" * 24: True, "c" * 24: True, "d" * 24: True}
    counts = ledger_counts(con)
    assert (counts["play-a"]["unsubscribes"], counts["play-b"]["unsubscribes"]) == (2, 1)


def test_the_status_counts_read_the_opt_outs_and_the_replies_they_name_once(con):
    _one_opt_out_by_two_ways_and_another_play(con)
    counting = Counting(con)
    counts = ledger_counts(counting)
    assert (counts["play-a"]["unsubscribes"], counts["play-b"]["unsubscribes"]) == (2, 1)
    assert [counting.run.count(sql) for sql in (OPTOUT_SQL, REPLIED_SQL)] == [1, 1], (
        "`sdr status` read the opt-outs and the replies they name twice per call")


def test_a_complaint_naming_no_message_of_ours_is_held_apart_against_the_latest_one_she_received_before_it(con):
    """A feedback report whose attached original lost our Message-ID still names the person: it is an
    unverified complaint about her latest message, which no complaint rate counts."""
    con.execute("alter table reply_classifications add column recipients varchar")
    con.execute("alter table reply_classifications add column received_at timestamptz")
    _send(con, "a" * 24, "play-a", "va", "dana@acme.example", NOW - timedelta(days=9))
    _send(con, "b" * 24, "play-b", "vb", "dana@acme.example", NOW - timedelta(days=2))
    _send(con, "c" * 24, "play-a", "va", "lee@acme.example", NOW - timedelta(days=9))
    _send(con, "d" * 24, "play-a", "va", "kim@acme.example", NOW - timedelta(days=9))
    con.execute("insert into reply_classifications values ('<arf-1@fbl.example>', null, 'complaint', null, null, "
                "'[\"Dana@Acme.example\"]', ?), ('<arf-2@fbl.example>', null, 'complaint', null, null, "
                "'[\"lee@acme.example\"]', null), ('<away@acme.example>', null, 'out_of_office', null, null, "
                "'[\"kim@acme.example\"]', null)", [NOW - timedelta(days=5)])

    sends = sends_with_verdicts(con)
    assert not sends["complaint"].any(), "anyone may write a report naming an address alone"
    assert complained_of(con, sends) == {"a" * 24: NOW - timedelta(days=5), "c" * 24: None}


def test_an_opt_out_naming_another_spelling_of_the_mailbox_counts_against_its_latest_message(con):
    """By the opt-out address from ``lee+news@``, by a reply from ``jane.doe@gmail.com`` that matched no
    message of ours: each is about the mailbox mailed, as suppression reads it, for the monitor and
    `sdr status` alike."""
    con.execute("alter table reply_classifications add column simulated boolean")
    _send(con, "a" * 24, "play-a", "va", "janedoe@googlemail.com", NOW - timedelta(days=9))
    _send(con, "b" * 24, "play-b", "vb", "janedoe@googlemail.com", NOW - timedelta(days=2))
    _send(con, "c" * 24, "play-a", "va", "Lee@acme.example", NOW - timedelta(days=9))
    _send(con, "d" * 24, "play-a", "va", "leena@acme.example", NOW - timedelta(days=9))
    con.execute("insert into reply_classifications values ('<r1@gmail.com>', null, 'human', 'unsubscribe', null, "
                "false)")
    _optout(con, "reply:1", "jane.doe@gmail.com", "unsubscribe_reply", "<r1@gmail.com>", NOW - timedelta(days=1))
    _optout(con, "mail:2", "lee+news@acme.example", "unsubscribe_mail", None, NOW - timedelta(days=1))

    sends = sends_with_verdicts(con)
    assert sorted(sends.filter(unsubscribe=True)["send_key"]) == ["b" * 24, "c" * 24]
    counts = ledger_counts(con)
    assert (counts["play-a"]["unsubscribes"], counts["play-b"]["unsubscribes"]) == (1, 1)


def test_an_unverified_complaint_naming_another_spelling_is_about_the_mailbox_mailed(con):
    """A report naming ``Jane.Doe+fbl@gmail.com`` is about the message sent to ``janedoe@googlemail.com``
    weeks before the guard's window, as the window's reading and `sdr status` count it."""
    con.execute("alter table reply_classifications add column recipients varchar")
    con.execute("alter table reply_classifications add column received_at timestamptz")
    con.execute("alter table reply_classifications add column simulated boolean")
    _send(con, "a" * 24, "play-a", "va", "janedoe@googlemail.com", NOW - timedelta(days=40))
    _send(con, "b" * 24, "play-b", "vb", "ann@acme.example", NOW - timedelta(days=2))
    _send(con, "c" * 24, "play-b", "vb", "bo@acme.example", NOW - timedelta(days=40))
    for n, named in enumerate(("Jane.Doe+fbl@gmail.com", "ann+x@ACME.example")):
        con.execute("insert into reply_classifications values (?, null, 'complaint', null, null, ?, ?, false)",
                    [f"<arf-{n}@fbl.example>", f'["{named}"]', NOW - timedelta(days=1)])

    window = sends_with_verdicts(con, NOW - timedelta(days=30), unverified_people(con))
    assert sorted(window["send_key"]) == ["a" * 24, "b" * 24], "bo is named by no one, and sent to before"
    assert complained_of(con, window) == {"a" * 24: NOW - timedelta(days=1), "b" * 24: NOW - timedelta(days=1)}
    counts = ledger_counts(con)
    assert (counts["play-a"]["unverified_complaints"], counts["play-b"]["unverified_complaints"]) == (1, 1)


def test_one_industry_spelled_several_ways_is_one_segment(con, play):
    spellings = ["Software", "software", " Software ", "SOFTWARE", "Marketing  Tech", "marketing tech", None]
    for i, industry in enumerate(spellings * 4):
        email = f"p{i}@c{i}.example"
        _send(con, f"{i:024d}", play.name, play.version_hash, email, NOW - timedelta(days=10, hours=i))
        _enriched(con, play.name, f"c{i}.example", industry)
        if industry and industry.strip().lower() == "software" and i % 2:
            con.execute("insert into reply_classifications values (?, ?, 'human', 'not_interested', null)",
                        [f"<r{i}@x>", f"{i:024d}"])

    sends = sends_with_verdicts(con)
    assert dict(sends.group_by("segment").len().iter_rows()) == {"software": 16, "marketing tech": 8, "unknown": 4}
    settings = SendRules(monitor_threshold=1000.0, monitor_segment_threshold=3.0).monitor_settings()
    _, pauses = read_plays(sends, weighted(sends, settings), [], {}, settings, 0, NOW)
    assert [(p["scope"], p["scope_value"]) for p in pauses] == [("segment", "software")]


def _approved_with_segment_pause(con, play, segment: str) -> None:
    records.ensure_gate_records(con)
    records.record_decision(con, play, play.version_hash, "approve", "Kim Lee", now=NOW - timedelta(days=3))
    append_pauses(con, [{"event": "pause", "scope": "segment", "play": play.name, "play_version": play.version_hash,
                         "scope_value": segment, "recorded_at": NOW - timedelta(days=1),
                         "after_decision_id": latest_decision_id(con), "reason": f"segment {segment} tripped"}])


def test_a_pause_recorded_under_one_spelling_holds_every_spelling(con, play):
    for domain, industry in [("a.example", "Software"), ("b.example", "software "), ("c.example", "SOFTWARE"),
                             ("d.example", "Fintech")]:
        _enriched(con, play.name, domain, industry)
    _approved_with_segment_pause(con, play, "Software")

    hold = sending_hold(con, play, POLICY, "live")
    assert hold.paused_segments == ("software",)
    assert hold.paused_accounts == {"a.example", "b.example", "c.example"}


def _demo_resume(con, play) -> None:
    records.record_decision(con, play, play.version_hash, "resume", "Demo Person", now=NOW, mode="demo")


def _nameless_resume(con, play) -> None:
    con.execute("insert into play_approvals values (99, ?, ?, 'resume', '', ?, 'by hand', 'live', ?)",
                [play.name, play.version_hash, NOW, play.content_sha256])


@pytest.mark.parametrize("resume, mode", [(_demo_resume, "live"), (_demo_resume, "demo"), (_nameless_resume, "live")],
                         ids=["demo-resume-live-run", "demo-resume-outside-the-demo-folder", "nameless-row"])
def test_a_resume_the_gate_does_not_count_leaves_a_segment_paused(con, play, resume, mode):
    _enriched(con, play.name, "fin.example", "Fintech")
    _approved_with_segment_pause(con, play, "fintech")
    resume(con, play)

    hold = sending_hold(con, play, POLICY, mode)
    assert hold.paused_segments == ("fintech",) and hold.paused_accounts == {"fin.example"}


def test_a_named_resume_lifts_a_segment_pause(con, play):
    _enriched(con, play.name, "fin.example", "Fintech")
    _approved_with_segment_pause(con, play, "fintech")
    records.record_decision(con, play, play.version_hash, "resume", "Kim Lee", now=NOW)

    hold = sending_hold(con, play, POLICY, "live")
    assert hold.paused_segments == () and hold.paused_accounts == frozenset()


def test_a_send_keeps_the_segment_it_was_sent_under(con, play):
    _send(con, "a" * 24, play.name, play.version_hash, "ann@gone.example", NOW - timedelta(days=40), "fintech")
    _send(con, "b" * 24, play.name, play.version_hash, "bo@moved.example", NOW - timedelta(days=5), "fintech")
    _enriched(con, play.name, "moved.example", "Software")
    _approved_with_segment_pause(con, play, "fintech")

    assert dict(sends_with_verdicts(con).select("send_key", "segment").iter_rows()) == {
        "a" * 24: "fintech", "b" * 24: "fintech"}
    hold = sending_hold(con, play, POLICY, "live")
    assert hold.paused_accounts == {"gone.example", "moved.example"}, \
        "a follow-up to an account whose signal aged out is held with its segment"


def test_a_ledger_kept_before_segments_were_recorded_reads_enrichment(tmp_path, play):
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    before_segments = LEDGER_DDL.replace(",\n    segment varchar", "")
    assert before_segments != LEDGER_DDL
    con.execute(before_segments)
    con.execute("create table enriched_accounts (play varchar, company_domain varchar, industry varchar)")
    con.execute("insert into send_ledger (send_key, play, play_version, contact_email, company_domain, step, "
                "status, sent_at) values ('k', ?, ?, 'ann@acme.example', 'acme.example', 1, 'sent', ?)",
                [play.name, play.version_hash, NOW])
    _enriched(con, play.name, "acme.example", "Fintech")
    _approved_with_segment_pause(con, play, "Fintech")

    assert sends_with_verdicts(con)["segment"].to_list() == ["fintech"]
    assert sending_hold(con, play, POLICY, "live").paused_accounts == {"acme.example"}


def test_a_segment_two_plays_offend_together_is_held_for_each_until_its_person_resumes_it(con):
    """Each play's own reading of healthcare stays under the threshold; pooled, both are held there."""
    plays = load_plays(PLAYS).plays
    a, b = plays["series-b-funding"], plays["revops-hiring"]
    records.ensure_gate_records(con)
    for p in (a, b):
        records.record_decision(con, p, p.version_hash, "approve", "Kim Lee", now=NOW - timedelta(days=20))
    for i in range(20):
        for k, p in enumerate((a, b)):
            key = f"{p.name[:4]}{i:020d}"
            _send(con, key, p.name, p.version_hash, f"p{i}@{p.name}{i}.example",
                  NOW - timedelta(days=10) + timedelta(minutes=10 * i + 5 * k), "healthcare")
            if i < 4:
                con.execute("insert into reply_classifications values (?, ?, 'human', 'not_interested', null)",
                            [f"<r-{key}@x>", key])
    settings = SendRules(monitor_threshold=1000.0).monitor_settings()
    sends = sends_with_verdicts(con)
    for p in (a, b):
        own = sends.filter(sends["play"] == p.name)
        assert read_plays(own, weighted(own, settings), [], {}, settings, 2, NOW)[1] == [], "alone: under it"

    _, pauses = read_plays(sends, weighted(sends, settings), [], {}, settings, latest_decision_id(con), NOW)
    pauses = [e for e in pauses if e["scope"] == "segment"]
    assert sorted(e["play"] for e in pauses) == sorted([a.name, b.name]), pauses
    assert all(f"across plays {', '.join(sorted([a.name, b.name]))}" in e["reason"] for e in pauses), pauses
    append_pauses(con, pauses)
    for p in (a, b):
        assert sending_hold(con, p, POLICY, "live").paused_segments == ("healthcare",)

    records.record_decision(con, a, a.version_hash, "resume", "Kim Lee", now=NOW)
    assert sending_hold(con, a, POLICY, "live").paused_segments == ()
    assert sending_hold(con, b, POLICY, "live").paused_segments == ("healthcare",), "b's pause is b's to lift"
