"""In the demo, the command `sdr status` and `sdr plays list` print to settle a stop request
(left by an `SDR_MODE=demo sdr revoke` that a busy warehouse timed out) reaches the demo's data as
pasted, as every other command printed in the demo does (README, "Two commands"): it carries
`SDR_MODE=demo`. Pasted without it, the revoke lands in a new live warehouse while the demo's play stays
stopped by the request."""

import re
import shutil
from datetime import UTC, datetime

import pytest

from sdr_assets import stop_requests
from sdr_assets.cli import app
from tests.command_line import CommandLine
from tests.conftest import PLAYS, RUN_NOW

PLAY = "revops-hiring"
PRINTED = re.compile(r"(SDR_MODE=demo (?:SDR_DEMO_DIR=\S+ )?)?\bsdr (revoke|reject|resume|approve) ")


@pytest.mark.parametrize("command", [["status"], ["plays", "list"]])
def test_the_command_that_settles_a_demo_stop_request_names_demo_mode(tmp_path, command):
    demo = tmp_path / "demo"
    shutil.copytree(PLAYS, demo / "plays")
    env = {"SDR_MODE": "demo", "SDR_DEMO_DIR": str(demo), "SDR_NOW": RUN_NOW}
    runner = CommandLine()
    listed = runner.invoke(app, ["plays", "list", "--json"], env=env)
    version = next(p["version"] for p in __import__("json").loads(listed.stdout)["plays"] if p["play"] == PLAY)
    assert runner.invoke(app, ["approve", PLAY, "--version", version, "--by", "Dana Whitfield"], env=env).exit_code == 0
    folder = stop_requests.requests_folder(demo / "warehouse.duckdb")
    with pytest.raises(TimeoutError):  # the revoke's wait for a busy warehouse ran out: its request stays
        with stop_requests.announced(folder, PLAY, "revoke", "Dana Whitfield", datetime(2026, 11, 20, 9, tzinfo=UTC),
                                     mode="demo", version=version):
            raise TimeoutError

    result = runner.invoke(app, command, env={**env, "COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    printed = [m for m in PRINTED.finditer(result.stdout)]
    revokes = [m for m in printed if m.group(2) == "revoke"]
    assert revokes, result.stdout
    assert all(m.group(1) for m in revokes), [m.group(0) for m in revokes]
