"""Clicks two failed opt-out runs in turn left unread (one per tick as the log grew, the warehouse held
meanwhile) are asked for again, as one batch from where ingestion reached: no run was ever asked for
that batch, so the sensor took it for one under way and the monitor never counted those clicks
until another click came in."""

from datetime import datetime, timedelta

import pytest

from resources.warehouse import Warehouse
from sdr_assets import optout_log
from sdr_assets.assembly import build_definitions
from tests.conftest import RUN_NOW
from tests.monitor_world import REVOPS, query_warehouse, sent_messages
from tests.optouts.test_optout_run_retries import _requests, _run, _skip, _tick

START = datetime.fromisoformat(RUN_NOW)


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
