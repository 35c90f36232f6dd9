"""Whether a play's outreach run, about to be asked for by the outreach sensor or the daily schedule,
is one that already wrote nothing on the same inputs (``sdr_assets/unchanged_outreach.py``): then it
is not asked for, and the tick says why. A run a person launches from the UI is always launched."""

from __future__ import annotations

import dagster as dg
import duckdb

from resources.damage import WarehouseUnavailable
from resources.mail import MailTransport
from resources.model import ModelClient
from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.unchanged_outreach import PassInputs, settled_inputs
from sensors import recorded

UNCHANGED = ("{play}: every input as its last run left it and nothing due by the clock, so no run is asked for; "
             "a new approval, opt-out, draft, reply, setting or file it reads, or the clock, asks for the next")


def settled_play(repository: dg.RepositoryDefinition | None, job: str, play: str, resources: dict,
                 shared: PassInputs | None = None) -> str | None:
    """Why ``play``'s run of ``job`` is not asked for now (``UNCHANGED``), or None: it is, and so it is
    where its inputs cannot be read (a damaged warehouse, or a file ``settled_inputs`` cannot read: the
    run reports it), or once another process held the warehouse longer than a tick waits
    (``shared.locked``: no other play waits again).
    ``resources`` are the tick's warehouse, paths, policy, model and mail; ``shared`` what the plays of
    one tick read alike."""
    if repository is None or (shared is not None and shared.locked):
        return None
    quick = {**resources, "warehouse": Warehouse(path=resources["warehouse"].path,
                                                 lock_timeout_seconds=recorded.SENSOR_LOCK_SECONDS)}
    try:
        settled = settled_inputs(repository.get_job(job), quick, play, shared).settled
    except (duckdb.Error, WarehouseUnavailable):
        return None
    return UNCHANGED.format(play=play) if settled else None


def tick_resources(warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy, model: ModelClient,
                   mail: MailTransport) -> dict:
    """What ``settled_play`` reads, by resource name."""
    return {"warehouse": warehouse, "paths": paths, "policy": policy, "model": model, "mail": mail}
