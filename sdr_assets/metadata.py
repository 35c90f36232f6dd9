"""Metadata shown beside every table in the Dagster UI."""

from __future__ import annotations

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


def table_metadata(frame: pl.DataFrame, **extra: Any) -> dict[str, Any]:
    return {
        "dagster/row_count": frame.height,
        "preview": dg.MetadataValue.md(markdown_table(frame)),
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(name, str(dtype)) for name, dtype in frame.schema.items()]
        ),
        **extra,
    }
