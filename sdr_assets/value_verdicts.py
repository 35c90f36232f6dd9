"""GX judges each distinct value of a stored column once, and its verdict is remembered.

A rule such as "company_domain is a domain" or "attributes are JSON" judges every value alone:
GX's verdict on a value holds for every row that carries it, today and on any later run. So GX is
shown each distinct value that no earlier run judged under the same rule, with its complete result
(the values it refused); the rule's unexpected count is the number of rows whose value was refused.
A run over a table that grew by a file judges that file's new values, not the whole history, and
the counts and failures are those GX would report on every row.

Rules with a share of rows (``mostly``), rules over several columns or rows, and rules on columns
derived at validation time (a signal's age moves with the clock) are not judged here.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from sdr_assets.expectations import Rule, outcome, validate

# Expectations GX decides value by value: the verdict on a value does not depend on the other rows.
PER_VALUE = frozenset({"ExpectColumnValuesToMatchRegex", "ExpectColumnValuesToBeInSet",
                       "ExpectColumnValuesToBeBetween", "ExpectColumnValuesToBeJsonParseable"})
KEYS = ["h0", "h1"]
VERDICT_SCHEMA = {"h0": pl.UInt64, "h1": pl.UInt64, "refused": pl.Boolean}


def by_value(rule: Rule, stored: list[str]) -> bool:
    """Whether GX judges ``rule`` one value at a time on a column stored in the table."""
    return rule.expectation in PER_VALUE and "mostly" not in rule.kwargs and rule.kwargs.get("column") in stored


def rule_key(rule: Rule) -> str:
    """What a verdict was given under: the expectation and its arguments (not the label or advice),
    and the polars version, whose value hashes are only stable within a version."""
    text = repr((rule.expectation, sorted(rule.kwargs.items()), pl.__version__))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


@dataclass
class Verdicts:
    """Per rule key, GX's verdict on each distinct value, as two 64-bit hashes of the value and ``refused``."""

    known: dict[str, pl.DataFrame] = field(default_factory=dict)
    judged_now: int = 0
    distinct: int = 0

    def of(self, key: str) -> pl.DataFrame:
        return self.known.get(key, pl.DataFrame(schema=VERDICT_SCHEMA))


def judge(name: str, frame: pl.DataFrame, rules: list[Rule], verdicts: Verdicts) -> dict[str, dict[str, Any]]:
    """The outcome of each rule on every row of ``frame``, GX judging only the values ``verdicts`` lacks;
    ``verdicts`` is left holding the verdicts on the values in ``frame`` (and nothing else)."""
    by_column: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules:
        by_column[rule.kwargs["column"]].append(rule)
    outcomes, current = {}, {}
    for column, group in by_column.items():
        # Missing values are never unexpected to these expectations: GX leaves them out as well.
        rows = frame.select(value=pl.col(column), h0=pl.col(column).hash(0), h1=pl.col(column).hash(1)) \
            .filter(pl.col("value").is_not_null())
        values = rows.unique(subset=KEYS, maintain_order=True)
        known = {r.label: verdicts.of(rule_key(r)).join(values.select(KEYS), on=KEYS, how="semi") for r in group}
        # Values some rule of the column has not judged: GX judges them under all of them, in one run.
        fresh = pl.concat([values.join(k, on=KEYS, how="anti") for k in known.values()]).unique(
            subset=KEYS, maintain_order=True)
        items = validate(f"{name}_{column}_values", fresh.select(pl.col("value").alias(column)), group,
                         "COMPLETE") if fresh.height else {}
        verdicts.judged_now += fresh.height
        verdicts.distinct += values.height
        for rule in group:
            item = items.get(rule.label)
            if item is not None and item.exception_info and _raised(item.exception_info):
                outcomes[rule.label] = outcome(rule, item)  # GX could not judge: its reason, nothing remembered
                continue
            refused = set(item.result.get("unexpected_index_list") or []) if item is not None else set()
            new = fresh.with_row_index("at").select(*KEYS, refused=pl.col("at").is_in(list(refused)))
            mine = pl.concat([known[rule.label], new]).unique(subset=KEYS, keep="first")
            current[rule_key(rule)] = mine
            count = rows.join(mine.filter("refused"), on=KEYS, how="semi").height
            outcomes[rule.label] = outcome(rule, None, success=count == 0, unexpected_count=count)
    verdicts.known = current
    return outcomes


def _raised(info: Any) -> bool:
    if isinstance(info, dict) and "raised_exception" in info:
        return bool(info["raised_exception"])
    return isinstance(info, dict) and any(_raised(v) for v in info.values())
