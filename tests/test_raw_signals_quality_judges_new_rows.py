"""The raw signals' suite judges only the rows new since its last run, and its verdicts are those a
whole validation gives: every rule's success and count, failures of every kind included."""

from datetime import UTC, datetime, timedelta

import polars as pl

from resources.warehouse import Warehouse
from sdr_assets.quality import _validate, raw_signals_suite
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _signal(i: int, **changed) -> dict:
    return {"signal_id": f"s{i}", "event_key": f"e{i}", "company_domain": f"acme{i}.example",
            "signal_type": "hiring", "detail": "hiring", "evidence_url": None,
            "observed_at": NOW - timedelta(days=1 + i % 30), "source": "jobs-feed",
            "attributes": f'{{"role": "Head of RevOps {i}", "score": {i % 90}}}', "source_file": "a.jsonl",
            "source_line": i, "ingested_at": NOW} | changed


def _store(warehouse: Warehouse, rows: list[dict], sql: str = "insert into raw_signals select * from _rows") -> None:
    with warehouse.connect() as con:
        con.register("_rows", pl.DataFrame(rows, schema=RAW_SIGNAL_SCHEMA))
        con.execute(sql)
        con.unregister("_rows")


def _verdicts(outcomes: dict) -> dict:
    return {label: (o["success"], o["unexpected_count"]) for label, o in outcomes.items()}


def _both(warehouse: Warehouse) -> tuple[dict, dict, dict]:
    """The suite's outcomes by new rows, what that run judged, and the outcomes of a whole validation."""
    _, outcomes, _, judged = _validate(warehouse, raw_signals_suite(NOW), NOW, False)
    _, whole, _, _ = _validate(warehouse, raw_signals_suite(NOW), NOW, True)
    return _verdicts(outcomes), judged, _verdicts(whole)


def test_new_rows_alone_are_judged_and_the_verdicts_are_a_whole_validations(tmp_path):
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
    _store(warehouse, [_signal(i) for i in range(60)], "create table raw_signals as select * from _rows")
    first, judged, whole = _both(warehouse)
    assert judged["rows_judged_now"] == 60 and first == whole
    assert all(success for success, _ in first.values())

    # A file with a failure of every kind, and a flood from a new source's past; one stored row goes.
    bad = [
        _signal(100, signal_id="s1"),                                  # an id stored already
        _signal(101, event_key="e2"),                                  # an event stored already
        _signal(102, company_domain="not a domain"),
        _signal(103, signal_type="rumour"),
        _signal(104, observed_at=NOW + timedelta(days=3)),             # in the future
        _signal(105, observed_at=datetime(1999, 1, 1, tzinfo=UTC)),    # before the earliest date
        _signal(106, observed_at=None),
        _signal(107, attributes='{"amount_usd": -5}'),
        _signal(108, attributes='{"score": 500}'),
        _signal(109, attributes="not json"),
        _signal(110, company_domain=None),                             # empty: no verdict of a domain
    ]
    quiet = [_signal(200 + i, detail="", source="news-feed", observed_at=NOW - timedelta(days=10 + i % 18))
             for i in range(30)]
    flood = [_signal(300 + i, detail="", source="news-feed", observed_at=NOW - timedelta(hours=i)) for i in range(80)]
    _store(warehouse, bad + quiet + flood)
    with warehouse.connect() as con:
        con.execute("delete from raw_signals where signal_id = 's5'")
    grown, judged, whole = _both(warehouse)
    assert judged["rows_judged_now"] == len(bad) + len(quiet) + len(flood)
    assert judged["rows_judged_before"] == 59 and judged["row_verdicts_deleted"] == 1
    assert grown == whole
    failed = {label for label, (success, _) in grown.items() if not success}
    assert failed == {"signal_id unique", "event_key unique", "observed_at present", "company_domain is a domain",
                      "signal_type known", "observed from 2000-01-01 on", "observed at most a day ahead",
                      "amount_usd plausible", "intent score within 0..100", "attributes are JSON",
                      "signals carry evidence", "each source at its usual volume"}

    # The duplicate's first row goes: the id is unique again, though no new row came.
    with warehouse.connect() as con:
        con.execute("delete from raw_signals where signal_id = 's1' and source_line = 1")
    fewer, judged, whole = _both(warehouse)
    assert judged["rows_judged_now"] == 0 and fewer == whole and fewer["signal_id unique"] == (True, 0)


def test_a_row_stored_twice_counts_twice(tmp_path):
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
    rows = [_signal(i) for i in range(20)] + [_signal(3, company_domain="bad domain")] * 2
    _store(warehouse, rows, "create table raw_signals as select * from _rows")
    once, _, whole = _both(warehouse)
    assert once == whole and once["company_domain is a domain"] == (False, 2)
