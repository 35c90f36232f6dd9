"""The README's commands and settings exist: a README that lies is a defect."""

import re
from pathlib import Path


from sdr_assets.cli import app
from tests.command_line import CommandLine

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_every_make_target_in_the_readme_exists():
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.M))
    mentioned = set(re.findall(r"make ([a-z][a-z-]*)", README))
    assert {"demo", "test", "ui"} <= mentioned
    assert mentioned <= targets


def test_every_sdr_command_in_the_readme_has_help():
    commands = set(re.findall(
        r"sdr ((?:plays |referrals |export |meetings |suppress |simulate |sends |dkim |tasks )?[a-z]+)", README))
    assert {"demo", "run", "status", "approve", "triage", "plays list", "plays show", "plays history", "reject", "revoke", "referrals list", "referrals accept"} <= commands
    assert {"inbox", "thread", "claim", "note", "snooze", "handled", "export crm", "meetings import",
            "meetings list"} <= commands
    assert {"serve", "suppress add", "suppress list", "suppress lift", "suppress probe"} <= commands
    assert {"resume", "simulate monitor", "simulate deliverability", "plays schema"} <= commands
    assert {"sends unresolved", "sends resolve"} <= commands
    assert {"dkim init", "dkim record", "tasks list", "tasks done", "tasks skip", "tasks export"} <= commands
    assert "bench" in commands
    runner = CommandLine()
    for command in sorted(commands):
        result = runner.invoke(app, [*command.split(), "--help"])
        assert result.exit_code == 0, (command, result.output)


SETTING = r"(?:SDR|OPENAI|DAGSTER|GX)_[A-Z_]+"


def _code(*folders: str) -> str:
    return "\n".join(p.read_text() for folder in folders for p in (ROOT / folder).rglob("*.py"))


def test_every_setting_in_the_readme_is_read_by_the_code():
    source = _code("resources", "sdr_assets", "sensors", "tests")
    for variable in set(re.findall(rf"`({SETTING})`", README)):
        assert f'"{variable}"' in source, variable


def test_every_setting_the_code_reads_is_in_the_readme():
    read = set(re.findall(rf"[\"']({SETTING})[\"']", _code("resources", "sdr_assets", "sensors")))
    read |= set(re.findall(rf"^export ({SETTING})", (ROOT / "Makefile").read_text(), re.M))
    documented = set(re.findall(rf"`({SETTING})`", README))
    assert read and read <= documented, sorted(read - documented)


def test_every_scale_knob_of_the_tests_is_in_the_readme():
    knobs = set(re.findall(rf"environ\.get\([\"']({SETTING})[\"']", _code("tests")))
    documented = set(re.findall(rf"`({SETTING})`", README))
    assert knobs and knobs <= documented, sorted(knobs - documented)


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
