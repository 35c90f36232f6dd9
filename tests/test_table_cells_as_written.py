"""A table cell whose data reads as broken markup (a company named "[/x]cube") prints as written, not
as a traceback; a table of well-formed cells keeps its colours."""

import io

from rich.console import Console
from rich.table import Table

from sdr_assets.cli_output import print_table


def _printed(*cells: str, width: int = 80) -> str:
    table = Table("company")
    for cell in cells:
        table.add_row(cell)
    out = io.StringIO()
    print_table(Console(file=out, width=width, color_system=None), table)
    return out.getvalue()


def test_a_cell_of_broken_markup_prints_the_table_as_written():
    printed = _printed("[/x]cube LABS", "[yellow]held[/yellow]")
    assert "[/x]cube LABS" in printed and "[yellow]held[/yellow]" in printed


def test_a_wide_table_of_broken_markup_prints_whole_too():
    assert "[/x]" + "c" * 60 in _printed("[/x]" + "c" * 60, width=20)


def test_well_formed_markup_is_read_as_markup():
    printed = _printed("[yellow]held[/yellow]")
    assert "held" in printed and "[yellow]" not in printed
