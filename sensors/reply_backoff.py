"""When a sensor (replies, signal files) asks again for a batch whose runs keep failing.

Each failure in a row doubles the wait, counted from when the failed attempt was asked for: one
tick, then two, four... up to an hour. A run that succeeds or a new batch starts it over. The
state is the sensor's cursor: the batch, its attempt and when it was asked for. Any other cursor
(none yet, or what an earlier version of the sensor kept there) holds no wait.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

TICK = timedelta(seconds=60)
LONGEST_WAIT = timedelta(hours=1)


@dataclass(frozen=True)
class Asked:
    """Attempt ``attempt`` (how many runs of ``batch`` had failed) was asked for at ``at``."""

    batch: str
    attempt: int
    at: datetime

    def cursor(self) -> str:
        return json.dumps({"batch": self.batch, "attempt": self.attempt, "asked_at": self.at.isoformat()},
                          sort_keys=True)


def asked_in(cursor: str) -> Asked:
    """The request a cursor this module wrote records; ValueError for any other cursor."""
    try:
        state = json.loads(cursor)
        at = datetime.fromisoformat(state["asked_at"]).astimezone(UTC)
        return Asked(str(state["batch"]), int(state["attempt"]), at)
    except (TypeError, KeyError, OverflowError, RecursionError) as exc:  # out of range: 1e400, year 9999-05:00
        raise ValueError(f"no batch, attempt and time asked ({type(exc).__name__}: {exc})") from exc


def last_asked(cursor: str | None) -> Asked | None:
    """The request a cursor this module wrote records; None for any other cursor."""
    try:
        return asked_in(cursor) if cursor else None
    except ValueError:  # a maildir key list, an IMAP "validity:uid"
        return None


def wait(failures: int) -> timedelta:
    """The wait after ``failures`` failed runs in a row: one tick, doubling, at most LONGEST_WAIT."""
    doublings = min(failures - 1, (LONGEST_WAIT // TICK).bit_length())  # beyond that the cap holds anyway
    return min(TICK * 2 ** max(doublings, 0), LONGEST_WAIT)


def next_ask(last: Asked | None, batch: str, attempt: int, now: datetime) -> tuple[Asked, datetime | None]:
    """The request to keep in the cursor, and until when attempt ``attempt`` of ``batch`` (the number
    of its runs that failed, all in a row) waits; None: it is asked for now."""
    if last is not None and last.batch == batch:
        last = replace(last, at=min(last.at, now))  # a clock set back does not stretch the wait
        if attempt == last.attempt:
            return last, None  # the same request again: Dagster starts its run once
        if attempt > last.attempt and now < last.at + wait(attempt):
            return last, last.at + wait(attempt)
    return Asked(batch, attempt, now), None
