"""Every signal row the validator accepts passes every blocking expectation of the raw_signals suite.

The validator quarantines a bad row with its reason and the run goes on; a blocking expectation
that fails stops the signals job for every play. So the validator must be at least as strict as
each blocking rule, on the day of ingestion and on any later day the stored row is judged again.
Rows are generated at both sides of each bound the blocking rules state (read from the rules
themselves, so a new or moved bound is tested at once), then ingested, and the rows kept are
judged by the suite. ``SDR_PROPERTY_EXAMPLES`` scales the generated batches (default 10).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resources.signal_feed import NoSignalFeed
from resources.warehouse import frame_of
from sdr_assets.domain.signal_schema import MAX_AMOUNT, MAX_SCORE, MIN_AMOUNT, MIN_SCORE
from sdr_assets.domain.signals import CLOCK_SKEW, EARLIEST, Deduplicator, read_feed
from sdr_assets.expectations import run_rules
from sdr_assets.quality_suites import raw_signal_frame, raw_signal_rules
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA, ingest

EXAMPLES = int(os.environ.get("SDR_PROPERTY_EXAMPLES") or 10)
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
JUDGED_ON = NOW.replace(hour=0) + timedelta(days=1)  # the day raw_signals_quality counts from
# Judged again on the day of ingestion and decades later: a stored row must not start to fail as it ages.
LATER = [timedelta(0), timedelta(days=365 * 27), timedelta(days=365 * 60)]
SECOND = 1 / 86400
BLOCKING = [r for r in raw_signal_rules(list(RAW_SIGNAL_SCHEMA)) if r.blocking]


def _record(n: int, **changes) -> dict:
    row = {"company_domain": f"co{n}.example", "signal_type": "hiring", "detail": f"Hiring {n}",
           "observed_at": "2026-11-10T08:00:00Z", "source": "feed", "attributes": {"role": "AE"}}
    return {**row, **changes}


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


# For each derived column a blocking rule bounds: the fields of a record whose column takes ``value`` on
# ``JUDGED_ON``, and how far either side of a bound to step.
DERIVED: dict[str, tuple[Callable[[float], dict], float]] = {
    "age_days": (lambda v: {"observed_at": _stamp(JUDGED_ON - timedelta(days=v))}, SECOND),
    "days_since_earliest": (lambda v: {"observed_at": _stamp(EARLIEST + timedelta(days=v))}, SECOND),
    "amount_usd": (lambda v: {"signal_type": "funding", "attributes": {"round": "Seed", "amount_usd": v}}, 0.5),
    "score": (lambda v: {"signal_type": "intent", "attributes": {"topic": "crm", "score": v}}, 0.5),
}
# The other blocking rules: regexes, sets, JSON and uniqueness, met by hand-picked odd values.
ODD = [
    *({"company_domain": d} for d in ["ACME.example", "www.acme.example.", "https://Acme.example/x", "bücher.example",
                                      "xn--bcher-kva.example", "a--b.example", "acme_co.example", "-acme.example",
                                      "acme.123", "1.2.3.4", "acme..example", f"{'a' * 63}.example", "acme.e"]),
    *({"signal_type": t} for t in ["Hiring", " hiring ", "HIRING", "rumour", ""]),
    *({"observed_at": t} for t in ["2026-11-01", "2026-11-01T10:00:00+14:00", "2026-11-21T23:59:59-12:00",
                                   "1999-12-31T23:59:59-01:00", "2000-01-01T00:30:00+01:00", None]),
    {"signal_type": "funding", "attributes": {"round": "A", "amount": 0.5, "currency": "USD"}},
    {"signal_type": "funding", "attributes": {"round": "A", "amount": 0.5, "currency": "EUR"}},
    {"signal_type": "funding", "attributes": {"round": "A", "amount": 1, "currency": "USD"}},
    {"signal_type": "funding", "attributes": '{"round": "A", "amount_usd": 1e-9}'},
    {"signal_type": "intent", "attributes": {"topic": "x", "score": -0.0}},
    {"attributes": '{"role": "AE", "x": NaN}'},
    {"signal_id": "same-id"}, {"signal_id": "same-id", "detail": "another event"},
]


def _boundary_records() -> list[dict]:
    """Records at, just inside and just outside each bound of each blocking range rule, and the odd ones."""
    ranged = [r for r in BLOCKING if r.expectation == "ExpectColumnValuesToBeBetween"]
    assert {r.kwargs["column"] for r in ranged} <= set(DERIVED), "a new blocking range needs its records here"
    out = []
    for rule in ranged:
        build, step = DERIVED[rule.kwargs["column"]]
        for bound in (rule.kwargs.get("min_value"), rule.kwargs.get("max_value")):
            if bound is not None:
                out += [build(v) for v in (bound - step, bound, bound + step)]
    for moment in (NOW + CLOCK_SKEW, EARLIEST):  # the validator's own edges of time
        out += [{"observed_at": _stamp(moment + timedelta(seconds=s))} for s in (-1, 0, 1)]
    return [_record(n, **changes) for n, changes in enumerate([*out, *ODD])]


def _judge(stored: pl.DataFrame, day: datetime) -> dict[str, dict]:
    """The outcome of each blocking rule on the stored rows, judged on ``day``."""
    return run_rules("raw_signals_agreement", raw_signal_frame(stored, day), BLOCKING)


def _failed(outcomes: dict[str, dict]) -> dict[str, str]:
    return {label: f"{o['unexpected_count']} rows, {o['error']}" for label, o in outcomes.items() if not o["success"]}


def test_rows_the_validator_accepts_at_each_bound_pass_every_blocking_rule_on_any_later_day(tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    records = _boundary_records()
    (inbox / "edges.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    stored = frame_of(con, "select * from raw_signals")
    for later in LATER:
        assert _failed(_judge(stored, JUDGED_ON + later)) == {}, f"judged {later.days} days after ingestion"

    # Not vacuous: the edges inside were kept, those outside quarantined with their reason.
    reasons = dict(con.execute("select line, reason from quarantined_signal_rows").fetchall())
    kept = set(stored["source_line"].to_list())
    assert stored.height and reasons and len(kept) + len(reasons) == len(records) - 1, "one duplicate"
    amounts = {json.loads(a).get("amount_usd") for a in stored["attributes"].to_list()}
    assert {MIN_AMOUNT, MAX_AMOUNT} <= amounts and MIN_AMOUNT - 0.5 not in amounts
    assert stored["observed_at"].min() == EARLIEST
    below = next(n for n, r in enumerate(records, start=1)
                 if r.get("attributes") == {"round": "Seed", "amount_usd": MIN_AMOUNT - 0.5})
    assert reasons[below] == f"attributes.amount_usd 0.5 outside {MIN_AMOUNT:g}..{MAX_AMOUNT:g}"
    scores = {json.loads(a).get("score") for a in stored["attributes"].to_list()}
    assert {MIN_SCORE, MAX_SCORE} <= scores


def test_the_suite_still_refuses_what_the_validator_would_have_quarantined():
    """The rules stay the backstop: a row that bypassed the validator fails them."""
    good = _record(1, signal_type="funding", attributes={"round": "Seed", "amount_usd": 5})
    feed = read_feed("f.jsonl", (json.dumps(good) + "\n").encode(), NOW)
    stored = _stored(feed)
    bad = stored.with_columns(attributes=pl.lit('{"amount_usd": 0.5, "round": "Seed"}'), signal_id=pl.lit("b"),
                              event_key=pl.lit("b"), observed_at=pl.lit(EARLIEST - timedelta(seconds=1)))
    failed = _failed(_judge(pl.concat([stored, bad]), JUDGED_ON))
    assert set(failed) == {"amount_usd plausible", f"observed from {EARLIEST:%Y-%m-%d} on"}


def _stored(feed) -> pl.DataFrame:
    """The rows of one feed as ingestion stores them: deduplicated, with the time they came in."""
    rows = Deduplicator().fresh(feed).frame
    return rows.with_columns(ingested_at=pl.lit(NOW, dtype=RAW_SIGNAL_SCHEMA["ingested_at"]))


def _near(*bounds: float, spread: float) -> st.SearchStrategy[float]:
    """Numbers close to the bounds, and anywhere between them."""
    edges = [b + d for b in bounds for d in (-spread, -spread / 1e6, 0.0, spread / 1e6, spread)]
    return st.one_of(st.sampled_from(edges), st.floats(min(bounds) - spread, max(bounds) + spread))


MOMENTS = st.one_of(
    st.sampled_from([EARLIEST, NOW + CLOCK_SKEW]).flatmap(
        lambda edge: st.integers(-5_000_000, 5_000_000).map(lambda us: edge + timedelta(microseconds=us))),
    st.datetimes(datetime(1999, 6, 1), datetime(2026, 11, 25), timezones=st.just(UTC)),
)
RECORDS = st.one_of(
    st.builds(lambda m: {"observed_at": m.isoformat()}, MOMENTS),
    st.builds(lambda a, key: {"signal_type": "funding", "attributes": {"round": "A", key: a, "currency": "USD"}},
              _near(MIN_AMOUNT, MAX_AMOUNT, spread=1.0), st.sampled_from(["amount", "amount_usd"])),
    st.builds(lambda s: {"signal_type": "intent", "attributes": {"topic": "crm", "score": s}},
              _near(MIN_SCORE, MAX_SCORE, spread=1.0)),
    st.sampled_from(ODD),
)


@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize="SDR_PROPERTY_EXAMPLES" not in os.environ,
          suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(RECORDS, min_size=1, max_size=30), later=st.sampled_from(LATER))
def test_any_batch_the_validator_accepts_passes_every_blocking_rule(batch: list[dict], later: timedelta):
    lines = "".join(json.dumps(_record(n, **changes)) + "\n" for n, changes in enumerate(batch))
    stored = _stored(read_feed("batch.jsonl", lines.encode(), NOW))
    assert _failed(_judge(stored, JUDGED_ON + later)) == {}


def test_the_signals_job_quarantines_the_rows_the_suite_would_refuse_and_stays_green(data_dir, environ, instance):
    """The audit's rows: a funding amount of 0.5 and a signal from 2000, run when 2000 is 27 years ago."""
    from resources.defaults import build_resources
    from sdr_assets.assembly import build_definitions

    rows = [_record(1, signal_type="funding", company_domain="halfmil.example",
                    attributes={"round": "Seed", "amount": 0.5, "currency": "USD"}),
            _record(2, company_domain="oldco.example", observed_at="2000-01-01T12:00:00Z"),
            _record(3, company_domain="older.example", observed_at="1999-12-31T12:00:00Z"),
            _record(4, signal_type="funding", company_domain="fullmil.example",
                    attributes={"round": "Seed", "amount": 1_000_000, "currency": "USD"})]
    (data_dir / "inbox" / "signals" / "zz_edges.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    resources = build_resources(environ(SDR_NOW="2027-01-05T09:00:00+00:00"))
    result = build_definitions(resources).resolve_job_def("signals_job").execute_in_process(
        instance=instance, raise_on_error=False)

    assert result.success
    checks = {e.check_name: e for e in result.get_asset_check_evaluations() if e.asset_key.path == ["raw_signals"]}
    assert checks["raw_signals_expectations"].passed, checks["raw_signals_expectations"].metadata["failed"]
    assert "qualified_signals" in {e.asset_key.path[-1] for e in result.get_asset_materialization_events()}
    with resources["warehouse"].connect() as con:
        kept = {r[0] for r in con.execute("select company_domain from raw_signals where source_file = 'zz_edges.jsonl'")
                .fetchall()}
        reasons = dict(con.execute("select line, reason from quarantined_signal_rows "
                                   "where source_file = 'zz_edges.jsonl'").fetchall())
    assert kept == {"oldco.example", "fullmil.example"}
    assert reasons == {1: f"attributes.amount 0.5 outside {MIN_AMOUNT:g}..{MAX_AMOUNT:g}",
                       3: "bad observed_at: 1999-12-31 is before 2000-01-01"}
