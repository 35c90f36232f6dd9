"""The data-quality suites: blocking rules for schema and impossible values, warnings for drift.

Each suite validates a frame prepared from a table: derived columns (the age of a signal, its
amount, whether it has evidence, how a source's volume compares with its own past) turn the
questions a person asks into expectations Great Expectations can check.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl

from sdr_assets.domain.plays import SIGNAL_TYPES
from sdr_assets.domain.signal_schema import MAX_AMOUNT, MAX_SCORE, MIN_AMOUNT, MIN_SCORE
from sdr_assets.domain.signals import CLOCK_SKEW, EARLIEST
from sdr_assets.expectations import Rule

DOMAIN_PATTERN = r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$"
EMAIL_PATTERN = r"^[^@\s]+@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"
ENRICHED_STATUSES = ["ready", "out_of_segment", "unknown_company", "no_contact", "unenriched", "address_refused"]
RECENT_DAYS, BASELINE_WEEKS, MIN_BASELINE_ROWS = 7, 3, 12
FLOOD_RATIO, STOP_RATIO = 5.0, 0.2
MIN_EVIDENCE_SHARE, MIN_ENRICHED_SHARE = 0.8, 0.5
DAY = timedelta(days=1)
RAW_DERIVED = ["age_days", "days_since_earliest", "amount_usd", "score", "has_evidence", "source_volume_ratio"]
QUALIFIED_DERIVED = ["trigger_is_type"]
ENRICHED_DERIVED = ["ready_is_complete", "enriched"]


def _unique(column: str, advice: str) -> Rule:
    return Rule(f"{column} unique", "ExpectColumnValuesToBeUnique", {"column": column}, advice=advice)


def _not_null(column: str) -> Rule:
    return Rule(f"{column} present", "ExpectColumnValuesToNotBeNull", {"column": column},
                advice=f"Rows without {column} cannot be used; look for a bug in the writer.")


def _columns(columns: list[str]) -> Rule:
    return Rule("columns as documented", "ExpectTableColumnsToMatchSet",
                {"column_set": columns, "exact_match": True},
                advice="The table's columns changed: migrate it or fix the writer before anything reads it.")


# Ingestion quarantines such rows; those stored before (by an earlier version, or by hand) are moved.
RESCREEN = ("the next signals run screens the stored rows again and moves those it refuses to "
            "quarantined_signal_rows, with the reason (sdr_assets/signal_rescreen.py).")


def raw_signal_rules(columns: list[str]) -> list[Rule]:
    return [
        _columns([*columns, *RAW_DERIVED]),
        _unique("signal_id", f"Two rows share an id: {RESCREEN}"),
        _unique("event_key", f"Two rows describe one event: {RESCREEN}"),
        Rule("observed_at present", "ExpectColumnValuesToNotBeNull", {"column": "observed_at"},
             advice=f"Rows without a date cannot be used: {RESCREEN}"),
        Rule("company_domain is a domain", "ExpectColumnValuesToMatchRegex",
             {"column": "company_domain", "regex": DOMAIN_PATTERN}, advice=f"Rows with an invalid domain: {RESCREEN}"),
        Rule("signal_type known", "ExpectColumnValuesToBeInSet",
             {"column": "signal_type", "value_set": sorted(SIGNAL_TYPES)},
             advice=f"A signal type no play can trigger on: {RESCREEN}"),
        # The bounds are the row validator's (sdr_assets/domain/signals.py, signal_schema.py): a row it
        # accepts passes them, today and in any later year; these rules are the backstop behind it.
        Rule(f"observed from {EARLIEST:%Y-%m-%d} on", "ExpectColumnValuesToBeBetween",
             {"column": "days_since_earliest", "min_value": 0},
             advice=f"A signal dated before {EARLIEST:%Y-%m-%d} is a feed error: {RESCREEN}"),
        Rule("observed at most a day ahead", "ExpectColumnValuesToBeBetween",
             {"column": "age_days", "min_value": -CLOCK_SKEW / DAY},
             advice=f"A signal dated in the future is a feed error: {RESCREEN}"),
        Rule("amount_usd plausible", "ExpectColumnValuesToBeBetween",
             {"column": "amount_usd", "min_value": MIN_AMOUNT, "max_value": MAX_AMOUNT},
             advice=f"An amount no round has: {RESCREEN}"),
        Rule(f"intent score within {MIN_SCORE}..{MAX_SCORE}", "ExpectColumnValuesToBeBetween",
             {"column": "score", "min_value": MIN_SCORE, "max_value": MAX_SCORE},
             advice=f"A score outside the scale: {RESCREEN}"),
        Rule("attributes are JSON", "ExpectColumnValuesToBeJsonParseable", {"column": "attributes"},
             advice=f"Attributes that are not JSON: {RESCREEN}"),
        Rule("signals carry evidence", "ExpectColumnValuesToBeInSet",
             {"column": "has_evidence", "value_set": [True], "mostly": MIN_EVIDENCE_SHARE}, blocking=False,
             advice=f"More than {1 - MIN_EVIDENCE_SHARE:.0%} of signals have no evidence text or URL: "
                    "ask the feed for it, drafts cannot cite what they do not have."),
        Rule("each source at its usual volume", "ExpectColumnValuesToBeBetween",
             {"column": "source_volume_ratio", "min_value": STOP_RATIO, "max_value": FLOOD_RATIO}, blocking=False,
             advice=f"A source's last {RECENT_DAYS} days differ from its weekly average by more than "
                    f"{FLOOD_RATIO:g}x (flood) or less than {STOP_RATIO:g}x (stopped): check the feed."),
    ]


def raw_signal_frame(table: pl.DataFrame, now: datetime) -> pl.DataFrame:
    """The stored signals plus their age (days before ``now``), days since the earliest date a signal may
    carry, amount, score, evidence and each source's volume ratio."""
    # DuckDB hands back "Etc/UTC"; polars will not mix it with the clock's "UTC".
    table = table.with_columns(pl.col("observed_at").dt.convert_time_zone("UTC"))
    frame = table.with_columns(
        age_days=(pl.lit(now) - pl.col("observed_at")).dt.total_seconds() / 86400,
        days_since_earliest=(pl.col("observed_at") - pl.lit(EARLIEST)).dt.total_microseconds() / 86400e6,
        has_evidence=(pl.col("detail").fill_null("") != "") | (pl.col("evidence_url").fill_null("") != ""),
    )
    frame = frame.join(attribute_numbers(table), on="attributes", how="left", nulls_equal=True, maintain_order="left")
    return frame.join(source_volume(table, now), on="source", how="left").select(*table.columns, *RAW_DERIVED)


