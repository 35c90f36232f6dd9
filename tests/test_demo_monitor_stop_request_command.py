"""The monitor's own stop request, left when it ended before recording the pause, prints the command
that lifts it: `sdr resume PLAY --version HASH --by NAME`. In the demo that command must carry
`SDR_MODE=demo` as every other printed command does (62792082 made ``StopRequest.reason`` print it
from the request's ``mode``), but ``monitoring.pauses_announced`` writes its requests without a mode,
so the demo prints the live command: pasted, it resumes the play in a new live warehouse while the
demo's play stays stopped by the request."""

import json
import re
import shutil
from datetime import UTC, datetime

import pytest

from sdr_assets.cli import app
from sdr_assets.monitoring import pauses_announced
from tests.command_line import CommandLine
from tests.conftest import PLAYS, RUN_NOW

PLAY = "revops-hiring"
PRINTED = re.compile(r"(SDR_MODE=demo (?:SDR_DEMO_DIR=\S+ )?)?\bsdr (revoke|reject|resume|approve) ")


@pytest.mark.parametrize("command", [["status"], ["plays", "list"]])
def test_the_command_that_lifts_a_demo_monitor_pause_request_names_demo_mode(tmp_path, command):
    demo = tmp_path / "demo"
    shutil.copytree(PLAYS, demo / "plays")
    env = {"SDR_MODE": "demo", "SDR_DEMO_DIR": str(demo), "SDR_NOW": RUN_NOW}
    runner = CommandLine()
    listed = runner.invoke(app, ["plays", "list", "--json"], env=env)
    version = next(p["version"] for p in json.loads(listed.stdout)["plays"] if p["play"] == PLAY)
    assert runner.invoke(app, ["approve", PLAY, "--version", version, "--by", "Dana Whitfield"], env=env).exit_code == 0
    events = [{"event": "pause", "scope": "play", "play": PLAY, "reason": "bounce rate 9% over 5%"}]
    with pytest.raises(KeyboardInterrupt):  # the monitor stopped before its pause was recorded: the request stays
        with pauses_announced(str(demo / "warehouse.duckdb"), events, datetime(2026, 11, 20, 9, tzinfo=UTC)):
            raise KeyboardInterrupt

    result = runner.invoke(app, command, env={**env, "COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    resumes = [m for m in PRINTED.finditer(result.stdout) if m.group(2) == "resume"]
    assert resumes, result.stdout
    assert all(m.group(1) for m in resumes), [m.group(0) for m in resumes]
