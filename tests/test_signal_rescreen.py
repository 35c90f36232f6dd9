"""Stored signal rows that break a blocking rule move to the quarantine with their reason; the rest stay."""

import json
from datetime import UTC, datetime, timedelta

import duckdb
import polars as pl
import pytest

from resources.tables import frame_of
from resources.validations import remember
from sdr_assets.expectations import run_rules
from sdr_assets.quality_suites import raw_signal_frame, raw_signal_rules
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA, ensure_tables
from sdr_assets.signal_rescreen import blocking_failure_stands, rescreen

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
BLOCKING = [r for r in raw_signal_rules(list(RAW_SIGNAL_SCHEMA)) if r.blocking]


def _signal(n: int, **changes) -> dict:
    row = {"signal_id": f"s{n}", "event_key": f"e{n}", "company_domain": "acme.example", "signal_type": "funding",
           "detail": "Series B", "evidence_url": "", "observed_at": NOW - timedelta(days=2), "source": "news",
           "attributes": '{"round": "B", "amount_usd": 20000000.0}', "source_file": "old.jsonl",
           "source_line": n, "ingested_at": NOW - timedelta(days=1)}
    return {**row, **changes}


# Each breaks one blocking rule of the suite, as a row stored before today's validator might.
BROKEN = {
    "s1 again": _signal(1, event_key="e1b"), "event e1 again": _signal(3, event_key="e1"),
    "domain": _signal(4, company_domain="not a domain"), "type": _signal(5, signal_type="rumour"),
    "future": _signal(6, observed_at=NOW + timedelta(days=30)), "no date": _signal(7, observed_at=None),
    "before 2000": _signal(11, observed_at=datetime(1999, 12, 31, 23, 59, tzinfo=UTC)),
    "amount": _signal(8, attributes='{"round": "B", "amount_usd": 1e15}'),
    "score": _signal(9, signal_type="intent", attributes='{"topic": "crm", "score": 250}'),
    "json": _signal(10, attributes="{not json"),
}
GOOD = [_signal(1), _signal(2, company_domain="globex.example", signal_type="intent",
                            attributes='{"score": 80, "topic": "crm"}')]


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_tables(connection)
    stored = pl.DataFrame(GOOD + list(BROKEN.values()), schema=RAW_SIGNAL_SCHEMA)
    connection.register("stored", stored)
    connection.execute("insert into raw_signals by name select * from stored")
    yield connection
    connection.close()


def _failed_blocking(con) -> set[str]:
    outcomes = run_rules("raw_signals", raw_signal_frame(frame_of(con, "select * from raw_signals"), NOW), BLOCKING)
    return {label for label, o in outcomes.items() if not o["success"]}


def test_every_blocking_rule_fails_before_and_none_after_and_only_the_broken_rows_move(con):
    assert _failed_blocking(con) == {r.label for r in BLOCKING} - {"columns as documented"}
    moved = rescreen(con, NOW)
    assert _failed_blocking(con) == set()
    assert sorted(con.execute("select signal_id from raw_signals").fetchall()) == [("s1",), ("s2",)]
    assert len(moved) == len(BROKEN)
    held = con.execute("select source_file, line, reason, raw from quarantined_signal_rows order by line").fetchall()
    assert {(f, line) for f, line, _, _ in held} == {("old.jsonl", r["source_line"]) for r in BROKEN.values()}
    reasons = {json.loads(raw)["signal_id"] + "/" + json.loads(raw)["event_key"]: reason for _, _, reason, raw in held}
    assert reasons["s1/e1b"] == reasons["s3/e1"] == "repeats the id or the event of an earlier stored row"
    assert "unknown signal_type 'rumour'" in reasons["s5/e5"]
    assert all(r.startswith("refused when the stored rows were screened again: ") for k, r in reasons.items()
               if k not in ("s1/e1b", "s3/e1"))
    assert rescreen(con, NOW) == [], "screening again moves nothing more"


def test_the_run_screens_again_only_while_the_last_outcome_failed_a_blocking_rule(con):
    assert not blocking_failure_stands(con), "no outcome yet"
    remember(con, "raw_signals", "k1", {"source volume": {"blocking": False, "success": False}}, NOW)
    assert not blocking_failure_stands(con), "drift alone blocks nothing"
    remember(con, "raw_signals", "k2", {"signal_type known": {"blocking": True, "success": False}}, NOW)
    assert blocking_failure_stands(con)
