"""The deliverability notebook's warm-up chart reckons each day's allowance as the send
step does, and the send step warms one real mailbox up once, however the plays spell it."""

from datetime import UTC, datetime, timedelta

import polars as pl

from sdr_assets.domain.sequencing import Limits, ramp_days, warmup_capacity


def test_two_spellings_of_one_sending_mailbox_warm_up_once_on_the_chart():
    from sdr_assets.notebook_support import warmup_progress

    monday = datetime(2026, 11, 16, 9, tzinfo=UTC)
    # revops-hiring sends as sam@ from Monday; series-b-funding, from Tuesday, as sam+funding@ (to tell its
    # replies apart): one mailbox at the provider, and one warm-up and one cap for the send step.
    sends = ([("sam@outreach.example", monday)] * 20 + [("sam@outreach.example", monday + timedelta(days=1))] * 10
             + [("sam+funding@outreach.example", monday + timedelta(days=1))] * 15)
    ledger = pl.DataFrame({"mailbox": [m for m, _ in sends], "sent_at": [t for _, t in sends],
                           "status": ["sent"] * len(sends)})
    progress = warmup_progress({"send_ledger": ledger}).sort("day")
    limits = Limits(mailbox_daily_cap=50, warmup_start=20, warmup_increment=5, play_daily_cap=0, max_idle_days=30)
    tuesday_allowance = warmup_capacity(limits, ramp_days({monday.date()}, monday.date() + timedelta(days=1), 30))
    assert tuesday_allowance == 25, "the send step's allowance on Tuesday for the mailbox that sent on Monday"
    tuesday = progress.filter(pl.col("day") == monday.date() + timedelta(days=1))
    assert tuesday.height == 1, f"one mailbox, one row a day: {tuesday.rows()}"
    assert tuesday.select("sent", "allowance").row(0) == (25, 25), tuesday.rows()
