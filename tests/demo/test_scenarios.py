"""The scenario runner on a few seeds (the full figures: `sdr simulate monitor`, `sdr simulate deliverability`).

``SDR_SIM_RUNS`` scales the number of seeded runs up; the bars are the ones the README reports.
"""

import json
import os

from typer.testing import CliRunner

from resources.settings import SendPolicy
from sdr_assets.cli import app
from sdr_assets.demo import scenarios
from sdr_assets.demo.scenarios import PlayScenario, run_play

RUNS = int(os.environ.get("SDR_SIM_RUNS", "6"))
POLICY = SendPolicy()
SETTINGS, LIMITS = POLICY.monitor_settings(), POLICY.deliverability_limits()


def test_a_play_at_three_times_the_baseline_is_paused_within_200_sends():
    figures = scenarios.offensive_play(RUNS, 0, SETTINGS)
    assert figures.success_rate >= 0.8, figures
    assert figures.median is not None and figures.median <= 200


def test_a_healthy_play_is_left_alone():
    figures = scenarios.healthy_play(max(2, RUNS // 2), 100_000, SETTINGS, budget=5000)
    assert figures.success_rate >= 0.5, figures


def test_a_play_offending_one_segment_is_paused_for_that_segment_only():
    figures = scenarios.offended_segment(RUNS, 200_000, SETTINGS)
    assert figures.success_rate >= 0.6, figures


def test_a_complaint_spike_pauses_that_mailbox_only():
    figures = scenarios.complaint_spike(RUNS * 4, 0, LIMITS)
    assert figures.success_rate >= 0.8, figures


def test_runs_are_reproducible_from_their_seed():
    scenario = PlayScenario(scenarios.SEGMENTS, 400, offence={"Fintech": 3.0})
    assert run_play(scenario, 5, SETTINGS) == run_play(scenario, 5, SETTINGS)


def test_the_command_prints_the_figures(tmp_path):
    result = CliRunner().invoke(app, ["simulate", "deliverability", "--runs", "3", "--json"],
                                env={"SDR_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 0, result.output
    [figures] = json.loads(result.output)
    assert figures["runs"] == 3 and 0 <= figures["success_rate"] <= 1
