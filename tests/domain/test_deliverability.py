"""Unit: the deliverability guard's lines, its rolling window and the domain next to its mailboxes."""

from datetime import UTC, datetime, timedelta

import pytest

from sdr_assets.domain.deliverability import (
    OK,
    PAUSE,
    WARN,
    DeliverabilityLimits,
    SendOutcome,
    assess,
    blocking,
    readings_from_counts,
    window_readings,
)

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


def test_few_sends_are_read_over_the_minimum_volume():
    assert assess("mailbox", "m@d.example", 20, 0, 1, LIMITS).state == PAUSE, "1 in 200 is 0.5 %"
    assert assess("mailbox", "m@d.example", 20, 3, 0, LIMITS).state == OK, "3 in 200 is 1.5 %"


def test_only_sends_inside_the_window_count():
    old = [SendOutcome("sam@outreach.example", NOW - timedelta(days=20), False, True)] * 5
    recent = [SendOutcome("sam@outreach.example", NOW - timedelta(days=1), False, False)] * 300
    readings = {(r.scope, r.name): r for r in window_readings(old + recent, NOW, LIMITS)}
    assert readings[("mailbox", "sam@outreach.example")].sends == 300
    assert readings[("mailbox", "sam@outreach.example")].state == OK
    assert readings[("domain", "outreach.example")].complaints == 0


def test_a_bad_mailbox_is_paused_without_taking_its_domain_down():
    counts = {"sam@outreach.example": (600, 0, 6), "jordan@outreach.example": (600, 0, 0),
              "alex@outreach.example": (600, 0, 0)}
    readings = readings_from_counts(counts, LIMITS)
    assert blocking(readings, "sam@outreach.example").name == "sam@outreach.example"
    assert blocking(readings, "jordan@outreach.example") is None
    domain = next(r for r in readings if r.scope == "domain")
    assert domain.state == OK and domain.sends == 1200


def test_a_domain_over_the_line_stops_every_mailbox_on_it():
    readings = [assess("mailbox", "jordan@outreach.example", 500, 0, 0, LIMITS),
                assess("domain", "outreach.example", 1500, 0, 5, LIMITS)]
    assert blocking(readings, "jordan@outreach.example").scope == "domain"
    assert blocking(readings, "kim@other.example") is None


def test_limits_that_cannot_work_are_refused():
    with pytest.raises(ValueError):
        DeliverabilityLimits(warn_complaint_rate=0.01, max_complaint_rate=0.003)
