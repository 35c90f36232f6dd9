"""Output a person copies from: tables never cut a cell, commands never wrap, whatever the width.

Piped output and narrow terminals get the same whole lines: a table wider than the terminal is
printed at the width its cells need (the terminal may fold it, but no name or hash is cut), and a
command to run is printed alone on its line, outside any table and without rich's wrapping.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from sdr_assets.domain import commands
from sdr_assets.domain.gate import decision_command

_UNLIMITED = 1_000_000
# How a command that records an opt-out or a suppression says it logged it and waits for the warehouse.
BUSY = "The warehouse is busy (another process holds it, a send batch perhaps)"


def cli_console(**kwargs) -> Console:
    """A console that prints text as written: a name, a path or a reason holding "[/x]" is data, not
    markup. Colour comes from ``styled`` and ``labelled``."""
    return Console(markup=False, **kwargs)


def labelled(console: Console, label: str, text: str, style: str = "red") -> None:
    """``label`` in ``style`` (an "error:" in red), then ``text`` as written, on one line however long."""
    console.print(Text.assemble((label, style), " ", text), soft_wrap=True)


def print_table(console: Console, table: Table) -> None:
    """``table`` whole at any width."""
    needed = Measurement.get(console, console.options.update_width(_UNLIMITED), table).maximum
    if needed <= console.width:
        console.print(table)
        return
    wide = Console(file=console.file, width=needed, color_system=console.color_system,  # type: ignore[arg-type]
                   force_terminal=console.is_terminal, no_color=console.no_color, highlight=False)
    wide.print(table, crop=False)


def add_cells(table: Table, *cells: str | Text) -> None:
    """A row of data printed as written: a name holding "[bold]" or "[/x]" is not read as markup.
    A cell that carries a style is given as ``styled``."""
    table.add_row(*(cell if isinstance(cell, Text) else Text(cell) for cell in cells))


def styled(text: str, style: str) -> Text:
    """A cell in ``style`` (a colour), its text as written."""
    return Text(text, style=style)


def print_command(command: str, indent: str = "    ") -> None:
    """A command on its own line, exactly as it must be typed."""
    typer.echo(f"{indent}{command}")


def _mode() -> tuple[str, str | None]:
    """This command's mode, and the demo's folder where ``SDR_DEMO_DIR`` moved it."""
    from resources.config import run_mode

    return run_mode(), demo_folder()


def demo_folder() -> str | None:
    """The demo's folder where ``SDR_DEMO_DIR`` moved it, for the commands a person copies."""
    return os.environ.get("SDR_DEMO_DIR") or None


def path_hint() -> str | None:
    """How to reach ``sdr`` from the shell where it is not on the PATH (``make demo`` runs it from the
    environment's folder), so the commands printed work as pasted; None where it is."""
    if shutil.which("sdr"):
        return None
    bin_dir = Path(sys.prefix) / "bin"
    try:
        bin_dir = bin_dir.relative_to(Path.cwd())
    except ValueError:
        pass
    return (f"sdr is not on this shell's PATH: run `source {bin_dir}/activate` once to paste the commands "
            f"above as printed (or write {bin_dir}/sdr).")


def sdr_command(args: str) -> str:
    """``sdr ARGS`` as pasted into a shell reaches the data this command works on (``SDR_MODE=demo``
    in front in the demo)."""
    return commands.sdr_command(args, *_mode())


def decide_command(play: str, version: str) -> str:
    return decision_command("approve", play, version, *_mode())


def resume_command(play: str, version: str) -> str:
    return decision_command("resume", play, version, *_mode())
