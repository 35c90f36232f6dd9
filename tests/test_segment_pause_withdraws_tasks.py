"""A segment the monitor pauses holds its people on every channel at once (README, "The monitor"):
the open LinkedIn tasks of the play's people in that segment are withdrawn by the run that records
the pause, in the spreadsheet too, and a person cannot mark one done before the next outreach run.
Those of the play's other segments stay open."""

import csv
import json

import pytest

from sdr_assets.cli import app
from tests.command_line import CommandLine
from tests.monitor_world import (REVOPS, deliver, industries_of, not_interested_reply, query_warehouse, run_job,
                                 sent_messages, strict_segments)
from sdr_assets.assembly import build_definitions


def _open_tasks(resources) -> dict[str, str]:
    return dict(query_warehouse(resources, "select lower(contact_email), task_id from linkedin_tasks "
                                           "where play = ? and status = 'open'", [REVOPS]))


@pytest.mark.opening("revops_cycled")  # the play approved, one cycle: its first emails went, its tasks are open
def test_a_segment_pause_withdraws_the_open_tasks_of_that_segment_at_once(environ, resources, instance):
    industry = industries_of(resources)
    sent = sent_messages(resources, REVOPS)
    by_segment: dict[str, list] = {}
    for s in sent:
        by_segment.setdefault(industry[s[5]], []).append(s)
    segment, people = max(by_segment.items(), key=lambda kv: len(kv[1]))
    assert len(people) >= 3 and len(by_segment) >= 2, "precondition: a segment of several people, and another"
    before = _open_tasks(resources)
    held = [s[2].lower() for s in people[2:] if s[2].lower() in before]
    spared = [s[2].lower() for k, group in by_segment.items() if k != segment for s in group if s[2].lower() in before]
    assert held and spared, "precondition: open tasks in the segment and outside it"

    # Two "not interested" from the segment: the monitor pauses it on that (``strict_segments``).
    strict = strict_segments(resources)
    deliver(strict, [not_interested_reply(s) for s in people[:2]])
    assert run_job(build_definitions(strict), instance, "replies_job").success
    assert query_warehouse(resources, "select scope, scope_value from monitor_pauses where event = 'pause'") == \
        [("segment", segment.casefold())], "precondition: the monitor paused that segment alone"

    after = _open_tasks(resources)
    still = sorted(set(held) & set(after))
    assert not still, (f"segment {segment!r} paused by the monitor, yet the open tasks of {still} in it are "
                       "still open until the play's next outreach run")
    assert set(spared) <= set(after), "the tasks of the play's other segments stay open"
    with (resources["paths"].exports / "linkedin_tasks.csv").open(newline="") as f:
        shown = {r["contact_email"].lower(): r["status"] for r in csv.DictReader(f)}
    assert {shown[a] for a in held} == {"withdrawn"}, "the spreadsheet people work from follows"


@pytest.mark.opening("revops_cycled")
def test_a_task_of_a_paused_segment_cannot_be_marked_done(environ, resources, instance):
    """The same pause recorded by another process (a monitor of an older release, a restore): the task
    commands withdraw the segment's tasks as they withdraw a stopped play's."""
    from sdr_assets.monitor_data import append_pauses, latest_decision_id

    industry = industries_of(resources)
    sent = sent_messages(resources, REVOPS)
    target = sent[0]
    before = _open_tasks(resources)
    assert target[2].lower() in before, "precondition: her task is open"
    with resources["warehouse"].connect() as con:
        append_pauses(con, [{"event": "pause", "scope": "segment", "play": REVOPS, "play_version": None,
                             "scope_value": industry[target[5]], "recorded_at": resources["policy"].now(),
                             "after_decision_id": latest_decision_id(con), "reason": "segment over the baseline"}])
    env = environ()
    done = CommandLine().invoke(app, ["tasks", "done", before[target[2].lower()], "--by", "Kim Lee"], env=env)
    assert done.exit_code != 0, f"a task in a segment the monitor paused was marked done: {done.output}"
    listed = CommandLine().invoke(app, ["tasks", "list", "--json"], env=env)
    assert target[2].lower() not in {t["contact_email"].lower() for t in json.loads(listed.output)}
