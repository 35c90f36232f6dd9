"""Run a list of Great Expectations rules over a polars frame and report each rule's outcome.

GX 1.x has no maintained Dagster integration, so suites run here in one ephemeral context per
process, created on first use: importing GX takes seconds, and a run that never checks quality
never pays for it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import polars as pl

from sdr_assets.deferred_imports import defer


@dataclass(frozen=True)
class Rule:
    """One expectation: its GX class name and arguments, whether failing it blocks, and what to do."""

    label: str
    expectation: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    blocking: bool = True
    advice: str = ""


# Modules GX imports at its own import for expectations our suites never use: charts for the
# KL-divergence renderer (altair), JSON-schema matching (jsonschema) and distribution tests
# (scipy.stats). Deferred, they load in full the first time anything reads a name from them.
UNUSED_BY_SUITES = ("altair", "jsonschema", "scipy.stats")


@cache
def _context():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    for name in UNUSED_BY_SUITES:
        defer(name)
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return gx, context


def fingerprint(name: str, frame: pl.DataFrame, rules: list[Rule]) -> str:
    """What a suite run judges, as one digest: the suite, its rules, the frame's schema and every row."""
    digest = hashlib.sha256(repr((name, rules, list(frame.schema.items()), frame.height)).encode())
    if frame.height:
        digest.update(frame.hash_rows(seed=0).to_numpy().tobytes())
    return digest.hexdigest()


def run_rules(name: str, frame: pl.DataFrame, rules: list[Rule]) -> dict[str, dict[str, Any]]:
    """``{label: {success, unexpected_count, blocking, advice}}`` for every rule, in order."""
    gx, context = _context()
    batch = (
        context.data_sources.add_or_update_pandas(f"{name}_source")
        .add_dataframe_asset(f"{name}_{id(frame)}")
        .add_batch_definition_whole_dataframe("all")
        .get_batch(batch_parameters={"dataframe": frame.to_pandas()})
    )
    expectations = [getattr(gx.expectations, r.expectation)(**r.kwargs, meta={"label": r.label}) for r in rules]
    suite = context.suites.add_or_update(gx.ExpectationSuite(name=name, expectations=expectations))
    result = batch.validate(suite)
    by_label = {item.expectation_config.meta["label"]: item for item in result.results}
    outcomes = {}
    for rule in rules:
        item = by_label[rule.label]
        outcomes[rule.label] = {
            "success": bool(item.success),
            "unexpected_count": int(item.result.get("unexpected_count") or 0),
            "observed": _observed(item.result.get("observed_value")),
            "blocking": rule.blocking,
            "advice": rule.advice,
            "error": _error(item.exception_info),
        }
    return outcomes


def _error(info: Any) -> str:
    """GX reports an expectation that could not run (a missing column) as an exception, not a failure."""
    if isinstance(info, dict):
        if "exception_message" in info:
            return str(info.get("exception_message") or "")
        return "; ".join(_error(v) for v in info.values() if _error(v))
    return str(getattr(info, "exception_message", "") or "")


def _observed(value: Any) -> Any:
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)[:200]
