"""Approving a play as its reviewer does: naming the version she read, here the one on disk."""

from pathlib import Path

from sdr_assets.decisions import decide
from sdr_assets.playbook import load_plays


def current_version(play: str, plays_dir: str | Path) -> str:
    """The version hash of the play's file as it stands, as `sdr plays show` prints it."""
    return load_plays(Path(plays_dir)).plays[play].version_hash


def approve(resources: dict, play: str, by: str = "Dana Whitfield", note: str = "", **options) -> int:
    plays_dir = resources["paths"].plays_dir
    return decide(play, "approve", by, note, current_version(play, plays_dir),
                  warehouse_path=resources["warehouse"].path, plays_dir=plays_dir, **options)
