"""The LinkedIn tasks spreadsheet follows the monitor: when the replies job's triage trips a play's pause
("When it trips ... their open LinkedIn tasks are withdrawn"), the open tasks of that play, those of the
people whose replies tripped it first, are withdrawn in the table and in `exports/linkedin_tasks.csv`,
the file people work from, as a revocation or a rejection withdraws them at once. Left open, a rep works
the spreadsheet and writes LinkedIn notes for a paused play to people who just said "not interested"."""

import csv

import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.runner import run_due
from tests.conftest import environ_for
from tests.monitor_world import deliver, not_interested_reply, query_warehouse, sent_messages
from tests.openings import REVOPS, revops_cycled


def _open_tasks(path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as fh:
        return {r["contact_email"]: r["play"] for r in csv.DictReader(fh) if r["status"] == "open"}


@pytest.mark.parametrize("run", ["replies_job", "sdr run"])
def test_a_play_the_monitor_pauses_leaves_no_open_task_in_the_spreadsheet(openings, tmp_path, run):
    root = tmp_path / "w"
    # Disposed at the end: its runs write outputs in a folder of its own, which a dropped instance
    # leaves for the garbage collector (a ResourceWarning in whichever test it runs then).
    with openings.open(revops_cycled, root) as instance:
        _paused_play_leaves_no_open_task(root, instance, run)


def _paused_play_leaves_no_open_task(root, instance, run: str) -> None:
    resources = build_resources(environ_for(root))
    spreadsheet = resources["paths"].exports / "linkedin_tasks.csv"
    assert len(_open_tasks(spreadsheet)) == 16, "precondition: the play's LinkedIn tasks are open"

    said_no = sent_messages(resources, REVOPS)[:8]
    deliver(resources, [not_interested_reply(s) for s in said_no])
    defs = build_definitions(resources)
    if run == "replies_job":  # the reply sensor's run
        assert defs.resolve_job_def("replies_job").execute_in_process(instance=instance).success
    else:  # replies, then every play's outreach: a paused play's stops at its gate
        assert not run_due(defs, instance).failed
    assert query_warehouse(resources, "select count(*) from monitor_pauses where play = ? and scope = 'play' "
                                      "and event = 'pause'", [REVOPS]) == [(1,)], "precondition: the monitor paused it"

    still_open = _open_tasks(spreadsheet)
    repliers = {s[2] for s in said_no} & set(still_open)
    assert not still_open, (
        f"after the monitor paused {REVOPS}, linkedin_tasks.csv still lists {len(still_open)} open tasks of it, "
        f"{len(repliers)} of them for people whose 'not interested' tripped the pause; the table: "
        f"{query_warehouse(resources, 'select status, count(*) from linkedin_tasks group by all')}")
