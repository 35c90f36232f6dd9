"""A resume answers a pause of the monitor's (or a stop request a dead monitor left): one with nothing
paused is refused in one line naming what is paused now, so a stray or repeated resume never sets the
monitor's count back to nothing; and the monitor counts on the evidence that came after the pause the
resume answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from sdr_assets.cli import app
from sdr_assets.decisions import decide
from sdr_assets.domain import approvals
from sdr_assets.domain.monitor import MonitorSettings
from sdr_assets.domain.monitor_readings import read_plays, weighted
from sdr_assets.monitor_data import append_pauses
from tests.command_line import CommandLine
from tests.send_world import CONTACTS, PLAY, Spelling, World


def _world(tmp_path) -> World:
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    world.decide("approve")
    return world


def _resume(world: World, by: str = "Dana Whitfield") -> int:
    return decide(PLAY, "resume", by, "replies read", world.version, warehouse_path=world.warehouse.path,
                  plays_dir=world.root / "plays", mode="live")


def _pause_segment(world: World, segment: str = "Fintech") -> None:
    with world.warehouse.connect() as con:
        after = con.execute("select max(decision_id) from play_approvals").fetchone()[0]
        append_pauses(con, [{"event": "pause", "scope": "segment", "play": PLAY, "play_version": world.version,
                             "scope_value": segment, "recorded_at": world.now, "after_decision_id": after,
                             "reason": f"segment {segment}: 4 negative verdicts."}])


def _resumes(world: World) -> int:
    with world.warehouse.connect() as con:
        return con.execute("select count(*) from play_approvals where decision = 'resume'").fetchone()[0]


def test_a_resume_of_a_play_the_monitor_never_paused_is_refused(tmp_path):
    world = _world(tmp_path)
    with pytest.raises(approvals.ApprovalError, match="the monitor never paused it"):
        _resume(world)
    assert _resumes(world) == 0, "a stray resume was recorded, and the monitor would count afresh from it"


def test_a_second_resume_of_the_same_pause_is_refused_naming_the_first(tmp_path):
    world = _world(tmp_path)
    _pause_segment(world)
    first = _resume(world)
    world.advance(60)
    with pytest.raises(approvals.ApprovalError, match=f"resumed by Dana Whitfield \\(decision {first}\\)"):
        _resume(world, "Sam Ortega")
    assert _resumes(world) == 1


def test_sdr_resume_with_nothing_paused_exits_1_in_one_line(tmp_path):
    world = _world(tmp_path)
    env = {"SDR_DATA_DIR": str(world.root), "SDR_NOW": world.now.isoformat(), "SDR_SECRET": "property-test-secret"}
    result = CommandLine().invoke(app, ["resume", PLAY, "--version", world.version, "--by", "Dana Whitfield"],
                                  env=env)
    assert result.exit_code == 1, result.output
    assert "has no pause of the monitor's to resume" in result.output and "Traceback" not in result.output


def left_stop_request(world) -> Path:
    """The folder of stop requests, holding one a monitor left as it died recording its pauses."""
    from sdr_assets import stop_requests

    folder = stop_requests.requests_folder(world.warehouse.path)
    try:
        with stop_requests.announced(folder, PLAY, stop_requests.MONITOR_PAUSE, stop_requests.MONITOR, world.now):
            raise OSError("the monitor died while it recorded its pauses")
    except OSError:
        pass
    return folder


def test_a_resume_answering_a_dead_monitors_stop_request_is_recorded(tmp_path):
    from sdr_assets import stop_requests

    world = _world(tmp_path)
    folder = left_stop_request(world)
    _resume(world)
    assert stop_requests.pending(folder, PLAY) is None and _resumes(world) == 1


def _sends(rows: list[tuple[datetime, datetime | None]]) -> pl.DataFrame:
    """The play's sends to Software, each with when its "not interested" was first read (None: no reply)."""
    return pl.DataFrame({
        "play": [PLAY] * len(rows), "play_version": ["v1"] * len(rows), "segment": ["Software"] * len(rows),
        "sent_at": [s for s, _ in rows], "not_interested": [seen is not None for _, seen in rows],
        "not_interested_seen": [seen for _, seen in rows], "complaint": [False] * len(rows),
        "hard_bounce": [False] * len(rows), "message_ids": [f"<m{i}@x>" if seen else None
                                                            for i, (_, seen) in enumerate(rows)],
    }, schema_overrides={"sent_at": pl.Datetime("us", "UTC"), "not_interested_seen": pl.Datetime("us", "UTC")})


def test_evidence_read_after_the_pause_a_resume_answers_still_counts():
    paused = datetime(2026, 11, 2, 9, tzinfo=UTC)
    resumed = paused + timedelta(days=3)
    decisions = [{"decision_id": 1, "decision": "approve", "version_hash": "v1",
                  "decided_at": paused - timedelta(days=9)},
                 {"decision_id": 2, "decision": "resume", "version_hash": "v1", "decided_at": resumed}]
    pauses = [{"event": "pause", "scope": "segment", "play": PLAY, "scope_value": "Fintech", "play_version": "v1",
               "recorded_at": paused, "after_decision_id": 1, "pause_id": 1}]
    sent = paused - timedelta(days=1)
    # one refusal from Software the person read in Fintech's pause, two that arrived while Fintech stayed paused
    sends = _sends([(sent, paused - timedelta(hours=2)), (sent, paused + timedelta(days=1)),
                    (sent, paused + timedelta(days=2)), *[(sent, None)] * 20])
    settings = MonitorSettings()
    rows, _ = read_plays(sends, weighted(sends, settings), pauses, {PLAY: decisions}, settings, 2,
                         resumed + timedelta(hours=1))
    counted = sum(r["negatives"] for r in rows if r["scope"] == "segment" and r["scope_value"] == "Software")
    assert counted == 2, (
        f"{counted} refusals from Software count after the resume; the two read after the pause it "
        "answers, and before the resume, were thrown away")
