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

from resources.config import SendRules, settings_from_env
from sdr_assets.demo import scenarios
from sdr_assets.domain.escalations import HOSTILE
from sdr_assets.domain.monitor import arrival_curve, baseline_rate, default_arrival, exposure, monitor_play
from sdr_assets.monitor_data import reply_latencies

SETTINGS = SendRules().monitor_settings()
NOW = datetime(2026, 9, 10, 12, tzinfo=UTC)
RUNS, BUDGET, READ_HOURS, MEAN_DELAY_HOURS = 40, 1500, (3, 6, 12, 24), 12.0


def _healthy_run_paused(seed: int) -> bool:
    """One healthy play of ``BUDGET`` sends, read with the arrival curve the pipeline would learn from
    its team history (replies as front-loaded as the play's), pooled with the default."""
    scenario = scenarios.PlayScenario(scenarios.SEGMENTS, BUDGET)
    rng = np.random.default_rng(seed)
    history, _ = scenarios.draw_sends(rng, scenario.history_sends, np.ones(scenario.history_sends),
                                      scenario.fit_range, SETTINGS)
    history_delays = rng.exponential(MEAN_DELAY_HOURS, size=int((history > 0).sum()))
    baseline = baseline_rate(history.size, float(history.sum()), SETTINGS)
    due = arrival_curve([(hours, "not_interested") for hours in history_delays], SETTINGS).due
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
    paused = sum(_healthy_run_paused(7000 + i) for i in range(RUNS))
    assert paused / RUNS <= 0.05, f"{paused}/{RUNS} healthy plays paused"


def test_the_negatives_expected_from_the_teams_reply_timing_keep_pace_with_those_that_arrive():
    # Bounces come at once and weigh a quarter; the other verdicts after 12 hours on average.
    rng = np.random.default_rng(11)
    verdicts, delays = scenarios.draw_verdicts(rng, 20_000, np.ones(20_000), (0.3, 0.9), SETTINGS)
    curve = arrival_curve(list(zip(delays.tolist(), verdicts)), SETTINGS)
    weights = np.array([SETTINGS.weights.get(v, 0.0) for v in verdicts])
    for age in READ_HOURS:
        arrived, expected = weights[delays <= age].sum(), weights.sum() * curve.due([age])[0]
        assert 0.9 <= arrived / expected <= 1.05, (age, arrived, expected)


