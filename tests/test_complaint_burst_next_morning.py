"""The guard reads a burst of complaints against the mail they can be about: a complaint that arrived
in the last ``burst_hours`` about an older message is read with every message its sending domain sent
from that one on, not with that message alone, which would read 3 complaints on a batch of 2,000 as
3 in 3 once the batch is a little older than those hours (the README: "3 in 2,000 do not").

A sending domain of 40 mailboxes at the default cap of 50 a day (2,000 messages a day from one
batch each morning), 14 quiet days, then 3 complaints on yesterday's batch in the afternoon."""

from datetime import UTC, datetime, timedelta

from sdr_assets.domain.deliverability import PAUSE, DeliverabilityLimits, SendOutcome, window_readings

TODAY = datetime(2026, 11, 20, tzinfo=UTC)
MAILBOXES = [f"sdr{i}@outreach.example" for i in range(40)]


def _history() -> list[SendOutcome]:
    outcomes = []
    for day in range(14, 0, -1):  # 14 daily batches, the last one yesterday at 09:00
        batch = TODAY - timedelta(days=day) + timedelta(hours=9)
        for i in range(2000):
            sent = batch + timedelta(seconds=i)
            complained = day == 1 and i in (5, 700, 1400)  # three of yesterday's recipients complain
            outcomes.append(SendOutcome(MAILBOXES[i % 40], sent, False, complained,
                                        batch + timedelta(hours=6) if complained else None))
    return outcomes


def _paused(now: datetime) -> list[str]:
    return [f"{r.scope} {r.name}: {r.message}" for r in window_readings(_history(), now, DeliverabilityLimits())
            if r.state == PAUSE]


def test_three_complaints_on_a_batch_of_two_thousand_do_not_pause_the_domain_the_next_morning():
    before = _paused(TODAY + timedelta(hours=8))  # 23 h after yesterday's batch: 3 in 2,000 sends
    assert before == [], before
    # Two hours later, with no new send and no new complaint, this morning's batch is due.
    after = _paused(TODAY + timedelta(hours=10))
    assert after == [], (
        "3 complaints on a batch of 2,000 (0.15 %) pause nothing at 08:00 but pause the sender at 10:00, "
        f"only because the batch left the burst window while its complaints stayed: {after}")
