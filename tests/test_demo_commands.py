"""After `make demo`, what the demo prints to run next reaches the demo's data when pasted as printed;
a live command that finds no live warehouse beside the demo's says where the demo's is."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from contextlib import chdir
from pathlib import Path

import pytest
import typer
from typer.testing import Result

from sdr_assets.cli import app
from tests.command_line import CommandLine
from tests.conftest import PLAYS, REPO, RUN_NOW

HELD = "data-stack-adopters"  # the play the demo leaves at the gate
HINT = "No live warehouse yet in data/; the demo's is in data/demo: run with SDR_MODE=demo to read it"
COMMANDS = set(typer.main.get_command(app).commands)
PRINTED = re.compile(r"(SDR_MODE=demo )?\bsdr (\w+)")  # a mention of an sdr command, and its mode


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> tuple[Path, str]:
    """A small `sdr demo`, run once as `make demo` runs it in a checkout: its data folder and its output. Its
    size gives the held play, data-stack-adopters, an account with an engineering or data leader (few
    companies have one), so that its review sample has drafts."""
    root = tmp_path_factory.mktemp("checkout")
    with chdir(root):
        result = CommandLine().invoke(app, ["demo", "--companies", "200", "--signals", "360"],
                                    env={"SDR_MODE": "", "SDR_NOW": RUN_NOW, "DAGSTER_HOME": ""})
    assert result.exit_code == 0, result.output
    return root / "data", result.stdout


@pytest.fixture
def checkout(demo_run, tmp_path, monkeypatch) -> Path:
    """The working directory of a checkout after `make demo`: the shipped plays in data/plays, the
    demo's folder in data/demo, no live warehouse."""
    shutil.copytree(demo_run[0], tmp_path / "data")
    shutil.copytree(PLAYS, tmp_path / "data" / "plays")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(line: str, **replaced: str) -> Result:
    """A printed command run as a shell runs it, with each word in ``replaced`` given its value."""
    words = [replaced.get(w, w) for w in shlex.split(line)]
    at = words.index("sdr")
    return CommandLine().invoke(app, words[at + 1:], env=dict(w.split("=", 1) for w in words[:at]))


def _printed(output: str, pattern: str) -> str:
    """What the first match of ``pattern`` in ``output`` captured (the whole match without a group)."""
    found = re.search(pattern, output, re.MULTILINE)
    assert found, f"nothing printed matches {pattern!r}:\n{output}"
    return found.group(1 if found.re.groups else 0)


def test_every_command_the_demo_prints_names_demo_mode(demo_run):
    output = demo_run[1]
    printed = [m for m in PRINTED.finditer(output) if m.group(2) in COMMANDS]
    assert {m.group(2) for m in printed} >= {"inbox", "thread", "claim", "plays", "approve"}, output
    assert all(m.group(1) for m in printed), [m.group(0) for m in printed]


def test_the_commands_the_demo_prints_find_its_data_as_printed(demo_run, checkout):
    output = demo_run[1]
    oldest = _printed(output, r"Oldest waiting unclaimed: (\w+)")
    inbox = _run(_printed(output, r"^.*sdr inbox$"))
    assert inbox.exit_code == 0 and oldest in inbox.stdout, inbox.output
    assert "Nothing waiting" not in inbox.stdout
    thread = _run(_printed(output, r"^.*sdr thread ID$"), ID=oldest)
    assert thread.exit_code == 0 and oldest in thread.stdout, thread.output
    show = _run(_printed(output, rf"Review it with (.*sdr plays show {HELD}),"))
    assert show.exit_code == 0 and "Subject:" in show.stdout and "No sample drafts" not in show.stdout, show.output
    assert not (checkout / "data" / "warehouse.duckdb").exists(), "the live folder is left alone"


