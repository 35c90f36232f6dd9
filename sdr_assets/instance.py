"""The Dagster instance shared by `sdr demo`, `sdr run` and `make ui`."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from resources.settings import resolve_paths, run_mode
from sdr_assets.dagster_storage import storage_yaml

# One run at a time: DuckDB takes one writer, so queued runs wait instead of fighting for the lock.
SETTINGS_YAML = """telemetry:
  enabled: false
run_queue:
  max_concurrent_runs: 1
"""


def instance_yaml(base_dir: str | None = None) -> str:
    """`sdr run`'s ``dagster.yaml``: its storage in ``base_dir``, or in ``$DAGSTER_HOME`` when None, so
    that a copied or moved home keeps its history where it is now."""
    return SETTINGS_YAML + storage_yaml(base_dir)


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME (default ``{data folder}/dagster_home``), created with the project's settings if missing.

    A ``dagster.yaml`` holding exactly the settings the project wrote before it named its storage
    gets the storage too (the files are the same); one edited by hand is left as it is. The demo
    always keeps its run history in its own folder, whatever DAGSTER_HOME says, so that demo runs
    never mix with real ones.
    """
    default = str((Path(resolve_paths()["data_dir"]) / "dagster_home").resolve())
    if run_mode() == "demo":
        os.environ["DAGSTER_HOME"] = default
    home = Path(os.environ.setdefault("DAGSTER_HOME", default))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or config.read_text() == SETTINGS_YAML:
        config.write_text(instance_yaml())
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
