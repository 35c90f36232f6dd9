"""Unit: the service level is re-checked through the team's own working day, in its time zone."""

from datetime import UTC, datetime

import dagster as dg
import pytest

from resources.settings import EscalationPolicy
from sensors.escalations import escalation_sla_schedule

# Monday 23 November 2026, each hour in UTC.
MONDAY = datetime(2026, 11, 23, tzinfo=UTC)


def _tick(zone: str, hour: int, day: int = 23):
    at = MONDAY.replace(day=day, hour=hour)
    with dg.build_schedule_context(scheduled_execution_time=at,
                                   resources={"escalation_policy": EscalationPolicy(business_timezone=zone)}) as ctx:
        return escalation_sla_schedule(ctx)


@pytest.mark.parametrize(("hour", "runs"), [(8, False), (9, True), (17, True), (18, False)])
def test_a_utc_team_is_checked_hourly_from_nine_to_five_utc(hour, runs):
    result = _tick("UTC", hour)
    assert isinstance(result, dg.RunRequest) is runs, result
    if runs:
        assert result.run_key == f"sla:2026-11-23T{hour:02d}"


@pytest.mark.parametrize(("hour", "runs"), [(13, False), (14, True), (20, True), (22, True), (23, False)])
def test_a_new_york_team_is_checked_through_its_own_afternoon(hour, runs):
    """09:00-17:00 in New York is 14:00-22:00 UTC in November: a reply at 16:00 there is still checked."""
    result = _tick("America/New_York", hour)
    assert isinstance(result, dg.RunRequest) is runs, result
    if not runs:
        assert "America/New_York" in result.skip_message


def test_a_weekend_in_the_teams_zone_is_skipped():
    # Friday 23:00 UTC is Saturday 08:00 in Tokyo; Sunday 23:00 UTC is Monday 08:00 there, 00:00 is 09:00.
    assert isinstance(_tick("Asia/Tokyo", 1, day=28), dg.SkipReason)
    assert isinstance(_tick("Asia/Tokyo", 0, day=30), dg.RunRequest)
