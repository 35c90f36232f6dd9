"""The settings a command works with, and the line between the live data folder and the demo's.

`make demo` keeps its warehouse in its own folder (``data/demo``); every other command works on the
live one (``data/``) unless ``SDR_MODE=demo`` says otherwise. In live mode, with no live warehouse
yet but the demo's in the data folder, a list or an overview (the plays, the status, the queue)
shows the empty live setup with a note on where the demo's is; a command that looks up or acts on
rows only a run makes (a thread, a claim, an export) says where the demo's is instead and fails;
one that may start the warehouse (a decision, a suppression) says so once it recorded. A command
that only reads never creates the warehouse it did not find.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb
import typer

from resources import config
from resources.config import WarehouseFile, resolve_paths, run_mode


class UnmadeWarehouse(WarehouseFile):
    """A warehouse file no command has made yet, read as the empty warehouse it would be, and left unmade."""

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with WarehouseFile(path=":memory:").connect() as con:
            yield con


def demo_hint(environ: Mapping[str, str] | None = None) -> str | None:
    """Where the demo's warehouse is, for a live command that finds no live warehouse in a data
    folder holding the demo's (as ``data/`` holds ``data/demo``); None in any other case."""
    env = os.environ if environ is None else environ
    if run_mode(env) == "demo":
        return None
    live, demo = resolve_paths(env), resolve_paths({**env, "SDR_MODE": "demo"})
    warehouse = Path(live["warehouse"])
    if live["warehouse"] == ":memory:" or warehouse.exists() or not Path(demo["warehouse"]).exists():
        return None
    if not Path(demo["data_dir"]).resolve().is_relative_to(Path(live["data_dir"]).resolve()):
        return None
    return (f"No live warehouse yet in {warehouse.parent}/; the demo's is in {demo['data_dir']}: "
            "run with SDR_MODE=demo to read it")


def _refused_beside_the_demo() -> None:
    if hint := demo_hint():
        typer.echo(hint, err=True)
        raise typer.Exit(code=1)


def _read_as_found(resources: dict) -> dict:
    """``resources`` with a warehouse file not made yet read as empty."""
    warehouse = resources["warehouse"]
    if warehouse.path != ":memory:" and not Path(warehouse.path).exists():
        resources["warehouse"] = UnmadeWarehouse(path=warehouse.path)
    return resources


def to_read() -> dict:
    """The settings of a list or an overview of the warehouse; a file not made yet reads as empty,
    with the demo's whereabouts as a note beside the demo, once the settings are found usable."""
    settings = config.settings_from_env()
    if hint := demo_hint():
        typer.echo(f"Note: {hint}", err=True)
    return _read_as_found(settings)


def to_look_up() -> dict:
    """The settings of a command that reads rows only a run makes (a thread, an export); a file not
    made yet reads as empty, except beside the demo, where it is refused (a setting that cannot be used first)."""
    settings = config.settings_from_env()
    _refused_beside_the_demo()
    return _read_as_found(settings)


def to_act() -> dict:
    """The settings of a command on rows only a run makes: an escalation, a task, a send, a referral,
    the contacts a meeting is matched to; a setting that cannot be used is refused first."""
    settings = config.settings_from_env()
    _refused_beside_the_demo()
    return settings


@contextmanager
def noted_beside_the_demo() -> Iterator[None]:
    """Around a command whose record may start the live warehouse, as a live setup may before its
    first run (a decision, a suppression): once it made that warehouse beside the demo's, the hint
    and where the record went."""
    hint = demo_hint()
    yield
    warehouse = resolve_paths()["warehouse"]
    if hint and Path(warehouse).exists():
        typer.echo(f"Note: {hint}. This was recorded in a new live warehouse, {warehouse}.", err=True)
