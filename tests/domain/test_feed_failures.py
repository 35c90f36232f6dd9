"""Unit: when a feed's failed runs make it failing."""

from datetime import UTC, datetime, timedelta

from sdr_assets.domain.feed_health import after_run, describe, failing

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)


def test_three_failed_runs_in_a_row_or_a_day_of_failures_is_failing_and_a_read_resets_it():
    one = after_run(None, "http:intent", "page 1: HTTP 503", T0)
    assert not failing(one)
    two = after_run(one, "http:intent", "page 1: HTTP 503", T0 + timedelta(hours=1))
    assert not failing(two) and two.failing_since == T0
    three = after_run(two, "http:intent", "page 1: timed out", T0 + timedelta(hours=2))
    assert failing(three) and three.last_error == "page 1: timed out"
    assert describe(three) == ("signal feed http:intent failing since 2026-11-20 09:00 UTC (3 runs in a row): "
                               "page 1: timed out")
    read = after_run(three, "http:intent", "", T0 + timedelta(hours=3))
    assert not failing(read) and read.last_success_at == T0 + timedelta(hours=3)


def test_the_day_rule_counts_to_the_last_run_and_needs_two_failed_runs():
    one = after_run(None, "http:intent", "page 1: HTTP 503", T0)
    late = after_run(one, "http:intent", "page 1: HTTP 503", T0 + timedelta(days=1, minutes=1))
    assert failing(late), "two failed runs over a day apart: failing every run for over a day"
    assert not failing(after_run(one, "http:intent", "page 1: HTTP 503", T0 + timedelta(hours=23)))
    read = after_run(one, "http:intent", "", T0 + timedelta(days=2))
    assert not failing(after_run(read, "http:intent", "page 1: HTTP 503", T0 + timedelta(days=3)))
