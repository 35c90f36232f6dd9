"""A signals run that finds the API feed claimed by another process says so in its log, naming the
process, and waits no longer than a step waits for the warehouse: then it stops with that one line,
as a state that clears itself, and the run queue goes on. A process that never lets the claim go (an
`sdr run` stopped with Ctrl-Z mid-pull) does not hold every later run, the replies' among them, queued
behind this one without a word."""

import fcntl
import os
import threading

import dagster as dg
from http_server import Reply

from resources.defaults import build_resources
from resources.signal_feed import HttpSignalFeed
from sdr_assets.feed_claim import claim_path
from sdr_assets.play_state import CLEARS_ITSELF
from sdr_assets.signals import raw_signals
from tests.conftest import environ_for


def test_a_run_waits_a_bounded_time_for_a_held_feed_and_says_who_holds_it(serve, tmp_path):
    resources = build_resources(environ_for(tmp_path, SDR_WAREHOUSE_WAIT_MINUTES="0.02"))
    (tmp_path / "plays").mkdir(exist_ok=True)
    server = serve(lambda request: Reply(body={"data": [], "next_cursor": None}))
    feed = HttpSignalFeed(name="intent", url=f"{server.url}/signals", max_attempts=1, timeout_seconds=5.0)
    claim = claim_path(resources["warehouse"].path)
    fd = os.open(claim, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another process's pull, which never ends
    os.write(fd, b"4242\n")
    results, instance = [], dg.DagsterInstance.ephemeral()
    worker = threading.Thread(target=lambda: results.append(dg.materialize(
        [raw_signals], resources={**resources, "signal_feed": feed}, raise_on_error=False, instance=instance)))
    worker.start()
    worker.join(30)
    try:
        assert not worker.is_alive(), "the run waits for ever for a feed another process holds"
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
        worker.join(30)
    result = results[0]
    assert not result.success and not server.requests
    failure = result.get_step_failure_events()[0].step_failure_data
    assert "4242" in failure.error.message and "feed" in failure.error.message
    assert failure.user_failure_data.metadata[CLEARS_ITSELF].value is True
    told = [e.user_message for e in instance.all_logs(result.run_id) if "4242" in e.user_message]
    assert told and "wait" in told[0], "the run's log names the process it waits for"
