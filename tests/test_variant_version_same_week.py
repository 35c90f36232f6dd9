"""The variant A/B test compares the copy each variant has now, also when the play was
edited (and the edit approved) in the week it began sending."""

from datetime import UTC, datetime, timedelta

import polars as pl

from sdr_assets.notebook_support import variant_comparison
from sdr_assets.performance import performance
from tests.test_variant_trials_are_people import _frame, _send

MONDAY = datetime(2026, 11, 16, 9, tzinfo=UTC)
OLD, NEW = "f3a9c2d41b7e8a06", "0b1c5e7d9a2f4c38"  # version names are hashes: the new one may sort first


def _sequences(version: str, at: datetime, variant: str, people: int, repliers: int, step: int = 1) -> list[dict]:
    return [{**_send(f"{version[:4]}{variant}{n}", variant, step, human=n < repliers), "play_version": version,
             "sent_at": at + timedelta(minutes=n)} for n in range(people)]


def test_an_edit_approved_in_the_first_week_of_sending_is_the_version_the_test_compares():
    """Monday: v-old's copy of b drew 40 of 100 people, a 10 of 100. Tuesday the owner rewrote b, Dana
    approved the edit, and from Wednesday both variants draw 10 of 100 under v-new. The old version
    cannot send any more: the test must compare the new copy, whatever its hash spells."""
    rows = (_sequences(OLD, MONDAY, "a", 100, 10) + _sequences(OLD, MONDAY, "b", 100, 40)
            + _sequences(NEW, MONDAY + timedelta(days=2), "a", 100, 10)
            + _sequences(NEW, MONDAY + timedelta(days=2), "b", 100, 10))
    perf = performance(_frame(rows))
    assert perf["week"].unique().to_list() == [MONDAY.date()], "one week"
    _, result = variant_comparison(perf, "p")
    assert f"version {NEW}" in result.conclusion, result.conclusion
    assert result.conclusion.startswith("no difference yet"), result.conclusion


def test_follow_ups_of_sequences_begun_under_the_old_version_do_not_make_it_the_latest():
    """The old version's sequences go on after the edit: their follow-ups, sent on Thursday after the new
    version's first emails, are still the old version's, which began sending first."""
    rows = (_sequences(OLD, MONDAY, "a", 100, 10) + _sequences(OLD, MONDAY, "b", 100, 40)
            + _sequences(NEW, MONDAY + timedelta(days=2), "a", 100, 10)
            + _sequences(NEW, MONDAY + timedelta(days=2), "b", 100, 10)
            + _sequences(OLD, MONDAY + timedelta(days=3), "b", 100, 40, step=2))
    perf = performance(_frame(rows))
    assert perf["week"].unique().to_list() == [MONDAY.date()], "one week"
    _, result = variant_comparison(perf, "p")
    assert f"version {NEW}" in result.conclusion, result.conclusion
