"""Unit: the deliverability guard's lines, its rolling window and the domain next to its mailboxes."""

from datetime import UTC, datetime, timedelta

import pytest

from resources.config import SendRules
from sdr_assets.domain.deliverability import (
    OK,
    PAUSE,
    WARN,
    DeliverabilityLimits,
    SendOutcome,
    assess,
    blocking,
    readings_from_counts,
    unverified_alarms,
    window_readings,
)
from sdr_assets.domain.sequencing import Limits, warmup_capacity

LIMITS = DeliverabilityLimits(window_days=14, min_sends=200)
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


def test_two_percent_hard_bounces_pause_and_the_message_says_what_to_do():
    assert assess("mailbox", "sam@outreach.example", 1000, 19, 0, LIMITS).state == OK
    reading = assess("mailbox", "sam@outreach.example", 1000, 20, 0, LIMITS)
    assert reading.state == PAUSE and reading.bounce_rate == pytest.approx(0.02)
    assert "sam@outreach.example" in reading.message and "20 hard bounces (2.00%)" in reading.message
    assert "verify" in reading.message


def test_complaints_warn_at_a_tenth_of_a_percent_and_pause_at_three_tenths():
    assert assess("domain", "outreach.example", 1000, 0, 0, LIMITS).state == OK
    assert assess("domain", "outreach.example", 1000, 0, 1, LIMITS).state == WARN
    assert assess("domain", "outreach.example", 1000, 0, 2, LIMITS).state == WARN
    paused = assess("domain", "outreach.example", 1000, 0, 3, LIMITS)
    assert paused.state == PAUSE and "Gmail and Yahoo" in paused.message and "domain outreach.example" in paused.message


def test_few_sends_read_complaints_over_the_minimum_volume_and_say_both_rates():
    reading = assess("mailbox", "m@d.example", 20, 0, 1, LIMITS)
    assert reading.state == PAUSE, "1 in 200 is 0.5 %"
    assert "1 complaints (5.00%; 0.50% over the floor of 200 sends) in 20 sends" in reading.message
    assert "over the floor" not in assess("mailbox", "m@d.example", 300, 0, 1, LIMITS).message


def test_hard_bounces_are_judged_on_the_real_sends_from_a_small_count_on():
    paused = assess("mailbox", "m@d.example", 100, 19, 0, LIMITS)
    assert paused.state == PAUSE and paused.bounce_rate == pytest.approx(0.19)
    assert "19 hard bounces (19.00%)" in paused.message and "in 100 sends" in paused.message
    assert assess("mailbox", "m@d.example", 20, LIMITS.min_bounces, 0, LIMITS).state == PAUSE
    few = assess("mailbox", "m@d.example", 20, LIMITS.min_bounces - 1, 0, LIMITS)
    assert few.state == WARN and f"pauses at {LIMITS.min_bounces}" in few.message
    assert assess("mailbox", "m@d.example", 500, 9, 0, LIMITS).state == OK, "9 in 500 is 1.8 %"


def test_the_default_guard_reads_real_rates_at_the_volume_a_mailbox_can_send():
    policy = SendRules()
    limits = policy.deliverability_limits()
    cap = Limits(policy.mailbox_daily_cap, policy.warmup_start, policy.warmup_increment, 10**6)
    days_sent_before = 365  # long past its warm-up
    most = sum(warmup_capacity(cap, days_sent_before + d) for d in range(limits.window_days))
    assert limits.min_sends <= most
    bounced = round(most * limits.max_bounce_rate)
    full = [SendOutcome("sam@outreach.example", NOW - timedelta(minutes=i), i < bounced, False) for i in range(most)]
    reading = window_readings(full, NOW, limits)[0]
    assert (reading.sends, reading.state) == (most, PAUSE), "2 % of a full window's sends bounced"
    one_early = assess("mailbox", "sam@outreach.example", 20, 0, 1, limits)
    assert one_early.state == WARN, "one complaint on a new mailbox warns"
    assert assess("mailbox", "sam@outreach.example", 300, 0, 3, limits).state == PAUSE


def test_the_complaint_floor_follows_a_lower_cap_or_a_shorter_window():
    assert SendRules(mailbox_daily_cap=20).deliverability_limits().min_sends == 20 * 14
    assert SendRules(window_days=7).deliverability_limits().min_sends == 50 * 7
    assert SendRules(mailbox_daily_cap=0).deliverability_limits().min_sends == 1
    assert SendRules(mailbox_daily_cap=500, guard_min_sends=900).deliverability_limits().min_sends == 900


def test_only_sends_inside_the_window_count():
    old = [SendOutcome("sam@outreach.example", NOW - timedelta(days=20), False, True)] * 5
    recent = [SendOutcome("sam@outreach.example", NOW - timedelta(days=1), False, False)] * 300
    readings = {(r.scope, r.name): r for r in window_readings(old + recent, NOW, LIMITS)}
    assert readings[("mailbox", "sam@outreach.example")].sends == 300
    assert readings[("mailbox", "sam@outreach.example")].state == OK
    assert readings[("domain", "outreach.example")].complaints == 0


def test_a_bad_mailbox_is_paused_without_taking_its_domain_down_while_the_domain_is_under_the_line():
    counts = {"sam@outreach.example": (600, 0, 6), "jordan@outreach.example": (600, 0, 0),
              "alex@outreach.example": (600, 0, 0), "kim@outreach.example": (600, 0, 0)}
    readings = readings_from_counts(counts, LIMITS)
    assert blocking(readings, "sam@outreach.example").name == "sam@outreach.example"
    assert blocking(readings, "jordan@outreach.example") is None
    domain = next(r for r in readings if r.scope == "domain")
    assert domain.state == WARN and (domain.sends, domain.complaints) == (2400, 6)


def test_a_domain_over_the_line_stops_every_mailbox_on_it():
    readings = [assess("mailbox", "jordan@outreach.example", 500, 0, 0, LIMITS),
                assess("domain", "outreach.example", 1500, 0, 5, LIMITS)]
    assert blocking(readings, "jordan@outreach.example").scope == "domain"
    assert blocking(readings, "kim@other.example") is None


def test_limits_that_cannot_work_are_refused():
    with pytest.raises(ValueError):
        DeliverabilityLimits(warn_complaint_rate=0.01, max_complaint_rate=0.003)
    with pytest.raises(ValueError):
        DeliverabilityLimits(min_bounces=0)


def test_unverified_complaints_alarm_only_where_as_many_real_ones_would_pause_a_sender():
    real = readings_from_counts({"a@o.example": (1000, 0, 1), "b@o.example": (1000, 0, 0)}, LIMITS)
    as_if = readings_from_counts({"a@o.example": (1000, 0, 3), "b@o.example": (1000, 0, 2)}, LIMITS)
    assert unverified_alarms(real, as_if, LIMITS) == [
        "mailbox a@o.example: 2 unverified and 1 verified complaints in 1000 sends over the last 14 days, "
        "0.30% (over at least 200 sends), at or above the 0.3% line that pauses sending"]
    assert unverified_alarms(as_if, as_if, LIMITS) == [], "a sender the real ones pause already is paused"
    assert unverified_alarms(real, real, LIMITS) == []
