"""Approving a play as its reviewer does: naming the version she read, here the one on disk; and an
approval stored under a name that names no person, as a release before such names were refused kept it."""

import json
import shutil
from pathlib import Path

import duckdb

from resources.config import resolve_paths
from sdr_assets.cli import app
from sdr_assets.decisions import decide
from sdr_assets.playbook import load_plays
from tests.command_line import CommandLine

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "plays"


def current_version(play: str, plays_dir: str | Path) -> str:
    """The version hash of the play's file as it stands, as `sdr plays show` prints it."""
    return load_plays(Path(plays_dir)).plays[play].version_hash


def approve(resources: dict, play: str, by: str = "Dana Whitfield", note: str = "", **options) -> int:
    plays_dir = resources["paths"].plays_dir
    return decide(play, "approve", by, note, current_version(play, plays_dir),
                  warehouse_path=resources["warehouse"].path, plays_dir=plays_dir, **options)


def approved_by_a_team(tmp_path: Path, play: str = "revops-hiring") -> tuple[dict, str]:
    """A live data folder in ``tmp_path`` holding the shipped ``play``, approved with `sdr approve` and then
    stored as approved by 'Sales Team' (decision 1): the environment the `sdr` commands run in, and the
    version approved."""
    env = {"SDR_DATA_DIR": str(tmp_path / "data"), "SDR_NOW": "2026-11-20T09:00:00+00:00", "SDR_MODE": "live"}
    (tmp_path / "data" / "plays").mkdir(parents=True)
    shutil.copy(SHIPPED / f"{play}.yaml", tmp_path / "data" / "plays")
    runner = CommandLine()
    listed = json.loads(runner.invoke(app, ["plays", "list", "--json"], env=env).output)
    version = next(r["version"] for r in listed["plays"] if r["play"] == play)
    approved = runner.invoke(app, ["approve", play, "--version", version, "--by", "Dana Whitfield"], env=env)
    assert approved.exit_code == 0, approved.output
    with duckdb.connect(str(resolve_paths(env)["warehouse"])) as con:  # as a release that took the name wrote it
        con.execute("update play_approvals set decided_by = 'Sales Team' where play = ?", [play])
    return env, version
