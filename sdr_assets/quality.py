"""Data-quality checks: Great Expectations suites on signals and accounts.

Each suite has blocking rules (schema, impossible values: a failure stops the assets downstream in
the same run) and warning rules (drift: evidence, enrichment coverage, a source that stops or
floods), reported as two checks on the same asset.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import dagster as dg
import polars as pl

from resources.settings import PipelinePaths, SendPolicy
from resources.validations import recall, recall_verdicts, remember, remember_verdicts, table_digest
from resources.tables import transaction
from resources.warehouse import Warehouse, frame_of, read_table, table_exists
from sdr_assets.playbook import load_plays
from sdr_assets.enrichment import ENRICHED_SCHEMA
from sdr_assets.incremental import LayerConfig
from sdr_assets.quality_suites import (
    enriched_account_frame,
    enriched_account_rules,
    qualified_signal_frame,
    qualified_signal_rules,
    raw_signal_frame,
    raw_signal_rules,
    source_volume,
)
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA
from sdr_assets.signals import QUALIFIED_SCHEMA


def _specs(asset: str, what: str) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(f"{asset}_expectations", asset=asset, blocking=True,
                          description=f"Great Expectations, blocking: {what}."),
        dg.AssetCheckSpec(f"{asset}_drift", asset=asset,
                          description="Great Expectations, warning: drift a person should look at."),
    ]


def _results(asset: str, rows: int, outcomes: dict[str, dict], validated: str, judged: dict):
    """One blocking result and one warning result from the outcomes of a single suite run."""
    for suffix, blocking, severity in (("expectations", True, dg.AssetCheckSeverity.ERROR),
                                       ("drift", False, dg.AssetCheckSeverity.WARN)):
        mine = {label: o for label, o in outcomes.items() if o["blocking"] == blocking}
        failed = [label for label, o in mine.items() if not o["success"]]
        yield dg.AssetCheckResult(
            asset_key=asset, check_name=f"{asset}_{suffix}", passed=not failed, severity=severity,
            metadata={"rows": rows, "failed": ", ".join(failed) or "none",
                      "what to do": " ".join(mine[f]["advice"] for f in failed if mine[f]["advice"]) or "nothing",
                      "validated": validated, **judged, "expectations": dg.MetadataValue.json(mine)},
        )


def suite_key(con, table: str, empty: dict, rules: Callable[[list[str]], list], depends_on: str = "") -> tuple:
    """``(key, rules, rows)``: the key digests what a suite run judges (the suite, its rules, the table's
    schema and every row, and ``depends_on``, what the prepared frame takes besides the rows), without
    reading the rows out of DuckDB."""
    if table_exists(con, table):
        schema, rows, digest = table_digest(con, table)
    else:
        schema, rows, digest = [(name, str(kind)) for name, kind in empty.items()], 0, "absent"
    suite = rules([name for name, _ in schema])
    key = hashlib.sha256(repr((table, suite, schema, rows, digest, depends_on)).encode()).hexdigest()
    return key, suite, rows


@dataclass(frozen=True)
class Suite:
    """What one suite judges: a stored table (``empty`` its columns when missing), the frame its rules
    read, and ``depends_on``, what that frame takes besides the rows."""

    table: str
    empty: dict
    prepare: Callable[[pl.DataFrame], pl.DataFrame]
    rules: Callable[[list[str]], list]
    depends_on: str = ""
    # Per derived column judged by group, the groups' values and rows (``row_verdicts``); None: the suite
    # is judged whole.
    grouped: dict[str, Callable] | None = None
    # Per derived column that counts from the day, its value as SQL on the table's row (``row_verdicts``).
    dated: dict[str, str] | None = None

    def key(self, con) -> tuple:
        """``(key, rules, rows)`` as ``suite_key`` gives them."""
        return suite_key(con, self.table, self.empty, self.rules, self.depends_on)


def raw_signals_suite(now: datetime) -> Suite:
    # Ages and volumes are counted from the end of today (UTC), so every run of a day judges unchanged
    # rows alike and reuses the outcome; a signal may still be dated up to a day past now.
    day = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return Suite("raw_signals", RAW_SIGNAL_SCHEMA, lambda t: raw_signal_frame(t, day), raw_signal_rules,
                 day.isoformat(), {"source_volume_ratio": lambda con: source_groups(con, day)},
                 {"age_days": age_days_sql(day)})


def age_days_sql(day: datetime) -> str:
    """``raw_signal_frame``'s age_days in DuckDB: whole seconds before ``day`` (cut toward zero, as polars's
    ``total_seconds``), in days."""
    return (f"trunc((epoch_us(timestamptz '{day.isoformat()}') - epoch_us(observed_at)) / 1e6) / 86400")


def source_groups(con, day: datetime) -> pl.DataFrame:
    """Each source's volume ratio as ``value`` and its signals as ``rows``, from two columns of the table."""
    table = frame_of(con, "select source, observed_at from raw_signals")
    table = table.with_columns(pl.col("observed_at").dt.convert_time_zone("UTC"))
    return source_volume(table, day).join(table.group_by("source").agg(rows=pl.len()), on="source", how="left",
                                          nulls_equal=True).select(pl.col("source_volume_ratio").alias("value"), "rows")


