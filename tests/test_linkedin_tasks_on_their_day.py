"""A LinkedIn note is asked on the day it falls due, as an email is on the day it would go.

The funding play here has a connection note that states the research's why-now ("since you just
raised a Series A"). Researched once, its tasks were handed to a person with that "just" whatever
the signal's age by the day the note went: no new signal file, no new research, and days later
`sdr tasks list` still showed "just raised" of a round weeks old. A task whose note no longer holds
now waits (``held``, with the reason, never done by mistake), and fresh research reopens it.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta

import pytest

from resources.defaults import build_resources
from sdr_assets.cli import app
from sdr_assets.domain.facts import JUST_DAYS
from sdr_assets.domain.tasks import RESEARCH_GONE
from sdr_assets.domain.targeting import age_in_days
from sdr_assets.play_graph import job_name
from sdr_assets.playbook import load_plays
from sdr_assets.tasks import write_tasks
from tests.command_line import CommandLine
from tests.conftest import RUN_NOW
from tests.follow_up_world import run
from tests.openings import require_opening

PLAY = "series-b-funding"
START = datetime.fromisoformat(RUN_NOW)
LATER = START + timedelta(days=10)


@pytest.fixture
def started(request, environ):
    """The resources of a test marked with the ``series_b_noted`` opening: the play with its note,
    researched and approved on START; its first emails went that day."""
    require_opening(request, "series_b_noted")
    return build_resources(environ())


def _tasks(resources) -> list[dict]:
    """Every task of the play with its note's signal age in days on the day it falls due (or now, once due)."""
    now = resources["policy"].now()
    with resources["warehouse"].connect() as con:
        cursor = con.execute(
            "select distinct t.task_id, t.status, t.reason, t.note, t.due_at, s.observed_at from linkedin_tasks t "
            "join message_drafts d on d.play = t.play and lower(d.contact_email) = t.contact_email "
            "and d.step = t.step and d.body = t.note "
            "join raw_signals s on s.signal_id = d.signal_id where t.play = ?", [PLAY])
        rows = [dict(zip([c[0] for c in cursor.description], r)) for r in cursor.fetchall()]
    return [{**r, "age": age_in_days(r["observed_at"], max(now, r["due_at"]))} for r in rows]


def _stale_open(tasks: list[dict]) -> list[tuple[str, float]]:
    return [(t["task_id"], t["age"]) for t in tasks
            if t["status"] == "open" and "just raised" in t["note"] and t["age"] > JUST_DAYS]


def _listed(environ, now: datetime, *args: str) -> dict[str, dict]:
    listed = CommandLine().invoke(app, ["tasks", "list", "--json", *args], env=environ(SDR_NOW=now.isoformat()))
    assert listed.exit_code == 0, listed.output
    return {t["task_id"]: t for t in json.loads(listed.stdout)}


@pytest.mark.opening("series_b_noted")
def test_no_task_is_handed_out_saying_just_of_a_signal_too_old_on_its_due_day(started):
    tasks = _tasks(started)
    assert any(t["status"] == "open" and "just raised" in t["note"] for t in tasks), "fresh ones are handed out"
    assert not _stale_open(tasks), "a note saying 'just' of a signal older than JUST_DAYS on its due day"
    held = [t for t in tasks if t["status"] == "held"]
    assert held and all(f'"just" holds for {JUST_DAYS} days' in t["reason"] for t in held), held


@pytest.mark.opening("series_b_noted")
def test_days_later_the_list_holds_what_no_longer_holds_and_it_cannot_be_marked_done(started, environ):
    """No run between: `sdr tasks list` asks the notes again, as it asks the suppression list."""
    before = _listed(environ, START)
    listed = _listed(environ, LATER)
    held = {i: t for i, t in listed.items() if t["status"] == "held"}
    assert held and set(held) <= set(before), "a held task is shown with its reason, not dropped"
    assert all(t["reason"].startswith("waits: ") and "just raised" in t["note"] for t in held.values()), held
    later = build_resources(environ(SDR_NOW=LATER.isoformat()))
    assert not _stale_open(_tasks(later)), "the list showed a stale 'just' as open"
    task = next(iter(held))
    refused = CommandLine().invoke(app, ["tasks", "done", task, "--by", "Kim Lee"],
                                 env=environ(SDR_NOW=LATER.isoformat()))
    assert refused.exit_code == 1 and "waits: " in refused.output, refused.output


