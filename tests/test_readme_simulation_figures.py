"""The README's deliverability figure is the one `sdr simulate deliverability --runs 200 --markdown` prints:
a change to the guard that moves it moves the README with it."""

from pathlib import Path

from sdr_assets.cli import app
from tests.command_line import CommandLine

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_the_readme_shows_the_complaint_spike_row_the_command_prints(tmp_path):
    result = CommandLine().invoke(app, ["simulate", "deliverability", "--runs", "200", "--markdown"],
                                  env={"SDR_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("| complaint spike"))
    assert row in README.splitlines(), row
