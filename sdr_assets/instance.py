"""The Dagster instance shared by `sdr demo`, `sdr run` and `make ui`: Dagster's own SQLite storage in
DAGSTER_HOME, configured through its public ``dagster.yaml``."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from resources.settings import resolve_paths, run_mode

# One run at a time: DuckDB takes one writer, so queued runs wait instead of fighting for the lock.
SETTINGS_YAML = """telemetry:
  enabled: false
run_queue:
  max_concurrent_runs: 1
"""

# What earlier versions of the project wrote: a storage of their own on the same SQLite files. Such
# a home is written again with Dagster's own storage, which reads the same files and so the same history.
EARLIER_YAML = SETTINGS_YAML + """storage:
  custom:
    module: sdr_assets.dagster_storage
    class: SqliteStorage
    config:
      base_dir:
        env: DAGSTER_HOME
"""


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME (default ``{data folder}/dagster_home``), created with the project's settings if missing.

    A ``dagster.yaml`` an earlier version of the project wrote is written again; one edited by hand
    is left as it is. The demo always keeps its run history in its own folder, whatever DAGSTER_HOME
    says, so that demo runs never mix with real ones.
    """
    default = str((Path(resolve_paths()["data_dir"]) / "dagster_home").resolve())
    if run_mode() == "demo":
        os.environ["DAGSTER_HOME"] = default
    home = Path(os.environ.setdefault("DAGSTER_HOME", default))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    current = config.read_text() if config.exists() else None
    if current in (None, EARLIER_YAML):
        config.write_text(SETTINGS_YAML)
    return home


def dagster_instance() -> dg.DagsterInstance:
    ensure_dagster_home()
    return dg.DagsterInstance.get()


@contextmanager
def temporary_instance() -> Iterator[dg.DagsterInstance]:
    """A persistent instance with `sdr run`'s settings, in a folder removed afterwards."""
    with tempfile.TemporaryDirectory() as home:
        (Path(home) / "dagster.yaml").write_text(SETTINGS_YAML)
        with dg.DagsterInstance.from_config(home) as instance:
            yield instance
