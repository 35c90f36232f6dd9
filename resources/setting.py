"""Settings read from the environment: one that cannot be used is refused by name, with what it must be.

`sdr` prints the refusal as an ``error:`` line and exits 1 (``sdr_assets/cli.py``), instead of a
traceback that names Python's ``int()`` and not the setting, or a run that fails at its first use.
A blank setting takes its default.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from urllib.parse import urlsplit

KINDS = {int: "a whole number", float: "a number"}
TRUE, FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


class SettingError(ValueError):
    """A setting the environment gives that cannot be used; the message names it and what it must be."""


def number(env: Mapping[str, str], name: str, default: str | None, kind: type[int] | type[float] = int, *,
           least: float | None = None, most: float | None = None, above: float | None = None
           ) -> int | float | None:
    """The setting ``name`` as ``kind``; ``default`` when it is unset or blank (None: no value).

    A value below ``least``, above ``most`` or not above ``above`` is refused, as a number that
    means nothing (a negative cap, port 99999) would only fail, or mislead, once it is used.
    """
    text = (env.get(name) or "").strip()
    if not text:
        return None if default is None else kind(default)
    try:
        value = kind(text)
    except ValueError:
        value = math.nan
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an integer too large for any float: a number, out of every range
        bounds = "a number of ordinary size" if least is most is above is None else _range(least, most, above)
        raise SettingError(f"{name} must be {bounds}, not {env.get(name)!r}") from None
    if not finite:
        raise SettingError(f"{name} must be {KINDS[kind]}, not {env.get(name)!r}")
    low_ok = (least is None or value >= least) and (above is None or value > above)
    if not low_ok or (most is not None and value > most):
        raise SettingError(f"{name} must be {_range(least, most, above)}, not {env.get(name)!r}")
    return value


def _range(least: float | None, most: float | None, above: float | None) -> str:
    if most is None:
        return f"{least} or more" if above is None else f"more than {above}"
    if above is not None:
        return f"more than {above} and at most {most}"
    return f"{most} or less" if least is None else f"from {least} to {most}"


def flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    """The setting ``name`` as true or false; any other spelling is refused rather than read as false."""
    text = (env.get(name) or "").strip().lower()
    if not text:
        return default
    if text not in TRUE + FALSE:
        raise SettingError(f"{name} must be true or false, not {env.get(name)!r}")
    return text in TRUE


def choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    """The setting ``name``, one of ``allowed`` (in any case)."""
    text = (env.get(name) or "").strip().lower()
    if not text:
        return default
    if text not in allowed:
        raise SettingError(f"{name} must be one of {', '.join(allowed)}, not {env.get(name)!r}")
    return text


def choices(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> list[str]:
    """The setting ``name``: a comma-separated list of different names from ``allowed``, in order."""
    text = (env.get(name) or "").strip() or default
    names = [item.strip().lower() for item in text.split(",") if item.strip()]
    if not names or len(set(names)) < len(names) or not set(names) <= set(allowed):
        raise SettingError(f"{name} must be a comma-separated list of {', '.join(allowed)}, each at most once, "
                           f"not {env.get(name)!r}")
    return names


def required(env: Mapping[str, str], name: str, because: str) -> str:
    """The setting ``name``, which ``because`` (another setting being set) makes necessary."""
    if not (env.get(name) or "").strip():
        raise SettingError(f"{name} must be set {because}")
    return env[name]


def link(env: Mapping[str, str], name: str, default: str = "") -> str:
    """The setting ``name`` as an http:// or https:// link to a host; ``default`` when unset or blank.

    A link that names no host or a port that is no number is refused here, not at its first request."""
    text = (env.get(name) or "").strip()
    if not text:
        return default
    try:
        parts = urlsplit(text)
        usable = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is no number, or an unclosed [ipv6] host
        usable = False
    if not usable or any(c.isspace() or not c.isprintable() for c in text):
        raise SettingError(f"{name} must be an http:// or https:// link to a host, not {env.get(name)!r}")
    return text


def address(env: Mapping[str, str], name: str, default: str | None = None) -> str | None:
    """The setting ``name`` as an email address a mail server takes; ``default`` when unset or blank."""
    from sdr_assets.domain.addresses import InvalidAddressError, canonical_address

    text = (env.get(name) or "").strip()
    if not text:
        return default
    try:
        return canonical_address(text)
    except InvalidAddressError as exc:
        raise SettingError(f"{name} must be an email address, not {env.get(name)!r} ({exc})") from None


def header(env: Mapping[str, str], name: str, default: str = "", *, secret: bool = False) -> str:
    """The setting ``name``, sent in an HTTP header: printable ASCII on one line (``default`` when unset).

    A line break (as a key file written by ``echo`` ends in) or another control character is
    refused here, not by the first request, whose error would quote the header; a ``secret``'s
    value is never shown.
    """
    value = env.get(name, default)
    if all(" " <= c <= "~" for c in value):
        return value
    shown = "its value is not shown" if secret else f"not {value!r}"
    raise SettingError(f"{name} must be printable ASCII on one line, without a line break or other control "
                       f"character ({shown})")
