"""Logs of JSON lines kept beside a warehouse file (``<warehouse>.<name>.jsonl``, the file's where its
path is a symbolic link), of what a person decided that a rebuilt or restored warehouse must not lose:
play decisions (``decision_log``) and escalation actions (``sdr_assets.escalation_log``)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from resources.damage import WarehouseUnavailable
from resources.tables import one
from sdr_assets import line_log


def log_path(warehouse_path: str | Path | None, name: str) -> Path | None:
    """The log ``name`` of a warehouse file; None for an in-memory one, which outlives no process."""
    if warehouse_path in (None, "", ":memory:"):
        return None
    return Path(f"{os.path.realpath(warehouse_path)}.{name}.jsonl")


def log_of(con: duckdb.DuckDBPyConnection, name: str) -> Path | None:
    """The log ``name`` beside the file ``con`` works in."""
    row = one(con, "select path from duckdb_databases() where database_name = current_database()")
    return log_path(row[0] if row else None, name)


def append(path: Path, lines: bytes, what: str, until: str) -> None:
    """Append ``lines`` durably, or raise :class:`WarehouseUnavailable` saying the log of ``what``
    cannot be written (a full disk, a permission), so ``until``."""
    try:
        line_log.append(path, lines)
    except OSError as exc:
        raise WarehouseUnavailable(f"the log of {what} beside the warehouse ({path}) cannot be written, so "
                                   f"{until}: {exc}") from exc
