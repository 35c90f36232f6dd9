"""A quality suite over unchanged rows reuses its stored outcome; any change to the rows or rules validates again,
with GX judging only the values it has not judged before."""

import dataclasses
from datetime import UTC, datetime, timedelta

import duckdb
import polars as pl

from sdr_assets.expectations import run_rules
from sdr_assets.quality import suite_key
from sdr_assets.quality_suites import raw_signal_frame, raw_signal_rules
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA
from sdr_assets.value_verdicts import Verdicts, by_value, judge


def _raw_checks(result) -> dict[str, dict]:
    return {e.check_name: e.metadata for e in result.get_asset_check_evaluations()
            if e.asset_key.path == ["raw_signals"]}


def test_a_second_run_reuses_the_outcome_and_a_changed_row_is_validated_again(defs, resources, instance):
    job = defs.resolve_job_def("signals_job")
    first = _raw_checks(job.execute_in_process(instance=instance))
    assert first["raw_signals_expectations"]["validated"].value.startswith("now")
    assert first["raw_signals_expectations"]["failed"].value == "none"

    again = _raw_checks(job.execute_in_process(instance=instance))
    assert again["raw_signals_expectations"]["validated"].value.startswith("reused")
    assert again["raw_signals_drift"]["validated"].value.startswith("reused")
    assert again["raw_signals_expectations"]["expectations"].value == first["raw_signals_expectations"]["expectations"].value

    con = duckdb.connect(resources["warehouse"].path)
    (bad,) = con.execute("update raw_signals set signal_type = 'astrology' where signal_id = "
                         "(select min(signal_id) from raw_signals) returning signal_id").fetchone()
    stored = con.execute("select count(*) from raw_signals").fetchone()[0]
    con.close()
    changed = _raw_checks(job.execute_in_process(instance=instance, raise_on_error=False))
    assert changed["raw_signals_expectations"]["validated"].value.startswith("now")
    assert "signal_type known" in changed["raw_signals_expectations"]["failed"].value
    assert "screens the stored rows again" in changed["raw_signals_expectations"]["what to do"].value

    # A row stored past the validator (by hand, or by an earlier version) stops the job once: the next
    # run screens the stored rows again, moves it to the quarantine with its reason, and goes on.
    healed = job.execute_in_process(instance=instance)
    assert healed.success
    assert _raw_checks(healed)["raw_signals_expectations"]["failed"].value == "none"
    con = duckdb.connect(resources["warehouse"].path)
    assert con.execute("select count(*) from raw_signals").fetchone()[0] == stored - 1
    held = con.execute("select reason, raw from quarantined_signal_rows where raw like ?", [f'%"{bad}"%']).fetchall()
    con.close()
    assert [reason for reason, _ in held] == ["refused when the stored rows were screened again: unknown "
                                              "signal_type 'astrology'"]
    quiet = job.execute_in_process(instance=instance)
    (metadata,) = [e.materialization.metadata for e in quiet.get_asset_materialization_events()
                   if e.asset_key.path == ["raw_signals"]]
    assert metadata["stored_rows_screened_again"].value is False, "a passing suite leaves the stored rows alone"


