"""The Dagster instance shared by `sdr demo`, `sdr run` and `make ui`: Dagster's own SQLite storage in
DAGSTER_HOME, configured through its public ``dagster.yaml``."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from resources.setting import SettingError
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


# The data folder whose run history a DAGSTER_HOME holds, written there by the first command to use it.
CLAIM = "sdr_data_folder"


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME (default ``{data folder}/dagster_home``), created with the project's settings if missing.

    A ``dagster.yaml`` an earlier version of the project wrote is written again; one edited by hand
    is left as it is. The demo always keeps its run history in its own folder, whatever DAGSTER_HOME
    says, so that demo runs never mix with real ones. One history serves one data folder
    (:func:`_claim`).
    """
    data_dir = Path(resolve_paths()["data_dir"]).resolve()
    default = str(data_dir / "dagster_home")
    if run_mode() == "demo":
        os.environ["DAGSTER_HOME"] = default
    home = Path(os.environ.get("DAGSTER_HOME") or default)
    os.environ["DAGSTER_HOME"] = str(home)
    home.mkdir(parents=True, exist_ok=True)
    _claim(home, data_dir)
    config = home / "dagster.yaml"
    current = config.read_text() if config.exists() else None
    if current in (None, EARLIER_YAML):
        config.write_text(SETTINGS_YAML)
    return home


def _claim(home: Path, data_dir: Path) -> None:
    """Record that ``home`` holds ``data_dir``'s run history, or refuse one that holds another's.

    Dagster keeps which state of a play was sent, and which runs were asked for, in its history:
    shared by two data folders, one folder's sends read as the other's, and its runs are not asked
    for. A home inside the data folder is its own (the folder may have moved), and one whose folder
    is gone is taken over.
    """
    claim = home / CLAIM
    theirs = claim.read_text(encoding="utf-8").strip() if claim.is_file() else ""
    if theirs == str(data_dir):
        return
    if theirs and Path(theirs).is_dir() and not home.resolve().is_relative_to(data_dir):
        raise SettingError(f"DAGSTER_HOME {home} holds the run history of the data folder {theirs}, not of "
                           f"{data_dir}: set DAGSTER_HOME to a folder of its own for each data folder (unset, "
                           f"it is {data_dir / 'dagster_home'})")
    claim.write_text(f"{data_dir}\n", encoding="utf-8")


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
