"""Signals layer: buying triggers read from feeds, then qualified against the plays."""

import dagster as dg
import polars as pl

from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse, read_table, replace_rows
from sdr_assets.domain.plays import load_plays
from sdr_assets.domain.signals import read_inbox
from sdr_assets.domain.targeting import matching_trigger
from sdr_assets.metadata import table_metadata
from sdr_assets.plays import play_versions

RAW_SIGNAL_SCHEMA = {
    "signal_id": pl.String,
    "company_domain": pl.String,
    "signal_type": pl.String,
    "detail": pl.String,
    "observed_at": pl.Datetime("us", "UTC"),
    "source": pl.String,
    "attributes": pl.String,
    "source_file": pl.String,
    "source_line": pl.Int64,
}
QUARANTINE_SCHEMA = {"source_file": pl.String, "line": pl.Int64, "reason": pl.String, "raw": pl.String}
QUALIFIED_SCHEMA = {
    "play": pl.String,
    "signal_id": pl.String,
    "company_domain": pl.String,
    "signal_type": pl.String,
    "detail": pl.String,
    "observed_at": pl.Datetime("us", "UTC"),
    "attributes": pl.String,
    "trigger": pl.String,
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "raw_signals",
            description="Buying-trigger signals read from the feed files, deduplicated by signal_id.",
            group_name="signals",
            kinds={"duckdb", "polars"},
        ),
        dg.AssetSpec(
            "quarantined_signal_rows",
            description="Signal rows or files that could not be read, each with the reason.",
            group_name="signals",
            kinds={"duckdb"},
        ),
    ]
)
def raw_signals(warehouse: Warehouse, paths: PipelinePaths):
    feed = read_inbox(paths.signals)
    signals = pl.DataFrame(feed.rows, schema=RAW_SIGNAL_SCHEMA)
    quarantine = pl.DataFrame([q.__dict__ for q in feed.quarantined], schema=QUARANTINE_SCHEMA)
    with warehouse.connect() as con:
        replace_rows(con, "raw_signals", signals)
        replace_rows(con, "quarantined_signal_rows", quarantine)
    reasons = quarantine.group_by("reason").len().sort("len", descending=True).head(10)
    yield dg.MaterializeResult(
        asset_key="raw_signals",
        metadata=table_metadata(signals, files=signals["source_file"].n_unique()),
    )
    yield dg.MaterializeResult(
        asset_key="quarantined_signal_rows",
        metadata=table_metadata(quarantine, top_reasons=dg.MetadataValue.md(_reasons_md(reasons))),
    )


def _reasons_md(reasons: pl.DataFrame) -> str:
    return "\n".join(f"- {r['reason']}: {r['len']}" for r in reasons.iter_rows(named=True)) or "_none_"


@dg.asset(group_name="signals", kinds={"duckdb", "polars"}, deps=["raw_signals", play_versions])
def qualified_signals(warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy) -> dg.MaterializeResult:
    """Signals that satisfy a play's trigger definition (type, freshness, conditions), one row per play."""
    book = load_plays(paths.plays)
    now = policy.now()
    with warehouse.connect() as con:
        raw = read_table(con, "raw_signals")
        rows = []
        for signal in raw.iter_rows(named=True):
            for play in book.plays.values():
                trigger = matching_trigger(play, signal, now)
                if trigger is not None:
                    rows.append(
                        {**{k: signal[k] for k in QUALIFIED_SCHEMA if k in signal}, "play": play.name,
                         "trigger": trigger["signal_type"]}
                    )
        frame = pl.DataFrame(rows, schema=QUALIFIED_SCHEMA)
        replace_rows(con, "qualified_signals", frame)
    per_play = {p: int(n) for p, n in frame.group_by("play").len().iter_rows()}
    return dg.MaterializeResult(metadata=table_metadata(frame, per_play=dg.MetadataValue.json(per_play)))
