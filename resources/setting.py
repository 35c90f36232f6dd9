"""Settings read from the environment: one that cannot be used is refused by name, with what it must be.

`sdr` prints the refusal as an ``error:`` line and exits 1 (``sdr_assets/cli.py``), instead of a
traceback that names Python's ``int()`` and not the setting.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

KINDS = {int: "a whole number", float: "a number"}


class SettingError(ValueError):
    """A setting the environment gives that cannot be used; the message names it and what it must be."""


def number(env: Mapping[str, str], name: str, default: str | None, kind: type[int] | type[float] = int
           ) -> int | float | None:
    """The setting ``name`` as ``kind``; ``default`` when it is unset or blank (None: no value)."""
    text = (env.get(name) or "").strip()
    if not text:
        return None if default is None else kind(default)
    try:
        value = kind(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise SettingError(f"{name} must be {KINDS[kind]}, not {env.get(name)!r}")
    return value
