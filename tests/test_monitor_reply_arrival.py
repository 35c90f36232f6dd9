"""The monitor expects a send's negatives as fast as replies really come: most the same day.

A healthy play is simulated the way the pipeline runs: a daily batch (the mailbox warm-up), replies
after an exponential delay of 12 hours on average, and the monitor reading 3, 6, 12 and 24 hours
after each batch. Deducting each send's expectation along a ramp over the 72-hour maturity window
while every arrived reply counts in full made such a play look several times worse in its first
hours, and paused about a quarter of the healthy runs.
"""

from datetime import UTC, datetime, timedelta

import duckdb
import numpy as np
import pytest

from resources.config import SendRules
from sdr_assets.demo import scenarios
from sdr_assets.domain.monitor import arrival_curve, baseline_rate, default_arrival, exposure, monitor_play
from sdr_assets.monitor_data import reply_latencies

SETTINGS = SendRules().monitor_settings()
RUNS, BUDGET, READ_HOURS, MEAN_DELAY_HOURS = 40, 1500, (3, 6, 12, 24), 12.0


def _healthy_run_paused(seed: int, reading_of) -> bool:
    """One healthy play of ``BUDGET`` sends; ``reading_of(history_delays)`` gives the share of each
    send's answer the monitor expects by its age."""
    scenario = scenarios.PlayScenario(scenarios.SEGMENTS, BUDGET)
    rng = np.random.default_rng(seed)
    history, _ = scenarios.draw_sends(rng, scenario.history_sends, np.ones(scenario.history_sends),
                                      scenario.fit_range, SETTINGS)
    history_delays = rng.exponential(MEAN_DELAY_HOURS, size=int((history > 0).sum()))
    baseline = baseline_rate(history.size, float(history.sum()), SETTINGS)
    due = reading_of(history_delays)
    names = np.array(list(scenario.segments), dtype=object)
    shares = np.array(list(scenario.segments.values()))
    segments, weights, arrivals, sent_hours, paused = [], [], [], [], {}
    sent = day = 0
    while sent < BUDGET:
        n = min(scenario.daily_cap, scenario.warmup_start + scenario.warmup_increment * day, BUDGET - sent)
        open_shares = np.array([0.0 if s in paused else x for s, x in zip(names, shares)])
        w, _ = scenarios.draw_sends(rng, n, np.ones(n), scenario.fit_range, SETTINGS)
        batch = day * 24 + scenarios.SEND_HOUR
        segments.append(names[rng.choice(names.size, size=n, p=open_shares / open_shares.sum())])
        weights.append(w)
        arrivals.append(batch + np.minimum(rng.exponential(MEAN_DELAY_HOURS, size=n), 72.0))
        sent_hours.append(np.full(n, batch, dtype=float))
        sent, day = sent + n, day + 1
        seg, w, arrive, hours = (np.concatenate(x) for x in (segments, weights, arrivals, sent_hours))
        for now in batch + np.array(READ_HOURS, dtype=float):
            reading = monitor_play(seg, np.where(arrive <= now, w, 0.0), baseline, SETTINGS, paused,
                                   due(now - hours))
            paused.update(dict.fromkeys(reading.paused_segments, sent))
            if reading.play_paused:
                return True
    return bool(paused)


def test_a_healthy_play_whose_replies_come_the_same_day_is_rarely_paused():
    def default(_):
        return lambda ages: exposure(ages, SETTINGS)

    paused = sum(_healthy_run_paused(7000 + i, default) for i in range(RUNS))
    assert paused / RUNS <= 0.05, f"{paused}/{RUNS} healthy plays paused"


def test_the_negatives_expected_from_the_teams_reply_timing_keep_pace_with_those_that_arrive():
    rng = np.random.default_rng(11)
    history, _ = scenarios.draw_sends(rng, 3000, np.ones(3000), (0.3, 0.9), SETTINGS)
    curve = arrival_curve(rng.exponential(MEAN_DELAY_HOURS, size=int((history > 0).sum())), SETTINGS)
    weights, _ = scenarios.draw_sends(rng, 20_000, np.ones(20_000), (0.3, 0.9), SETTINGS)
    delays = rng.exponential(MEAN_DELAY_HOURS, size=weights.size)
    for age in READ_HOURS:
        arrived, expected = weights[delays <= age].sum(), weights.sum() * curve.due([age])[0]
        assert 0.75 <= arrived / expected <= 1.05, (age, arrived, expected)


def test_a_send_deducts_its_expectation_as_the_default_curve_says_replies_come():
    due = exposure([-1.0, 0.0, SETTINGS.arrival_half_life_hours, 24.0, SETTINGS.maturity_hours, 500.0], SETTINGS)
    assert due[0] == due[1] == 0.0
    assert due[2] == pytest.approx(0.5, abs=0.01) and due[3] > 0.98
    assert due[4] == due[5] == 1.0


def test_the_arrival_curve_follows_the_teams_replies_pooled_with_the_default():
    assert arrival_curve([], SETTINGS) == default_arrival(SETTINGS)
    fast = arrival_curve([0.5] * 10_000, SETTINGS)
    assert fast.due([0.5])[0] == pytest.approx(1.0, abs=0.01) and fast.replies == 10_000
    slow = arrival_curve(np.linspace(48.0, 60.0, 900).tolist() + [100.0] * 50, SETTINGS)
    assert slow.replies == 900  # those after the maturity are left out
    prior = SETTINGS.arrival_prior_replies
    pooled = prior / (prior + 900) * default_arrival(SETTINGS).due([24.0])[0]
    assert slow.due([24.0])[0] == pytest.approx(pooled, abs=1e-3)
    assert slow.due([60.0])[0] == pytest.approx(1.0, abs=1e-4)
    assert "900 of the team's replies" in slow.describe()


def test_reply_timing_is_read_from_verdicts_on_sends_old_enough_to_have_them_all(tmp_path):
    now = datetime(2026, 9, 10, 12, tzinfo=UTC)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create table send_ledger (send_key varchar, status varchar, sent_at timestamptz)")
    con.execute("create table reply_classifications (send_key varchar, kind varchar, label varchar, "
                "hard boolean, reason varchar, received_at timestamptz)")
    old, young = now - timedelta(days=5), now - timedelta(hours=2)
    con.executemany("insert into send_ledger values (?, 'sent', ?)", [["a", old], ["b", old], ["c", young]])
    con.executemany("insert into reply_classifications values (?, ?, ?, ?, null, ?)", [
        ["a", "human", "not_interested", None, old + timedelta(hours=3)],
        ["b", "human", "interested", None, old + timedelta(hours=1)],  # no verdict
        ["b", "bounce", None, True, old + timedelta(minutes=6)],
        ["c", "human", "not_interested", None, young + timedelta(hours=1)],  # sent too recently
    ])
    assert sorted(reply_latencies(con, now - timedelta(hours=SETTINGS.maturity_hours))) == [0.1, 3.0]
