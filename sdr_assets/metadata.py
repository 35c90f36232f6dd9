"""Metadata shown beside every table in the Dagster UI.

A table's columns never change from run to run: they are on its asset's definition
(``defined_columns``), read once with the definitions. A materialisation carries what a run
changed: its row count, a preview and the run's own figures (``table_metadata``).
"""

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


def defined_columns(schema: Mapping[str, Any], descriptions: Mapping[str, str] | None = None) -> dict[str, Any]:
    """An asset definition's metadata naming the columns of its table (``schema``), for the UI."""
    return {"dagster/column_schema": column_schema(schema, descriptions)}


def table_metadata(frame: pl.DataFrame, **extra: Any) -> dict[str, Any]:
    """Row count and a preview of ``frame``, with the run's ``extra`` figures."""
    return {"dagster/row_count": frame.height, "preview": dg.MetadataValue.md(markdown_table(frame)), **extra}
