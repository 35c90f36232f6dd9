"""The demo's printed commands say `sdr ...`: where the shell cannot find it, the demo says how to reach it."""

import os
import stat
import sys
from pathlib import Path

from sdr_assets.cli_output import path_hint


def test_without_sdr_on_the_path_the_hint_names_the_environments_activate_script(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a folder with no sdr in it
    monkeypatch.chdir(Path(sys.prefix).parent)
    hint = path_hint()
    assert hint is not None
    assert f"source {Path(sys.prefix).name}/bin/activate" in hint and f"{Path(sys.prefix).name}/bin/sdr" in hint


def test_with_sdr_on_the_path_there_is_no_hint(monkeypatch, tmp_path):
    sdr = tmp_path / "sdr"
    sdr.write_text("#!/bin/sh\n")
    sdr.chmod(sdr.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    assert path_hint() is None
