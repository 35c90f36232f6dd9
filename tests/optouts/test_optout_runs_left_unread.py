"""Clicks that opt-out runs ended without ingesting are asked for again whatever runs asked for them:
a run the release before asked for (its key, none of the tags of this release), or two runs whose
byte ranges the unread clicks span. Asked by their batch alone, neither was found, so the sensor said
'No new opt-outs' until another click came, and the monitor did not count the clicks against their play."""

from datetime import datetime, timedelta

import dagster as dg
import pytest

from resources.warehouse import Warehouse
from sdr_assets import optout_log
from sdr_assets.assembly import build_definitions
from sensors.optouts import BATCH_TAG
from sensors.release_runs import ASKED_AT_TAG
from tests.conftest import RUN_NOW
from tests.monitor_world import REVOPS, query_warehouse, sent_messages
from tests.optouts.test_optout_run_retries import _requests, _run, _skip, _tick

START = datetime.fromisoformat(RUN_NOW)


def _crashing(resources, tmp_path):
    folder = tmp_path / "not-a-warehouse"
    folder.mkdir(exist_ok=True)
    return build_definitions({**resources, "warehouse": Warehouse(path=str(folder))})


def _paused(resources) -> bool:
    return ("play", REVOPS) in query_warehouse(resources, "select scope, play from monitor_pauses where event = 'pause'")


@pytest.mark.opening("revops_sent")  # revops-hiring approved, its first emails went
def test_clicks_a_run_of_the_release_before_left_unread_are_asked_for_again(data_dir, resources, environ, instance,
                                                                           tmp_path):
    for send_key, _, contact, *_ in sent_messages(resources, REVOPS)[:8]:  # enough to pause the play
        optout_log.append(data_dir, send_key, contact, START)
    first = _tick(environ, instance, START)
    [request] = _requests(first)
    before = dg.RunRequest(run_key=request.run_key, tags={k: v for k, v in request.tags.items()
                                                          if k not in (BATCH_TAG, ASKED_AT_TAG)})
    assert not _run(_crashing(resources, tmp_path), instance, before), "the release before's run failed"

    after = _tick(environ, instance, START + timedelta(hours=1), first.cursor)
    requests = _requests(after)
    assert requests, f"the clicks that run left unread are asked for again: {_skip(after)}"
    assert requests[0].run_key != request.run_key, "a new key: the daemon launches a run key once"
    assert _run(build_definitions(resources), instance, requests[0])
    assert _paused(resources), "the monitor counted the clicks"


@pytest.mark.opening("revops_sent")
def test_clicks_two_failed_runs_asked_for_are_asked_for_again(data_dir, resources, environ, instance, tmp_path):
    sent = sent_messages(resources, REVOPS)[:8]
    for send_key, _, contact, *_ in sent[:4]:
        optout_log.append(data_dir, send_key, contact, START)
    first = _tick(environ, instance, START)
    for send_key, _, contact, *_ in sent[4:]:
        optout_log.append(data_dir, send_key, contact, START)
    second = _tick(environ, instance, START + timedelta(seconds=30), first.cursor)
    crashing = _crashing(resources, tmp_path)
    for request in [*_requests(first), *_requests(second)]:
        assert not _run(crashing, instance, request)

    later = _tick(environ, instance, START + timedelta(hours=1), second.cursor)
    requests = _requests(later)
    assert requests, f"the clicks both runs left unread are asked for again: {_skip(later)}"
    assert _run(build_definitions(resources), instance, requests[0])
    assert _paused(resources), "the monitor counted the clicks"
