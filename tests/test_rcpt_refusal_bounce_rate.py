"""A recipient the mail server refused at RCPT as an address that does not exist counts in the bounce
rate of the mailbox that tried her, as the same address bouncing later by a delivery status report
does: a list of dead addresses pauses the mailbox either way. Each refusal counts once, whether a
report about the same message arrives later or not."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import duckdb

from resources.config import SendRules
from sdr_assets import suppression
from sdr_assets.domain.deliverability import PAUSE, window_readings
from sdr_assets.domain.suppression import ADD, Event
from sdr_assets.guard_pauses import guard_pauses
from sdr_assets.monitor_data import send_outcomes, sends_with_verdicts
from sdr_assets.send_loop import _hard_refusals
from sdr_assets.sends import LEDGER_DDL

NOW = datetime(2026, 11, 30, 18, tzinfo=UTC)
RULES = SendRules(now_override=NOW.isoformat())
SAM, KIM = "sam@outreach.example", "kim@outreach.example"
PLAY = SimpleNamespace(name="p", sender={"email": SAM})


def _warehouse(tmp_path, refused: int) -> duckdb.DuckDBPyConnection:
    """Sam and Kim each sent 100 messages yesterday; ``refused`` more of Sam's were refused at RCPT with
    550 5.1.1, each recorded as the send step records it: a failed row and a hard-bounce suppression."""
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute(LEDGER_DDL)
    con.execute("create table reply_classifications (message_id varchar, send_key varchar, kind varchar, "
                "label varchar, hard boolean, recipients varchar, received_at timestamptz, dsn boolean)")
    con.execute("create table raw_replies (message_id varchar, fetched_at timestamptz)")
    rows = [(f"{m[0]}{i}", f"{m[0]}{i}@x.example", m, "sent", NOW - timedelta(days=1, minutes=i))
            for m in (SAM, KIM) for i in range(100)]
    rows += [(f"d{i}", f"dead{i}@x.example", SAM, "failed", NOW - timedelta(hours=20, minutes=i)) for i in range(refused)]
    con.executemany("insert into send_ledger (send_key, play, play_version, contact_email, company_domain, mailbox, "
                    "step, status, message_id, sent_at) values (?, 'p', 'v', ?, 'x.example', ?, 1, ?, ?, ?)",
                    [[k, contact, m, status, f"<sdr-{k}@outreach.example>", at] for k, contact, m, status, at in rows])
    suppression.ensure_schema(con)
    events: list[Event] = []
    for i in range(refused):
        events += _hard_refusals(f"d{i}", {f"dead{i}@x.example": (550, "5.1.1 No such user")},
                                 NOW - timedelta(hours=20, minutes=i))
    suppression.insert_events(con, events)
    return con


def _sam(con) -> tuple[int, int, str]:
    readings = window_readings(send_outcomes(sends_with_verdicts(con, refused=True)), NOW,
                               RULES.deliverability_limits())
    [sam] = [r for r in readings if (r.scope, r.name) == ("mailbox", SAM)]
    return sam.sends, sam.hard_bounces, sam.state


def test_ten_addresses_refused_at_rcpt_pause_the_mailbox_that_tried_them(tmp_path):
    con = _warehouse(tmp_path, 10)
    assert "10 hard bounces" in guard_pauses(con, [PLAY], RULES).get("p", ""), (
        "ten addresses refused at RCPT as nonexistent did not pause the mailbox")
    assert _sam(con) == (110, 10, PAUSE)


def test_a_refusal_then_a_report_about_the_same_message_counts_once(tmp_path):
    con = _warehouse(tmp_path, 10)
    for i in range(10):  # a report naming the message refused
        con.execute("insert into reply_classifications values (?, ?, 'bounce', null, true, ?, ?, true)",
                    [f"<m{i}@mx.example>", f"d{i}", f'["dead{i}@x.example"]', NOW - timedelta(hours=19)])
    for i in range(3):  # and one that kept none of our headers, naming her address alone
        con.execute("insert into reply_classifications values (?, null, 'bounce', null, true, ?, ?, true)",
                    [f"<u{i}@mx.example>", f'["dead{i}@x.example"]', NOW - timedelta(hours=19)])
        con.execute("insert into raw_replies values (?, ?)", [f"<u{i}@mx.example>", NOW - timedelta(hours=19)])
    assert _sam(con) == (110, 10, PAUSE)
    assert "10 hard bounces" in guard_pauses(con, [PLAY], RULES)["p"]


def test_a_refusal_about_our_side_counts_as_no_bounce(tmp_path):
    con = _warehouse(tmp_path, 0)
    con.execute("insert into send_ledger (send_key, play, play_version, contact_email, company_domain, mailbox, "
                "step, status, message_id, sent_at) values ('b', 'p', 'v', 'b@x.example', 'x.example', ?, 1, "
                "'failed', '<sdr-b@outreach.example>', ?)", [SAM, NOW - timedelta(hours=2)])
    suppression.insert_events(con, [Event("manual:b", "b@x.example", ADD, "manual", "b", "ann", "", NOW)])
    assert _sam(con) == (100, 0, "ok")
    assert guard_pauses(con, [PLAY], RULES) == {}
