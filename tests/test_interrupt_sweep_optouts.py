"""The opt-out and escalation layers survive an interrupt at any of their statements
(``tests/interrupt_sweep.py``): the suppression events and list, the escalations."""

import shutil
from pathlib import Path

import polars as pl
import pytest

from resources.warehouse import replace_rows
from sdr_assets import optout_log, optouts
from sdr_assets.replies import CLASSIFICATION_SCHEMA
from sdr_assets.suppression import ensure_schema, log_entry, refresh_list
from tests.interrupt_sweep import sweep, warehouse_of
from tests.sweep_worlds import NOW, plays_world


@pytest.fixture(scope="module")
def plays_only(tmp_path_factory) -> Path:
    return plays_world(tmp_path_factory.mktemp("plays_only"))


def _classified(root: Path) -> None:
    """A hard bounce and an unsubscribe reply, as triage leaves them."""
    base = dict.fromkeys(CLASSIFICATION_SCHEMA)
    rows = [{**base, "message_id": "<b1@mx>", "kind": "bounce", "hard": True, "recipients": '["gone@acme.example"]'},
            {**base, "message_id": "<u1@acme>", "kind": "human", "label": "unsubscribe", "recipients": "[]",
             "optout_targets": '["ann@acme.example"]', "optout_via": "unsubscribe_reply"}]
    with warehouse_of(root).connect() as con:
        replace_rows(con, "reply_classifications", pl.DataFrame(rows, schema=CLASSIFICATION_SCHEMA))


def test_the_suppression_layer(plays_only, tmp_path):
    def suppress(root: Path) -> None:  # the suppression_events asset's writes, then suppression_list's
        with warehouse_of(root).connect() as con:
            ensure_schema(con)
            optouts.record_events(con, str(root), NOW)
            refresh_list(con)

    world = shutil.copytree(plays_only, tmp_path / "world")
    # Where each log's read ended is kept with its file's inode and status change time: each copy's own.
    _classified(world)
    optout_log.append(world, "k1", "jane@acme.example", NOW)
    log_entry(world, "bob@acme.example", "Dana Whitfield", "asked by phone", NOW)
    sweep(world, suppress, tmp_path / "sweep", step_past_reads=True,
          volatile={"suppression_events": "seq", "optout_log_offset": "inode, changed"})