def _warehouse(tmp_path, replies):
    """A warehouse whose ``replies`` (send key, kind, label, hard, hours after the send) answer sends
    made ten days before ``NOW``."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create table send_ledger (send_key varchar, status varchar, sent_at timestamptz)")
    con.execute("create table reply_classifications (send_key varchar, kind varchar, label varchar, "
                "hard boolean, reason varchar, received_at timestamptz)")
    sent = NOW - timedelta(days=10)
    con.executemany("insert into send_ledger values (?, 'sent', ?)", [[k, sent] for k in {r[0] for r in replies}])
    con.executemany("insert into reply_classifications values (?, ?, ?, ?, null, ?)",
                    [[k, kind, label, hard, sent + timedelta(hours=h)] for k, kind, label, hard, h in replies])
    return con


def _team_curve(con):
    return arrival_curve(reply_latencies(con, NOW - timedelta(hours=SETTINGS.maturity_hours)), SETTINGS)


def test_the_share_due_follows_the_weight_of_the_verdicts_not_their_number(tmp_path):
    # Half the verdicts are hard bounces three minutes on (0.25 each), half a "not interested" a day on.
    curve = _team_curve(_warehouse(tmp_path, [
        (f"k{i}", "bounce", None, True, 0.05) if i % 2 else (f"k{i}", "human", "not_interested", None, 24.0)
        for i in range(1000)]))
    w = SETTINGS.weights
    arrived_by_1h = w["hard_bounce"] / (w["hard_bounce"] + w["not_interested"])
    assert curve.due([1.0])[0] <= arrived_by_1h + 0.05, curve.describe()


def test_a_message_just_sent_deducts_nothing_whatever_dates_the_replies_carry(tmp_path):
    # 300 replies dated a day before their send (a wrong clock, a forged Date), 300 twenty hours after.
    curve = _team_curve(_warehouse(tmp_path, [
        (f"k{i}", "human", "not_interested", None, -24.0 if i < 300 else 20.0) for i in range(600)]))
    assert curve.replies == 300
    assert curve.due([0.0])[0] == 0.0 and curve.due([1.0])[0] < 0.2, curve.describe()


def test_the_default_arrival_curve_is_configured_by_the_environment(tmp_path):
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_MONITOR_ARRIVAL_HALF_LIFE_HOURS": "8",
           "SDR_MONITOR_ARRIVAL_PRIOR_REPLIES": "40"}
    settings = settings_from_env(env)["policy"].monitor_settings()
    assert (settings.arrival_half_life_hours, settings.arrival_prior_replies) == (8.0, 40)
    assert exposure([8.0], settings)[0] == pytest.approx(0.5, abs=0.01)


def test_a_send_deducts_its_expectation_as_the_default_curve_says_replies_come():
    due = exposure([-1.0, 0.0, SETTINGS.arrival_half_life_hours, 24.0, SETTINGS.maturity_hours, 500.0], SETTINGS)
    assert due[0] == due[1] == 0.0
    assert due[2] == pytest.approx(0.5, abs=0.01) and due[3] > 0.98
    assert due[4] == due[5] == 1.0


def test_the_arrival_curve_follows_the_teams_replies_pooled_with_the_default():
    assert arrival_curve([], SETTINGS) == default_arrival(SETTINGS)
    fast = arrival_curve([(0.5, "not_interested")] * 10_000, SETTINGS)
    assert fast.due([0.5])[0] == pytest.approx(1.0, abs=0.01) and fast.replies == 10_000
    slow = arrival_curve([(h, "not_interested") for h in [*np.linspace(48.0, 60.0, 900).tolist(), *[100.0] * 50]],
                         SETTINGS)
    assert slow.replies == 900  # those after the maturity are left out
    prior = SETTINGS.arrival_prior_replies
    pooled = prior / (prior + 900) * default_arrival(SETTINGS).due([24.0])[0]
    assert slow.due([24.0])[0] == pytest.approx(pooled, abs=1e-3)
    assert slow.due([60.0])[0] == pytest.approx(1.0, abs=1e-4)
    assert "900 of the team's replies" in slow.describe()
    # The default is worth as many replies of weight 1: 450 complaints (2 each) weigh as the 900.
    assert arrival_curve([(h, "complaint") for h in np.linspace(48.0, 60.0, 450)], SETTINGS).due([24.0])[0] \
        == pytest.approx(pooled, abs=1e-3)


def test_reply_timing_is_read_from_the_first_message_of_each_verdict_on_sends_old_enough(tmp_path):
    now = datetime(2026, 9, 10, 12, tzinfo=UTC)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create table send_ledger (send_key varchar, status varchar, sent_at timestamptz)")
    con.execute("create table reply_classifications (send_key varchar, kind varchar, label varchar, "
                "hard boolean, reason varchar, received_at timestamptz)")
    old, young = now - timedelta(days=5), now - timedelta(hours=2)
    con.executemany("insert into send_ledger values (?, 'sent', ?)", [["a", old], ["b", old], ["c", young]])
    con.executemany("insert into reply_classifications values (?, ?, ?, ?, ?, ?)", [
        ["a", "human", "not_interested", None, None, old + timedelta(hours=3)],
        ["a", "human", "not_interested", None, HOSTILE, old + timedelta(hours=5)],  # its verdict came at 3 h
        ["b", "human", "interested", None, None, old + timedelta(hours=1)],  # no verdict
        ["b", "bounce", None, True, None, old + timedelta(minutes=6)],
        ["c", "human", "not_interested", None, None, young + timedelta(hours=1)],  # sent too recently
    ])
    assert sorted(reply_latencies(con, now - timedelta(hours=SETTINGS.maturity_hours))) == [
        (0.1, "hard_bounce"), (3.0, "not_interested"), (5.0, "hostile")]
