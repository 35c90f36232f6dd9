"""Run a list of Great Expectations rules over a polars frame and report each rule's outcome.

GX 1.x has no maintained Dagster integration, so suites run here in one ephemeral context per
process, created on first use: importing GX takes seconds, and a run that never checks quality
never pays for it.
"""

from __future__ import annotations

import gc
import os
import threading
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import polars as pl

from sdr_assets.deferred_imports import defer
from sdr_assets.domain.collection import no_cycle_collection


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
    # What the import and the context make lives as long as the process: collections they set off
    # would walk the whole heap (Dagster's, the run's) for nothing.
    with no_cycle_collection():
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig
        from great_expectations.execution_engine import pandas_execution_engine

        # GX fingerprints each frame it loads below this many bytes: a hash of every cell, kept as a
        # batch marker no suite reads. Zero turns it off.
        pandas_execution_engine.HASH_THRESHOLD = 0

        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        # Importing GX and making its context leave exceptions in reference cycles, and their tracebacks
        # reach the caller's frames: collected now, they cannot keep what those frames hold later (the
        # 500,000-row table a suite judges) alive until a full collection finds them. With the collector
        # off, all the block made is still in the youngest generation, those cycles included: collecting
        # that generation frees them without walking the rest of the heap.
        gc.collect(0)
    return gx, context


# Expectations judged on the column names alone: they run on the frame's empty head, so the frame
# that GX converts, loads and fingerprints holds only the columns the other rules read.
SCHEMA_ONLY = frozenset({"ExpectTableColumnsToMatchSet"})


def run_rules(name: str, frame: pl.DataFrame, rules: list[Rule]) -> dict[str, dict[str, Any]]:
    """``{label: {success, unexpected_count, blocking, advice}}`` for every rule, in order."""
    on_schema = [r for r in rules if r.expectation in SCHEMA_ONLY]
    on_values = [r for r in rules if r.expectation not in SCHEMA_ONLY]
    items = validate(f"{name}_schema", frame.clear(), on_schema) if on_schema else {}
    if on_values:
        read = set().union(*(_reads(r, frame.columns) for r in on_values))
        # A rule on a missing column still meets the rows it would have read, and fails with GX's reason.
        narrow = frame.select([c for c in frame.columns if c in read]) if read & set(frame.columns) else frame
        items |= validate(name, narrow, on_values)
    return {rule.label: outcome(rule, items[rule.label]) for rule in rules}


def outcome(rule: Rule, item: Any = None, **counted: Any) -> dict[str, Any]:
    """A rule's outcome from GX's result ``item``; ``counted`` replaces what GX counted, when it judged
    only part of the rows (or none: ``item`` is None)."""
    found = {"success": True, "unexpected_count": 0, "observed": None, "error": ""} if item is None else {
        "success": bool(item.success),
        "unexpected_count": int(item.result.get("unexpected_count") or 0),
        "observed": _observed(item.result.get("observed_value")),
        "error": _error(item.exception_info),
    }
    found |= counted
    return {"success": found["success"], "unexpected_count": found["unexpected_count"],
            "observed": found["observed"], "blocking": rule.blocking, "advice": rule.advice, "error": found["error"]}


def _reads(rule: Rule, columns: list[str]) -> set[str]:
    """The columns a rule reads; every column when its arguments name none GX documents."""
    if "column" in rule.kwargs:
        return {rule.kwargs["column"]}
    if "column_list" in rule.kwargs:
        return set(rule.kwargs["column_list"])
    return set(columns)


def validate(name: str, frame: pl.DataFrame, rules: list[Rule], result_format: str = "BASIC") -> dict[str, Any]:
    """GX's result for each rule's label, from one run of the rules over ``frame``. BASIC results
    carry the counts and observed values an outcome reports; SUMMARY's value counts cost a third more.

    The rules run on a batch of the frame (``Batch.validate``), not through a validation definition:
    its ``run`` also checks that the definition, suite and asset are saved, then serialises the
    result into the context's store and keeps it there for the life of the process. Nothing here
    reads that store, and a COMPLETE result lists every refused row. The batch loads the frame
    again for its validator, which wraps the same pandas frame (fingerprints are off, ``_context``)."""
    suite = _suite(name, rules)
    pandas_frame = frame.to_pandas()
    with _VALIDATING:
        batch = _batches().get_batch(batch_parameters={"dataframe": pandas_frame})
        result = batch.validate(suite, result_format={"result_format": result_format})
    return {item.expectation_config.meta["label"]: item for item in result.results}


# GX's execution engine, one for the data source every suite shares, holds the batch its validators
# compute on: two validations at once in one process would judge each other's frames.
_VALIDATING = threading.Lock()


@cache
def _batches():
    """The batch definition of one dataframe asset, which every suite's frames pass through: each data
    source, asset or batch definition GX registers re-serialises the context's whole configuration, all
    those registered before it included, and a suite's name need not be an asset's."""
    _, context = _context()
    return context.data_sources.add_pandas("frames").add_dataframe_asset("frame").add_batch_definition_whole_dataframe(
        "all")


_SUITES: dict[str, tuple[list[Rule], Any]] = {}  # name -> (its rules, their suite)


def _suite(name: str, rules: list[Rule]):
    """The suite of ``rules`` under ``name``, made once for as long as the rules stay the same. Other
    rules under the same name replace the suite, so a long-running process keeps one per name."""
    known = _SUITES.get(name)
    if known is not None and known[0] == rules:
        return known[1]
    gx, _ = _context()
    expectations = [getattr(gx.expectations, r.expectation)(**r.kwargs, meta={"label": r.label}) for r in rules]
    suite = gx.ExpectationSuite(name=name, expectations=expectations)
    _SUITES[name] = (list(rules), suite)
    return suite


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
