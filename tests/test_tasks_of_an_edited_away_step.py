"""A LinkedIn task of an earlier play version is not handed out under the next version's approval.

Version 1 of the funding play has a LinkedIn connection note at step 2; approved, its first emails
go and its tasks are handed out. The play is edited so that version 2 has no LinkedIn step (or has
it at another step) and version 2 is approved before any `sdr tasks` command runs in between (the
outreach job does not run the tasks step while the gate is closed). An open task is kept while its
note is drafted by the version it was written under; one of an earlier version whose note no
current draft holds is withdrawn, in the table and the CSV a person works from.
"""

from __future__ import annotations

import csv
import json

import duckdb
import pytest

from resources.defaults import build_resources
from resources.tables import columns_of
from sdr_assets.assembly import build_definitions
from sdr_assets.cli import app
from sdr_assets.domain.tasks import task_id
from sdr_assets.play_graph import job_name
from sdr_assets.playbook import load_plays
from sdr_assets.task_records import (EDITED_AWAY, TASKS_DDL, ensure_table, hold_stale_tasks,
                                     withdraw_tasks_of_earlier_versions)
from tests.approving import approve
from tests.command_line import CommandLine
from tests.counting import Counting
from tests.openings import LINKEDIN_NOTE as NOTE
from tests.test_linkedin_tasks_on_their_day import PLAY, START, started  # noqa: F401


def _listed(environ) -> list[dict]:
    listed = CommandLine().invoke(app, ["tasks", "list", "--json"], env=environ(SDR_NOW=START.isoformat()))
    assert listed.exit_code == 0, listed.output
    return json.loads(listed.stdout)


@pytest.mark.opening("series_b_noted")
def test_an_open_task_of_an_edited_away_linkedin_step_is_not_handed_out_under_the_new_approval(
        started, environ, instance, data_dir):  # noqa: F811
    v1_open = [t for t in _listed(environ) if t["status"] == "open"]
    assert v1_open, "version 1 handed out tasks"
    path = data_dir / "plays" / f"{PLAY}.yaml"
    path.write_text(path.read_text().replace(NOTE, ""))  # version 2: no LinkedIn step
    resources = build_resources(environ())
    approve(resources, PLAY)
    assert build_definitions(resources).resolve_job_def(job_name(PLAY)).execute_in_process(instance=instance).success
    still = [t for t in _listed(environ) if t["status"] == "open"]
    assert not still, f"{len(still)} task(s) with version 1's note handed out under version 2: {still[0]['note']!r}"


def _csv_open(data_dir) -> list[dict]:
    with (data_dir / "exports" / "linkedin_tasks.csv").open(newline="") as f:
        return [r for r in csv.DictReader(f) if r["status"] == "open"]


@pytest.mark.opening("series_b_noted")
def test_the_list_and_the_spreadsheet_drop_an_edited_away_note_once_the_new_version_is_approved(
        started, environ, data_dir):  # noqa: F811
    """No run between the approval and the list: the list withdraws them, and the CSV follows."""
    assert [t for t in _listed(environ) if t["status"] == "open"]
    assert _csv_open(data_dir), "the spreadsheet lists version 1's tasks"
    path = data_dir / "plays" / f"{PLAY}.yaml"
    path.write_text(path.read_text().replace(NOTE, ""))
    approve(build_resources(environ()), PLAY)
    assert not [t for t in _listed(environ) if t["status"] == "open"]
    assert not _csv_open(data_dir), "the spreadsheet still hands out version 1's note"


@pytest.mark.opening("series_b_noted")
def test_a_note_moved_to_another_step_is_handed_out_once(started, environ, instance, data_dir):  # noqa: F811
    """Version 2 asks for the note after its last email: version 1's task at step 2 goes, step 3's comes."""
    path = data_dir / "plays" / f"{PLAY}.yaml"
    moved = NOTE.replace("delay_days: 2", "delay_days: 6").rstrip("\n")
    path.write_text(path.read_text().replace(NOTE, "").replace("\nsender:", f"\n{moved}\nsender:", 1))
    resources = build_resources(environ())
    approve(resources, PLAY)
    assert build_definitions(resources).resolve_job_def(job_name(PLAY)).execute_in_process(instance=instance).success
    with resources["warehouse"].connect() as con:
        steps = {s for (s,) in con.execute("select distinct step from linkedin_tasks where status in ('open', 'held')")
                 .fetchall()}
    assert 2 not in steps, f"version 1's step 2 task is still handed out: {steps}"