def attribute_numbers(table: pl.DataFrame) -> pl.DataFrame:
    """Amount and score of each distinct attributes text: signals share texts (several rows a text),
    and reading a JSON path costs more than matching a row to its text."""
    attrs = pl.col("attributes")
    return table.select(attrs.unique()).with_columns(
        amount_usd=attrs.str.json_path_match("$.amount_usd").cast(pl.Float64, strict=False),
        score=attrs.str.json_path_match("$.score").cast(pl.Float64, strict=False),
    )


def source_volume(table: pl.DataFrame, now: datetime) -> pl.DataFrame:
    """Per source: signals of the last week over its weekly average of the weeks before (None if too new)."""
    recent_start = now - timedelta(days=RECENT_DAYS)
    baseline_start = recent_start - timedelta(weeks=BASELINE_WEEKS)
    observed = pl.col("observed_at")
    counts = table.group_by("source").agg(
        recent=(observed >= recent_start).sum(),
        baseline=((observed >= baseline_start) & (observed < recent_start)).sum(),
    )
    ratio = pl.col("recent") / (pl.col("baseline") / BASELINE_WEEKS)
    return counts.select(
        "source",
        source_volume_ratio=pl.when(pl.col("baseline") >= MIN_BASELINE_ROWS).then(ratio).otherwise(None),
    )


def qualified_signal_rules(columns: list[str], plays: list[str]) -> list[Rule]:
    return [
        _columns([*columns, *QUALIFIED_DERIVED]),
        Rule("one row per play and signal", "ExpectCompoundColumnsToBeUnique",
             {"column_list": ["play", "signal_id"]}, advice="A signal qualified twice for one play."),
        Rule("play exists", "ExpectColumnValuesToBeInSet", {"column": "play", "value_set": plays or [""]}),
        Rule("trigger matches the signal type", "ExpectColumnValuesToBeInSet",
             {"column": "trigger_is_type", "value_set": [True]}),
        _not_null("observed_at"),
        _not_null("company_domain"),
    ]


def qualified_signal_frame(table: pl.DataFrame) -> pl.DataFrame:
    return table.with_columns(trigger_is_type=pl.col("trigger") == pl.col("signal_type"))


def enriched_account_rules(columns: list[str]) -> list[Rule]:
    return [
        _columns([*columns, *ENRICHED_DERIVED]),
        Rule("one row per play and account", "ExpectCompoundColumnsToBeUnique",
             {"column_list": ["play", "company_domain"]}),
        Rule("status known", "ExpectColumnValuesToBeInSet", {"column": "status", "value_set": ENRICHED_STATUSES}),
        Rule("ready rows have a contact and an address", "ExpectColumnValuesToBeInSet",
             {"column": "ready_is_complete", "value_set": [True]},
             advice="A ready account must name a contact with a valid address, or it cannot be mailed."),
        Rule("employees plausible", "ExpectColumnValuesToBeBetween",
             {"column": "employees", "min_value": 1, "max_value": 5_000_000}),
        Rule("accounts are enriched", "ExpectColumnValuesToBeInSet",
             {"column": "enriched", "value_set": [True], "mostly": MIN_ENRICHED_SHARE}, blocking=False,
             advice=f"More than {1 - MIN_ENRICHED_SHARE:.0%} of accounts are unknown to every provider or "
                    "failed: check the providers and their errors in the reason column."),
    ]


def enriched_account_frame(table: pl.DataFrame) -> pl.DataFrame:
    ready = pl.col("status") == "ready"
    complete = pl.col("contact_id").is_not_null() & pl.col("email").fill_null("").str.contains(EMAIL_PATTERN)
    return table.with_columns(
        ready_is_complete=~ready | complete,
        enriched=~pl.col("status").is_in(["unknown_company", "unenriched"]),
    )
