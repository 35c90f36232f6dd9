"""An opt-out run that failed is asked for again, later each time, until one ingests the clicks: the
sensor's cursor had moved past them when it asked, so the clicks stayed out of the warehouse and the
monitor, which pauses a play on link unsubscribes, did not count them while the play went on sending."""

from datetime import datetime, timedelta

import dagster as dg
import pytest

from resources.defaults import build_resources
from resources.warehouse import Warehouse
from sdr_assets import optout_log
from sdr_assets.assembly import build_definitions
from sensors.optouts import optout_log_sensor
from tests.conftest import RUN_NOW
from tests.monitor_world import REVOPS, query_warehouse, sent_messages
from tests.sensor_ticks import declared_resources

START = datetime.fromisoformat(RUN_NOW)


def _tick(environ, instance, at: datetime, cursor=None):
    resources = build_resources(environ(SDR_NOW=at.isoformat()))
    with dg.build_sensor_context(instance=instance, cursor=cursor,
                                 resources=declared_resources(optout_log_sensor, resources)) as context:
        return optout_log_sensor(context)


def _requests(tick) -> list[dg.RunRequest]:
    return [] if isinstance(tick, dg.SkipReason) else list(tick.run_requests)


def _skip(tick) -> str:
    return tick.skip_message if isinstance(tick, dg.SkipReason) else tick.skip_reason.skip_message


def _run(defs, instance, request: dg.RunRequest) -> bool:
    """The run the daemon launches for ``request``: its tags and its run key."""
    return defs.resolve_job_def("optouts_job").execute_in_process(
        instance=instance, tags={**request.tags, "dagster/run_key": request.run_key}, raise_on_error=False).success


@pytest.mark.opening("revops_sent")  # revops-hiring approved, its first emails went
def test_clicks_a_failed_run_left_unread_are_asked_for_again_until_ingested(data_dir, resources, environ, instance,
                                                                           tmp_path):
    for send_key, _, contact, *_ in sent_messages(resources, REVOPS)[:8]:  # enough to pause the play
        optout_log.append(data_dir, send_key, contact, START)
    folder = tmp_path / "not-a-warehouse"
    folder.mkdir()
    crashing = build_definitions({**resources, "warehouse": Warehouse(path=str(folder))})

    first = _tick(environ, instance, START)
    [request] = _requests(first)
    assert not _run(crashing, instance, request)
    soon = _tick(environ, instance, START + timedelta(seconds=59), first.cursor)
    assert _requests(soon) == [], "a failed run is asked for again after a tick, not at once"
    assert "failed 1 time in a row, so the next is asked for at 2026-11-20 09:01:00 UTC" in _skip(soon), _skip(soon)
    due = START + timedelta(minutes=1)
    retry = _tick(environ, instance, due, getattr(soon, "cursor", None) or first.cursor)
    [again] = _requests(retry)
    assert again.run_key != request.run_key, "a new key: the daemon launches a run key once"
    assert [r.run_key for r in _requests(_tick(environ, instance, due, retry.cursor))] == [again.run_key], \
        "the same key while that run is under way"

    assert _run(build_definitions(resources), instance, again)
    assert ("play", REVOPS) in query_warehouse(resources, "select scope, play from monitor_pauses "
                                                          "where event = 'pause'"), "the monitor counted the clicks"
    done = _tick(environ, instance, due + timedelta(hours=1), retry.cursor)
    assert _requests(done) == [] and _skip(done).startswith("No new opt-outs"), _skip(done)
