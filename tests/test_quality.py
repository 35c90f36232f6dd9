"""The Great Expectations suites: clean data passes, and every expectation fails on a frame that violates it."""

import threading
from datetime import UTC, datetime, timedelta

import polars as pl

from sdr_assets import expectations, value_verdicts
from sdr_assets.enrichment import ENRICHED_SCHEMA
from sdr_assets.expectations import Rule, outcome, run_rules, validate
from sdr_assets.quality_suites import (
    enriched_account_frame,
    enriched_account_rules,
    qualified_signal_frame,
    qualified_signal_rules,
    raw_signal_frame,
    raw_signal_rules,
)
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA
from sdr_assets.signals import QUALIFIED_SCHEMA

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _signal(n: int, **changes) -> dict:
    row = {"signal_id": f"s{n}", "event_key": f"e{n}", "company_domain": "acme.example", "signal_type": "funding",
           "detail": "Series B", "evidence_url": "", "observed_at": NOW - timedelta(days=2), "source": "news",
           "attributes": '{"round": "B", "amount_usd": 20000000.0}', "source_file": "f.jsonl",
           "source_line": n, "ingested_at": NOW}
    return {**row, **changes}


def _failures(outcomes: dict) -> set[str]:
    return {label for label, o in outcomes.items() if not o["success"]}


def _check(name, clean: pl.DataFrame, dirty: pl.DataFrame, rules) -> None:
    assert _failures(run_rules(name, clean, rules)) == set()
    assert _failures(run_rules(name, dirty, rules)) == {r.label for r in rules}, "each expectation can fail"


def test_raw_signal_suite():
    clean = pl.DataFrame([_signal(1), _signal(2, company_domain="globex.example", signal_type="intent",
                                              attributes='{"topic": "crm", "score": 80}')], schema=RAW_SIGNAL_SCHEMA)
    baseline = [_signal(100 + n, source="flood", observed_at=NOW - timedelta(days=8 + n)) for n in range(12)]
    flood = [_signal(200 + n, source="flood", detail="") for n in range(40)]
    broken = [
        _signal(1), _signal(1, event_key="e1b"), _signal(3, event_key="e1"),
        _signal(4, company_domain="not a domain"), _signal(5, signal_type="rumour"),
        _signal(6, observed_at=NOW + timedelta(days=30)), _signal(7, observed_at=None),
        _signal(11, observed_at=datetime(1999, 12, 31, 23, 59, tzinfo=UTC)),
        _signal(8, attributes='{"round": "B", "amount_usd": 1e15}'),
        _signal(9, signal_type="intent", attributes='{"topic": "crm", "score": 250}'),
        _signal(10, attributes="{not json"),
    ]
    dirty = pl.DataFrame(broken + baseline + flood, schema=RAW_SIGNAL_SCHEMA).with_columns(surplus=pl.lit(1))
    rules = raw_signal_rules(list(RAW_SIGNAL_SCHEMA))
    _check("raw_signals", raw_signal_frame(clean, NOW), raw_signal_frame(dirty, NOW), rules)
    assert {r.blocking for r in rules} == {True, False}


def test_qualified_signal_suite():
    row = {"play": "revops-hiring", "signal_id": "s1", "company_domain": "acme.example", "signal_type": "hiring",
           "detail": "", "observed_at": NOW, "attributes": "{}", "trigger": "hiring"}
    clean = pl.DataFrame([row, {**row, "signal_id": "s2"}], schema=QUALIFIED_SCHEMA)
    dirty = pl.DataFrame([row, row, {**row, "signal_id": "s3", "play": "ghost", "trigger": "funding",
                                     "observed_at": None, "company_domain": None}],
                         schema=QUALIFIED_SCHEMA).drop("detail")
    rules = qualified_signal_rules(list(QUALIFIED_SCHEMA), ["revops-hiring"])
    _check("qualified_signals", qualified_signal_frame(clean), qualified_signal_frame(dirty), rules)


def test_enriched_account_suite():
    ready = {"play": "revops-hiring", "company_domain": "acme.example", "signal_id": "s1", "status": "ready",
             "reason": "persona match", "employees": 120, "contact_id": "c1", "email": "ann@acme.example"}
    clean = pl.DataFrame([ready, {**ready, "company_domain": "globex.example", "status": "unknown_company",
                                  "contact_id": None, "email": None, "employees": None}], schema=ENRICHED_SCHEMA)
    dirty = pl.DataFrame([ready, ready, {**ready, "company_domain": "b.example", "status": "lost"},
                          {**ready, "company_domain": "c.example", "email": "not an address"},
                          {**ready, "company_domain": "d.example", "employees": -3},
                          *[{**ready, "company_domain": f"u{n}.example", "status": "unenriched"} for n in range(6)]],
                         schema=ENRICHED_SCHEMA).with_columns(surplus=pl.lit(1))
    rules = enriched_account_rules(list(ENRICHED_SCHEMA))
    _check("enriched_accounts", enriched_account_frame(clean), enriched_account_frame(dirty), rules)


def test_rules_changed_under_one_name_judge_by_the_new_rules_and_the_same_rules_stay_registered():
    frame = pl.DataFrame({"n": [1, 2, 3]})
    low = [Rule("at most 5", "ExpectColumnValuesToBeBetween", {"column": "n", "max_value": 5})]
    high = [Rule("at most 2", "ExpectColumnValuesToBeBetween", {"column": "n", "max_value": 2})]
    for _ in range(2):  # two sets taking turns under one name: each run judges by its own rules
        assert run_rules("numbers", frame, low)["at most 5"]["success"]
        judged = run_rules("numbers", frame, high)["at most 2"]
        assert not judged["success"] and judged["unexpected_count"] == 1
    registered = expectations._SUITES["numbers"]
    assert run_rules("numbers", frame.filter(pl.col("n") < 3), high)["at most 2"]["success"], "each run its own rows"
    assert expectations._SUITES["numbers"] is registered, "the same rules again: registered once"


