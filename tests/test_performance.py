"""Unit: the performance table's counts at its grain, on sends described row by row."""

from datetime import UTC, datetime, timedelta

import polars as pl

from sdr_assets.performance import performance

SENT = datetime(2026, 11, 18, 9, tzinfo=UTC)  # a Wednesday


def _send(n: int, **outcome) -> dict:
    row = {"send_key": f"k{n}", "play": "p", "play_version": "v1", "mailbox": "sam@outreach.example",
           "contact_email": f"c{n}@acme.example", "company_domain": "acme.example", "sent_at": SENT,
           "segment": "Software", "variant": "a", "signal_type": "hiring", "step": 1, "message_ids": None,
           "simulated": False, "meetings": 0, "objection_reason": None, "first_reply_at": None}
    for flag in ("not_interested", "objection", "unsubscribe", "complaint", "hard_bounce", "soft_bounce", "human",
                 "positive", "out_of_office", "auto_reply"):
        row[flag] = False
    return {**row, **outcome}


def test_counts_rates_and_flags_at_the_grain():
    replied = SENT + timedelta(hours=5)
    sends = pl.DataFrame([
        _send(1, human=True, positive=True, first_reply_at=replied, meetings=1),
        _send(2, human=True, objection=True, objection_reason="budget", first_reply_at=SENT + timedelta(hours=9)),
        _send(3, out_of_office=True),
        _send(4, auto_reply=True),
        _send(5, hard_bounce=True),
        _send(6, human=True, not_interested=True, simulated=True, first_reply_at=replied),
        _send(7, unsubscribe=True, complaint=True),
    ])
    frame = performance(sends)
    real = frame.filter(~pl.col("simulated")).row(0, named=True)
    assert real["week"] == datetime(2026, 11, 16).date()
    assert (real["sent"], real["delivered"], real["hard_bounces"]) == (6, 5, 1)
    assert (real["human_replies"], real["positive_replies"], real["objections_budget"]) == (2, 1, 1)
    assert (real["out_of_office"], real["auto_replies"], real["unsubscribes"], real["complaints"]) == (1, 1, 1, 1)
    assert real["meetings"] == 1 and real["median_hours_to_first_reply"] == 7.0
    assert real["reply_rate"] == 2 / 5, "out-of-office and auto-replies are not replies; bounces not delivered"
    assert real["reply_rate_low"] < real["reply_rate"] < real["reply_rate_high"]
    simulated = frame.filter(pl.col("simulated")).row(0, named=True)
    assert (simulated["sent"], simulated["negative_replies"]) == (1, 1)


def test_no_sends_is_an_empty_table_with_its_columns():
    frame = performance(pl.DataFrame())
    assert frame.is_empty() and "reply_rate_high" in frame.columns
