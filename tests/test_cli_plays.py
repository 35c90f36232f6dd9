"""`sdr plays`, `sdr status` and `sdr --help` as a person runs them: fast to start, whole at any width."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sdr_assets.cli import app
from sdr_assets.domain.plays import play_schema, schema_text
from sdr_assets.startup_bench import DRIVER, HEAVY
from tests.command_line import CommandLine

REPO = Path(__file__).resolve().parents[1]
PLAYS = REPO / "data" / "plays"
LONG = "a-very-long-play-name-that-no-narrow-terminal-may-cut-in-two"


def _validator(schema: dict):
    """A JSON Schema validator. jsonschema is imported here, not at the top: its first import builds a
    URI grammar (about a second), which every worker would otherwise pay for collecting this file."""
    import jsonschema

    return jsonschema.Draft202012Validator(schema)


def test_the_committed_schema_is_the_models():
    assert (PLAYS / "play.schema.json").read_text(encoding="utf-8") == schema_text()
    printed = CommandLine().invoke(app, ["plays", "schema"])
    assert printed.exit_code == 0 and json.loads(printed.output) == play_schema()


def test_every_shipped_play_names_the_schema_and_passes_it():
    validator = _validator(json.loads((PLAYS / "play.schema.json").read_text()))
    for path in sorted(PLAYS.glob("*.yaml")):
        assert path.read_text().startswith("# yaml-language-server: $schema=play.schema.json\n"), path.name
        assert list(validator.iter_errors(yaml.safe_load(path.read_text()))) == [], path.name


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (lambda d: d["triggers"][0].update(signal_type="gossip"), ["triggers", 0, "signal_type"]),
        (lambda d: d.update(daly_cap=4), []),
        (lambda d: d["sequence"][1].update(delay_days=-1), ["sequence", 1, "delay_days"]),
        (lambda d: d.pop("sender"), []),
    ],
    ids=["signal-type", "typo", "negative-delay", "no-sender"],
)
def test_the_schema_refuses_what_the_model_refuses(edit, where):
    doc = yaml.safe_load((PLAYS / "revops-hiring.yaml").read_text())
    edit(doc)
    errors = list(_validator(play_schema()).iter_errors(doc))
    assert errors and any(list(e.absolute_path) == where for e in errors)


def test_schema_out_writes_the_file(tmp_path):
    result = CommandLine().invoke(app, ["plays", "schema", "--out", str(tmp_path / "play.schema.json")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "play.schema.json").read_text() == schema_text()


def test_schema_out_where_no_file_can_be_written_is_one_error_line(tmp_path):
    for out, why in ((tmp_path / "missing" / "play.schema.json", "No such file or directory"),
                     (tmp_path, "Is a directory")):
        result = CommandLine().invoke(app, ["plays", "schema", "--out", str(out)])
        assert result.exit_code == 1 and result.output == f"error: cannot write {out}: {why}\n", result.output


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The shipped plays, one with a long name and one broken file; an empty warehouse."""
    root = tmp_path_factory.mktemp("cli")
    shutil.copytree(PLAYS, root / "plays")
    text = (PLAYS / "revops-hiring.yaml").read_text().replace("name: revops-hiring", f"name: {LONG}")
    (root / "plays" / "long.yaml").write_text(text)
    (root / "plays" / "broken.yaml").write_text("name: broken-play\nowner: Dana\ntriggers: 3\n")
    return root


# Several `sdr` commands one after another in one interpreter, as DRIVER runs one: each command's output,
# exit code, and the packages imported by then. A package is never unloaded, so a command that imports
# one shows it in its own report and in every later one.
SEQUENCE = """
import contextlib, io, json, sys
import sdr_assets.cli as cli
for args in json.loads(sys.argv[1]):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            cli.main(args)
            code = 0
        except SystemExit as exc:
            code = exc.code
    imported = sorted({m.split(".")[0] for m in sys.modules})
    sys.stderr.write("\\nRAN " + json.dumps({"code": code, "out": out.getvalue(), "imported": imported}) + "\\n")
"""


def _environ(folder: Path) -> dict[str, str]:
    """A 40-column terminal setting, the folder's data, and no mode from the caller's environment."""
    env = {**os.environ, "SDR_DATA_DIR": str(folder), "SDR_NOW": "2026-11-20T09:00:00+00:00", "COLUMNS": "40",
           "SDR_POSTAL_ADDRESS": "1 Test Street"}
    env.pop("SDR_MODE", None)
    return env


