"""The signals run the release before asked for after a play edit, which failed, is asked for again
after the upgrade: that release tagged its run with no change key, so the sensor found no failed run
of the change and an edited play without research stayed unqualified until a new signal file came in."""

from datetime import datetime, timedelta

import dagster as dg

from sdr_assets.assembly import build_definitions
from sensors.plays import CHANGE_TAG
from sensors.release_runs import ASKED_AT_TAG
from tests.conftest import RUN_NOW
from tests.test_research_run_retries import _requests, _run, _skip, _tick, edited_without_research

START = datetime.fromisoformat(RUN_NOW)


def test_a_failed_run_the_release_before_asked_for_is_asked_for_again(data_dir, resources, instance, environ,
                                                                      tmp_path):
    first, request, failing = edited_without_research(data_dir, resources, instance, environ, tmp_path)
    before = dg.RunRequest(run_key=request.run_key, tags={k: v for k, v in request.tags.items()
                                                          if k not in (CHANGE_TAG, ASKED_AT_TAG)})
    assert not _run(failing, instance, before)

    after = _tick(instance, environ, START + timedelta(hours=1), first.cursor)
    requests = _requests(after)
    assert requests, f"the edited play's signals run is asked for again: {_skip(after)}"
    assert requests[0].run_key != request.run_key, "a new key: the daemon launches a run key once"
    assert requests[0].tags["sdr/changed_plays"] == request.tags["sdr/changed_plays"]
    assert _run(build_definitions(resources), instance, requests[0])
    done = _tick(instance, environ, START + timedelta(hours=2), first.cursor)
    assert _requests(done) == [] and _skip(done).startswith("No new or changed plays"), _skip(done)