def test_the_printed_approval_is_a_demo_approval_in_the_demos_warehouse(demo_run, checkout):
    approve = _printed(demo_run[1], rf"^.*sdr approve {HELD} .*$")
    unchanged = _run(approve)
    assert unchanged.exit_code == 1 and unchanged.output.startswith("error: 'Your Name' names nobody"), unchanged.output
    named = _run(approve, **{"Your Name": "Dana Whitfield"})
    assert named.exit_code == 0, named.output
    history = _run(f"SDR_MODE=demo sdr plays history {HELD} --json")
    last = json.loads(history.stdout)[-1]
    assert (last["decision"], last["decided_by"], last["mode"]) == ("approve", "Dana Whitfield", "demo")
    assert not (checkout / "data" / "warehouse.duckdb").exists(), "no live warehouse was made"
    status = _run("SDR_MODE=demo sdr status --json")
    assert {p["play"]: p["status"] for p in json.loads(status.stdout)["plays"]}[HELD] == "approved"


def test_live_lists_beside_the_demo_show_the_empty_live_setup_with_the_hint_as_a_note(checkout):
    warehouse = checkout / "data" / "warehouse.duckdb"
    for line in ("sdr plays list", f"sdr plays history {HELD}", "sdr status", "sdr inbox", "sdr tasks list",
                 "sdr referrals list", "sdr sends unresolved", "sdr meetings list", "sdr suppress list"):
        result = _run(line)
        assert (result.exit_code, result.stderr.strip()) == (0, f"Note: {HINT}"), (line, result.output)
    assert "Nothing waiting." in _run("sdr inbox").stdout, "the live queue, empty, not the demo's"
    status = json.loads(_run("sdr status --json").stdout)
    assert {p["play"]: p["status"] for p in status["plays"]}[HELD] != "approved", "the live approvals, none yet"
    assert not warehouse.exists(), "reading made no live warehouse"


def test_a_live_setup_beside_the_demo_approves_a_play_before_its_first_run(checkout):
    """As `sdr approve` says: the version hash from `sdr plays show`, then the approval, recorded live."""
    warehouse = checkout / "data" / "warehouse.duckdb"
    show = _run(f"sdr plays show {HELD}")
    assert show.exit_code == 0 and show.stderr.strip() == f"Note: {HINT}", show.output
    version = _printed(show.stdout, rf"^{HELD} version (\w+): ")
    approve = _printed(show.stdout, rf"^\s*(sdr approve {HELD} --version {version} .*)$")
    assert not warehouse.exists(), "reading made no live warehouse"
    refused = _run(approve)
    assert refused.exit_code == 1 and not warehouse.exists(), "a refused decision makes no warehouse"
    approved = _run(approve, **{"Your Name": "Dana Whitfield"})
    assert approved.exit_code == 0 and f"Note: {HINT}" in approved.stderr, approved.output
    assert warehouse.exists(), "the decision started the live warehouse"
    last = json.loads(_run(f"sdr plays history {HELD} --json").stdout)[-1]
    assert (last["decision"], last["decided_by"], last["mode"], last["version_hash"]) == \
        ("approve", "Dana Whitfield", "live", version)
    status = json.loads(_run("sdr status --json").stdout)
    assert {p["play"]: p["status"] for p in status["plays"]}[HELD] == "approved"
    assert "Nothing waiting." in _run("sdr inbox").stdout, "a live warehouse is read as it is"


def test_live_look_ups_and_actions_beside_the_demo_say_where_its_warehouse_is(demo_run, checkout):
    oldest = _printed(demo_run[1], r"Oldest waiting unclaimed: (\w+)")
    for line in (f"sdr thread {oldest}", f"sdr claim {oldest} --by Dana", "sdr tasks done T1 --by Dana",
                 "sdr tasks export", "sdr export crm --format csv", "sdr referrals accept a@b.example --by Dana",
                 "sdr sends resolve K1 --sent --by Dana"):
        result = _run(line)
        assert (result.exit_code, result.stderr.strip(), result.stdout) == (1, HINT, ""), line
    assert sorted(p.name for p in (checkout / "data").iterdir()) == ["demo", "plays"], "nothing made live"


