"""A warehouse whose research rows name no play version (stored before the column, or under a version
since edited) is researched again under the daemon alone: the play files sensor asks for the signals
run, once per such state, so an approved play's follow-ups go on without a new signal file."""

from datetime import datetime, timedelta

import dagster as dg
import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.play_graph import job_name
from sensors.plays import play_files_sensor
from tests.conftest import RUN_NOW
from tests.sensor_ticks import declared_resources

PLAY = "revops-hiring"
FOLLOW_UP_DAY = (datetime.fromisoformat(RUN_NOW) + timedelta(days=7)).isoformat()  # its step 3 is due


def _tick(instance, resources, cursor=None):
    with dg.build_sensor_context(instance=instance, cursor=cursor,
                                 resources=declared_resources(play_files_sensor, resources)) as context:
        return play_files_sensor(context)


def _rows(resources, sql, params=()):
    with resources["warehouse"].connect() as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.mark.opening("revops_sent")
def test_research_of_no_version_is_researched_again_and_the_follow_ups_go(resources, instance, environ):
    """The release before the column wrote research without ``play_content``: the daemon's next outreach
    run found none of the current version, removed every draft and sent no due follow-up."""
    with resources["warehouse"].connect() as con:
        con.execute("alter table research_angles drop column play_content")
    later = build_resources(environ(SDR_NOW=FOLLOW_UP_DAY))
    defs = build_definitions(later)

    tick = _tick(instance, later)
    requests = [] if isinstance(tick, dg.SkipReason) else list(tick.run_requests)
    assert len(requests) == 1, f"no signals run asked for research of no version: {tick}"
    again = _tick(instance, later, tick.cursor)
    assert isinstance(again, dg.SkipReason) or [r.run_key for r in again.run_requests] == [requests[0].run_key], \
        "the same state asks for the same run, which the daemon launches once"

    assert defs.resolve_job_def("signals_job").execute_in_process(instance=instance, tags=requests[0].tags).success
    assert isinstance(_tick(instance, later, tick.cursor), dg.SkipReason), "researched: nothing more to ask"
    defs.resolve_job_def(job_name(PLAY)).execute_in_process(instance=instance, raise_on_error=False)
    follow_ups = _rows(later, "select count(*) from send_ledger where play = ? and step = 3 and status = 'sent'",
                       [PLAY])[0][0]
    assert follow_ups > 0, "the approved play's due follow-ups went after the signals run"
    firsts = _rows(later, "select count(*), count(distinct contact_email) from send_ledger where play = ? "
                          "and step = 1 and status = 'sent'", [PLAY])[0]
    assert firsts[0] == firsts[1], "nobody got a first email twice"


@pytest.mark.opening("revops_sent")
def test_drafts_of_a_play_researched_under_no_version_say_they_wait_for_research(defs, resources, instance):
    """The outreach run before the signals run removes the play's drafts saying why, not as drafts up to date."""
    with resources["warehouse"].connect() as con:
        con.execute("alter table research_angles drop column play_content")
    result = defs.resolve_job_def(job_name(PLAY)).execute_in_process(instance=instance, raise_on_error=False)
    drafted = next(m for m in result.asset_materializations_for_node(f"{PLAY.replace('-', '_')}__message_drafts"))
    assert "research is of another version" in drafted.metadata["rebuilt"].value, drafted.metadata["rebuilt"]
