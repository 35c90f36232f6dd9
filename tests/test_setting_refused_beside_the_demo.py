"""A setting that cannot be used is refused by name before anything runs, beside the demo too: with no
live warehouse but the demo's in the data folder, a list (`sdr status`, `sdr inbox`) or a look-up
(`sdr thread`) prints the one `error:` line on stderr and exits 1, not the demo's whereabouts before it
or instead of it."""

from __future__ import annotations

import pytest

from sdr_assets.cli import main

ERROR = "error: SDR_MAILBOX_DAILY_CAP must be a whole number, not 'abc'"


@pytest.fixture
def beside_the_demo(tmp_path, monkeypatch):
    """A checkout's working directory after `make demo`: the demo's warehouse, no live one."""
    (tmp_path / "data" / "demo").mkdir(parents=True)
    (tmp_path / "data" / "demo" / "warehouse.duckdb").touch()
    monkeypatch.chdir(tmp_path)
    for name in ("SDR_MODE", "SDR_DATA_DIR", "SDR_WAREHOUSE", "SDR_DEMO_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SDR_MAILBOX_DAILY_CAP", "abc")
    return tmp_path


@pytest.mark.parametrize("command", [["status"], ["status", "--json"], ["inbox"], ["thread", "k3v9qa"]])
def test_a_bad_setting_is_the_one_line_printed(beside_the_demo, capsys, command):
    with pytest.raises(SystemExit) as exit_:
        main(command)
    out, err = capsys.readouterr()
    assert exit_.value.code == 1
    assert (out, err.splitlines()) == ("", [ERROR])
