"""Ledger rows kept before the ledger recorded a segment: the send step and the monitor give them their
account's.

Each ledger starts in the shape an older version left: no ``segment`` column, then the column
added with the old rows left null, and rows sent since carrying theirs.
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from resources.config import SendRules
from resources.store import approvals as records
from resources.tables import one
from sdr_assets.domain.monitor_readings import read_plays, weighted
from sdr_assets.monitor_data import LEDGER_SEGMENT, append_pauses, ensure_segments, latest_decision_id, sends_with_verdicts
from sdr_assets.monitoring import play_monitor, sending_hold
from sdr_assets.playbook import load_plays
from sdr_assets.sends import LEDGER_DDL, send_for_play
from tests.send_world import PLAY, World, _send_context

PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"
NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
POLICY = SendRules(now_override=NOW.isoformat())
BEFORE_SEGMENTS = LEDGER_DDL.replace(",\n    segment varchar", "")
ENRICHED_DDL = "create table enriched_accounts (play varchar, company_domain varchar, industry varchar)"


@pytest.fixture(scope="module")
def play():
    return load_plays(PLAYS).plays["series-b-funding"]


def _old_ledger(con) -> None:
    assert BEFORE_SEGMENTS != LEDGER_DDL
    con.execute(BEFORE_SEGMENTS)
    con.execute(ENRICHED_DDL)


def _send(con, key: str, play: str, version: str, domain: str, at: datetime, segment: str | None = None) -> None:
    columns = "send_key, play, play_version, contact_email, company_domain, step, status, message_id, sent_at"
    values = [key, play, version, f"{key}@{domain}", domain, 1, "sent", f"<{key}@outreach.example>", at]
    if segment is not None:
        columns, values = f"{columns}, segment", [*values, segment]
    con.execute(f"insert into send_ledger ({columns}) values ({', '.join('?' * len(values))})", values)


def _segments(con) -> dict[str, str | None]:
    return dict(con.execute("select send_key, segment from send_ledger").fetchall())


def _pause(con, play, *segments: str) -> None:
    records.ensure_gate_records(con)
    records.record_decision(con, play, play.version_hash, "approve", "Kim Lee", now=NOW - timedelta(days=3))
    append_pauses(con, [{"event": "pause", "scope": "segment", "play": play.name, "play_version": play.version_hash,
                         "scope_value": s, "recorded_at": NOW - timedelta(days=1),
                         "after_decision_id": latest_decision_id(con), "reason": f"segment {s} tripped"}
                        for s in segments])


@pytest.fixture
def ledger(tmp_path, play):
    """Rows a, b, d sent before the column existed; c sent since, under the segment recorded then."""
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    _old_ledger(con)
    version = play.version_hash
    _send(con, "a", play.name, version, "acme.example", NOW - timedelta(days=40))
    _send(con, "b", play.name, version, "globex.example", NOW - timedelta(days=30))
    _send(con, "d", play.name, version, "initech.example", NOW - timedelta(days=20))
    con.execute(LEDGER_SEGMENT)
    _send(con, "c", play.name, version, "globex.example", NOW - timedelta(days=5), "software")
    con.execute("insert into enriched_accounts values (?, 'acme.example', 'Fintech')", [play.name])
    yield con
    con.close()


def test_old_rows_take_their_accounts_segment_and_keep_it_after_the_account_ages_out(ledger, play):
    filled = ensure_segments(ledger)
    assert _segments(ledger) == {"a": "fintech", "b": "software", "c": "software", "d": None}, \
        "enrichment's segment now, else the one a later message was sent under; none found, none made up"
    assert filled == 2

    ledger.execute("delete from enriched_accounts")  # acme's signal aged out of the trigger window
    assert dict(sends_with_verdicts(ledger).select("send_key", "segment").iter_rows()) == {
        "a": "fintech", "b": "software", "c": "software", "d": "unknown"}
    _pause(ledger, play, "fintech", "unknown")
    assert sending_hold(ledger, play, POLICY, "live").paused_accounts == {"acme.example", "initech.example"}, \
        "a follow-up is held by the pause of the segment its first message counts under"


def test_a_row_no_data_places_is_counted_under_the_unknown_segment(ledger, play):
    ensure_segments(ledger)
    sends = sends_with_verdicts(ledger)
    settings = POLICY.monitor_settings()
    readings, _ = read_plays(sends, weighted(sends, settings), [], {}, settings, 0, NOW)
    counted = {r["scope_value"]: r["sends"] for r in readings if r["scope"] == "segment"}
    assert counted == {"software": 2, "fintech": 1, "unknown": 1}


def test_filling_in_again_changes_nothing(ledger):
    ensure_segments(ledger)
    before = ledger.execute("select * from send_ledger order by send_key").fetchall()
    assert ensure_segments(ledger) == 0
    assert ledger.execute("select * from send_ledger order by send_key").fetchall() == before


def test_the_send_step_fills_in_the_old_rows_before_it_reads_the_pauses(tmp_path):
    world = World(tmp_path, ["josé.núñez@bücher.example"])
    with world.warehouse.connect() as con:
        _old_ledger(con)
        _send(con, "old", PLAY, world.version, "acme.example", world.now - timedelta(days=40))
        con.execute("insert into enriched_accounts values (?, 'acme.example', 'Fintech')", [PLAY])
    world.decide("approve")

    result = send_for_play(_send_context(), PLAY, warehouse=world.warehouse, paths=world.resources["paths"],
                           policy=world.resources["policy"], mail=world.resources["mail"])
    with world.warehouse.connect() as con:
        filled = con.execute("select segment from send_ledger where send_key = 'old'").fetchone()[0]
        sent = pl.DataFrame(con.execute("select status, segment from send_ledger where send_key <> 'old'").fetchall(),
                            schema=["status", "segment"], orient="row")
    assert filled == "fintech" and result.metadata["segments_filled_in"] == 1
    assert sent["status"].to_list() == ["sent"] and sent["segment"].to_list() == ["unknown"], \
        "the drafts' own account (bücher.example) is not enriched"


@pytest.mark.opening("revops_sent")
def test_the_monitor_reads_again_when_only_a_rows_segment_was_filled_in(resources, instance):
    def reread() -> str:
        result = dg.materialize([play_monitor], resources=resources, instance=instance)
        assert result.success
        (event,) = [e for e in result.get_asset_materialization_events() if e.asset_key.path[-1] == "monitor_readings"]
        return event.materialization.metadata["reread"].value

    assert reread().startswith("no:")
    with resources["warehouse"].connect() as con:
        con.execute("update send_ledger set segment = 'logistics' where send_key = "
                    "(select min(send_key) from send_ledger where status = 'sent')")
    assert reread() == "yes"


@pytest.mark.opening("revops_sent")
def test_the_monitors_own_run_fills_in_old_rows_without_a_send_step(resources, instance):
    with resources["warehouse"].connect() as con:
        con.execute("update send_ledger set segment = null where exists (select 1 from enriched_accounts e "
                    "where e.play = send_ledger.play and e.company_domain = send_ledger.company_domain "
                    "and e.industry is not null)")
        (emptied,) = one(con, "select count(*) from send_ledger where segment is null")
    assert emptied > 0

    result = dg.materialize([play_monitor], resources=resources, instance=instance)
    (event,) = [e for e in result.get_asset_materialization_events() if e.asset_key.path[-1] == "monitor_readings"]
    with resources["warehouse"].connect() as con:
        (left,) = one(con, "select count(*) from send_ledger where segment is null")
    assert (left, event.materialization.metadata["segments_filled_in"].value) == (0, emptied)


def test_a_warehouse_without_a_ledger_has_nothing_to_fill_in(tmp_path):
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        assert ensure_segments(con) == 0
        assert con.execute("select count(*) from information_schema.tables").fetchone()[0] == 0
