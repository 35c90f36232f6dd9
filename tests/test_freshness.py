"""Every figure the status and the analytics show follows any send, whatever launched it.

One play's sends materialised alone (as the UI's "Materialize" on that asset does) leave the
analytics behind; `sdr status` reads the ledger and is right at once, and the freshness sensor's
next tick requests the tables that count the sends. The tick is evaluated in process and what it
requests is run, as the daemon would.
"""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from sdr_assets import sent_log
from sdr_assets.cli import app
from sdr_assets.domain.stats import wilson
from tests.approving import approve
from tests.command_line import CommandLine
from tests.freshness_ticks import freshness_tick
from sdr_assets.ledger_counts import by_status, ledger_counts
from sdr_assets.play_graph import AFTER_SENDS, ANALYTICS
from sdr_assets.status import collect_status

PLAY, WAITING = "revops-hiring", "data-stack-adopters"


def _tick(defs, instance, cursor=None) -> tuple[str | None, set[str]]:
    """One tick of the freshness sensor: its cursor and the assets it asks for."""
    result = freshness_tick(defs, instance, cursor)
    if isinstance(result, dg.SkipReason):
        return cursor, set()
    return result.cursor, {key.to_user_string() for request in result.run_requests for key in request.asset_selection}


def _run(defs, instance, keys) -> dg.ExecuteInProcessResult:
    job = defs.resolve_implicit_global_asset_job_def()
    return job.execute_in_process(instance=instance, asset_selection=[dg.AssetKey.from_user_string(k) for k in keys],
                                  raise_on_error=False)


def _summary(resources) -> dict[str, int]:
    with resources["warehouse"].connect() as con:
        rows = con.execute("select play, emails_sent from reply_rate_summary").fetchall() \
            if con.execute("select count(*) from information_schema.tables where table_name = 'reply_rate_summary'"
                           ).fetchone()[0] else []
    return dict(rows)


@pytest.mark.persistent_instance  # `sdr sends resolve` opens the same instance from DAGSTER_HOME
def test_one_plays_sends_alone_are_counted_by_the_status_at_once_and_by_the_analytics_after_a_tick(
        defs, resources, instance, environ):
    approve(resources, PLAY)
    assert defs.resolve_job_def("signals_job").execute_in_process(instance=instance).success
    before, requested = _tick(defs, instance)
    assert requested == set(ANALYTICS), "nothing counted yet: the tables are made once, with a row per play"
    assert _run(defs, instance, requested).success
    first, requested = _tick(defs, instance, before)
    assert not requested, "nothing sent yet, nothing to refresh"

    sends = _run(defs, instance, [f"{PLAY}/send_ledger"])
    assert sends.success
    with resources["warehouse"].connect() as con:
        sent = con.execute("select count(*) from send_ledger where play = ? and status = 'sent'", [PLAY]).fetchone()[0]
    assert sent > 0
    status = collect_status(resources["warehouse"], resources["paths"])
    assert status["sends_by_play"][PLAY]["sent"] == sent, "the status counts the ledger, not a summary"
    assert status["ledger_by_status"]["sent"] == sent
    assert _summary(resources).get(PLAY, 0) == 0, "nothing refreshed the summary yet"

    second, requested = _tick(defs, instance, first)
    assert requested == set(AFTER_SENDS), "the ledger and every analytics table that counts sends"
    assert instance.get_latest_materialization_event(dg.AssetKey([WAITING, "send_ledger"])) is None
    refreshed = _run(defs, instance, requested)
    assert refreshed.success, "a play waiting for a decision never sent, and that holds nothing back"
    assert _summary(resources)[PLAY] == sent
    exported = pl.read_parquet(resources["paths"].exports / "reply_rate_summary.parquet")
    assert exported.filter(pl.col("play") == PLAY)["emails_sent"].to_list() == [sent], "the notebooks' snapshot too"
    with resources["warehouse"].connect() as con:
        performance = con.execute("select sum(sent) from reply_performance where play = ?", [PLAY]).fetchone()[0]
    assert performance == sent

    third, requested = _tick(defs, instance, second)
    assert not requested, "refreshed once: the refresh itself triggers nothing"

    # A crash before the hand-over left one message unresolved; a person says it never left: the ledger
    # changes outside any run.
    with resources["warehouse"].connect() as con:
        key, stored = con.execute("select send_key, transport_id from send_ledger where play = ? and status = 'sent' "
                                  "order by send_key limit 1", [PLAY]).fetchone()
        con.execute("update send_ledger set status = 'sending' where send_key = ?", [key])
    (Path(resources["mail"].path) / "new" / stored.removeprefix("maildir:")).unlink()
    log = sent_log.log_path(resources["warehouse"].path, PLAY)
    log.write_text("".join(line for line in log.read_text(encoding="utf-8").splitlines(keepends=True)
                           if json.loads(line)["send_key"] != key), encoding="utf-8")
    settled = CommandLine().invoke(app, ["sends", "resolve", key, "--not-sent", "--by", "Dana Whitfield"],
                                 env=environ(DAGSTER_HOME=instance.root_directory))
    assert settled.exit_code == 0, settled.output
    assert collect_status(resources["warehouse"], resources["paths"])["sends_by_play"][PLAY]["sent"] == sent - 1
    assert _summary(resources)[PLAY] == sent
    _, requested = _tick(defs, instance, third)
    assert requested == set(AFTER_SENDS) - {"send_ledger"}, "what counts the ledger the person changed"
    assert _run(defs, instance, requested).success
    assert _summary(resources)[PLAY] == sent - 1


