"""A signals run that finds the API feed claimed by another process does not wait for it: it says in its
log which process pulls the feed, reads the inbox's files, and ends green, leaving the feed and its cursor
to the holder (the next run reads on from where that one stops); a holder that never lets go shows as a
failing feed. The instance runs one run at a time, so
a wait here, however bounded, holds the replies' and opt-outs' runs queued behind a feed they never read,
and a wait that ends in a failure drops the inbox's signals of that run as well."""

import fcntl
import json
import os
import threading

import dagster as dg
from http_server import Reply

from resources.defaults import build_resources
from resources.signal_feed import HttpSignalFeed
from sdr_assets.feed_claim import claim_path
from sdr_assets.signals import raw_signals
from tests.conftest import environ_for


def test_a_run_that_finds_the_feed_held_reads_the_inbox_at_once_and_leaves_the_feed_to_its_holder(serve, tmp_path):
    resources = build_resources(environ_for(tmp_path))  # a step waits up to 60 min for a held warehouse
    (tmp_path / "plays").mkdir(exist_ok=True)
    inbox = tmp_path / "inbox" / "signals"
    inbox.mkdir(parents=True)
    (inbox / "hiring.jsonl").write_text(json.dumps({
        "company_domain": "acme.example", "signal_type": "hiring", "detail": "Hiring an AE", "source": "board",
        "observed_at": "2026-11-18T10:00:00Z", "attributes": {"role": "AE"}}) + "\n", encoding="utf-8")
    server = serve(lambda request: Reply(body={"data": [], "next_cursor": None}))
    feed = HttpSignalFeed(name="intent", url=f"{server.url}/signals", max_attempts=1, timeout_seconds=5.0)
    fd = os.open(claim_path(resources["warehouse"].path), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another process's pull, under way
    os.write(fd, b"4242\n")
    results, instance = [], dg.DagsterInstance.ephemeral()
    worker = threading.Thread(target=lambda: results.append(dg.materialize(
        [raw_signals], resources={**resources, "signal_feed": feed}, raise_on_error=False, instance=instance)))
    worker.start()
    worker.join(20)
    try:
        assert not worker.is_alive(), "the run waits for the feed another process pulls, holding the run queue"
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
        worker.join(120)
    result = results[0]
    assert result.success, "a feed another process pulls fails the run"
    assert not server.requests, "the feed was pulled beside its holder"
    with resources["warehouse"].connect() as con:
        assert con.execute("select company_domain from raw_signals").fetchall() == [("acme.example",)]
        assert con.execute("select count(*) from signal_feed_state").fetchone()[0] == 0, "the holder's cursor is written over"
        error = con.execute("select last_error from signal_feed_health").fetchone()[0]
        assert "4242" in error, "a holder that never lets go does not show as a failing feed"
    told = [e.user_message for e in instance.all_logs(result.run_id) if "4242" in e.user_message]
    instance.dispose()
    assert told and "feed" in told[0], "the run's log names the process that pulls the feed"
