"""The signals run the play files sensor asks for so that plays have research of their current
version (``sdr_assets/research_versions.py``), and again after a run of it ends without it.

Dagster launches a run key once, whatever became of its run, so the key counts the runs of the state
(the unresearched plays and their contents) that ended: ``research:{state}:{ended}``. A run under way
keeps its key, so it is not asked for twice. After runs ended in a row, the next waits as the reply
sensor's (``sensors/reply_backoff.py``): one tick, doubling, up to an hour, counted from when the last
was asked for (a tag of the run, by the project clock).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import dagster as dg

from sdr_assets.domain.plays import Play
from sensors import reply_backoff
from sensors.batch_runs import BatchRuns, next_attempt
from sensors.release_runs import ASKED_AT_TAG

STATE_TAG = "sdr/research_state"


def research_request(instance: dg.DagsterInstance, plays: list[Play], now: datetime) -> dg.RunRequest | str:
    """The signals run that researches ``plays`` under their current versions, or why it waits."""
    state = hashlib.sha256(" ".join(f"{p.name}@{p.content_sha256}" for p in plays).encode()).hexdigest()[:16]
    runs, until = next_attempt(instance, STATE_TAG, state, now)
    if until is not None:
        return _waiting(plays, runs, until)
    named = ",".join(f"{p.name}@{p.version_hash}" for p in plays)
    return dg.RunRequest(run_key=f"research:{state}:{runs.ended}",
                         tags={STATE_TAG: state, "sdr/research_of": named[:1000], ASKED_AT_TAG: now.isoformat(),
                               "sdr/attempt": str(runs.ended + 1)})


def _waiting(plays: list[Play], runs: BatchRuns, until: datetime) -> str:
    how = "failed" if not runs.succeeded else "ended without it"
    minutes = reply_backoff.wait(runs.ended) // timedelta(minutes=1)
    return (f"{', '.join(p.name for p in plays)}: the signals run for {'its' if len(plays) == 1 else 'their'} "
            f"research of the current version {how} {runs.ended} time{'' if runs.ended == 1 else 's'} in a row, "
            f"so the next is asked for at {until:%Y-%m-%d %H:%M:%S} UTC, {minutes} min after the last")
