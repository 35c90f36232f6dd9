"""Days are UTC days whatever the process's time zone: a send step in a process started with ``TZ`` set
keeps the warm-up allowance of the UTC day.

DuckDB hands times back in the zone the process starts with, so each trial is a process of its own.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# 30 first-touch drafts for a new mailbox (warm-up: 20 a day), two send steps 30 minutes apart.
SLICE = """
import json, sys
from pathlib import Path

import polars as pl

from resources.warehouse import replace_rows
from sdr_assets.drafts import DRAFT_SCHEMA
from tests.send_world import PLAY, World, version_contents

world = World(Path(sys.argv[1]), ["c0@acme.example"])
rows = [{"draft_id": f"d{i}", "play": PLAY, "play_version": world.version,
         "play_content": version_contents()[world.version], "company_domain": f"co{i}.example",
         "contact_email": f"c{i}@co{i}.example", "contact_name": f"Contact {i}", "linkedin_url": None,
         "signal_type": "hiring", "step": 1, "channel": "email", "delay_days": 0, "variant": "a",
         "subject": f"Hello {i}", "body": f"Hi Contact {i}.", "grounded": True, "verdict": "grounded",
         "fact_ids": "", "verifier_reasons": "", "missing_facts": "", "generated_by": "test", "fit": 0.5,
         "is_review_sample": False} for i in range(30)]
with world.warehouse.connect() as con:
    replace_rows(con, "message_drafts", pl.DataFrame(rows, schema=DRAFT_SCHEMA))
world.decide("approve")
delivered = []
for minutes in json.loads(sys.argv[2]):
    world.advance(minutes)
    world.send()
    delivered.append(len(world.outbox()))
with world.warehouse.connect() as con:
    sent_at = con.execute("select min(sent_at) from send_ledger").fetchone()[0]
    zones = {con.execute("select current_setting('TimeZone')").fetchone()[0],
             con.cursor().execute("select current_setting('TimeZone')").fetchone()[0]}
print(json.dumps({"delivered": delivered, "zones": sorted(zones), "offset": str(sent_at.utcoffset())}))
"""


@pytest.mark.parametrize("zone, minutes", [("Pacific/Kiritimati", [90, 30]), ("America/New_York", [960, 30])],
                         ids=["UTC+14", "UTC-5"])
def test_the_warmup_allowance_holds_for_a_utc_day_whatever_the_process_time_zone(tmp_path, zone, minutes):
    # 10:30 and 11:00 UTC fall on the next local day at UTC+14; 01:00 and 01:30 UTC on the day before at UTC-5.
    done = subprocess.run([sys.executable, "-c", SLICE, str(tmp_path / "world"), json.dumps(minutes)],
                          env={**os.environ, "TZ": zone}, cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["delivered"] == [20, 20], "the second step of the same UTC day has no allowance left"
    assert found["zones"] == ["UTC"] and found["offset"] == "0:00:00", "the warehouse reads times in UTC"
