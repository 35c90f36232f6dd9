"""Approving a play as its reviewer does: naming the version she read, here the one on disk."""

from sdr_assets.decisions import current_version, decide


def approve(resources: dict, play: str, by: str = "Dana Whitfield", note: str = "", **options) -> int:
    plays_dir = resources["paths"].plays_dir
    return decide(play, "approve", by, note, current_version(play, plays_dir),
                  warehouse_path=resources["warehouse"].path, plays_dir=plays_dir, **options)
