"""Clicks two failed opt-out runs in turn left unread (one per tick as the log grew, the warehouse held
meanwhile) are asked for again, as one batch from where ingestion reached: no run was ever asked for
that batch, so the sensor took it for one under way and the monitor never counted those clicks
until another click came in."""

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
    return defs.resolve_job_def("optouts_job").execute_in_process(
        instance=instance, tags={**request.tags, "dagster/run_key": request.run_key}, raise_on_error=False).success


@pytest.mark.opening("revops_sent")  # revops-hiring approved, its first emails went
def test_clicks_of_two_failed_runs_are_asked_for_again(data_dir, resources, environ, instance, tmp_path):
    sent = sent_messages(resources, REVOPS)[:8]  # enough to pause the play
    folder = tmp_path / "not-a-warehouse"
    folder.mkdir()
    crashing = build_definitions({**resources, "warehouse": Warehouse(path=str(folder))})
    cursor = None
    for tick, batch in enumerate((sent[:4], sent[4:])):
        for send_key, _, contact, *_ in batch:
            optout_log.append(data_dir, send_key, contact, START)
        asked = _tick(environ, instance, START + timedelta(seconds=30 * tick), cursor)
        [request] = _requests(asked)
        assert not _run(crashing, instance, request)
        cursor = asked.cursor

    later = START + timedelta(hours=2)
    retry = _tick(environ, instance, later, cursor)
    assert len(_requests(retry)) == 1, f"the unread clicks wait for ever: {_skip(retry)}"
    assert _run(build_definitions(resources), instance, _requests(retry)[0])
    assert ("play", REVOPS) in query_warehouse(resources, "select scope, play from monitor_pauses "
                                                          "where event = 'pause'"), "the monitor counted the clicks"
    done = _tick(environ, instance, later + timedelta(hours=1), getattr(retry, "cursor", None) or cursor)
    assert _requests(done) == [] and _skip(done).startswith("No new opt-outs"), _skip(done)
