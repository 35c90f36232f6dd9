"""A write interrupted inside its transaction (Ctrl-C, a run terminated) is rolled back at once, as one
that fails is: nothing half-written stays, and the connection takes the next write."""

import copy
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
import yaml

from resources.signal_feed import NoSignalFeed
from resources.store import decision_log
from resources.store.approvals import history, record_decision
from resources.tables import transaction
from sdr_assets import signal_ingest, suppression
from sdr_assets.domain.plays import parse_play
from tests.interrupt_sweep import Interrupting, Plan, points

PLAY_FILE = Path(__file__).resolve().parents[1] / "data" / "plays" / "revops-hiring.yaml"
NOW = datetime(2026, 11, 1, 9, tzinfo=UTC)
SIGNAL_FILE = Path(__file__).parent / "badinput" / "signals" / "files" / "47_utf8_bom_csv.csv"
SIGNALS_READ_AT = datetime(2026, 11, 20, 9, tzinfo=UTC)  # as the file's rows are dated


def _interrupted(*_args, **_kwargs):
    raise KeyboardInterrupt


@pytest.fixture
def con():
    connection = duckdb.connect(":memory:")
    yield connection
    connection.close()


def test_an_approval_interrupted_before_its_commit_leaves_none_and_the_next_is_recorded(con, monkeypatch):
    play = parse_play(copy.deepcopy(yaml.safe_load(PLAY_FILE.read_text(encoding="utf-8"))))
    with monkeypatch.context() as patched:
        patched.setattr(decision_log, "record", _interrupted)
        with pytest.raises(KeyboardInterrupt):
            record_decision(con, play, play.version_hash, "approve", "Dana Whitfield", now=NOW)
    assert history(con, play.name) == []
    assert record_decision(con, play, play.version_hash, "approve", "Dana Whitfield", now=NOW) == 1
    assert [r["decided_by"] for r in history(con, play.name)] == ["Dana Whitfield"]


def test_an_opt_out_entry_interrupted_before_its_commit_is_recorded_by_the_next_read(con, tmp_path, monkeypatch):
    suppression.log_entry(tmp_path, "ann@acme.example", "Dana Whitfield", "asked by phone", NOW)
    with monkeypatch.context() as patched:
        patched.setattr(suppression, "insert_events", _interrupted)
        with pytest.raises(KeyboardInterrupt):
            suppression.record_entries(con, tmp_path)
    assert suppression.record_entries(con, tmp_path) == 1
    assert suppression.current_suppressions(con, tmp_path).reason_for("ann@acme.example") == "manual"


def test_a_signals_ingest_interrupted_before_its_commit_leaves_no_row_and_the_next_reads_the_file(
        con, tmp_path, monkeypatch):
    shutil.copy(SIGNAL_FILE, tmp_path / SIGNAL_FILE.name)
    with monkeypatch.context() as patched:
        patched.setattr(signal_ingest, "forget_other_feeds", _interrupted)
        with pytest.raises(KeyboardInterrupt):
            signal_ingest.ingest(con, tmp_path, NoSignalFeed(), SIGNALS_READ_AT, settle_seconds=0)
    assert con.execute("select count(*) from raw_signals").fetchone() == (0,)
    assert con.execute("select count(*) from signal_files").fetchone() == (0,)
    signal_ingest.ingest(con, tmp_path, NoSignalFeed(), SIGNALS_READ_AT, settle_seconds=0)
    assert con.execute("select count(*) from raw_signals").fetchone()[0] > 0


@pytest.mark.parametrize("before", [True, False], ids=["before", "after"])
def test_a_transaction_interrupted_at_its_commit_leaves_the_connection_taking_the_next_write(con, before):
    """Ctrl-C landing once the block ended, just before ``commit`` runs or just after it returned: the
    rows are rolled back or committed whole, and a long-lived connection (a sensor's) writes again."""
    con.execute("create table t (x int)")
    plan = Plan(at=3, raised=KeyboardInterrupt, before=before)  # begin, insert, commit
    interrupted = Interrupting(con, plan)
    with pytest.raises(KeyboardInterrupt):
        with transaction(interrupted):
            interrupted.execute("insert into t values (1)")
    with transaction(con):
        con.execute("insert into t values (2)")
    assert con.execute("select list(x order by x) from t").fetchone()[0] == ([2] if before else [1, 2])


def test_the_sweep_interrupts_a_commit_before_it_runs_as_well_as_after_it_returned(con):
    """A commit may stand outside the ``try`` that rolls its block back: just after the block's last
    statement is then not where just before the commit is, and the sweep interrupts both."""
    plan = Plan()
    with transaction(Interrupting(con, plan)):
        Interrupting(con, plan).execute("create table t (x int)")
    assert plan.commits == {3}
    assert {before for _, before in points(3, commit=True)} == {True, False}
    assert {before for _, before in points(3)} == {False}
