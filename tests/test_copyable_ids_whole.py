"""Ids, keys, names and addresses a person copies from a table are printed whole at 80 columns.

README, "Command line": tables are "printed whole at any terminal width, piped or not: a table wider
than the terminal keeps every name and hash on one line". Piped output is 80 columns wide.
"""

import json
import shutil
from datetime import UTC, datetime

import pytest

from sdr_assets.cli import app
from tests.command_line import CommandLine
from tests.escalation_desk import REPO, Desk, reply
from tests.test_send_resilience import _query, _send

EIGHTY = {"COLUMNS": "80"}
LONG_ADDRESS = "alexandra.montgomery-featherstonehaugh@a-rather-long-company-name.example"


def _on_one_line(output: str, *cells: str) -> bool:
    return any(all(cell in line for cell in cells) for line in output.splitlines())


@pytest.fixture
def env(data_dir, resources) -> dict[str, str]:
    return {"SDR_DATA_DIR": str(data_dir), "SDR_NOW": resources["policy"].now_override,
            "DAGSTER_HOME": str(data_dir / "dagster_home")}


@pytest.mark.opening("revops_ready")
def test_an_unresolved_send_key_is_printed_whole_at_80_columns(defs, resources, instance, env):
    assert _send(resources, instance).success
    (key,) = _query(resources, "select send_key from send_ledger where status = 'sent' order by send_key limit 1")[0]
    with resources["warehouse"].connect() as con:
        con.execute("update send_ledger set status = 'sending' where send_key = ?", [key])
    runner = CommandLine()
    assert [r["send_key"] for r in json.loads(runner.invoke(app, ["sends", "unresolved", "--json"],
                                                            env=env).output)] == [key]

    shown = runner.invoke(app, ["sends", "unresolved"], env={**env, **EIGHTY})

    assert shown.exit_code == 0, shown.output
    assert key in shown.output, shown.output


@pytest.mark.opening("revops_cycled")  # the play approved, one cycle: its LinkedIn tasks are open
def test_a_task_id_is_printed_on_one_line_at_80_columns(environ):
    env = environ()
    runner = CommandLine()
    listed = runner.invoke(app, ["tasks", "list", "--json"], env=env)
    ids = [t["task_id"] for t in json.loads(listed.output)]
    assert ids, "the approved play's first emails went out, so its LinkedIn tasks are open"

    shown = runner.invoke(app, ["tasks", "list"], env={**env, **EIGHTY})

    assert shown.exit_code == 0, shown.output
    assert all(task_id in shown.output for task_id in ids), shown.output


def test_a_suppressed_address_and_its_date_are_printed_on_one_line_at_80_columns(tmp_path):
    shutil.copytree(REPO / "data" / "plays", tmp_path / "plays")
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": "2026-11-20T09:00:00+00:00", **EIGHTY}
    runner = CommandLine()
    added = runner.invoke(app, ["suppress", "add", LONG_ADDRESS, "--by", "Dana Whitfield", "--reason",
                                "asked on the phone not to be mailed again, in so many words"], env=env)
    assert added.exit_code == 0, added.output

    shown = runner.invoke(app, ["suppress", "list"], env=env)

    assert shown.exit_code == 0, shown.output
    assert _on_one_line(shown.output, LONG_ADDRESS, "Dana Whitfield", "2026-11-20 09:00"), shown.output


def test_an_escalation_id_and_its_contacts_name_are_printed_on_one_line_at_80_columns(tmp_path):
    at = datetime(2026, 11, 20, 9, tzinfo=UTC)
    desk = Desk(tmp_path)
    desk.replies([reply("<r1@long.example>", "Sounds interesting, can we talk next week?", "interested", at,
                        contact=LONG_ADDRESS, sender=LONG_ADDRESS)])
    desk.run_escalations(at.replace(hour=10))
    (escalation,) = desk.queue(at.replace(hour=10))
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": "2026-11-20T10:00:00+00:00", **EIGHTY}

    shown = CommandLine().invoke(app, ["inbox"], env=env)

    assert shown.exit_code == 0, shown.output
    assert len(escalation["contact_name"]) > 30, "a name long enough to be cut"
    assert _on_one_line(shown.output, escalation["escalation_id"], escalation["contact_name"], "revops-hiring"), \
        shown.output
