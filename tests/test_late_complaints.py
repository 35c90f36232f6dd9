"""The deliverability guard counts a complaint when it arrives: complaints received inside the window
about mail sent before it count, with those sends, as a mailbox provider counts them."""

from datetime import UTC, datetime, timedelta

import duckdb

from resources.config import SendRules
from sdr_assets.domain.deliverability import PAUSE, blocking, window_readings
from sdr_assets.monitor_data import send_outcomes, sends_with_verdicts
from sdr_assets.sends import LEDGER_DDL

NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
LIMITS = SendRules(now_override=NOW.isoformat()).deliverability_limits()
MAILBOX = "jordan@outreach.example"


def test_complaints_received_inside_the_window_count_whatever_the_age_of_the_message(tmp_path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute(LEDGER_DDL)
    con.execute("create table reply_classifications (message_id varchar, send_key varchar, kind varchar, "
                "label varchar, hard boolean, recipients varchar, received_at timestamptz)")
    rows = []
    for i in range(700):  # three weeks ago, a full window's volume
        rows.append((f"old{i}", NOW - timedelta(days=21, minutes=i)))
    for i in range(50):  # sending again this week
        rows.append((f"new{i}", NOW - timedelta(days=1, minutes=i)))
    con.executemany("insert into send_ledger (send_key, play, play_version, contact_email, company_domain, mailbox, "
                    "step, status, message_id, sent_at) values (?, 'p', 'v', ?, 'x.example', ?, 1, 'sent', ?, ?)",
                    [[k, f"{k}@x.example", MAILBOX, f"<sdr-{k}@outreach.example>", at] for k, at in rows])
    # Ten feedback-loop complaints arrive this morning about the old mail, each matched to its send.
    con.executemany("insert into reply_classifications values (?, ?, 'complaint', null, null, ?, ?)",
                    [[f"<arf{i}@isp.example>", f"old{i}", f'["old{i}@x.example"]', NOW - timedelta(hours=1)]
                     for i in range(10)])

    readings = window_readings(send_outcomes(sends_with_verdicts(con)), NOW, LIMITS)
    mailbox = next(r for r in readings if r.scope == "mailbox")
    assert blocking(readings, MAILBOX) is not None and mailbox.state == PAUSE, (
        f"ten complaints received in the last hour, and the guard says: {mailbox.message}")