@pytest.mark.opening("series_b_noted")
def test_a_run_days_later_holds_them_and_fresh_research_reopens_them_reworded(started, environ, instance):
    later = build_resources(environ(SDR_NOW=LATER.isoformat()))
    write_tasks(PLAY, later["warehouse"], later["policy"], later["paths"])
    tasks = _tasks(later)
    assert not _stale_open(tasks)
    held = {t["task_id"] for t in tasks if t["status"] == "held"}
    assert held
    window = int(load_plays(later["paths"].plays).plays[PLAY].triggers[0]["max_age_days"])
    past_window = [t for t in tasks if t["status"] == "open" and t["age"] > window]
    assert past_window, "a note without 'just' continues the conversation its first email began, as a follow-up"

    _run(later, instance, "signals_job", job_name(PLAY))
    after = {t["task_id"]: t for t in _tasks(later)}
    reopened = [after[i] for i in held if after.get(i, {}).get("status") == "open"]
    assert reopened and all("just raised" not in t["note"] for t in reopened), "written again without 'just'"
    assert not _stale_open(list(after.values()))


def _run(resources, instance, *jobs: str) -> None:
    """``jobs`` through the assets these tests read: the signals through research and the play's drafts,
    the play's drafts through its sends and tasks; not the other plays' drafts or the analytics."""
    for job in jobs:
        run(resources, instance, job)


def _task_rows(resources) -> dict[str, dict]:
    with resources["warehouse"].connect() as con:
        cursor = con.execute("select * from linkedin_tasks where play = ?", [PLAY])
        return {r[0]: dict(zip([c[0] for c in cursor.description], r)) for r in cursor.fetchall()}


@pytest.mark.opening("series_b_noted")
def test_a_held_task_keeps_its_research_and_reopens_reworded_after_the_last_email(started, environ, instance):
    """A held task is a step still to go, as a held email is: its sequence stays under way after its
    last email went and its signal left the window, so its research is kept and words the note again."""
    held = {i: t for i, t in _task_rows(started).items() if t["status"] == "held"}
    assert held
    follow_up = build_resources(environ(SDR_NOW=(START + timedelta(days=4)).isoformat()))
    _run(follow_up, instance, job_name(PLAY))  # the last email goes; no signals run that day
    later = build_resources(environ(SDR_NOW=(START + timedelta(days=9)).isoformat()))
    _run(later, instance, "signals_job", job_name(PLAY))
    tasks = _task_rows(later)
    assert all(tasks[i]["status"] == "open" and "just raised" not in tasks[i]["note"] for i in held), \
        [(tasks[i]["status"], tasks[i]["reason"]) for i in held]


@pytest.mark.opening("series_b_noted")
def test_a_held_task_whose_signal_is_gone_is_withdrawn_saying_so(started, environ, instance):
    """No research words its note again once its signal is no longer stored (kept research words it
    as stored): it would wait for ever, and keep its sequence and research under way with it."""
    held = {i for i, t in _task_rows(started).items() if t["status"] == "held"}
    assert held
    with started["warehouse"].connect() as con:
        con.execute("delete from raw_signals where signal_id in (select d.signal_id from message_drafts d "
                    "join linkedin_tasks t on t.play = d.play and t.step = d.step and t.note = d.body "
                    "where t.status = 'held')")
    later = build_resources(environ(SDR_NOW=(START + timedelta(days=4)).isoformat()))
    _run(later, instance, job_name(PLAY))
    tasks = _task_rows(later)
    assert all(tasks[i]["status"] == "withdrawn" and tasks[i]["reason"].startswith("research gone: ")
               for i in held), [(tasks[i]["status"], tasks[i]["reason"]) for i in held]


@pytest.mark.opening("series_b_noted")
def test_the_list_withdraws_an_open_task_whose_signal_is_gone_as_a_run_would(started, environ):
    """No run between: the list asks the notes again and, as a run does, withdraws one saying "just" of a
    signal no longer stored rather than hold it for research that never comes."""
    opened = {i for i, t in _task_rows(started).items() if t["status"] == "open" and "just raised" in t["note"]}
    assert opened
    with started["warehouse"].connect() as con:
        con.execute("delete from raw_signals where signal_id in (select d.signal_id from message_drafts d "
                    "join linkedin_tasks t on t.play = d.play and t.step = d.step and t.note = d.body "
                    "where t.status = 'open')")
    listed = _listed(environ, START, "--all")
    assert all((listed[i]["status"], listed[i]["reason"]) == ("withdrawn", RESEARCH_GONE) for i in opened), \
        [(listed[i]["status"], listed[i]["reason"]) for i in opened]


@pytest.mark.opening("series_b_noted")
def test_the_spreadsheet_follows_what_the_list_held(started, environ, data_dir):
    """People who work from the CSV see a task the list held as held, not as one still to hand out."""
    held = {i for i, t in _listed(environ, LATER).items() if t["status"] == "held"}
    assert held
    with (data_dir / "exports" / "linkedin_tasks.csv").open(newline="") as f:
        rows = {r["task_id"]: r["status"] for r in csv.DictReader(f)}
    assert {rows[i] for i in held} == {"held"}, [rows[i] for i in held]
