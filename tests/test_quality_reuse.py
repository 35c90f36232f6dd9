"""A quality suite over unchanged rows reuses its stored outcome; any change to the rows or rules validates again."""

import dataclasses

import duckdb
import polars as pl

from sdr_assets.expectations import fingerprint
from sdr_assets.quality_suites import raw_signal_rules


def _raw_checks(result) -> dict[str, dict]:
    return {e.check_name: e.metadata for e in result.get_asset_check_evaluations()
            if e.asset_key.path == ["raw_signals"]}


def test_a_second_run_reuses_the_outcome_and_a_changed_row_is_validated_again(defs, resources, instance):
    job = defs.resolve_job_def("signals_job")
    first = _raw_checks(job.execute_in_process(instance=instance))
    assert first["raw_signals_expectations"]["validated"].value == "now"
    assert first["raw_signals_expectations"]["failed"].value == "none"

    again = _raw_checks(job.execute_in_process(instance=instance))
    assert again["raw_signals_expectations"]["validated"].value.startswith("reused")
    assert again["raw_signals_drift"]["validated"].value.startswith("reused")
    assert again["raw_signals_expectations"]["expectations"].value == first["raw_signals_expectations"]["expectations"].value

    con = duckdb.connect(resources["warehouse"].path)
    con.execute("update raw_signals set signal_type = 'astrology' where signal_id = (select min(signal_id) from raw_signals)")
    con.close()
    changed = _raw_checks(job.execute_in_process(instance=instance, raise_on_error=False))
    assert changed["raw_signals_expectations"]["validated"].value == "now"
    assert "signal_type known" in changed["raw_signals_expectations"]["failed"].value


def test_the_fingerprint_moves_with_any_cell_the_schema_or_a_rule():
    frame = pl.DataFrame({"signal_id": ["a", "b"], "score": [1.0, 2.0]})
    rules = raw_signal_rules(frame.columns)
    base = fingerprint("raw_signals", frame, rules)
    assert base == fingerprint("raw_signals", frame.clone(), rules)
    assert base != fingerprint("raw_signals", frame.with_columns(score=pl.Series([1.0, 2.5])), rules)
    assert base != fingerprint("raw_signals", frame.reverse(), rules)
    assert base != fingerprint("raw_signals", frame.cast({"score": pl.Float32}), rules)
    assert base != fingerprint("qualified_signals", frame, rules)
    loosened = [dataclasses.replace(r, kwargs={**r.kwargs, "max_value": 101}) if r.label.startswith("intent")
                else r for r in rules]
    assert base != fingerprint("raw_signals", frame, loosened)
