"""Reading a sensor's cursor: one that is not what the sensor writes counts as none, with a warning.

A cursor set by hand in the UI, or kept by an earlier version of a sensor, then makes the sensor
start where it starts without one, rather than raise on every tick.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

import dagster as dg

State = TypeVar("State")


def read(context: dg.SensorEvaluationContext, parse: Callable[[str], State], start: Callable[[], State]) -> State:
    """``parse(context.cursor)``, or ``start()`` when there is no cursor or ``parse`` refuses it (ValueError)."""
    if not context.cursor:
        return start()
    try:
        return parse(context.cursor)
    except ValueError as exc:
        context.log.warning(f"Cursor {context.cursor[:80]!r} ignored ({exc}): starting as without a cursor")
        return start()


def name_map(cursor: str) -> dict[str, str]:
    """A JSON object of names (plays, files) to what was seen of each."""
    return names_to_strings(json.loads(cursor))


def names_to_strings(state: object) -> dict[str, str]:
    """``state`` if it is a mapping of names to strings, as JSON gives it."""
    if not isinstance(state, dict) or not all(isinstance(value, str) for value in state.values()):
        raise ValueError("not a JSON object of names to strings")
    return state


def byte_offset(cursor: str) -> int:
    """A position in a file: a whole number of bytes, 0 or more."""
    offset = int(cursor)
    if offset < 0:
        raise ValueError("a negative byte offset")
    return offset
