"""Unit: when a feed's failed runs make it failing."""

from datetime import UTC, datetime, timedelta

from sdr_assets.domain.feed_health import after_run, describe, failing

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)


def test_three_failed_runs_in_a_row_or_a_day_of_failures_is_failing_and_a_read_resets_it():
    one = after_run(None, "http:intent", "page 1: HTTP 503", T0)
    assert not failing(one, T0)
    two = after_run(one, "http:intent", "page 1: HTTP 503", T0 + timedelta(hours=1))
    assert not failing(two, T0 + timedelta(hours=1)) and two.failing_since == T0
    assert failing(two, T0 + timedelta(days=1, minutes=1)), "failing every run for over a day"
    three = after_run(two, "http:intent", "page 1: timed out", T0 + timedelta(hours=2))
    assert failing(three, T0 + timedelta(hours=2)) and three.last_error == "page 1: timed out"
    assert describe(three) == ("signal feed http:intent failing since 2026-11-20 09:00 UTC (3 runs in a row): "
                               "page 1: timed out")
    read = after_run(three, "http:intent", "", T0 + timedelta(hours=3))
    assert not failing(read, T0 + timedelta(days=3)) and read.last_success_at == T0 + timedelta(hours=3)
