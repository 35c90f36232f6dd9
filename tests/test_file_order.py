"""Test files run longest first by the seconds they last took: pytest's cache, or in a clean clone,
which has none, the seconds recorded in ``tests/file_seconds.json``."""

import json
from types import SimpleNamespace

from tests.conftest import FILE_SECONDS, RECORDED_SECONDS, file_seconds


class _Cache:
    def __init__(self, held: dict) -> None:
        self.held = held

    def get(self, key: str, default):
        return self.held.get(key, default)


def test_a_run_without_figures_of_its_own_takes_the_recorded_ones():
    recorded = json.loads(RECORDED_SECONDS.read_text(encoding="utf-8"))
    assert recorded and all(path.startswith("tests/") and seconds > 0 for path, seconds in recorded.items())
    assert file_seconds(SimpleNamespace(cache=None)) == recorded, "-p no:cacheprovider"
    assert file_seconds(SimpleNamespace(cache=_Cache({}))) == recorded, "a clean clone's empty cache"


def test_a_run_with_figures_of_its_own_takes_those():
    own = {"tests/test_gate.py": 21.5}
    assert file_seconds(SimpleNamespace(cache=_Cache({FILE_SECONDS: own}))) == own
