"""The deliverability notebook's chart draws the configured lines the guard pauses by."""

import polars as pl
import pytest

from resources.config import settings_from_env
from sdr_assets.notebook_support import sender_chart, sender_rates


def test_the_sender_chart_draws_the_lines_the_guard_pauses_by(tmp_path, monkeypatch):
    monkeypatch.setenv("SDR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SDR_MAX_BOUNCE_RATE", "0.05")
    monkeypatch.setenv("SDR_MAX_COMPLAINT_RATE", "0.004")
    monkeypatch.setenv("SDR_WARN_COMPLAINT_RATE", "0.002")
    monkeypatch.setenv("SDR_DELIVERABILITY_WINDOW_DAYS", "30")
    guard = settings_from_env()["policy"].deliverability_limits()
    # A mailbox at 3 % hard bounces: under the configured 5 % line, so the guard leaves it sending.
    readings = pl.DataFrame({"scope": ["mailbox"], "scope_value": ["sam@outreach.example"], "state": ["ok"],
                             "sends": [100], "hard_bounces": [3], "complaints": [0], "statistic": [0.03],
                             "rate": [0.0]})
    fig = sender_chart(sender_rates({"monitor_readings": readings}))  # as the notebook's cell calls it
    bounce, complaint = ([line.get_xdata()[0] for line in ax.get_lines()] for ax in fig.axes)
    assert bounce == pytest.approx([guard.max_bounce_rate * 100])
    assert complaint == pytest.approx([guard.warn_complaint_rate * 100, guard.max_complaint_rate * 100])
    title = fig.texts[0].get_text()
    assert f"Last {guard.window_days} days" in title and f"at least {guard.min_sends:,} sends" in title


def test_a_sender_past_the_bounce_line_but_not_paused_says_why_on_the_chart(tmp_path, monkeypatch):
    """Two hard bounces in 20 sends are 10 %, past the 2 % line, yet the guard only warns: it pauses
    from its tenth bounce on. The chart names each sender's state and sends, and says the line
    pauses only from that many bounces, so a bar past it is no unexplained contradiction."""
    monkeypatch.setenv("SDR_DATA_DIR", str(tmp_path))
    guard = settings_from_env()["policy"].deliverability_limits()
    readings = pl.DataFrame({"scope": ["mailbox"], "scope_value": ["sam@outreach.example"], "state": ["warn"],
                             "sends": [20], "hard_bounces": [2], "complaints": [0], "statistic": [0.1],
                             "rate": [0.0]})
    fig = sender_chart(sender_rates({"monitor_readings": readings}))
    bounces = fig.axes[0]
    assert [t.get_text() for t in bounces.get_yticklabels()] == ["mailbox: sam@outreach.example (warn, 20 sends)"]
    assert f"from {guard.min_bounces} bounces" in bounces.get_title()
