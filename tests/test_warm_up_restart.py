"""A mailbox that went quiet for more than a month warms up again, as mailbox providers expect.

Before, the ramp counted every UTC day a mailbox had ever sent on: one idle for weeks resumed at its
full cap on its first day back. Now a mailbox idle for more than ``SDR_WARMUP_MAX_IDLE_DAYS`` (30)
days starts over from ``warmup_start``, in the send step, in the guard's complaint floor and on the
notebook's warm-up chart alike.
"""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import duckdb
import polars as pl

from resources.config import SendRules, settings_from_env
from sdr_assets.domain.deliverability import SendOutcome, window_readings
from sdr_assets.domain.sequencing import Limits, plan_sends, ramp_days
from sdr_assets.guard_pauses import guard_pauses
from sdr_assets.monitor_data import sending_days_before
from sdr_assets.notebook_support import warmup_progress
from sdr_assets.sends import LEDGER_DDL

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
LIMITS = Limits(mailbox_daily_cap=50, warmup_start=20, warmup_increment=5, play_daily_cap=100, max_idle_days=30)
MAILBOX = "sam@outreach.example"


def _days(last: date, count: int) -> list[date]:
    """``count`` consecutive UTC days ending on ``last``."""
    return [last - timedelta(days=n) for n in range(count)]


def test_the_ramp_counts_only_the_days_since_the_last_idle_stretch_over_the_limit():
    today = date(2026, 11, 20)
    assert ramp_days(_days(today - timedelta(days=1), 10), today, 30) == 10
    assert ramp_days(_days(today - timedelta(days=31), 10), today, 30) == 10, "30 idle days keep the ramp"
    assert ramp_days(_days(today - timedelta(days=32), 10), today, 30) == 0, "31 idle days start it over"
    back = _days(today - timedelta(days=1), 3) + _days(today - timedelta(days=60), 10)
    assert ramp_days(back, today, 30) == 3, "back for 3 days after two months away"
    assert ramp_days(back, today, None) == 13, "without the setting, every day counts as before"


def _plan(ledger: list[dict]):
    drafts = [{"draft_id": f"d{i}", "play": "p", "contact_email": f"c{i}@acme.example", "step": 1,
               "channel": "email", "delay_days": 0, "fit": 0.5, "company_domain": "acme.example", "variant": "a",
               "signal_type": "hiring", "subject": "s", "body": "b", "contact_name": "C"} for i in range(80)]
    return plan_sends(drafts, ledger, set(), {}, LIMITS, NOW, "p", MAILBOX, sending={})


def _sent_on(days: list[date]) -> list[dict]:
    return [{"send_key": f"old{n}", "play": "p", "contact_email": f"old{n}@acme.example", "step": 1,
             "status": "sent", "sent_at": datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=10),
             "mailbox": MAILBOX} for n, day in enumerate(days)]


def test_a_mailbox_back_from_six_weeks_idle_sends_what_a_new_one_may():
    warmed = _days(NOW.date() - timedelta(days=1), 20)
    assert len(_plan(_sent_on(warmed)).send) == 50, "a mailbox sending every day is at its cap"
    idle = _days(NOW.date() - timedelta(days=43), 20)
    assert len(_plan(_sent_on(idle)).send) == 20, "six weeks idle: the warm-up starts over"
    rested = _days(NOW.date() - timedelta(days=15), 20)
    assert len(_plan(_sent_on(rested)).send) == 50, "two weeks off keeps the warm-up"


def test_the_setting_is_read_with_a_default_of_30_days():
    assert settings_from_env({})["policy"].warmup_max_idle_days == 30
    policy = settings_from_env({"SDR_WARMUP_MAX_IDLE_DAYS": "60"})["policy"]
    assert (policy.warmup_max_idle_days, policy.deliverability_limits().max_idle_days) == (60, 60)


def test_the_guard_floors_a_restarted_mailbox_as_a_new_one_from_the_ledger_as_the_monitor_does(tmp_path):
    """Its complaint floor is what its new warm-up lets it send in the window (595), not 700: two
    complaints in all it could send pause it, as they pause a new mailbox."""
    rules = SendRules(now_override=NOW.isoformat())
    limits = rules.deliverability_limits()
    start = NOW - timedelta(days=13, hours=12)
    before = [SendOutcome(MAILBOX, start - timedelta(days=80 - d), False, False) for d in range(30)]
    window = [SendOutcome(MAILBOX, start + timedelta(days=d, seconds=n), False, False)
              for d in range(14) for n in range(min(50, 20 + 5 * d))]
    window[-2:] = [SendOutcome(MAILBOX, o.sent_at, False, True, o.sent_at + timedelta(hours=1)) for o in window[-2:]]
    assert len(window) == 595, "all a new mailbox may send in its first 14 days"
    [mailbox] = [r for r in window_readings(before + window, NOW, limits) if r.scope == "mailbox"]
    assert (mailbox.floor, mailbox.state) == (595, "pause"), mailbox.message

    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute(LEDGER_DDL)
    con.execute("create table reply_classifications (message_id varchar, send_key varchar, kind varchar, "
                "label varchar, hard boolean, recipients varchar, received_at timestamptz)")
    outcomes = before + window
    con.executemany("insert into send_ledger (send_key, play, play_version, contact_email, company_domain, mailbox, "
                    "step, status, message_id, sent_at) values (?, 'p', 'v', ?, 'x.example', ?, 1, 'sent', ?, ?)",
                    [[f"k{i}", f"k{i}@x.example", o.mailbox, f"<sdr-k{i}@outreach.example>", o.sent_at]
                     for i, o in enumerate(outcomes)])
    con.executemany("insert into reply_classifications values (?, ?, 'complaint', null, null, ?, ?)",
                    [[f"<arf{i}@isp.example>", f"k{i}", f'["k{i}@x.example"]', o.complaint_at]
                     for i, o in enumerate(outcomes) if o.complaint])
    since = NOW - timedelta(days=limits.window_days)
    assert sending_days_before(con, since, limits.max_idle_days) == {MAILBOX: 0}
    assert sending_days_before(con, since) == {MAILBOX: 30}
    assert "sending paused" in guard_pauses(con, [SimpleNamespace(name="p", sender={"email": MAILBOX})], rules)["p"]


def test_the_notebook_chart_shows_the_allowance_starting_over():
    days = [date(2026, 9, 1), date(2026, 9, 2), date(2026, 9, 3), date(2026, 11, 1), date(2026, 11, 2)]
    ledger = pl.DataFrame({"mailbox": [MAILBOX] * 5, "status": ["sent"] * 5,
                           "sent_at": [datetime.combine(d, datetime.min.time(), UTC) for d in days]})
    chart = warmup_progress({"send_ledger": ledger}, SendRules())
    assert chart["allowance"].to_list() == [20, 25, 30, 20, 25]
