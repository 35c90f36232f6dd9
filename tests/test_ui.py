"""`make ui` runs the webserver and the daemon side by side and stops both together (sdr_assets/ui.py)."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sdr_assets.ui import commands

MARKER = f"sdr-ui-test-{os.getpid()}"
SUPERVISOR = textwrap.dedent("""
    import sys
    from sdr_assets.ui import supervise
    sleeper = [sys.executable, "-c", "import os, sys, time; print(os.getpid(), flush=True); time.sleep(60)",
               "MARKER"]
    quitter = [sys.executable, "-c", "import sys, time; time.sleep(float(sys.argv[1])); sys.exit(3)", sys.argv[1]]
    missing = ["/nonexistent/dagster-daemon"]
    sys.exit(supervise([sleeper, missing if sys.argv[1] == "missing" else quitter], grace_seconds=5))
""").replace("MARKER", MARKER)
REPO = Path(__file__).resolve().parents[1]


def _start(quit_after: float | str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", SUPERVISOR, str(quit_after)], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_stop_signal_stops_both_and_exits_cleanly():
    supervisor = _start(quit_after=60)
    sleeper = int(supervisor.stdout.readline())
    supervisor.send_signal(signal.SIGINT)
    _, err = supervisor.communicate(timeout=30)
    assert supervisor.returncode == 0 and err == ""
    assert _gone(sleeper)


def test_when_one_ends_the_other_is_stopped_and_its_code_returned():
    started = time.monotonic()
    supervisor = _start(quit_after=0.2)
    sleeper = int(supervisor.stdout.readline())
    _, err = supervisor.communicate(timeout=30)
    assert supervisor.returncode == 3 and time.monotonic() - started < 30
    assert "ended with code 3; stopping the rest" in err and "Traceback" not in err
    assert _gone(sleeper)


def _running_with(marker: str) -> list[int]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if marker.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            pass
    return found


def test_one_that_cannot_start_is_named_and_those_started_are_stopped():
    # The sleeper may be stopped before it could print: it is found by its marker instead.
    supervisor = _start(quit_after="missing")
    _, err = supervisor.communicate(timeout=30)
    assert supervisor.returncode == 1
    assert err == "error: cannot start /nonexistent/dagster-daemon: No such file or directory\n"
    assert _running_with(MARKER) == []


def test_the_ui_runs_the_webserver_and_the_daemon_of_this_environment():
    argvs = commands("127.0.0.1", "3000", Path(sys.executable).parent)
    assert [Path(argv[0]).name for argv in argvs] == ["dagster-webserver", "dagster-daemon"]
    assert all(Path(argv[0]).exists() and argv[-2:] == ["-m", "sdr_assets.definitions"] for argv in argvs)
    assert argvs[0][1:5] == ["-h", "127.0.0.1", "-p", "3000"] and argvs[1][1] == "run"


def test_a_setting_that_cannot_be_used_is_named_before_anything_starts(monkeypatch, capsys, tmp_path):
    from sdr_assets.ui import main

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SDR_MODE", "lasting")
    assert main() == 1
    out, err = capsys.readouterr()
    assert err.startswith("error: SDR_MODE must be one of") and err.endswith("not 'lasting'\n") and out == ""


@pytest.mark.parametrize("port", ["abc", "0", "70000"])
def test_a_ui_port_that_cannot_be_used_is_named_before_anything_starts(monkeypatch, capsys, tmp_path, port):
    from sdr_assets import ui

    def nothing_may_start(argvs, grace_seconds=60.0):
        raise AssertionError(f"started {argvs}")

    monkeypatch.setattr(ui, "supervise", nothing_may_start)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SDR_MODE", raising=False)
    monkeypatch.setenv("SDR_UI_PORT", port)
    assert ui.main() == 1
    out, err = capsys.readouterr()
    assert err == f"error: SDR_UI_PORT must be {'a whole number' if port == 'abc' else 'from 1 to 65535'}, " \
                  f"not '{port}'\n" and out == "", (out, err)
    assert not (tmp_path / "home").exists(), "the setting is refused before the run history is touched"


def test_a_ui_port_setting_reaches_the_webserver(monkeypatch, tmp_path):
    from sdr_assets import ui

    started = []
    monkeypatch.setattr(ui, "supervise", lambda argvs, grace_seconds=60.0: started.extend(argvs) or 0)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SDR_MODE", raising=False)
    monkeypatch.setenv("SDR_UI_PORT", " 3001 ")
    assert ui.main() == 0
    assert started[0][1:5] == ["-h", "127.0.0.1", "-p", "3001"]
