"""A sentence that ends with a value ending in a full stop ("Acme Inc.") takes no second one."""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import lru_cache


def with_full_stop(text: str) -> str:
    """``text`` ended by one full stop: "Acme Inc." stays, "Acme" becomes "Acme."."""
    return text if text.endswith(".") else f"{text}."


@lru_cache(maxsize=256)
def _parts(template: str) -> tuple[tuple[str, str | None], ...]:
    return tuple((literal, name) for literal, name, _, _ in string.Formatter().parse(template))


def fill(template: str, values: Mapping[str, object]) -> str:
    """``template``'s plain ``{field}``s filled from ``values``, where a field whose value ends in a
    full stop takes the place of the one the template puts after it ("at {company_name}." with
    "Acme Inc."); an ellipsis after it ("{company_name}...") stays as written."""
    out: list[str] = []
    stop = False
    for literal, name in _parts(template):
        if stop and literal.startswith(".") and not literal.startswith(".."):
            literal = literal[1:]
        out.append(literal)
        value = "" if name is None else str(values[name])
        out.append(value)
        stop = value.endswith(".")
    return "".join(out)
