"""After `sdr handled ID --outcome opted_out` waited out a busy warehouse and recorded the
opt-out there, `sdr status` does not still count it among "Opt-outs in the log not yet in the
warehouse" (status says 1 waiting while `suppression_events` holds it; suppress list shows it once)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sdr_assets import entry_log
from tests.escalation_desk import ANN, ASKS_TO_STOP_AT, POSTAL_ADDRESS, CopiedDesk, Desk, desk_asked_to_stop
from tests.warehouse_holder import held

SDR = str(Path(sys.executable).with_name("sdr"))
NOW = ASKS_TO_STOP_AT.replace(hour=11)


@pytest.fixture
def desk(tmp_path) -> Desk:
    template = desk_asked_to_stop(tmp_path / "template").root
    return CopiedDesk(template, tmp_path / "data")


def _env(desk: Desk) -> dict:
    return {**os.environ, "SDR_DATA_DIR": str(desk.root), "SDR_NOW": NOW.isoformat(),
            "SDR_POSTAL_ADDRESS": POSTAL_ADDRESS, "SDR_MODE": "live"}


def test_an_opt_out_the_busy_hand_off_recorded_is_not_reported_as_waiting_for_ingestion(desk):
    eid = desk.queue(NOW)[0]["escalation_id"]
    with held(desk.root / "warehouse.duckdb") as holder:
        command = subprocess.Popen([SDR, "handled", eid, "--by", "Dana Whitfield", "--outcome", "opted_out"],
                                   env=_env(desk), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        log = entry_log.log_path(desk.root)
        import time
        deadline = time.monotonic() + 60
        while not (log.exists() and log.read_bytes().endswith(b"\n")):
            assert command.poll() is None and time.monotonic() < deadline, command.communicate()
            time.sleep(0.05)
        holder.stdin.write("go\n")
        holder.stdin.flush()
        out, err = command.communicate(timeout=120)
    assert command.returncode == 0, out + err

    with desk.resources(NOW)["warehouse"].connect() as con:
        stored = con.execute("select count(*) from suppression_events where target = ?", [ANN]).fetchone()[0]
    assert stored == 1, "the hand-off recorded her opt-out in the warehouse"

    status = subprocess.run([SDR, "status", "--json"], env=_env(desk), capture_output=True, text=True, timeout=120)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["optouts_not_ingested"] == 0, \
        "status says an opt-out already in suppression_events is still waiting in the log"
