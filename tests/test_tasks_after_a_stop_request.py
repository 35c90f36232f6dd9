"""A revocation whose command could not record it (the warehouse held past its wait, or the command
killed) leaves a stop request, and the README promises the play "sends nothing" until a person decides
again; the sensor, `sdr run` and the send step all honour it. The approval gate "holds for tasks as for
emails": the play's LinkedIn tasks must not be handed out meanwhile, neither by `sdr tasks list` nor
by the outreach run's tasks step.
"""

from __future__ import annotations

import json

import pytest

from resources.config import WarehouseFile
from resources.damage import WarehouseLocked
from resources.defaults import build_resources
from sdr_assets import stop_requests
from sdr_assets.cli import app
from sdr_assets.decisions import decide
from sdr_assets.tasks import write_tasks
from tests.command_line import CommandLine
from tests.openings import require_opening

PLAY = "series-b-funding"


@pytest.fixture
def started(request, environ):
    require_opening(request, "series_b_noted")
    return build_resources(environ())


def _open_tasks(resources) -> list[str]:
    with resources["warehouse"].connect() as con:
        return [r[0] for r in con.execute("select task_id from linkedin_tasks where play = ? and status = 'open'",
                                          [PLAY]).fetchall()]


@pytest.mark.opening("series_b_noted")
def test_a_revocation_left_as_a_stop_request_hands_out_no_task(started, environ, monkeypatch):
    assert _open_tasks(started), "the approved play has tasks handed out"
    path = started["warehouse"].path

    def held(*_args, **_options):  # a batch holds the warehouse past the command's wait
        raise WarehouseLocked(f"the warehouse {path} is held by process 1, which did not let it go within 60 s")

    monkeypatch.setattr(WarehouseFile, "connect", held)
    with pytest.raises(WarehouseLocked, match="stays and stops its sends"):
        decide(PLAY, "revoke", "Lee Ops", "prospects complained", warehouse_path=path,
               plays_dir=started["paths"].plays_dir)
    monkeypatch.undo()
    assert stop_requests.pending(stop_requests.requests_folder(path), PLAY) is not None

    listed = CommandLine().invoke(app, ["tasks", "list", "--json"], env=environ())
    assert listed.exit_code == 0, listed.output
    handed = [t for t in json.loads(listed.stdout) if t["play"] == PLAY and t["status"] == "open"]
    assert handed == [], f"`sdr tasks list` hands out {len(handed)} task(s) of a play its reviewer asked to revoke"

    write_tasks(PLAY, started["warehouse"], started["policy"], started["paths"])
    assert _open_tasks(started) == [], "the tasks step keeps the revoked play's tasks open"
