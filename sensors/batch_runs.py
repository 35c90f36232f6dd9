"""How many runs of one batch of input ended without reading it all, for a sensor that asks for the
batch again after each: a run that failed, and one that succeeded yet left the batch unread (a file
it could not open and set aside; a warehouse restored from a copy older than the run). The daemon
launches a run key once, so a batch still unread after any run needs the next key."""

from dataclasses import dataclass
from datetime import UTC, datetime

import dagster as dg

from sensors import reply_backoff
from sensors.release_runs import ASKED_AT_TAG

_FAILED = [dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]
ENDED = [*_FAILED, dg.DagsterRunStatus.SUCCESS]
# A run that holds the queue or may still write. Not one left not started (never submitted): asked for
# again under its run key, the daemon submits it, so waiting on it would wait for ever.
UNDER_WAY = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED,
             dg.DagsterRunStatus.CANCELING]
# The tag Dagster gives a run a sensor asked for under a run key.
RUN_KEY_TAG = "dagster/run_key"


@dataclass(frozen=True)
class BatchRuns:
    failed: int
    succeeded: int

    @property
    def ended(self) -> int:
        return self.failed + self.succeeded

    def said(self, run: str) -> str:
        """What the runs of the batch did, for a skip reason: ``run`` names them ("the signals run")."""
        if not self.succeeded:
            return f"{run} for them failed {_times(self.failed)} in a row"
        return f"{run} for them ended {_times(self.ended)} without reading them all"


def _times(n: int) -> str:
    return f"{n} time{'' if n == 1 else 's'}"


def ended_runs(instance: dg.DagsterInstance, tag: str, batch: str, first_key: str = "") -> BatchRuns:
    """The runs tagged ``tag`` = ``batch`` that failed or were canceled, and those that succeeded; with
    ``first_key``, the run under that run key too, which a release that did not tag its runs asked for."""
    def count(statuses: list[dg.DagsterRunStatus]) -> int:
        ids = set(instance.get_run_ids(filters=dg.RunsFilter(tags={tag: batch}, statuses=statuses)))
        if first_key:
            ids |= set(instance.get_run_ids(filters=dg.RunsFilter(tags={RUN_KEY_TAG: first_key}, statuses=statuses)))
        return len(ids)

    return BatchRuns(count(_FAILED), count([dg.DagsterRunStatus.SUCCESS]))


def next_attempt(instance: dg.DagsterInstance, tag: str, batch: str, now: datetime,
                 first_key: str = "") -> tuple[BatchRuns, datetime | None]:
    """The runs of ``batch`` that ended (the next run's attempt is how many; ``first_key`` as in
    ``ended_runs``), and until when that run waits: after runs ended in a row, as ``reply_backoff.wait``
    says, from when the last was asked for (its ``ASKED_AT_TAG``, by the project clock); None: it is
    asked for now."""
    runs = ended_runs(instance, tag, batch, first_key)
    last = instance.get_runs(filters=dg.RunsFilter(tags={tag: batch}, statuses=ENDED), limit=1)
    asked_at = last[0].tags.get(ASKED_AT_TAG) if last else None
    if not asked_at:
        return runs, None
    previous = reply_backoff.Asked(batch, runs.ended - 1, datetime.fromisoformat(asked_at).astimezone(UTC))
    return runs, reply_backoff.next_ask(previous, batch, runs.ended, now)[1]
