"""After a resume, verdicts first seen since count whatever channel carried them: an unsubscribe by
the link or the opt-out address, and a hard bounce that carries none of our Message-IDs, as well as
a reply. Each test writes the few rows it needs into a DuckDB file through the project's writers."""

import json
from datetime import UTC, datetime, timedelta

import duckdb
import polars as pl
import pytest

from sdr_assets.domain.monitor import MonitorSettings
from sdr_assets.domain.monitor_readings import since_resume
from sdr_assets.domain.suppression import ADD, Event
from sdr_assets.monitor_data import sends_with_verdicts
from sdr_assets.sends import LEDGER_DDL
from sdr_assets.suppression import EVENTS_DDL, insert_events

NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
RESUMED = NOW - timedelta(days=3)


@pytest.fixture
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute(LEDGER_DDL)
    con.execute(EVENTS_DDL)
    con.execute("create table reply_classifications (message_id varchar, send_key varchar, kind varchar, "
                "label varchar, hard boolean, dsn boolean, recipients varchar, received_at timestamptz)")
    yield con
    con.close()


def _send(con, key: str, email: str, at: datetime) -> None:
    con.execute("insert into send_ledger (send_key, play, play_version, contact_email, company_domain, mailbox, "
                "step, status, message_id, sent_at) values (?, 'play-a', 'va', ?, 'acme.example', "
                "'jordan@outreach.example', 1, 'sent', ?, ?)", [key, email, f"<{key}@outreach.example>", at])


def _optout(con, event_id: str, email: str, reason: str, source: str | None, at: datetime) -> None:
    insert_events(con, [Event(event_id, email, ADD, reason, source, "recipient", "", at)])


def _bounce(con, message_id: str, email: str, at: datetime) -> None:
    """A hard bounce in a mail server's form that lost our Message-ID: it names the recipient alone."""
    con.execute("insert into reply_classifications values (?, null, 'bounce', null, true, true, ?, ?)",
                [message_id, json.dumps([email]), at])


def _judged(con) -> dict[str, tuple[bool, bool]]:
    """Per send the monitor still judges, whether an unsubscribe and a hard bounce count on it."""
    sends = sends_with_verdicts(con).with_columns(weight=pl.lit(0.0), due=pl.lit(1.0))
    judged = since_resume(sends, RESUMED, MonitorSettings())
    return {key: (unsub, bounce) for key, unsub, bounce in judged.select("send_key", "unsubscribe", "hard_bounce")
            .iter_rows()}


def test_a_click_or_an_opt_out_mail_after_the_resume_counts_against_mail_sent_before_it(con):
    _send(con, "a" * 24, "dana@acme.example", NOW - timedelta(days=9))
    _send(con, "b" * 24, "lee@acme.example", NOW - timedelta(days=9))
    _send(con, "c" * 24, "kim@acme.example", NOW - timedelta(days=9))
    _optout(con, "link:1", "dana@acme.example", "unsubscribe_link", "a" * 24, NOW - timedelta(days=1))
    _optout(con, "mail:1", "lee@acme.example", "unsubscribe_mail", None, NOW - timedelta(days=1))
    _optout(con, "link:2", "kim@acme.example", "unsubscribe_link", "c" * 24, RESUMED - timedelta(days=1))

    judged = _judged(con)
    assert [judged.get(k * 24, (False, False))[0] for k in "abc"] == [True, True, False], (
        "opt-outs recorded after the resume count; one recorded before it the person saw")


def test_a_hard_bounce_without_our_message_id_after_the_resume_counts(con):
    _send(con, "a" * 24, "dana@acme.example", NOW - timedelta(days=9))
    _send(con, "b" * 24, "lee@acme.example", NOW - timedelta(days=9))
    _bounce(con, "<dsn-1@mx.acme.example>", "dana@acme.example", NOW - timedelta(days=1))
    _bounce(con, "<dsn-2@mx.acme.example>", "lee@acme.example", RESUMED - timedelta(days=1))

    judged = _judged(con)
    assert [judged.get(k * 24, (False, False))[1] for k in "ab"] == [True, False], (
        "a bounce that arrived after the resume counts; one that arrived before it the person saw")


def test_a_message_sent_before_the_resume_carries_as_evidence_only_the_replies_read_since(con):
    _send(con, "a" * 24, "dana@acme.example", NOW - timedelta(days=9))
    con.execute("insert into reply_classifications values ('<saw@acme.example>', ?, 'human', 'not_interested', "
                "null, null, null, ?), ('<late@acme.example>', ?, 'human', 'objection', null, null, null, ?)",
                ["a" * 24, RESUMED - timedelta(hours=2), "a" * 24, RESUMED + timedelta(hours=2)])
    _bounce(con, "<dsn-1@mx.acme.example>", "dana@acme.example", NOW - timedelta(days=1))

    judged = since_resume(sends_with_verdicts(con).with_columns(weight=pl.lit(0.0), due=pl.lit(1.0)), RESUMED,
                          MonitorSettings())
    assert judged["message_ids"].to_list() == ["<late@acme.example> <dsn-1@mx.acme.example>"]


def test_a_verdict_on_a_reply_without_a_message_id_counts_and_names_no_message(con):
    _send(con, "a" * 24, "dana@acme.example", NOW - timedelta(days=9))
    con.execute("insert into reply_classifications values (null, ?, 'human', 'objection', null, null, null, ?), "
                "('<late@acme.example>', ?, 'human', 'not_interested', null, null, null, ?)",
                ["a" * 24, RESUMED + timedelta(hours=1), "a" * 24, RESUMED + timedelta(hours=2)])

    judged = since_resume(sends_with_verdicts(con).with_columns(weight=pl.lit(0.0), due=pl.lit(1.0)), RESUMED,
                          MonitorSettings())
    assert judged.select("message_ids", "objection", "not_interested").rows() == [
        ("<late@acme.example>", True, True)], "each message seen lines up with its id; the verdict still counts"