def test_the_suite_key_moves_with_any_cell_row_type_rule_or_day_and_not_with_the_order(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create table raw_signals as select * from (values ('a', 1.0), ('b', 2.0)) t(signal_id, score)")

    def key(table="raw_signals", rules=raw_signal_rules, day="2026-11-21"):
        return suite_key(con, table, {"signal_id": pl.String, "score": pl.Float64}, rules, day)[0]

    base = key()
    assert suite_key(con, "raw_signals", {}, raw_signal_rules)[2] == 2
    changes = [
        "update raw_signals set score = 2.5 where signal_id = 'b'",
        "insert into raw_signals values ('b', 2.5)",                       # the same row twice
        "update raw_signals set signal_id = null where signal_id = 'a'",
        "alter table raw_signals alter score type float",
    ]
    seen = {base}
    for change in changes:
        con.execute(change)
        assert key() not in seen, change
        seen.add(key())
    con.execute("create table reordered as select * from raw_signals order by signal_id desc nulls first")
    con.execute("drop table raw_signals")
    con.execute("alter table reordered rename to raw_signals")
    assert key() in seen, "the same rows in another order are judged alike"
    loosened = lambda columns: [dataclasses.replace(r, kwargs={**r.kwargs, "max_value": 101})  # noqa: E731
                                if r.label.startswith("intent") else r for r in raw_signal_rules(columns)]
    assert len({key(), key(rules=loosened), key(day="2026-11-22"), key(table="qualified_signals")}) == 4
    assert key(table="nowhere") == key(table="nowhere") != key()


NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _signals(ids, **changes) -> pl.DataFrame:
    rows = [{"signal_id": f"s{n}", "event_key": f"e{n}", "company_domain": f"d{n % 3}.example", "signal_type": "funding",
             "detail": "Series B", "evidence_url": "", "observed_at": NOW - timedelta(days=2), "source": "news",
             "attributes": f'{{"round": "B", "amount_usd": {n}.0}}', "source_file": "f.jsonl", "source_line": n,
             "ingested_at": NOW, **{k: v(n) for k, v in changes.items()}} for n in ids]
    return pl.DataFrame(rows, schema=RAW_SIGNAL_SCHEMA)


def _valued(frame: pl.DataFrame) -> list:
    return [r for r in raw_signal_rules(frame.columns) if by_value(r, frame.columns)]


def test_gx_judges_each_value_once_and_counts_the_rows_that_carry_a_refused_one():
    bad_domain = {"company_domain": lambda n: "not a domain" if n % 4 == 0 else f"d{n % 3}.example",
                  "attributes": lambda n: "{broken" if n % 5 == 0 else f'{{"amount_usd": {n}.0}}',
                  "signal_type": lambda n: "rumour" if n == 9 else "funding"}
    first, later = _signals(range(20), **bad_domain), _signals(range(20, 30), **bad_domain)
    whole = pl.concat([first, later])
    rules = _valued(whole)
    assert {r.label for r in rules} == {"company_domain is a domain", "signal_type known", "attributes are JSON"}
    expected = run_rules("raw_signals", raw_signal_frame(whole, NOW), rules)
    assert {label: o["unexpected_count"] for label, o in expected.items()} == {
        "company_domain is a domain": 8, "signal_type known": 1, "attributes are JSON": 6}

    verdicts = Verdicts()
    judge("raw_signals", raw_signal_frame(first, NOW), rules, verdicts)
    assert verdicts.judged_now == verdicts.distinct
    again = Verdicts(verdicts.known)
    assert judge("raw_signals", raw_signal_frame(whole, NOW), rules, again) == expected
    # Only values the first rows did not carry were shown to GX: the new rows' amounts (their JSON).
    new_texts = set(later["attributes"]) - set(first["attributes"])
    assert again.judged_now == len(new_texts) > 0
    assert again.distinct - again.judged_now == first["company_domain"].n_unique() + 2 + first["attributes"].n_unique()

    # A rule with other arguments judges afresh; a value GX refused stays refused while a row carries it.
    looser = [dataclasses.replace(r, kwargs={**r.kwargs, "value_set": [*r.kwargs["value_set"], "rumour"]})
              if r.label == "signal_type known" else r for r in rules]
    relaxed = judge("raw_signals", raw_signal_frame(whole, NOW), looser, Verdicts(again.known))
    assert relaxed["signal_type known"]["success"] and relaxed["attributes are JSON"]["unexpected_count"] == 6


def test_a_full_refresh_has_gx_judge_every_value_again(defs, resources, instance):
    """A changed row is the one row judged again; a full refresh has GX judge every row and value."""
    job = defs.resolve_job_def("signals_job")
    first = _raw_checks(job.execute_in_process(instance=instance))["raw_signals_expectations"]
    assert first["rows_judged_before"].value == 0 and first["rows_judged_now"].value > 0
    con = duckdb.connect(resources["warehouse"].path)
    con.execute("update raw_signals set detail = detail || ' (corrected)' where signal_id = (select min(signal_id) "
                "from raw_signals)")
    con.close()
    changed = _raw_checks(job.execute_in_process(instance=instance))["raw_signals_expectations"]
    assert changed["validated"].value.startswith("now") and changed["rows_judged_now"].value == 1
    assert changed["rows_judged_before"].value == first["rows_judged_now"].value - 1
    forced = _raw_checks(job.execute_in_process(
        instance=instance, run_config={"ops": {"raw_signals_quality": {"config": {"full_refresh": True}}}}))
    forced = forced["raw_signals_expectations"]
    assert forced["validated"].value == "now" and forced["values_judged_before"].value == 0
    assert forced["values_judged_now"].value > 0
    assert {k: (o["success"], o["unexpected_count"]) for k, o in forced["expectations"].value.items()} == {
        k: (o["success"], o["unexpected_count"]) for k, o in first["expectations"].value.items()}
