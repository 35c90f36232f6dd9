"""The project's one clock: ``SDR_NOW`` pins it (for tests and replays), otherwise it is the wall clock."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime

from resources.setting import SettingError


def now(pinned: str | None = None) -> datetime:
    """The current time in UTC: ``pinned`` (an ISO timestamp; ``SDR_NOW`` when not given) if set."""
    pinned = os.environ.get("SDR_NOW") if pinned is None else pinned
    if pinned and pinned.strip():
        return _parsed(pinned)
    return datetime.now(UTC)


def pinned_setting(env: Mapping[str, str]) -> str | None:
    """``SDR_NOW`` if set, refused by name unless it is an ISO timestamp: read before anything runs,
    it stops a command at once rather than in the middle of a run."""
    text = (env.get("SDR_NOW") or "").strip()
    if text:
        _parsed(text)
    return text or None


def _parsed(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip()).astimezone(UTC)
    except (ValueError, OverflowError):
        raise SettingError(f"SDR_NOW must be an ISO timestamp such as 2026-11-20T09:00:00+00:00, not {text!r}"
                           ) from None
