"""A row corrected in place (its file read again, the same signal_id, other values) replaces the
stored row, and the layers built on raw signals see the new values."""

import json
import os
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb

from resources.defaults import build_resources
from resources.signal_feed import NoSignalFeed
from sdr_assets import signal_ingest
from sdr_assets.signal_ingest import ingest
from sdr_assets.signals import qualified_signals, raw_signals
from tests.conftest import PLAYS, environ_for

HEADER = "signal_id,company_domain,signal_type,observed_at,source,attributes,evidence_url,detail\n"
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _row(signal_id: str, amount: int) -> str:
    attrs = f'"{{""round"": ""Series B"", ""amount"": {amount}, ""currency"": ""USD""}}"'
    return f"{signal_id},acme.example,funding,2026-11-18T10:00:00Z,press,{attrs},https://acme.example/{signal_id}," \
           f"Raised {amount} USD\n"


def _write(path: Path, text: str, age: float) -> None:
    path.write_text(text)
    at = time.time_ns() - int(age * 1e9)
    os.utime(path, ns=(at, at))


def test_a_row_corrected_in_place_replaces_the_stored_row_and_says_which_fields_changed(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "funding.csv"
    _write(path, HEADER + _row("f-1", 5_000_000) + _row("f-2", 7_000_000), 3600)
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    _write(path, HEADER + _row("f-1", 50_000_000) + _row("f-2", 7_000_000), 60)
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert report.files_read == ["funding.csv"]
    assert [c.describe() for c in report.corrected] == ["f-1 (funding.csv): detail, attributes"]
    assert (report.rows.height, report.duplicates) == (1, 1), "the corrected row is accepted, the same one a duplicate"
    stored = con.execute("select signal_id, attributes, detail from raw_signals order by signal_id").fetchall()
    assert stored == [("f-1", '{"amount": 50000000.0, "amount_usd": 50000000.0, "currency": "USD", '
                              '"round": "Series B"}', "Raised 50000000 USD"),
                      ("f-2", '{"amount": 7000000.0, "amount_usd": 7000000.0, "currency": "USD", '
                              '"round": "Series B"}', "Raised 7000000 USD")]
    again = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=2))
    assert again.files_read == [] and not again.corrected


def test_the_same_signal_id_from_another_file_is_still_a_duplicate_and_the_first_row_stands(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write(inbox / "a.csv", HEADER + _row("f-1", 5_000_000), 3600)
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    _write(inbox / "b.csv", HEADER + _row("f-1", 50_000_000), 60)
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert (report.corrected, report.duplicates) == ([], 1)
    assert con.execute("select detail from raw_signals").fetchall() == [("Raised 5000000 USD",)]


def test_qualified_signals_take_the_corrected_values(tmp_path):
    shutil.copytree(PLAYS, tmp_path / "plays")
    inbox = tmp_path / "inbox" / "signals"
    inbox.mkdir(parents=True)
    hiring = {"signal_id": "s1", "company_domain": "acme.example", "signal_type": "hiring",
              "detail": "Acme is hiring a Head of Revenue Operations", "observed_at": "2026-11-18T08:00:00Z",
              "source": "jobs-feed", "attributes": {"role": "Head of Revenue Operations"}}
    path = inbox / "jobs.jsonl"
    _write(path, json.dumps(hiring) + "\n", 3600)
    resources = build_resources(environ_for(tmp_path))
    with dg.instance_for_test() as instance:
        assert dg.materialize([raw_signals, qualified_signals], resources=resources, instance=instance).success
        _write(path, json.dumps({**hiring, "attributes": {"role": "VP Revenue Operations"}}) + "\n", 60)
        result = dg.materialize([raw_signals, qualified_signals], resources=resources, instance=instance)
    assert result.success
    metadata = result.asset_materializations_for_node("raw_signals")[0].metadata
    assert metadata["corrected_rows"].value == 1 and "s1 (jobs.jsonl): attributes" in metadata["corrected"].value
    with resources["warehouse"].connect() as con:
        roles = {json.loads(a)["role"] for (a,) in con.execute("select attributes from qualified_signals").fetchall()}
    assert roles == {"VP Revenue Operations"}


def test_a_corrected_row_keeps_its_event_from_a_new_id_the_file_lists_before_it(tmp_path):
    """The vendor gave the event a new id (f-9) above the corrected row: the correction replaces the
    stored row and the new id is the duplicate, so the event is stored once."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "funding.csv"
    _write(path, HEADER + _row("f-1", 5_000_000), 3600)
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    renamed = _row("f-1", 50_000_000).replace("f-1,", "f-9,", 1)
    _write(path, HEADER + renamed + _row("f-1", 50_000_000), 60)
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert [c.signal_id for c in report.corrected] == ["f-1"]
    assert (report.rows.height, report.duplicates) == (1, 1)
    stored = con.execute("select signal_id, detail from raw_signals").fetchall()
    assert stored == [("f-1", "Raised 50000000 USD")]


def test_a_file_read_again_with_nothing_to_correct_leaves_the_stored_ids_unloaded(tmp_path, monkeypatch):
    """Looking for corrections costs a file with no rows nothing: the stored ids stay in the warehouse."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "funding.csv"
    _write(path, HEADER + _row("f-1", 5_000_000), 3600)
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    loads = []
    seen = signal_ingest._seen
    monkeypatch.setattr(signal_ingest, "_seen", lambda c: loads.append(1) or seen(c))
    _write(path, HEADER, 60)
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert (report.files_read, report.corrected, loads) == (["funding.csv"], [], [])
