"""The Dagster instance shared by `sdr demo`, `sdr run` and `make ui`."""

from __future__ import annotations

import functools
import importlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import yaml

from resources.config import dagster_storage_asked
from resources.settings import resolve_paths, run_mode

# One run at a time: DuckDB takes one writer, so queued runs wait instead of fighting for the lock.
SETTINGS_YAML = """telemetry:
  enabled: false
run_queue:
  max_concurrent_runs: 1
"""

# The storage that keeps each SQLite file's engine (its module imports Dagster's internals).
KEPT_STORAGE_MODULE, KEPT_STORAGE_CLASS = "sdr_assets.dagster_storage", "SqliteStorage"


def storage_misfit() -> str | None:
    """Why the instance runs on Dagster's own storage instead of the kept one, or None when it does not."""
    return dagster_storage_asked() or kept_storage_misfit()


@functools.cache
def kept_storage_misfit() -> str | None:
    """Why the kept storage cannot serve the installed Dagster, or None when it can.

    It subclasses Dagster's internal storages, which an upgrade may move or change. Then the import
    fails or its ``misfits()`` names what changed, and the instance runs on Dagster's own storage:
    the same files, so the same history, only slower.
    """
    try:
        module = importlib.import_module(KEPT_STORAGE_MODULE)
        changed = module.misfits()
    except Exception as error:  # whatever an upgrade breaks in the import, Dagster's own storage still works
        return f"{KEPT_STORAGE_MODULE} does not import with Dagster {dg.__version__}: {error}"
    if changed:
        return f"Dagster {dg.__version__} changed what {KEPT_STORAGE_MODULE} replaces: {', '.join(changed)}"
    return None


def storage_note() -> str | None:
    """A line for a person when the instance runs on Dagster's own storage, saying why; else None."""
    misfit = storage_misfit()
    return f"Dagster's own storage in use (slower, same history): {misfit}" if misfit else None


def _storage_block(base_dir: str | None) -> str:
    where = base_dir if base_dir is not None else {"env": "DAGSTER_HOME"}
    block = {"module": KEPT_STORAGE_MODULE, "class": KEPT_STORAGE_CLASS, "config": {"base_dir": where}}
    return yaml.safe_dump({"storage": {"custom": block}}, sort_keys=False)


def instance_yaml(base_dir: str | None = None) -> str:
    """`sdr run`'s ``dagster.yaml``: the kept storage in ``base_dir``, or in ``$DAGSTER_HOME`` when None, so
    that a copied or moved home keeps its history where it is now; without the ``storage:`` block,
    Dagster's own storage on the same files, when the kept one is not wanted or does not fit
    (``storage_misfit``)."""
    return SETTINGS_YAML + ("" if storage_misfit() else _storage_block(base_dir))


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME (default ``{data folder}/dagster_home``), created with the project's settings if missing.

    A ``dagster.yaml`` the project wrote, with or without the kept storage, is written again when the
    storage it names is not the one ``SDR_DAGSTER_STORAGE`` and the installed Dagster give (the
    files are the same either way); one edited by hand is left as it is. The demo always keeps its run history in its
    own folder, whatever DAGSTER_HOME says, so that demo runs never mix with real ones.
    """
    default = str((Path(resolve_paths()["data_dir"]) / "dagster_home").resolve())
    if run_mode() == "demo":
        os.environ["DAGSTER_HOME"] = default
    home = Path(os.environ.setdefault("DAGSTER_HOME", default))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    wanted = instance_yaml()
    current = config.read_text() if config.exists() else None
    if current != wanted and current in (None, SETTINGS_YAML, SETTINGS_YAML + _storage_block(None)):
        config.write_text(wanted)
    return home


def dagster_instance() -> dg.DagsterInstance:
    ensure_dagster_home()
    return dg.DagsterInstance.get()


@contextmanager
def temporary_instance() -> Iterator[dg.DagsterInstance]:
    """A persistent instance with `sdr run`'s settings, in a folder removed afterwards."""
    with tempfile.TemporaryDirectory() as home:
        (Path(home) / "dagster.yaml").write_text(instance_yaml(home))
        with dg.DagsterInstance.from_config(home) as instance:
            yield instance
