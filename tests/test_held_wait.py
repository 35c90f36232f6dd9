"""The one wait for a held warehouse that a connection's lock wait and a step's or a person's wait share."""

import os
import time

import pytest

from resources.held_wait import retry_while_held


class Held(Exception):
    pass


def _markers(tmp_path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if str(os.getpid()) in p.name)


def test_a_held_attempt_is_tried_again_with_the_holders_told_until_it_goes_through(tmp_path):
    path, tries, seen = str(tmp_path / "w.duckdb"), [], []

    def attempt():
        tries.append(_markers(tmp_path))
        if len(tries) < 3:
            raise Held
        return "attached"

    assert retry_while_held(attempt, path, lambda exc: isinstance(exc, Held), None, seen.append) == "attached"
    assert (len(tries[0]), len(tries[1]), seen) == (0, 1, [0.25, 0.25]), "told from the first held attempt on"
    assert _markers(tmp_path) == [], "the holders are no longer told once it went through"


def test_past_its_deadline_the_callers_error_is_raised_from_the_locks(tmp_path):
    def attempt():
        raise Held("locked")

    with pytest.raises(TimeoutError) as raised:
        retry_while_held(attempt, str(tmp_path / "w.duckdb"), lambda exc: True, time.monotonic() + 0.3,
                         time.sleep, lambda exc: TimeoutError(f"waited: {exc}"))
    assert str(raised.value) == "waited: locked" and isinstance(raised.value.__cause__, Held)
    with pytest.raises(Held):
        retry_while_held(attempt, str(tmp_path / "w.duckdb"), lambda exc: True, time.monotonic(), time.sleep)


def test_a_failure_that_is_not_the_lock_and_a_stop_in_the_rest_end_the_wait_at_once(tmp_path):
    calls = []

    def attempt():
        calls.append(1)
        raise ValueError("damaged") if len(calls) > 1 else Held

    def rest(_):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        retry_while_held(attempt, str(tmp_path / "w.duckdb"), lambda exc: isinstance(exc, Held), None, rest)
    with pytest.raises(ValueError):
        retry_while_held(attempt, str(tmp_path / "w.duckdb"), lambda exc: isinstance(exc, Held), None, time.sleep)
    assert len(calls) == 2 and _markers(tmp_path) == []