def _sdr(folder: Path, *args: str) -> tuple[str, set[str]]:
    """Run `sdr ARGS` in a fresh interpreter, piped, in a 40-column terminal setting."""
    done = subprocess.run([sys.executable, "-c", DRIVER, *args], capture_output=True, text=True, env=_environ(folder),
                          cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    imported = json.loads(done.stderr.rpartition("IMPORTED ")[2])
    return done.stdout, set(imported)


def _sdr_each(folder: Path, *commands: tuple[str, ...]) -> list[tuple[str, set[str]]]:
    """Run each `sdr` command in turn in one fresh interpreter: for each, its output and what was
    imported by the time it ended. Each must exit 0."""
    done = subprocess.run([sys.executable, "-c", SEQUENCE, json.dumps(commands)], capture_output=True, text=True,
                          env=_environ(folder), cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    reports = [json.loads(line[len("RAN "):]) for line in done.stderr.splitlines() if line.startswith("RAN ")]
    assert len(reports) == len(commands), done.stderr
    for args, report in zip(commands, reports):
        assert report["code"] == 0, (args, report["out"], done.stderr)
    return [(report["out"], set(report["imported"])) for report in reports]


@pytest.mark.parametrize("command", [["--help"], ["plays", "--help"], ["plays", "schema"]])
def test_help_and_schema_do_not_import_dagster(folder, command):
    _, imported = _sdr(folder, *command)
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


# A command's help loads Typer and rich, not what the commands run: the play model (yaml, and
# pydantic, which Typer itself imports only to read a sub-command's options) and the reply classifier.
MODULES_AFTER = """
import sys
import sdr_assets.cli as cli
try:
    cli.main(sys.argv[1:])
except SystemExit as exc:
    sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)) + "\\n")
    sys.exit(exc.code)
"""


@pytest.mark.parametrize("command", [["--help"], ["plays", "--help"], ["inbox", "--help"], ["triage", "--help"]],
                         ids=" ".join)
def test_help_loads_neither_the_play_model_nor_the_classifier(folder, command):
    unused = {"yaml", "sdr_assets.domain.plays", "sdr_assets.triage.classify"}
    if command == ["--help"]:
        unused.add("pydantic")
    done = subprocess.run([sys.executable, "-c", MODULES_AFTER, *command], capture_output=True, text=True,
                          env=_environ(folder), cwd=REPO, timeout=120)
    assert done.returncode == 0 and "Usage: sdr" in done.stdout, done.stdout + done.stderr
    loaded = set(done.stderr.rpartition("MODULES ")[2].split())
    assert "typer" in loaded and not loaded & unused, sorted(loaded & unused)


@pytest.mark.parametrize("command", [["inbox"], ["inbox", "--json", "--all"]])
def test_the_escalation_inbox_does_not_import_dagster(folder, command):
    _, imported = _sdr(folder, *command)
    assert "dagster" not in imported and "great_expectations" not in imported, command


def test_plays_history_and_show_do_not_import_dagster(folder):
    (_, history), (out, show) = _sdr_each(folder, ("plays", "history", "revops-hiring"),
                                          ("plays", "show", "revops-hiring"))
    assert "dagster" not in history | show
    assert f'sdr approve revops-hiring --version {_hash()} --by "Your Name" --note "why"' in out


def test_the_plain_settings_are_the_resources_settings(tmp_path):
    from resources.config import settings_from_env
    from resources.defaults import build_resources

    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": "2026-11-20T09:00:00+00:00", "SDR_ESCALATION_SLA_HOURS": "6",
           "SDR_REPLY_MAX_LAG_MINUTES": "9", "SDR_POSTAL_ADDRESS": "1 Test Street"}
    plain, resources = settings_from_env(env), build_resources(env)
    for key, settings in plain.items():
        assert isinstance(resources[key], type(settings)), key
        assert settings.model_dump() == {name: getattr(resources[key], name) for name in settings.model_dump()}, key
    assert plain["policy"].now() == resources["policy"].now()
    assert plain["escalation_policy"].sla_hours == 6 and plain["policy"].reply_max_lag_minutes == 9


def _hash(name: str = "revops-hiring") -> str:
    from sdr_assets.playbook import load_plays

    return load_plays(PLAYS).plays[name].version_hash


def test_plays_list_piped_at_40_columns_keeps_names_and_hashes_whole(folder):
    out, imported = _sdr(folder, "plays", "list")
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))
    rows = [line for line in out.splitlines() if LONG in line]
    assert rows and _hash() in rows[0], out
    assert re.search(r"invalid: broken\.yaml, line 3, field triggers: triggers must be a list", out), out


