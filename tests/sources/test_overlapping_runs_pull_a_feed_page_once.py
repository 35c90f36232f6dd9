"""Two signals runs that overlap (the daemon's and an `sdr run` from cron, or two cron runs while a slow
feed answers) never pull the feed from the same position: the feed is claimed for the pull and the
storing of its pages and cursor, so the second run reads on from where the first stopped. A paid feed
bills each page once, and the second run waits without holding the warehouse."""

import threading

import dagster as dg
from http_server import Reply

from resources.defaults import build_resources
from resources.signal_feed import HttpSignalFeed
from sdr_assets.signals import raw_signals
from tests.conftest import environ_for


def _record(domain: str) -> dict:
    return {"company_domain": domain, "signal_type": "intent", "observed_at": "2026-11-18T10:00:00Z",
            "source": "intent-api", "detail": "researching crm", "attributes": {"topic": "crm", "score": 70}}


def test_a_run_that_overlaps_another_does_not_pull_the_pages_it_pulls(serve, tmp_path):
    resources = build_resources(environ_for(tmp_path))
    (tmp_path / "plays").mkdir(exist_ok=True)
    second_asked = threading.Event()
    first_asked = threading.Event()

    def route(request):
        if "cursor" not in request.query:  # the feed's first page
            if first_asked.is_set():
                second_asked.set()
            else:
                first_asked.set()
                second_asked.wait(3)  # a slow page: the other run starts meanwhile
            return Reply(body={"data": [_record("acme.example")], "next_cursor": "p2"})
        return Reply(body={"data": [_record("globex.example")], "next_cursor": None})

    server = serve(route)
    feed = HttpSignalFeed(name="intent", url=f"{server.url}/signals", max_attempts=1, timeout_seconds=20.0)
    results = []

    def run() -> None:
        with dg.DagsterInstance.ephemeral() as instance:  # disposed here, not left to the collector
            results.append(dg.materialize([raw_signals], resources={**resources, "signal_feed": feed},
                                          raise_on_error=False, instance=instance).success)

    first = threading.Thread(target=run)
    first.start()
    assert first_asked.wait(10)
    second = threading.Thread(target=run)
    second.start()
    first.join(60)
    second.join(60)
    assert results == [True, True]
    starts = [r for r in server.requests if "cursor" not in r.query]
    assert len(starts) == 1, f"the feed's first page was pulled {len(starts)} times by overlapping runs"
    with resources["warehouse"].connect() as con:
        assert sorted(con.execute("select company_domain from raw_signals").fetchall()) == [
            ("acme.example",), ("globex.example",)]
