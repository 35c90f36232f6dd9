"""A new day has the raw signals' suite judge no stored row again: the rule that counts from the day
("observed at most a day ahead") is counted on the whole table in DuckDB, with the count and success a
whole validation gives that day, to the second at its bound."""

from datetime import UTC, datetime, timedelta

from resources.warehouse import Warehouse
from sdr_assets.quality import _validate, raw_signals_suite
from tests.test_raw_signals_quality_judges_new_rows import _signal, _store, _verdicts

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
END_OF_DAY = datetime(2026, 11, 21, tzinfo=UTC)


def test_a_new_day_judges_no_row_again_and_counts_the_dated_rule_as_a_whole_validation(tmp_path):
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
    ahead = [timedelta(days=1), timedelta(days=1, microseconds=500_000), timedelta(days=1, seconds=1),
             timedelta(days=3), timedelta(days=3, seconds=1)]
    rows = [_signal(i) for i in range(40)] + [_signal(100 + i, observed_at=END_OF_DAY + a) for i, a in enumerate(ahead)]
    _store(warehouse, rows, "create table raw_signals as select * from _rows")
    for days, refused in ((0, 3), (1, 2), (2, 1), (3, 0)):
        now = NOW + timedelta(days=days)
        _, outcomes, _, judged = _validate(warehouse, raw_signals_suite(now), now, False)
        _, whole, _, _ = _validate(warehouse, raw_signals_suite(now), now, True)
        assert judged["rows_judged_now"] == (len(rows) if days == 0 else 0), days
        assert _verdicts(outcomes) == _verdicts(whole), days
        assert _verdicts(outcomes)["observed at most a day ahead"] == (not refused, refused), days
