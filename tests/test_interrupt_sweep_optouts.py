"""The opt-out and escalation layers survive an interrupt at any of their statements
(``tests/interrupt_sweep.py``): the suppression events and list, the escalations."""

import json
import shutil
from pathlib import Path

import dagster as dg
import polars as pl

from resources.defaults import build_resources
from resources.warehouse import replace_rows
from sdr_assets import optout_log, optouts
from sdr_assets.escalations import escalations
from sdr_assets.incremental import LayerConfig
from sdr_assets.replies import CLASSIFICATION_SCHEMA
from sdr_assets.suppression import log_entry
from tests.conftest import environ_for
from tests.escalation_desk import ASKS_TO_STOP_AT, POSTAL_ADDRESS, desk_asked_to_stop, reply
from tests.interrupt_sweep import held_as_in_a_step, sweep, tables_of, warehouse_of
from tests.send_world import _body
from tests.sweep_worlds import NOW


BOB = "bob@acme.example"


def _classified(root: Path) -> None:
    """A hard bounce and an unsubscribe reply, as triage leaves them."""
    base = dict.fromkeys(CLASSIFICATION_SCHEMA)
    rows = [{**base, "message_id": "<b1@mx>", "kind": "bounce", "hard": True, "recipients": '["gone@acme.example"]'},
            {**base, "message_id": "<u1@acme>", "kind": "human", "label": "unsubscribe", "recipients": "[]",
             "optout_targets": '["ann@acme.example"]', "optout_via": "unsubscribe_reply"}]
    with warehouse_of(root).connect() as con:
        replace_rows(con, "reply_classifications", pl.DataFrame(rows, schema=CLASSIFICATION_SCHEMA))


def test_the_suppression_layer(plays_only, tmp_path):
    context = dg.build_asset_context()

    def suppress(root: Path) -> None:
        r = build_resources(environ_for(root, SDR_NOW=NOW.isoformat()))
        with held_as_in_a_step(r["warehouse"]):
            _body(optouts.suppression_events)(context, warehouse=r["warehouse"], paths=r["paths"], policy=r["policy"])
        with held_as_in_a_step(r["warehouse"]):
            _body(optouts.suppression_list)(warehouse=r["warehouse"])

    world = shutil.copytree(plays_only, tmp_path / "world")
    _classified(world)
    optout_log.append(world, "k1", "jane@acme.example", NOW)
    log_entry(world, BOB, "Dana Whitfield", "asked by phone", NOW)
    sweep(world, suppress, tmp_path / "sweep", step_past_reads=True,
          # Where each log's read ended is kept with its file's inode and status change time: each copy's own.
          volatile={"suppression_events": "seq", "optout_log_offset": "inode, changed"})


def test_the_escalations_layer(tmp_path):
    at = ASKS_TO_STOP_AT.replace(hour=11)

    def escalate(root: Path) -> None:
        r = build_resources({"SDR_DATA_DIR": str(root), "SDR_NOW": at.isoformat(), "SDR_POSTAL_ADDRESS": POSTAL_ADDRESS})
        with held_as_in_a_step(r["warehouse"]):
            _body(escalations)(config=LayerConfig(), warehouse=r["warehouse"], model=r["model"], paths=r["paths"],
                               policy=r["policy"], escalation_policy=r["escalation_policy"])

    desk = desk_asked_to_stop(tmp_path / "world")  # one conversation escalated, its reply logged
    tables_of(desk.root)  # the warehouse attached for writing since, as the desk's next command does
    desk.replies([reply("<r1@acme.example>", "What is this about? Please take me off your list.", "question",
                        ASKS_TO_STOP_AT),
                  reply("<r2@acme.example>", "Sounds interesting, can we talk next week?", "interested",
                        ASKS_TO_STOP_AT, contact=BOB, sender=BOB)])
    def logged(root: Path) -> tuple[list[tuple], list[tuple]]:
        """The replies in the log beside the warehouse, which a writer puts back, and in the table."""
        lines = (root / "warehouse.duckdb.escalations.jsonl").read_text().splitlines()
        with warehouse_of(root).connect(read_only=True) as con:
            stored = con.execute("select escalation_id, action, message_id from escalation_events order by all")
            return sorted((e["escalation_id"], e["action"], e["message_id"]) for e in map(json.loads, lines)), \
                stored.fetchall()

    # A reply's line is appended just before the commit that records it, and put back if that rolled back.
    sweep(desk.root, escalate, tmp_path / "sweep", step_past_reads=True, outside=logged,
          volatile={"layer_marks": "marked_at", "escalation_events": "event_id"})
