"""The signals run reads the API feed without holding the warehouse, as enrichment asks its providers."""

import subprocess
import sys

import dagster as dg
from http_server import Reply

from resources.defaults import build_resources
from resources.signal_feed import HttpSignalFeed
from sdr_assets.signals import raw_signals
from tests.conftest import environ_for

# Opens the warehouse for writing as a send or a triage in another process does: it waits up to 5 s
# for a holder to let it go, which a process holding it unused does at once.
OPEN = ("import sys\nfrom resources.config import WarehouseFile\n"
        "with WarehouseFile(path=sys.argv[1], lock_timeout_seconds=5).connect() as con:\n"
        "    con.execute('select 1')\n    print('opened')")


def test_another_process_opens_the_warehouse_while_the_feed_answers(serve, tmp_path, instance):
    """A feed page can take long (a slow API, its retries and Retry-After waits, a thousand pages a
    run): meanwhile the send step, reply triage and `sdr status` of other processes use the warehouse."""
    resources = build_resources(environ_for(tmp_path))
    (tmp_path / "plays").mkdir(exist_ok=True)
    warehouse = resources["warehouse"].path
    seen = []

    def route(request):
        opened = subprocess.run([sys.executable, "-c", OPEN, warehouse], capture_output=True, text=True)
        seen.append(opened.stdout.strip() or opened.stderr.strip().splitlines()[-1])
        record = {"company_domain": "acme.example", "signal_type": "intent", "observed_at": "2026-11-18T10:00:00Z",
                  "source": "intent-api", "detail": "researching crm", "attributes": {"topic": "crm", "score": 70}}
        return Reply(body={"data": [record], "next_cursor": None})

    server = serve(route)
    feed = HttpSignalFeed(name="intent", url=f"{server.url}/signals", max_attempts=1, timeout_seconds=20.0)
    result = dg.materialize([raw_signals], resources={**resources, "signal_feed": feed}, instance=instance)
    assert result.success
    assert seen == ["opened"], f"the warehouse was held while the feed answered: {seen}"
    with resources["warehouse"].connect() as con:
        assert con.execute("select company_domain from raw_signals").fetchall() == [("acme.example",)]
