"""The raw signals' suite over a table grown by a few rows writes the verdicts on the new rows alone, and
keeps the stored verdicts; a row gone takes its verdicts with it."""

from datetime import UTC, datetime

import polars as pl

from resources.warehouse import Warehouse
from sdr_assets.quality import _validate, raw_signals_suite
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _signals(first: int, last: int) -> pl.DataFrame:
    return pl.DataFrame([{
        "signal_id": f"s{i}", "event_key": f"e{i}", "company_domain": f"acme{i}.example", "signal_type": "hiring",
        "detail": "hiring", "evidence_url": None, "observed_at": datetime(2026, 11, 18, 8, tzinfo=UTC),
        "source": "jobs-feed", "attributes": f'{{"role": "Head of RevOps {i}"}}', "source_file": "a.jsonl",
        "source_line": i, "ingested_at": NOW} for i in range(first, last)], schema=RAW_SIGNAL_SCHEMA)


def _stored(warehouse: Warehouse) -> list[tuple]:
    with warehouse.connect() as con:
        return con.execute("select * from quality_row_verdicts order by all").fetchall()


def test_a_few_new_rows_write_the_verdicts_on_their_rows_alone(tmp_path):
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
    with warehouse.connect() as con:
        con.register("_rows", _signals(0, 50))
        con.execute("create table raw_signals as select * from _rows")
        con.unregister("_rows")
    *_, judged = _validate(warehouse, raw_signals_suite(NOW), NOW, False)
    assert judged["rows_judged_now"] == 50 and len(_stored(warehouse)) == 50

    with warehouse.connect() as con:
        con.register("_rows", _signals(50, 52))
        con.execute("insert into raw_signals select * from _rows")
        con.unregister("_rows")
    rows, outcomes, _, judged = _validate(warehouse, raw_signals_suite(NOW), NOW, False)

    assert rows == 52 and not [label for label, o in outcomes.items() if not o["success"]]
    assert judged["rows_judged_now"] == 2 and judged["rows_judged_before"] == 50
    merged = _stored(warehouse)
    _validate(warehouse, raw_signals_suite(NOW), NOW, True)  # a whole validation leaves the rows' verdicts
    assert _stored(warehouse) == merged and len(merged) == 52

    with warehouse.connect() as con:  # a row gone: its values' verdicts go with it, and only they
        con.execute("delete from raw_signals where signal_id = 's3'")
    *_, judged = _validate(warehouse, raw_signals_suite(NOW), NOW, False)
    assert judged["row_verdicts_deleted"] == 1 and judged["rows_judged_now"] == 0 and len(_stored(warehouse)) == 51
