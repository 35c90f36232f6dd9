"""An API signal feed that fails every run is seen: a WARN check on raw_signals and a line in `sdr status`."""

from datetime import datetime, timedelta

import dagster as dg
import duckdb
from http_server import Reply

from resources.defaults import build_resources
from resources.signal_feed import HttpSignalFeed, NoSignalFeed
from sdr_assets.cli import app
from sdr_assets.feed_health import failing_feeds, record_run
from sdr_assets.signal_ingest import ingest
from sdr_assets.signals import raw_signals
from sdr_assets.status import collect_status
from tests.command_line import CommandLine
from tests.conftest import RUN_NOW, environ_for

START = datetime.fromisoformat(RUN_NOW)
CHECK = dg.AssetCheckKey(dg.AssetKey("raw_signals"), "signal_feed_health")


class Api:
    """A feed that refuses every request until it is mended."""

    def __init__(self):
        self.up = False

    def __call__(self, request):
        if not self.up:
            return Reply(401, {"error": "token expired"})
        return Reply(body={"data": [], "next_cursor": None})


def _run(root, server, at: datetime, instance: dg.DagsterInstance):
    env = environ_for(root, SDR_NOW=at.isoformat())
    resources = {**build_resources(env), "signal_feed": HttpSignalFeed(name="intent", url=f"{server.url}/signals",
                                                                       max_attempts=1, timeout_seconds=2.0)}
    result = dg.materialize([raw_signals], resources=resources, instance=instance)
    assert result.success, "a failing feed is a warning: the run is not red"
    (evaluation,) = [e for e in result.get_asset_check_evaluations() if e.asset_check_key == CHECK]
    return evaluation, collect_status(resources["warehouse"], resources["paths"], at, policy=resources["policy"])


def _shown(root, at: datetime) -> str:
    output = CommandLine().invoke(app, ["status"], env=environ_for(root, SDR_NOW=at.isoformat())).output
    return " ".join(output.split())


def test_a_feed_failing_its_last_runs_warns_and_status_names_it_until_it_reads_again(serve, tmp_path, instance):
    api = Api()
    server = serve(api)
    (tmp_path / "plays").mkdir()
    for hours in (0, 1):
        evaluation, status = _run(tmp_path, server, START + timedelta(hours=hours), instance)
        assert evaluation.passed and status["failing_signal_feeds"] == [], "one or two failed runs are weather"
    evaluation, status = _run(tmp_path, server, START + timedelta(hours=2), instance)
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN
    assert "http:intent" in evaluation.metadata["failing"].value
    (feed,) = status["failing_signal_feeds"]
    assert (feed["feed"], feed["failing_since"], feed["failed_runs"]) == ("http:intent", START, 3)
    assert "401 Unauthorized" in feed["last_error"] and "\n" not in feed["line"]
    shown = _shown(tmp_path, START + timedelta(hours=2))
    assert f"signal feed http:intent failing since {START:%Y-%m-%d %H:%M} UTC (3 runs in a row)" in shown

    api.up = True
    evaluation, status = _run(tmp_path, server, START + timedelta(hours=3), instance)
    assert evaluation.passed and status["failing_signal_feeds"] == []
    assert "http:intent failing" not in _shown(tmp_path, START + timedelta(hours=3))


def test_one_failed_run_then_no_run_for_a_day_is_not_an_outage_but_a_second_failure_a_day_later_is(serve, tmp_path,
                                                                                                         instance):
    server = serve(Api())
    (tmp_path / "plays").mkdir()
    _run(tmp_path, server, START, instance)
    assert "http:intent failing" not in _shown(tmp_path, START + timedelta(days=2)), "the day counts to the last run"
    evaluation, status = _run(tmp_path, server, START + timedelta(days=2), instance)
    assert not evaluation.passed and [f["failed_runs"] for f in status["failing_signal_feeds"]] == [2]
    assert "http:intent failing" in _shown(tmp_path, START + timedelta(days=2))


def test_a_feed_taken_out_of_the_settings_is_no_longer_shown_failing(tmp_path):
    con = duckdb.connect(":memory:")
    ingest(con, tmp_path / "inbox", NoSignalFeed(), START)
    for hours in range(3):
        record_run(con, "http:old", "page 1: HTTP 401", START + timedelta(hours=hours))
    assert [h.feed for h in failing_feeds(con)] == ["http:old"]
    ingest(con, tmp_path / "inbox", NoSignalFeed(), START + timedelta(hours=3))
    assert failing_feeds(con) == []


def test_the_check_is_evaluated_in_the_step_that_reads_the_feed(tmp_path, instance):
    """No step of its own: one cost each run Dagster's overhead for a read of a few rows."""
    from sdr_assets.assembly import build_definitions

    (tmp_path / "plays").mkdir()
    defs = build_definitions(build_resources(environ_for(tmp_path)))
    job = defs.resolve_job_def("signals_job")
    assert CHECK in job.asset_layer.asset_graph.asset_check_keys
    result = job.execute_in_process(instance=instance, raise_on_error=False)
    steps = {e.step_key for e in result.all_events if e.event_type_value == "STEP_START"}
    assert "raw_signals" in steps and not any("feed_health" in s for s in steps), steps
    assert [e.asset_check_key for e in result.get_asset_check_evaluations() if e.asset_check_key == CHECK] == [CHECK]
