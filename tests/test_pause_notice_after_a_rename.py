"""A pause's notice that could not go (no address yet) goes once the play, renamed in its file since,
has one: a play is its name and, across a rename, its content (README, "Approving plays"), so its
owner hears of the pause under the name the file gives it now, and `sdr status` lists nothing left
undelivered."""

import json
from email import message_from_bytes, policy

import dagster as dg
import pytest

from sdr_assets.assembly import build_definitions
from sdr_assets.cli import app
from sdr_assets.jobs import TRIAGE_ASSETS
from sdr_assets.playbook import load_plays
from tests.command_line import CommandLine
from tests.conftest import environ_for
from tests.monitor_world import OWNER, REVOPS, over_smtp, smtp  # noqa: F401 (smtp: a fixture)

RENAMED = "revops-hiring-emea"


@pytest.mark.opening("revops_paused")  # paused by the replies run, its owner with no address: undeliverable
def test_an_undelivered_pause_notice_goes_to_the_owner_of_the_renamed_play(data_dir, instance, smtp):
    path = data_dir / "plays" / f"{REVOPS}.yaml"
    before = load_plays(data_dir / "plays").plays[REVOPS].version_hash
    owner = "owner: Dana Whitfield\n"
    path.write_text(path.read_text().replace(f"name: {REVOPS}\n", f"name: {RENAMED}\n")
                    .replace(owner, f"{owner}owner_email: {OWNER}\n"))
    assert load_plays(data_dir / "plays").plays[RENAMED].version_hash == before, "a rename alone: the same version"

    resources = over_smtp(data_dir, smtp.port)
    assert build_definitions(resources).resolve_job_def("replies_job").execute_in_process(
        instance=instance, raise_on_error=False,
        asset_selection=[dg.AssetKey(name) for name in TRIAGE_ASSETS]).success
    told = [message_from_bytes(m["raw"], policy=policy.default) for m in smtp.handler.delivered]
    assert [(m["To"], m["Subject"]) for m in told] == [(OWNER, f"[sdr] {RENAMED} paused by the monitor")], (
        f"the monitor paused {REVOPS}, renamed {RENAMED} since with an owner_email; notices sent: "
        f"{[(m['To'], m['Subject']) for m in told]}")
    status = CommandLine().invoke(app, ["status", "--json"], env=environ_for(data_dir))
    assert json.loads(status.output)["pause_notices"]["not_delivered"] == []