def test_status_piped_at_40_columns_prints_each_approve_command_whole_on_its_line(folder):
    out, imported = _sdr(folder, "status")
    assert "dagster" not in imported and "great_expectations" not in imported
    lines = out.splitlines()
    command = f'sdr approve {LONG} --version {_hash()} --by "Your Name" --note "why"'
    assert command in [line.strip() for line in lines], out
    assert any(LONG in line and _hash() in line for line in lines), "the plays table row is whole"
    assert "broken.yaml: line 3, field 'triggers'" in out


def test_suppressing_listing_and_lifting_by_hand_do_not_import_dagster(tmp_path):
    shutil.copytree(PLAYS, tmp_path / "plays")
    (_, added), (listed, listing), (lifted, lifting), (after, _) = _sdr_each(
        tmp_path,
        ("suppress", "add", "jane@acme.example", "--by", "Dana Whitfield", "--reason", "asked"),
        ("suppress", "list", "--json"),
        ("suppress", "lift", "jane@acme.example", "--by", "Dana Whitfield", "--reason", "asked again"),
        ("suppress", "list", "--json"),
    )
    assert not {"dagster", "great_expectations"} & (added | listing | lifting)
    rows = [(row["email"], row["recorded_by"]) for row in json.loads(listed)]
    assert rows == [("jane@acme.example", "Dana Whitfield")]
    assert "Dana Whitfield lifted" in lifted
    assert json.loads(after) == []


def test_deciding_on_a_play_and_reading_the_queues_do_not_import_dagster(tmp_path):
    """A person's everyday commands: approve and revoke, referrals, meetings, unresolved sends, LinkedIn
    tasks, the CRM export."""
    shutil.copytree(PLAYS, tmp_path / "plays")
    commands = {
        "approve": ("approve", "revops-hiring", "--version", _hash(), "--by", "Dana Whitfield", "--note", "grounded"),
        "revoke": ("revoke", "revops-hiring", "--by", "Lee Ops", "--note", "on hold"),
        "history": ("plays", "history", "revops-hiring"),
        "referrals": ("referrals", "list", "--json"),
        "meetings": ("meetings", "list", "--json"),
        "unresolved": ("sends", "unresolved", "--json"),
        "tasks": ("tasks", "list", "--json", "--all"),
        "export": ("export", "crm", "--format", "csv", "--out", str(tmp_path / "crm")),
    }
    runs = dict(zip(commands, _sdr_each(tmp_path, *commands.values())))
    for name, (_, imported) in runs.items():
        assert "dagster" not in imported and "great_expectations" not in imported, name
    history = runs["history"][0]
    assert "Dana Whitfield" in history and "Lee Ops" in history
    assert [json.loads(runs[name][0]) for name in ("referrals", "meetings", "unresolved", "tasks")] == [[], [], [], []]
    assert (tmp_path / "crm" / "escalations_crm.csv").is_file()


def test_a_file_name_ending_in_a_line_break_adds_no_play_to_the_graph(tmp_path):
    """A name is the whole file name: 'broken\\n.yaml' would make definitions no loader accepts."""
    from sdr_assets.play_graph import play_names

    shutil.copy(PLAYS / "revops-hiring.yaml", tmp_path / "revops-hiring.yaml")
    (tmp_path / "broken\n.yaml").write_text("owner: [unclosed\n")

    assert play_names(tmp_path) == ["revops-hiring"]


def test_a_named_pipe_among_the_plays_is_an_invalid_file_and_blocks_no_reader(tmp_path):
    """Reading a pipe waits for a writer that never comes: every command that reads plays would hang."""
    from sdr_assets.playbook import load_plays

    shutil.copy(PLAYS / "revops-hiring.yaml", tmp_path / "revops-hiring.yaml")
    os.mkfifo(tmp_path / "stray.yaml")

    book = load_plays(tmp_path)

    assert list(book.plays) == ["revops-hiring"]
    assert book.errors == {"stray.yaml": "stray.yaml: is not a regular file (a named pipe or a device)"}
