"""What the analysis notebooks call: read the Parquet snapshot, shape it, chart it."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import polars as pl

from sdr_assets.analytics import EXPORTED_TABLES


def load_snapshot(folder: Path) -> dict[str, pl.DataFrame]:
    """Every exported table present in ``folder``; a missing snapshot is a clear error."""
    found = {t: pl.read_parquet(folder / f"{t}.parquet") for t in EXPORTED_TABLES if (folder / f"{t}.parquet").exists()}
    if "reply_rate_summary" not in found:
        raise FileNotFoundError(f"no snapshot in {folder}: run `make demo` or `sdr run` first")
    return found


def reply_rates(summary: pl.DataFrame) -> pl.DataFrame:
    """Reply, positive-reply, bounce and complaint rates per play, as percentages."""
    return summary.select(
        "play", "emails_sent", "human_replies", "positive_replies",
        (pl.col("reply_rate") * 100).round(1).alias("reply_rate_pct"),
        (pl.col("positive_rate") * 100).round(1).alias("positive_rate_pct"),
        (pl.col("bounce_rate") * 100).round(2).alias("bounce_rate_pct"),
        (pl.col("complaint_rate") * 100).round(2).alias("complaint_rate_pct"),
        (pl.col("simulated_replies") > 0).alias("includes_simulated"),
    ).sort("reply_rate_pct", descending=True)


def reply_rate_chart(rates: pl.DataFrame) -> alt.Chart:
    long = rates.unpivot(index="play", on=["reply_rate_pct", "positive_rate_pct"], variable_name="rate",
                         value_name="percent")
    return (
        alt.Chart(long.to_pandas())
        .mark_bar()
        .encode(x=alt.X("play:N", title="play"), xOffset="rate:N", y=alt.Y("percent:Q", title="% of emails sent"),
                color=alt.Color("rate:N", title=None), tooltip=["play", "rate", "percent"])
        .properties(title="Reply rate per play", width=420, height=260)
    )
