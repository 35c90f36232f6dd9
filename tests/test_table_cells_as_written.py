"""A table cell prints its data as written: a company named "[/x]cube" or "[bold]Acme[/bold]" is not
read as markup (no traceback, no text lost to a style); a status keeps its colour."""

import io
import shutil

from rich.console import Console
from rich.table import Table

from sdr_assets.cli import app
from sdr_assets.cli_output import add_cells, print_table, styled
from tests.command_line import CommandLine
from tests.escalation_desk import REPO


def _printed(*cells, width: int = 80, colour: bool = False) -> str:
    table = Table("company")
    for cell in cells:
        add_cells(table, cell)
    out = io.StringIO()
    print_table(Console(file=out, width=width, color_system="standard" if colour else None, force_terminal=colour),
                table)
    return out.getvalue()


def test_a_cell_of_broken_markup_prints_as_written():
    assert "[/x]cube LABS" in _printed("[/x]cube LABS")


def test_a_cell_of_well_formed_markup_prints_as_written():
    printed = _printed("[bold]Acme[/bold]", "[link=https://evil.example]click[/link]", colour=True)
    assert "[bold]Acme[/bold]" in printed and "[link=https://evil.example]click[/link]" in printed
    assert "\x1b]8;" not in printed  # no hyperlink was made of a company's name


def test_a_wide_table_of_markup_prints_whole_too():
    assert "[/x]" + "c" * 60 in _printed("[/x]" + "c" * 60, width=20)


def test_a_styled_cell_keeps_its_colour():
    printed = _printed(styled("held", "yellow"), colour=True)
    assert "held" in printed and "\x1b[33m" in printed and "[yellow]" not in printed


def test_a_note_a_person_typed_is_listed_as_typed(tmp_path):
    """`sdr suppress list` shows the note as given: "[bold]" in it neither styles nor disappears."""
    shutil.copytree(REPO / "data" / "plays", tmp_path / "plays")
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": "2026-11-20T09:00:00+00:00", "COLUMNS": "200"}
    runner = CommandLine()
    note = "asked by phone; see [bold]ticket[/bold] 12"
    added = runner.invoke(app, ["suppress", "add", "ann@acme.example", "--by", "Dana Whitfield", "--reason", note],
                          env=env)
    assert added.exit_code == 0, added.output

    shown = runner.invoke(app, ["suppress", "list"], env=env)

    assert shown.exit_code == 0, shown.output
    assert note in shown.output, shown.output


def test_an_error_quoting_what_a_person_typed_prints_it_as_typed(tmp_path):
    """A play name holding "[/x]", refused, is quoted in the error line, not raised as a traceback."""
    shutil.copytree(REPO / "data" / "plays", tmp_path / "plays")
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": "2026-11-20T09:00:00+00:00", "COLUMNS": "200"}

    result = CommandLine().invoke(app, ["approve", "[/x]", "--by", "Dana Whitfield"], env=env)

    assert isinstance(result.exception, SystemExit | None), repr(result.exception)
    assert result.exit_code == 1, result.output
    assert "error:" in result.output and "[/x]" in result.output, result.output