def test_a_warehouse_made_before_tasks_kept_their_version_keeps_its_tasks(tmp_path):
    """The column is added: the table, and the decisions people recorded in it, stay."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute(TASKS_DDL.replace(",\n    play_version varchar", ""))
    con.execute("insert into linkedin_tasks (task_id, play, contact_email, step, status, decided_by, created_at, "
                "updated_at) values ('t', 'p', 'a@x.example', 2, 'done', 'Kim Lee', now(), now())")
    ensure_table(con)
    assert "play_version" in columns_of(con, "linkedin_tasks")
    assert con.execute("select status, decided_by from linkedin_tasks").fetchall() == [("done", "Kim Lee")]


@pytest.mark.parametrize(("grounded", "withdrawn"), [(True, 0), (False, 1)])
def test_an_earlier_versions_task_whose_note_only_an_ungrounded_draft_holds_is_withdrawn(
        tmp_path, data_dir, grounded, withdrawn):
    """The current version's note for her is drafted but not grounded: it is not handed out, so neither
    is the earlier version's task with the same words."""
    play = load_plays(data_dir / "plays").plays[PLAY]
    note, address = "Hi Ann, glad to connect.", "ann@acme.example"
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create table message_drafts (play varchar, play_version varchar, play_content varchar, "
                "channel varchar, contact_email varchar, step integer, body varchar, grounded boolean)")
    con.execute("insert into message_drafts values (?, ?, ?, 'linkedin', 'Ann@Acme.example', 2, ?, ?)",
                [PLAY, play.version_hash, play.content_sha256, note, grounded])
    ensure_table(con)
    con.execute("insert into linkedin_tasks (task_id, play, contact_email, step, note, status, created_at, updated_at, "
                "play_version) values (?, ?, ?, 2, ?, 'open', ?, ?, 'version-1')",
                [task_id(PLAY, address, 2), PLAY, address, note, START, START])
    assert withdraw_tasks_of_earlier_versions(con, data_dir / "plays", START) == withdrawn
    status, reason = con.execute("select status, reason from linkedin_tasks").fetchone()
    assert (status, reason) == (("withdrawn", EDITED_AWAY) if withdrawn else ("open", None))


def test_the_list_reads_each_plays_notes_once_for_the_edited_away_and_the_stale(tmp_path, data_dir):
    """`sdr tasks` asks both of an earlier version's open task whose note the current version still
    drafts: one read of the play's notes serves both."""
    play = load_plays(data_dir / "plays").plays[PLAY]
    note, address = "Hi Ann, glad to connect.", "ann@acme.example"
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create table message_drafts (draft_id varchar, play varchar, play_version varchar, "
                "play_content varchar, channel varchar, contact_email varchar, step integer, body varchar, "
                "grounded boolean)")
    con.execute("insert into message_drafts values ('d', ?, ?, ?, 'linkedin', 'Ann@Acme.example', 2, ?, true)",
                [PLAY, play.version_hash, play.content_sha256, note])
    ensure_table(con)
    con.execute("insert into linkedin_tasks (task_id, play, contact_email, step, note, status, due_at, created_at, "
                "updated_at, play_version) values (?, ?, ?, 2, ?, 'open', ?, ?, ?, 'version-1')",
                [task_id(PLAY, address, 2), PLAY, address, note, START, START, START])
    counting, notes = Counting(con), {}
    assert withdraw_tasks_of_earlier_versions(counting, data_dir / "plays", START, notes=notes) == 0
    assert hold_stale_tasks(counting, data_dir / "plays", START, notes) == (0, 0)
    assert sum("message_drafts" in sql for sql in counting.run) == 1, counting.run


@pytest.mark.opening("series_b_noted")
def test_the_approval_itself_withdraws_an_edited_away_note_in_the_table_and_the_spreadsheet(
        started, environ, data_dir):  # noqa: F811
    """No run and no task command after the approval: the tasks a person reads in the spreadsheet
    straight away no longer hand out version 1's note."""
    resources = build_resources(environ())
    assert _listed(environ) and _csv_open(data_dir), "version 1's tasks are handed out"
    path = data_dir / "plays" / f"{PLAY}.yaml"
    path.write_text(path.read_text().replace(NOTE, ""))
    approve(resources, PLAY, exports_dir=resources["paths"].exports_dir)
    with resources["warehouse"].connect() as con:
        left = con.execute("select count(*) filter (where status = 'open'), count(*) filter (where reason = ?) "
                           "from linkedin_tasks", [EDITED_AWAY]).fetchone()
    assert left[0] == 0 and left[1] > 0, left
    assert not _csv_open(data_dir), "the spreadsheet still hands out version 1's note"