def test_basic_results_give_the_outcomes_summary_results_gave(monkeypatch):
    compared = []

    def both(name, frame, rules, result_format="BASIC"):
        basic, summary = validate(name, frame, rules, "BASIC"), validate(name, frame, rules, "SUMMARY")
        compared.extend((outcome(r, basic[r.label]), outcome(r, summary[r.label])) for r in rules)
        return basic

    monkeypatch.setattr(expectations, "validate", both)
    test_raw_signal_suite()
    test_qualified_signal_suite()
    test_enriched_account_suite()
    assert any(not basic["success"] for basic, _ in compared), "failing rules were compared too"
    assert all(basic == summary for basic, summary in compared)


def test_frames_are_judged_without_gx_fingerprinting_them(monkeypatch):
    from great_expectations.execution_engine import pandas_execution_engine

    expectations._context()

    def refuse(frame):
        raise AssertionError(f"GX hashed a frame of {len(frame)} rows")

    monkeypatch.setattr(pandas_execution_engine, "hash_pandas_dataframe", refuse)
    frame = pl.DataFrame({"n": list(range(1000))})
    judged = run_rules("fingerprint", frame, [Rule("below 10", "ExpectColumnValuesToBeBetween",
                                                     {"column": "n", "max_value": 9})])["below 10"]
    assert not judged["success"] and judged["unexpected_count"] == 990 and judged["error"] == ""


def test_a_run_keeps_no_result_in_the_context():
    """GX's context would serialise each result into its store and keep it for the life of the process;
    a COMPLETE result lists every refused row."""
    frame = pl.DataFrame({"n": list(range(1000))})
    rules = [Rule("below 10", "ExpectColumnValuesToBeBetween", {"column": "n", "max_value": 9})]
    items = validate("kept_nowhere", frame, rules, "COMPLETE")
    assert len(items["below 10"].result["unexpected_index_list"]) == 990
    _, context = expectations._context()
    assert context.validation_results_store.list_keys() == []


def test_every_suite_judges_its_frames_through_one_registered_batch_definition():
    """Each registration re-serialises GX's whole configuration: suites under new names register nothing."""
    _, context = expectations._context()
    frame = pl.DataFrame({"n": [1, 2, 3]})
    rules = [Rule("at most 2", "ExpectColumnValuesToBeBetween", {"column": "n", "max_value": 2})]
    before = len(context.data_sources.all())
    for n in range(3):
        assert run_rules(f"named_{n}", frame, rules)["at most 2"]["unexpected_count"] == 1
    assert len(context.data_sources.all()) == max(before, 1)


def test_the_shared_batch_definition_gives_the_outcomes_of_a_data_source_per_suite(monkeypatch):
    """Differential: each suite's rules over a frame of bad rows, judged through its own data source as GX's
    guide registers one, give the outcomes of the shared batch definition."""
    gx, context = expectations._context()
    compared = []

    def both(name, frame, rules, result_format="BASIC"):
        shared = validate(name, frame, rules, result_format)
        own = (context.data_sources.add_or_update_pandas(f"{name}_own").add_dataframe_asset(name)
               .add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={"dataframe": frame.to_pandas()})
               .validate(expectations._suite(name, rules), result_format={"result_format": result_format}))
        alone = {item.expectation_config.meta["label"]: item for item in own.results}
        compared.extend((outcome(r, shared[r.label]), outcome(r, alone[r.label])) for r in rules)
        return shared

    monkeypatch.setattr(expectations, "validate", both)
    monkeypatch.setattr(value_verdicts, "validate", both)
    test_raw_signal_suite()
    test_qualified_signal_suite()
    test_enriched_account_suite()
    values = pl.DataFrame([_signal(1), _signal(2, company_domain="not a domain", attributes="{not json"),
                           _signal(3, signal_type="rumour")], schema=RAW_SIGNAL_SCHEMA)
    valued = [r for r in raw_signal_rules(values.columns) if value_verdicts.by_value(r, values.columns)]
    judged = value_verdicts.judge("raw_signals", raw_signal_frame(values, NOW), valued, value_verdicts.Verdicts())
    assert {label for label, o in judged.items() if not o["success"]} == {r.label for r in valued}
    assert any(not shared["success"] for shared, _ in compared), "failing rules were compared too"
    assert all(shared == own for shared, own in compared)


def test_two_suites_validated_at_once_in_one_process_each_judge_their_own_frame():
    """Every suite's frames pass through one GX data source, whose engine holds the batch being judged."""
    at_most_five = {"column": "a", "max_value": 5}
    good, bad = pl.DataFrame({"a": list(range(1, 5)) * 500}), pl.DataFrame({"a": list(range(100, 110)) * 300})
    wrong: list[tuple] = []

    def judge(name: str, frame: pl.DataFrame, expected: tuple[bool, int]) -> None:
        rules = [Rule(f"{name}_at_most_five", "ExpectColumnValuesToBeBetween", at_most_five)]
        for _ in range(15):
            judged = validate(name, frame, rules)[f"{name}_at_most_five"]
            if (judged.success, judged.result.get("unexpected_count")) != expected:
                wrong.append((name, judged.success, judged.result.get("unexpected_count")))

    threads = [threading.Thread(target=judge, args=("concurrent_good", good, (True, 0))),
               threading.Thread(target=judge, args=("concurrent_bad", bad, (False, 3000)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not wrong