@pytest.mark.opening("signals_ran")
def test_after_a_play_job_that_refreshed_the_analytics_the_tick_requests_nothing(defs, resources, instance):
    approve(resources, PLAY)
    first, _ = _tick(defs, instance)
    assert defs.resolve_job_def(f"outreach_{PLAY.replace('-', '_')}").execute_in_process(instance=instance).success
    assert collect_status(resources["warehouse"], resources["paths"])["sends_by_play"][PLAY]["sent"] > 0
    _, requested = _tick(defs, instance, first)
    assert not requested, "the play's job counted its own sends: no second run"


def _ledger(rows: list[tuple], replies: list[tuple] | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create table send_ledger (send_key varchar, play varchar, status varchar, contact_email varchar, "
                "sent_at timestamptz)")
    con.executemany("insert into send_ledger (send_key, play, status) values (?, ?, ?)", rows)
    if replies is not None:
        con.execute("create table reply_classifications (send_key varchar, kind varchar, label varchar, hard boolean, "
                    "simulated boolean)")
        con.executemany("insert into reply_classifications values (?, ?, ?, ?, false)", replies)
    return con


def test_status_counts_per_play_come_from_the_ledger_and_its_replies():
    rows = [("a1", "a", "sent"), ("a2", "a", "sent"), ("a3", "a", "sent"), ("a4", "a", "suppressed"),
            ("a5", "a", "held"), ("b1", "b", "sent"), ("b2", "b", "sending")]
    replies = [("a1", "human", "interested", None), ("a1", "human", "question", None),  # one send, one reply
               ("a2", "bounce", None, True), ("a3", "bounce", None, False),  # a soft bounce is not a bounce
               ("a4", "human", "interested", None),  # never sent: not counted
               ("b2", "human", "unsubscribe", None), ("b1", "complaint", None, None)]
    with _ledger(rows, replies) as con:
        counts = ledger_counts(con)
    assert (counts["a"].pop("reply_rate_low"), counts["a"].pop("reply_rate_high")) == wilson(1, 1)
    assert (counts["b"].pop("reply_rate_low"), counts["b"].pop("reply_rate_high")) == wilson(0, 1)
    assert counts["a"] == {"sent": 3, "by_status": {"held": 1, "sent": 3, "suppressed": 1}, "delivered": 1,
                           "human_replies": 1, "positive_replies": 1, "bounces": 1, "complaints": 0,
                           "unsubscribes": 0, "unverified_complaints": 0, "reply_rate": 1.0, "state": "sent"}, (
        "replies per delivered send: a2 and a3 bounced")
    assert counts["b"] == {"sent": 1, "by_status": {"sending": 1, "sent": 1}, "delivered": 1, "human_replies": 0,
                           "positive_replies": 0, "bounces": 0, "complaints": 1, "unsubscribes": 0,
                           "unverified_complaints": 0, "reply_rate": 0.0, "state": "sent"}
    assert by_status(counts) == {"held": 1, "sending": 1, "sent": 4, "suppressed": 1}


def test_status_counts_before_any_reply_or_send():
    with _ledger([("c1", "c", "suppressed")], None) as con:
        counts = ledger_counts(con)["c"]
        assert counts["sent"] == 0 and counts["reply_rate"] is None
        assert (counts["reply_rate_low"], counts["reply_rate_high"]) == (0, 1), "as reply_rate_summary gives them"
    with duckdb.connect() as con:
        assert ledger_counts(con) == {}


def test_status_counts_every_play_one_that_sent_nothing_too_with_why():
    """A play with no ledger row, or none sent, has its zeros and the reason, as `reply_rate_summary`."""
    with _ledger([("c1", "c", "suppressed"), ("d1", "d", "sent")], None) as con:
        counts = ledger_counts(con, {"a": "approved", "b": "changed_since_approval", "c": "approved", "d": "approved"})
    assert list(counts) == ["a", "b", "c", "d"]
    assert {p: c["state"] for p, c in counts.items()} == {
        "a": "no sends yet", "b": "waiting for approval", "c": "no sends yet", "d": "sent"}
    assert counts["a"] == {"sent": 0, "by_status": {}, "delivered": 0, "human_replies": 0, "positive_replies": 0,
                           "bounces": 0, "complaints": 0, "unsubscribes": 0, "unverified_complaints": 0,
                           "reply_rate": None, "reply_rate_low": 0.0, "reply_rate_high": 1.0, "state": "no sends yet"}
    with duckdb.connect() as con:
        assert ledger_counts(con, {"a": "pending"})["a"]["state"] == "waiting for approval"
