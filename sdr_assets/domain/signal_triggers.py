"""Play triggers judged over a frame of signals at once, each row given the verdict ``trigger_matches`` gives it.

A trigger's type and freshness are compared in polars. Its conditions on the attributes are asked
once per distinct attributes text, as signals share them. Its keywords are looked for in polars where
the text they are looked for in is ASCII, whose lower case Python and polars agree on; a row with
other text, or with no detail or date, is asked of ``trigger_matches`` itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import polars as pl

from sdr_assets.domain.facts import signal_attributes
from sdr_assets.domain.targeting import trigger_matches

FIELDS = ["signal_type", "observed_at", "detail", "attributes"]
NON_ASCII = r"[^\x00-\x7f]"


def trigger_hits(signals: pl.DataFrame, triggers: list[dict[str, Any]], now: datetime) -> pl.DataFrame:
    """One boolean column per trigger (``hit_0``, ``hit_1``, …): whether each signal matches it."""
    looked_up = signals.select(FIELDS).join(_by_attributes(signals, triggers, now), on=["signal_type", "attributes"],
                                            how="left", nulls_equal=True, maintain_order="left")
    # The detail, then the attribute values; the detail alone where the attributes hold none.
    text = (pl.when(pl.col("_values").is_null()).then(pl.col("detail"))
            .otherwise(pl.concat_str(pl.col("detail"), pl.lit(" "), pl.col("_values"))))
    looked_up = looked_up.with_columns(
        _text=text.str.to_lowercase(),
        _in_python=(pl.col("detail").is_null() | pl.col("observed_at").is_null()
                    | text.str.contains(NON_ASCII).fill_null(True)),
    )
    hits = looked_up.select(*(_hit(trigger, k, now).alias(f"hit_{k}") for k, trigger in enumerate(triggers)))
    odd = looked_up["_in_python"].arg_true()
    if not odd.len():
        return hits
    rows = signals.select(FIELDS)[odd].to_dicts()
    judged = []
    for k, trigger in enumerate(triggers):
        hit = hits[f"hit_{k}"].clone()
        hit.scatter(odd, pl.Series([trigger_matches(trigger, row, now) for row in rows], dtype=pl.Boolean))
        judged.append(hit)
    return pl.DataFrame(judged)


def _by_attributes(signals: pl.DataFrame, triggers: list[dict[str, Any]], now: datetime) -> pl.DataFrame:
    """Per distinct type and attributes text: its values joined as the keyword text joins them (null
    where it holds none), and whether each trigger of that type holds on the attributes
    (``attributes_<k>``; false for a trigger of another type, which no such signal matches)."""
    distinct = signals.select("signal_type", "attributes").unique(maintain_order=True)
    values, verdicts = [], [[] for _ in triggers]
    # Each trigger without its age and keywords: what is left of it reads the type and attributes alone.
    on_attributes = [{"signal_type": t["signal_type"],
                      "match": {k: v for k, v in (t.get("match") or {}).items() if k != "keywords"}} for t in triggers]
    for signal_type, text in distinct.iter_rows():
        attrs = signal_attributes({"attributes": text})
        # As ``trigger_matches`` joins them after the detail.
        values.append(" ".join(str(v) for v in attrs.values()) if attrs else None)
        signal = {"signal_type": signal_type, "attributes": attrs}
        for verdict, trigger in zip(verdicts, on_attributes, strict=True):
            verdict.append(trigger_matches(trigger, signal, now))
    return distinct.with_columns(_values=pl.Series(values, dtype=pl.String),
                                 **{f"attributes_{k}": pl.Series(v, dtype=pl.Boolean) for k, v in enumerate(verdicts)})


def _hit(trigger: dict[str, Any], k: int, now: datetime) -> pl.Expr:
    hit = pl.col(f"attributes_{k}")
    if trigger.get("max_age_days") is not None:
        hit = hit & (pl.col("observed_at") >= now - timedelta(days=int(trigger["max_age_days"])))
    match = trigger.get("match") or {}
    if "keywords" in match:
        keywords = [keyword.lower() for keyword in match["keywords"]]
        # An empty list matches nothing, as ``trigger_matches`` has it; polars refuses an empty pattern list.
        hit = hit & (pl.col("_text").str.contains_any(keywords) if keywords else pl.lit(False))
    return hit.fill_null(False)
