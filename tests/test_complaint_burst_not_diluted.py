"""One more complaint never lifts a pause. Today's batch of a sending domain draws a burst (7
complaints on this morning's 2,000 messages, 0.35 %, at or above the 0.3 % line); a single late
complaint arriving the same afternoon about a message of ten days ago (people complain when they
get round to it) must not have the burst read against every message the domain sent since that
old one (22,000): each start is read on its own, and the worst reading stands.

The world of ``tests/test_complaint_burst_next_morning.py``: 40 mailboxes at the default cap of 50,
one batch of 2,000 each morning for 14 days."""

from datetime import UTC, datetime, timedelta

from sdr_assets.domain.deliverability import BURST, PAUSE, DeliverabilityLimits, SendOutcome, window_readings

TODAY = datetime(2026, 11, 20, tzinfo=UTC)
NOW = TODAY + timedelta(hours=20)
MAILBOXES = [f"sdr{i}@outreach.example" for i in range(40)]
BURST_ON = {3, 11, 19, 27, 35, 43, 51}  # seven of today's recipients, each mailed by another mailbox
LATE = 1205  # a recipient of ten days ago (mailbox sdr5, which drew nothing today)


def _history(late_complaint: bool) -> list[SendOutcome]:
    outcomes = []
    for day in range(13, -1, -1):  # 14 daily batches, the last one this morning at 09:00
        batch = TODAY - timedelta(days=day) + timedelta(hours=9)
        for i in range(2000):
            complained = (day == 0 and i in BURST_ON) or (late_complaint and day == 10 and i == LATE)
            outcomes.append(SendOutcome(MAILBOXES[i % 40], batch + timedelta(seconds=i), False, complained,
                                        TODAY + timedelta(hours=12) if complained else None))
    return outcomes


def _domain(late_complaint: bool):
    [domain] = [r for r in window_readings(_history(late_complaint), NOW, DeliverabilityLimits())
                if r.scope == "domain"]
    return domain


def test_a_late_complaint_about_an_old_message_does_not_hide_todays_burst():
    alone = _domain(late_complaint=False)
    assert (alone.state, alone.cause) == (PAUSE, BURST), f"precondition: today's burst pauses the domain: {alone}"
    with_late = _domain(late_complaint=True)
    assert with_late.state == PAUSE, (
        "the same burst of 7 complaints on this morning's 2,000 messages, plus one complaint more about a "
        f"message of ten days ago, no longer pauses the domain: {with_late.message}")