def qualified_signals_suite(plays: list[str]) -> Suite:
    return Suite("qualified_signals", QUALIFIED_SCHEMA, qualified_signal_frame,
                 lambda columns: qualified_signal_rules(columns, plays))


ENRICHED_ACCOUNTS_SUITE = Suite("enriched_accounts", ENRICHED_SCHEMA, enriched_account_frame, enriched_account_rules)


def suite_judged(con, suite: Suite) -> bool:
    """Whether the suite's stored outcomes are for exactly the rows and rules it would judge now."""
    return recall(con, suite.table, suite.key(con)[0]) is not None


def _validate(warehouse: Warehouse, suite: Suite, now: datetime, full_refresh: bool) -> tuple[int, dict, str, dict]:
    """The suite's outcomes on the stored table, reused when neither the data nor the rules changed;
    otherwise GX judges the rows, each value of a stored column only once (``value_verdicts``), or for a
    suite judged by row only the rows new since its last run (``row_verdicts``). ``full_refresh`` has GX
    judge every row and value again."""
    from sdr_assets.expectations import run_rules
    from sdr_assets.value_verdicts import Verdicts, by_value, judge

    table = suite.table
    with warehouse.connect() as con, transaction(con):  # the rows read are the rows the key digests
        key, rules, rows = suite.key(con)
        known = None if full_refresh else recall(con, table, key)
        if known:
            outcomes, at = known
            return rows, outcomes, f"reused: the rows and rules are unchanged since {at:%Y-%m-%d %H:%M} UTC", {}
        by_row = suite.grouped is not None and not full_refresh and table_exists(con, table)
        if by_row:
            outcomes, judged = _new_rows(con, suite, rules)
        else:
            stored = read_table(con, table)
            recalled = {} if full_refresh else recall_verdicts(con, table)
            verdicts = Verdicts(dict(recalled))
    if by_row:
        with warehouse.connect() as con:
            remember(con, table, key, outcomes, now)
        return rows, outcomes, "now: the rows new since the last run", judged
    stored = stored if stored.width else pl.DataFrame(schema=suite.empty)
    frame = suite.prepare(stored)
    valued = [r for r in rules if by_value(r, stored.columns)]
    outcomes = run_rules(table, frame, [r for r in rules if r not in valued]) | judge(table, frame, valued, verdicts)
    outcomes = {r.label: outcomes[r.label] for r in rules}
    with warehouse.connect() as con:
        remember(con, table, key, outcomes, now)
        written = remember_verdicts(con, table, verdicts.known, None if full_refresh else recalled)
    judged = {"values_judged_now": verdicts.judged_now, "values_judged_before": verdicts.distinct - verdicts.judged_now,
              "verdicts_written": written}
    return frame.height, outcomes, "now", judged


def _new_rows(con, suite: Suite, rules: list) -> tuple[dict, dict]:
    """The suite's outcomes with GX judging only the rows no run under the same rules judged."""
    from sdr_assets.expectations import SCHEMA_ONLY, run_rules
    from sdr_assets.row_verdicts import judge_new_rows

    outcomes, judged = judge_new_rows(con, suite.table, suite.table,
                                      [r for r in rules if r.expectation not in SCHEMA_ONLY], suite.prepare,
                                      dict(suite.grouped), dict(suite.dated or {}))
    schema = [r for r in rules if r.expectation in SCHEMA_ONLY]
    outcomes |= run_rules(suite.table, suite.prepare(read_table(con, suite.table, "where false")), schema)
    return {r.label: outcomes[r.label] for r in rules}, judged


@dg.multi_asset_check(specs=_specs("raw_signals", "schema, unique ids and events, valid domains, types, dates, "
                                                 "amounts and scores"))
def raw_signals_quality(config: LayerConfig, warehouse: Warehouse, policy: SendPolicy):
    now = policy.now()
    yield from _results("raw_signals", *_validate(warehouse, raw_signals_suite(now), now, config.full_refresh))


@dg.multi_asset_check(specs=_specs("qualified_signals", "schema, one row per play and signal, known plays, "
                                                       "triggers of the signal's type"))
def qualified_signals_quality(config: LayerConfig, warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy):
    suite = qualified_signals_suite(sorted(load_plays(paths.plays).plays))
    yield from _results("qualified_signals", *_validate(warehouse, suite, policy.now(), config.full_refresh))


@dg.multi_asset_check(specs=_specs("enriched_accounts", "schema, one row per play and account, known statuses, "
                                                       "ready rows with a contact and an address"))
def enriched_accounts_quality(config: LayerConfig, warehouse: Warehouse, policy: SendPolicy):
    yield from _results("enriched_accounts", *_validate(warehouse, ENRICHED_ACCOUNTS_SUITE, policy.now(),
                                                        config.full_refresh))
