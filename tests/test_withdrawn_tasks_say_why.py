"""The open tasks of a play no valid file holds say why they were withdrawn: the play's file is gone
(or renamed without `formerly:`), or it fails validation and which way. Both once read "play removed
or invalid", and the person working the list could not tell a removed play from a broken file."""

import csv
import json

import pytest

from sdr_assets.cli import app
from tests.command_line import CommandLine

PLAY = "revops-hiring"
REMOVED = "play removed: no file in the plays folder declares it"
INVALID = "play invalid: revops-hiring.yaml: line 10, field 'triggers[0].max_age_days': "


def renamed_and_edited(text: str) -> str:
    return text.replace(f"name: {PLAY}", "name: revops-hiring-eu").replace("Glad to connect.", "Good to connect.")


def broken(text: str) -> str:
    return text.replace("max_age_days: 30", "max_age_days: soon")


@pytest.mark.opening("revops_cycled")  # the play approved, one cycle: its LinkedIn tasks are open
@pytest.mark.parametrize(("edit", "reason"), [(renamed_and_edited, REMOVED), (broken, INVALID)],
                         ids=["renamed with an edit", "invalid"])
def test_withdrawn_tasks_of_a_play_no_valid_file_holds_say_which_it_is(environ, data_dir, resources, edit, reason):
    env = environ()
    listed = CommandLine().invoke(app, ["tasks", "list", "--json"], env=env)
    assert listed.exit_code == 0 and {t["status"] for t in json.loads(listed.stdout)} == {"open"}, listed.output
    path = data_dir / "plays" / f"{PLAY}.yaml"
    path.write_text(edit(path.read_text()))

    listed = CommandLine().invoke(app, ["tasks", "list", "--all", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    shown = {(t["status"], t["reason"]) for t in json.loads(listed.stdout) if t["play"] == PLAY}
    assert len(shown) == 1 and next(iter(shown))[0] == "withdrawn", shown
    assert next(iter(shown))[1].startswith(reason), shown
    assert f"{PLAY}: open tasks withdrawn, the play is {reason.removeprefix('play ')}" in " ".join(listed.stderr.split()), listed.stderr
    sheet = resources["paths"].exports / "linkedin_tasks.csv"
    rows = [r for r in csv.DictReader(sheet.read_text(encoding="utf-8").splitlines()) if r["play"] == PLAY]
    assert rows and all(r["reason"].startswith(reason) for r in rows), "the spreadsheet people work from says so"
    table = CommandLine().invoke(app, ["tasks", "list", "--all"], env={**env, "COLUMNS": "400"})
    assert table.exit_code == 0 and reason.split(":")[0] in table.stdout, table.output
