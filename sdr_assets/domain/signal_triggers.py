"""Play triggers judged over a frame of signals at once, each row given the verdict ``trigger_matches`` gives it.

A trigger's type and freshness are compared in polars. Its conditions on the attributes are asked
once per distinct attributes text, as signals share them (``attribute_verdicts``); the answers depend
on the type, the text and the triggers' conditions alone, so a caller may keep them for its next run
(``sdr_assets.trigger_verdicts`` keeps them under a digest of the conditions and of these rules). Its
keywords, whole words, are looked for in polars where the text they are looked for in is ASCII,
whose lower case Python and polars agree on; a row with other text, or with no detail or date, is
asked of ``trigger_matches`` itself.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import polars as pl

from sdr_assets.domain.facts import signal_attributes
from sdr_assets.domain.targeting import trigger_matches

FIELDS = ["signal_type", "observed_at", "detail", "attributes"]
NON_ASCII = r"[^\x00-\x7f]"


KEY = ["signal_type", "attributes"]
VERDICTS_SCHEMA = {"signal_type": pl.String, "attributes": pl.String, "joined_values": pl.String,
                   "verdicts": pl.List(pl.Boolean)}


def trigger_hits(signals: pl.DataFrame, triggers: list[dict[str, Any]], now: datetime,
                 verdicts: pl.DataFrame | None = None) -> pl.DataFrame:
    """One boolean column per trigger (``hit_0``, ``hit_1``, …): whether each signal matches it.
    ``verdicts`` (``attribute_verdicts`` of these signals and triggers) saves working them out here."""
    judged = attribute_verdicts(signals, triggers) if verdicts is None else verdicts
    by_attributes = judged.select(*KEY, _values="joined_values", **{
        f"attributes_{k}": pl.col("verdicts").list.get(k) for k in range(len(triggers))})
    looked_up = signals.select(FIELDS).join(by_attributes, on=KEY, how="left", nulls_equal=True,
                                            maintain_order="left")
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


def attribute_verdicts(signals: pl.DataFrame, triggers: list[dict[str, Any]],
                       known: pl.DataFrame | None = None) -> pl.DataFrame:
    """Per distinct type and attributes text of ``signals`` (``VERDICTS_SCHEMA``): its values joined as
    the keyword text joins them (``joined_values``, null where it holds none), and whether each trigger
    holds on the attributes (``verdicts``, in the triggers' order; false for a trigger of another type,
    which no such signal matches). A text found in ``known``, answers given under the same
    conditions and rules, keeps them; the rest are asked. No answer reads the clock: the triggers'
    ages are judged apart (``_hit``)."""
    distinct = signals.select(KEY).unique(maintain_order=True)
    if known is not None and known.height:
        kept = distinct.join(known.unique(KEY), on=KEY, how="inner", nulls_equal=True, maintain_order="left")
        distinct = distinct.join(known, on=KEY, how="anti", nulls_equal=True, maintain_order="left")
    else:
        kept = pl.DataFrame(schema=VERDICTS_SCHEMA)
    values, verdicts = [], []
    conditions = attribute_conditions(triggers)
    for signal_type, text in distinct.iter_rows():
        attrs = signal_attributes({"attributes": text})
        # As ``trigger_matches`` joins them after the detail.
        values.append(" ".join(str(v) for v in attrs.values()) if attrs else None)
        signal = {"signal_type": signal_type, "attributes": attrs}
        verdicts.append([trigger_matches(trigger, signal, datetime.min) for trigger in conditions])
    asked = distinct.with_columns(joined_values=pl.Series(values, dtype=pl.String),
                                  verdicts=pl.Series(verdicts, dtype=pl.List(pl.Boolean)))
    return pl.concat([kept.select(list(VERDICTS_SCHEMA)), asked.select(list(VERDICTS_SCHEMA))]).cast(VERDICTS_SCHEMA)


def attribute_conditions(triggers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each trigger without its age and keywords: what is left of it reads the type and attributes alone."""
    return [{"signal_type": t["signal_type"],
             "match": {k: v for k, v in (t.get("match") or {}).items() if k != "keywords"}} for t in triggers]


def _hit(trigger: dict[str, Any], k: int, now: datetime) -> pl.Expr:
    hit = pl.col(f"attributes_{k}")
    if trigger.get("max_age_days") is not None:
        hit = hit & (pl.col("observed_at") >= now - timedelta(days=int(trigger["max_age_days"])))
    match = trigger.get("match") or {}
    if "keywords" in match:
        words = [re.escape(keyword.lower()) for keyword in match["keywords"] if keyword.strip()]
        # Whole words or their plurals, as ``trigger_matches`` reads them; no word matches nothing.
        pattern = rf"(?:^|[^\p{{L}}\p{{N}}])(?:{'|'.join(words)})(?:e?s)?(?:[^\p{{L}}\p{{N}}]|$)"
        hit = hit & (pl.col("_text").str.contains(pattern) if words else pl.lit(False))
    return hit.fill_null(False)
