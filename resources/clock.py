"""The project's one clock: ``SDR_NOW`` pins it (for tests and replays), otherwise it is the wall clock."""

from __future__ import annotations

import os
from datetime import UTC, datetime


def now(pinned: str | None = None) -> datetime:
    """The current time in UTC: ``pinned`` (an ISO timestamp; ``SDR_NOW`` when not given) if set."""
    pinned = os.environ.get("SDR_NOW") if pinned is None else pinned
    if pinned:
        return datetime.fromisoformat(pinned).astimezone(UTC)
    return datetime.now(UTC)
