"""The guard's check before each play runs reads only the sends its window can count, and the replies
to them. Before, it read the verdicts on every message ever sent into Python and joined them to the
window's sends, so each play's check grew with the history. The window's rows are the ones the whole
history gives, whichever verdicts fall inside or outside it.
"""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import duckdb
import polars as pl

from resources.config import SendRules
from sdr_assets import monitor_data
from sdr_assets.domain.deliverability import PAUSE, window_readings
from sdr_assets.guard_pauses import guard_pauses
from sdr_assets.monitor_data import send_outcomes, sending_days_before, sends_with_verdicts, window_outcomes
from sdr_assets.sends import LEDGER_DDL

NOW = datetime(2026, 11, 30, 18, tzinfo=UTC)
RULES = SendRules(now_override=NOW.isoformat())
SINCE = NOW - timedelta(days=RULES.deliverability_limits().window_days)
SAM, KIM = "sam@outreach.example", "kim@outreach.example"


def _world(tmp_path) -> duckdb.DuckDBPyConnection:
    """Sam and Kim each mailed 40 people two months ago and 40 others this week. Verdicts came on
    both: complaints (about old messages, inside the window and before it), hard bounces, negative
    replies and unsubscribes by reply and by link."""
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute(LEDGER_DDL)
    con.execute("create table reply_classifications (message_id varchar, send_key varchar, contact_email varchar, "
                "kind varchar, label varchar, hard boolean, reason varchar, recipients varchar, "
                "received_at timestamptz, dsn boolean)")
    con.execute("create table raw_replies (message_id varchar, fetched_at timestamptz)")
    con.execute("create table suppression_events (target varchar, action varchar, reason varchar, source varchar, "
                "recorded_at timestamptz)")
    sends, replies = [], []
    for mailbox in (SAM, KIM):
        for i in range(80):
            key, old = f"{mailbox[0]}{i}", i < 40
            contact = f"p{i % 50}@{mailbox[0]}.example"  # ten people had a message in both
            sent = NOW - timedelta(days=60 - i % 7 if old else 1 + i % 5, hours=i)
            sends.append([key, contact, mailbox, f"<sdr-{key}@outreach.example>", sent])
            verdict = [("complaint", None, None), ("bounce", None, True), ("human", "not_interested", None),
                       ("human", "unsubscribe", None), ("human", "objection", None), None][i % 6]
            if verdict:
                late = timedelta(days=55) if old and i % 4 == 0 else timedelta(hours=3)
                replies.append([f"<r-{key}@them.example>", key, contact, *verdict, sent + late])
    con.executemany("insert into send_ledger (send_key, play, play_version, contact_email, company_domain, mailbox, "
                    "step, status, message_id, sent_at) values (?, 'p', 'v', ?, 'x.example', ?, 1, 'sent', ?, ?)",
                    sends)
    con.executemany("insert into reply_classifications (message_id, send_key, contact_email, kind, label, hard, "
                    "received_at) values (?, ?, ?, ?, ?, ?, ?)", replies)
    con.execute("insert into raw_replies select message_id, received_at + interval 5 minutes "
                "from reply_classifications where hash(message_id) % 3 <> 0")
    con.executemany("insert into suppression_events values (?, 'add', 'unsubscribe_link', ?, ?)",
                    [[contact, key, at + timedelta(hours=1)] for key, contact, _, _, at in sends[::9]])
    return con


def test_the_guard_reads_only_its_window_and_finds_what_the_whole_history_says(tmp_path, monkeypatch):
    con = _world(tmp_path)
    whole = sends_with_verdicts(con)
    read = []

    def recorded(*args, **kwargs):
        frame = frame_of(*args, **kwargs)
        read.append(frame)
        return frame

    frame_of = monitor_data.frame_of
    monkeypatch.setattr(monitor_data, "frame_of", recorded)
    window = sends_with_verdicts(con, SINCE)
    counted = window_outcomes(con, SINCE)
    monkeypatch.undo()

    inside = set(window["send_key"])
    assert {k for k, at in whole.select("send_key", "sent_at").iter_rows() if at >= SINCE} < inside, \
        "the window holds its own sends, and older ones to people a complaint names"
    assert whole.height > len(inside)
    outside = [sorted(set(f["send_key"]) - inside)[:3] for f in read if "send_key" in f.columns]
    assert not any(outside), f"read the verdicts on messages the window cannot count: {outside}"
    # Each send the window holds carries every verdict the whole history gives it. An opt-out naming a
    # message the window does not hold counts on the person's latest one it does (``opted_out_of``).
    mine = pl.exclude("unsubscribe", "unsubscribe_seen")
    expected = whole.filter(pl.col("send_key").is_in(sorted(inside))).select(mine)
    assert window.select(mine).equals(expected), (window.select(mine), expected)
    assert window["complaint"].sum() and window["hard_bounce"].sum() and window["not_interested"].sum()

    assert counted == send_outcomes(window), "the guard counts what the monitor reads of the window"
    limits = RULES.deliverability_limits()
    assert window_readings(send_outcomes(window), NOW, limits, sending_days_before(con, SINCE, limits.max_idle_days)) \
        == window_readings(send_outcomes(whole), NOW, limits)
    paused = {r.name: r.message for r in window_readings(send_outcomes(whole), NOW, limits) if r.state == PAUSE}
    plays = [SimpleNamespace(name=m, sender={"email": m}) for m in (SAM, KIM)]
    assert guard_pauses(con, plays, RULES) == {m: paused[m] for m in (SAM, KIM) if m in paused}
