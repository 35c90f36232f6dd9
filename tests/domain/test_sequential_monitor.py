"""Unit: the monitor's sequential test, its baseline, and how it splits a play from its segments."""

import numpy as np
import pytest

from sdr_assets.domain.monitor import (
    DEFAULT_WEIGHTS,
    MonitorSettings,
    baseline_rate,
    cusum_path,
    monitor_play,
    scan,
    verdict_weight,
)

SETTINGS = MonitorSettings(ratio=2.5, threshold=3.5, segment_threshold=5.0, credit=6.0)


def test_each_verdict_counts_once_with_its_weight():
    assert verdict_weight(["complaint", "complaint"], DEFAULT_WEIGHTS) == DEFAULT_WEIGHTS["complaint"]
    assert verdict_weight(["not_interested", "hard_bounce"], DEFAULT_WEIGHTS) == 1.25
    assert verdict_weight([], DEFAULT_WEIGHTS) == 0.0


def test_baseline_comes_from_history_shrunk_towards_the_prior_or_from_configuration():
    settings = MonitorSettings(prior_rate=0.06, prior_sends=500)
    assert baseline_rate(0, 0.0, settings) == pytest.approx(0.06)
    assert baseline_rate(500, 10.0, settings) == pytest.approx((30 + 10) / 1000)
    assert baseline_rate(100_000, 5_000.0, settings) == pytest.approx(0.05, abs=0.001)
    assert baseline_rate(100_000, 5_000.0, MonitorSettings(baseline=0.02)) == 0.02


def test_a_long_team_history_sets_the_baseline_nearly_alone():
    """3,000 sends of the team's own at 7.5 % leave the prior rate (6 %) under 1 % of a say: a prior
    worth 500 sends held the baseline 3 % low, and healthy plays read worse than the team."""
    team_rate = 0.075
    baseline = baseline_rate(3000, team_rate * 3000, MonitorSettings())
    assert baseline == pytest.approx(team_rate, rel=0.01), f"baseline {baseline:.2%} for a team at {team_rate:.1%}"
    assert baseline_rate(0, 0.0, MonitorSettings()) == pytest.approx(0.06), "no history: the prior rate"


def test_the_evidence_never_falls_below_the_credit_and_climbs_with_negatives():
    quiet = cusum_path(np.zeros(1000), 0.1, SETTINGS)
    assert quiet.min() == pytest.approx(-SETTINGS.credit)
    burst = cusum_path(np.r_[np.zeros(1000), np.ones(8)], 0.1, SETTINGS)
    assert burst[-1] == pytest.approx(-SETTINGS.credit + 8 * (np.log(2.5) - 0.15))


def test_a_run_of_negatives_trips_and_names_the_sends_that_did_it():
    weights = [0.0] * 20 + [1.0, 0.0, 1.0, 1.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0] + [0.0] * 5
    reading = scan(weights, 0.06, SETTINGS)
    assert reading.tripped and reading.tripped_at == 29, "the climb starts at -1.2 and reaches 3.5 at send 29"
    assert reading.evidence == (20, 22, 23, 24, 25, 26, 27, 28)
    assert reading.negatives == 9 and reading.sends == 35
    assert not scan(weights[:28], 0.06, SETTINGS).tripped


def test_a_baseline_play_is_left_alone():
    rng = np.random.default_rng(1)
    weights = (rng.random(5000) < 0.06).astype(float)
    reading = scan(weights, 0.06, SETTINGS)
    assert not reading.tripped
    assert reading.rate == pytest.approx(0.06, abs=0.01)


def test_one_offending_segment_is_paused_and_the_play_is_not():
    rng = np.random.default_rng(3)
    segments = rng.choice(["Software", "Fintech", "Healthcare"], size=900, p=[0.45, 0.35, 0.2])
    weights = np.where(segments == "Healthcare", rng.random(900) < 0.3, rng.random(900) < 0.05).astype(float)
    readings = monitor_play(segments.tolist(), weights, 0.06, SETTINGS)
    assert readings.paused_segments == ("Healthcare",)
    assert not readings.play_paused
    assert all(segments[i] == "Healthcare" for i in readings.segments["Healthcare"].evidence)


def test_a_play_offending_everyone_is_paused_as_a_whole():
    rng = np.random.default_rng(4)
    segments = rng.choice(["Software", "Fintech", "Healthcare"], size=300)
    readings = monitor_play(segments.tolist(), (rng.random(300) < 0.25).astype(float), 0.06, SETTINGS)
    assert readings.play_paused


def test_a_segment_paused_earlier_stays_paused():
    readings = monitor_play(["a", "b"] * 10, np.zeros(20), 0.06, SETTINGS, already_paused=["b"])
    assert readings.paused_segments == ("b",) and not readings.play_paused


@pytest.mark.parametrize("bad", [{"ratio": 1.0}, {"threshold": 0}, {"credit": -1}, {"weights": {"spam": 1.0}}])
def test_settings_that_cannot_work_are_refused(bad):
    with pytest.raises(ValueError):
        MonitorSettings(**bad)


def test_the_segment_the_play_blames_is_the_one_its_own_sends_offend_in():
    """Refusals carried from an earlier version weigh on segment a; the version's own ones are all in b."""
    segments = ["a"] * 10 + ["b"] * 6 + ["a"] * 2
    weights = np.array([1.0] * 16 + [0.0] * 2)
    carried = [True] * 10 + [False] * 8
    settings = MonitorSettings(threshold=3.0, segment_threshold=1000.0)
    readings = monitor_play(segments, weights, 0.06, settings, carried=carried)
    assert readings.paused_segments == ("b",) and not readings.play_paused
