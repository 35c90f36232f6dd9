"""A monitor that ended before recording its pause left a stop request: it holds the play until a
person resumes it where the gate counts the resume, and every view says so."""

from __future__ import annotations

import json


from sdr_assets import stop_requests
from sdr_assets.cli import app
from sdr_assets.decisions import decide
from sdr_assets.monitor_checks import monitor_result
from tests.command_line import CommandLine
from tests.send_world import CONTACTS, PLAY, Spelling, World


def _stopped_world(tmp_path) -> World:
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    world.decide("approve")
    folder = stop_requests.requests_folder(world.warehouse.path)
    try:
        with stop_requests.announced(folder, PLAY, stop_requests.MONITOR_PAUSE, stop_requests.MONITOR, world.now,
                                     note="segment healthcare tripped"):
            raise OSError("the monitor died while it recorded its pauses")
    except OSError:
        pass
    assert world.send() == "sent" and world.outbox() == [], "the play sends nothing"
    return world


def test_sdr_status_lists_a_play_a_monitor_stop_holds_as_paused(tmp_path):
    world = _stopped_world(tmp_path)
    env = {"SDR_DATA_DIR": str(world.root), "SDR_NOW": world.now.isoformat(), "SDR_SECRET": "property-test-secret"}
    listed = CommandLine().invoke(app, ["plays", "list"], env=env)
    assert f"{PLAY} sends nothing" in " ".join(listed.output.split()), listed.output  # plays list knows

    result = CommandLine().invoke(app, ["status", "--json"], env=env)
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    assert PLAY in status["paused_plays"], (
        f"sdr status: {PLAY} is {[p['status'] for p in status['plays'] if p['play'] == PLAY]}, paused plays "
        f"{status['paused_plays']}; it sends nothing until someone runs sdr resume")
    shown = " ".join(CommandLine().invoke(app, ["status"], env=env).output.split())
    assert f"{PLAY} sends nothing: the monitor paused the play" in shown and "sdr resume" in shown
    assert "Plays approved: 0" in shown


def test_the_monitor_check_fails_while_a_monitor_stop_holds_the_play(tmp_path):
    world = _stopped_world(tmp_path)
    r = world.resources
    check = monitor_result(PLAY, r["warehouse"], r["paths"], r["policy"])
    assert not check.passed, f"play_monitor_check passed ({check.description}) while the play sends nothing"


def test_a_resume_taken_in_the_demo_leaves_a_dead_monitors_stop_in_place(tmp_path):
    world = _stopped_world(tmp_path)
    folder = stop_requests.requests_folder(world.warehouse.path)

    def resume(mode: str) -> None:
        decide(PLAY, "resume", "Dana Whitfield", "", world.version, warehouse_path=world.warehouse.path,
               plays_dir=world.root / "plays", mode=mode)

    resume("demo")  # recorded, and counted nowhere outside the demo's folder
    assert stop_requests.pending(folder, PLAY) is not None, "a resume that counts nowhere lifted the monitor's stop"
    world.send()
    assert world.outbox() == [], f"{len(world.outbox())} message(s) sent after a resume the gate does not count"
    resume("live")
    assert stop_requests.pending(folder, PLAY) is None
    assert world.send() == "sent" and len(world.outbox()) == len(CONTACTS)
