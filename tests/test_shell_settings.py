"""Settings in the shell that starts the suite or a harness never reach the `sdr` processes they run."""

import os
import re
from pathlib import Path

import pytest

from tests import conftest, crash_harness
from tests.shell_settings import HONOURED, drop_shell_settings, is_project_setting

TESTS = Path(__file__).parent


def test_the_projects_settings_are_left_out_and_the_suites_knobs_and_the_rest_kept():
    shell = ["SDR_MODE", "SDR_SMTP_HOST", "OPENAI_API_KEY", "OPENAI_BASE_URL", "SDR_DUCKDB_THREADS",
             "SDR_PROPERTY_EXAMPLES", "PATH", "DAGSTER_HOME"]
    assert [name for name in shell if is_project_setting(name)] == ["SDR_MODE", "SDR_SMTP_HOST", "OPENAI_API_KEY",
                                                                    "OPENAI_BASE_URL"]


def test_every_knob_a_test_reads_from_the_environment_is_honoured():
    read = re.compile(r'environ(?:\.get|\.setdefault)?[(\[]\s*"(SDR_\w+)"|"(SDR_\w+)" (?:not )?in os\.environ')
    knobs = {name for path in TESTS.rglob("*.py") if path.name != Path(__file__).name
             for match in read.finditer(path.read_text()) for name in match.groups() if name}
    assert {"SDR_PROPERTY_EXAMPLES", "SDR_SIM_RUNS", "SDR_DUCKDB_THREADS"} <= knobs, "the pattern finds the knobs"
    assert knobs <= HONOURED, f"read by a test but dropped from the shell: {sorted(knobs - HONOURED)}"


def test_dropping_removes_them_from_the_process_environment(monkeypatch):
    monkeypatch.setenv("SDR_MODE", "demo")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-real")
    monkeypatch.setenv("SDR_DUCKDB_THREADS", "3")
    assert drop_shell_settings() == ["OPENAI_API_KEY", "SDR_MODE"]
    assert "SDR_MODE" not in os.environ and "OPENAI_API_KEY" not in os.environ
    assert os.environ["SDR_DUCKDB_THREADS"] == "3"


def test_the_suites_summary_names_what_it_left_out(monkeypatch):
    lines = []
    reporter = type("Reporter", (), {"write_line": lambda self, line: lines.append(line)})()
    monkeypatch.setattr(conftest, "LEFT_OUT", [])
    conftest.pytest_terminal_summary(reporter)
    monkeypatch.setattr(conftest, "LEFT_OUT", ["SDR_MODE", "SDR_SMTP_HOST"])
    conftest.pytest_terminal_summary(reporter)
    assert lines == ["settings from the shell left out: SDR_MODE, SDR_SMTP_HOST"]


def test_the_crash_harness_leaves_the_shells_settings_out_before_it_prepares_a_world(monkeypatch):
    monkeypatch.setenv("SDR_MODE", "demo")
    monkeypatch.setenv("SDR_SMTP_HOST", "smtp.example.com")
    seen = {}

    def prepare(root):
        seen.update(os.environ)
        raise SystemExit("stopped before any world is generated")

    monkeypatch.setattr(crash_harness, "prepare", prepare)
    with pytest.raises(SystemExit):
        crash_harness.main(["--points", "1"])
    assert seen and "SDR_MODE" not in seen and "SDR_SMTP_HOST" not in seen
