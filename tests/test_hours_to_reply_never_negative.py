"""The time to a first reply is never negative, whatever clock dated the reply."""

from datetime import UTC, datetime, timedelta

import polars as pl

from sdr_assets.performance import performance

SENT = datetime(2026, 11, 18, 9, tzinfo=UTC)


def _send(n: int, replied: datetime) -> dict:
    row = {"send_key": f"k{n}", "play": "p", "play_version": "v1", "mailbox": "sam@outreach.example",
           "contact_email": f"c{n}@acme.example", "company_domain": "acme.example", "sent_at": SENT,
           "segment": "Software", "variant": "a", "signal_type": "hiring", "step": 1, "message_ids": None,
           "simulated": False, "meetings": 0, "objection_reason": None, "first_reply_at": replied}
    flags = ("not_interested", "objection", "unsubscribe", "complaint", "hard_bounce", "soft_bounce", "positive",
             "out_of_office", "auto_reply")
    return {**row, **dict.fromkeys(flags, False), "human": True}


def test_a_reply_dated_before_the_email_it_answers_counts_as_no_time_not_less():
    """Her phone's clock ran three hours slow: its Date header puts her answer before our email. The
    median over her reply and one four hours on is 2 hours, not half an hour; alone it is 0."""
    slow, timely = _send(1, SENT - timedelta(hours=3)), _send(2, SENT + timedelta(hours=4))
    both = performance(pl.DataFrame([slow, timely])).row(0, named=True)
    alone = performance(pl.DataFrame([slow])).row(0, named=True)
    assert (both["median_hours_to_first_reply"], alone["median_hours_to_first_reply"]) == (2.0, 0.0)