def test_make_status_runs_plain_sdr_status_whatever_warehouse_the_demo_left(tmp_path):
    """`make status` is live like `make run`: it never guesses the demo's mode, which it would get
    wrong where `SDR_WAREHOUSE` names the live warehouse outside the data folder."""
    (tmp_path / "data" / "demo").mkdir(parents=True)
    (tmp_path / "data" / "demo" / "warehouse.duckdb").touch()
    (tmp_path / "live.duckdb").touch()
    sdr = tmp_path / "venv" / "bin" / "sdr"
    sdr.parent.mkdir(parents=True)
    sdr.write_text('#!/bin/sh\necho "mode=${SDR_MODE-unset} $*"\n')
    sdr.chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "SDR_WAREHOUSE": str(tmp_path / "live.duckdb")}
    make = ["make", "-s", "-f", str(REPO / "Makefile"), "-o", "setup", "status", f"VENV={sdr.parents[1]}"]
    made = subprocess.run(make, cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert made.stdout.strip() == "mode=unset status", made.stdout + made.stderr


def test_a_live_command_reads_the_demo_only_where_its_data_folder_holds_it(demo_run, checkout):
    elsewhere = checkout / "live"
    shutil.copytree(PLAYS, elsewhere / "plays")
    result = CommandLine().invoke(app, ["inbox"], env={"SDR_DATA_DIR": str(elsewhere)})
    assert result.exit_code == 0 and "Nothing waiting." in result.stdout, result.output


def test_reading_a_warehouse_no_run_made_yet_makes_none(tmp_path):
    shutil.copytree(PLAYS, tmp_path / "plays")
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": RUN_NOW}
    for command in (["status"], ["inbox"], ["plays", "list"], ["plays", "show", HELD], ["plays", "history", HELD],
                    ["tasks", "list"], ["referrals", "list"], ["sends", "unresolved"], ["meetings", "list"],
                    ["suppress", "list"]):
        result = CommandLine().invoke(app, command, env=env)
        assert result.exit_code == 0, (command, result.output)
    assert "Nothing waiting." in CommandLine().invoke(app, ["inbox"], env=env).stdout
    assert not (tmp_path / "warehouse.duckdb").exists()


def test_the_gate_shows_the_demo_its_commands_for_the_demo(demo_run, checkout):
    from resources.config import settings_from_env
    from sdr_assets.play_state import play_states

    demo = settings_from_env({"SDR_MODE": "demo"})
    with demo["warehouse"].connect() as con:
        [state] = play_states(con, demo["paths"].plays, "demo", [HELD], shown=lambda _: True).values()
    for text in (state.held, state.gate["how_to_approve"]):
        assert f"SDR_MODE=demo sdr approve {HELD} " in text, text
    printed = state.held[state.held.index("SDR_MODE=demo"):].split(", or ")[0]
    assert _run(printed, **{"Your Name": "Dana Whitfield"}).exit_code == 0
    history = json.loads(_run(f"SDR_MODE=demo sdr plays history {HELD} --json").stdout)
    assert history[-1]["mode"] == "demo" and not (checkout / "data" / "warehouse.duckdb").exists()


def test_a_demo_folder_moved_elsewhere_is_named_in_the_commands(demo_run, checkout, monkeypatch):
    folder = str(checkout / "data" / "demo")
    oldest = _printed(demo_run[1], r"Oldest waiting unclaimed: (\w+)")
    inbox = CommandLine().invoke(app, ["inbox"], env={"SDR_MODE": "demo", "SDR_DEMO_DIR": folder})
    assert inbox.exit_code == 0 and oldest in inbox.stdout, inbox.output
    monkeypatch.chdir(checkout / "data" / "plays")  # anywhere else
    thread = _run(_printed(inbox.stdout, r"Read one: (.*sdr thread ID)\."), ID=oldest)
    assert thread.exit_code == 0 and oldest in thread.stdout, thread.output
