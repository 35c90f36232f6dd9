"""Metadata shown beside every table in the Dagster UI."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg
import polars as pl


def markdown_table(frame: pl.DataFrame, limit: int = 5, width: int = 60) -> str:
    if frame.is_empty():
        return "_no rows_"
    head = frame.head(limit)
    cells = [[str(v).replace("|", "\\|").replace("\n", " ")[:width] for v in row] for row in head.iter_rows()]
    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines)


def column_schema(schema: Mapping[str, Any], descriptions: Mapping[str, str] | None = None) -> dg.TableSchema:
    """The columns of ``schema`` (name to polars type) with their ``descriptions``, for the UI."""
    descriptions = descriptions or {}
    return dg.TableSchema(columns=[dg.TableColumn(name, str(dtype), description=descriptions.get(name))
                                   for name, dtype in schema.items()])


def table_metadata(frame: pl.DataFrame, column_descriptions: Mapping[str, str] | None = None,
                   **extra: Any) -> dict[str, Any]:
    """Row count, a preview and the column schema of ``frame`` (with ``column_descriptions``)."""
    return {
        "dagster/row_count": frame.height,
        "preview": dg.MetadataValue.md(markdown_table(frame)),
        "dagster/column_schema": column_schema(frame.schema, column_descriptions),
        **extra,
    }
