"""A play's state reads its decisions once, and says what they say."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from resources.store import approvals as records
from sdr_assets.play_state import play_states
from sdr_assets.playbook import load_plays
from tests.counting import Counting

PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"
NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
NAME = "series-b-funding"


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        records.ensure_gate_records(con)
        yield con


@pytest.fixture(scope="module")
def play():
    return load_plays(PLAYS).plays[NAME]


def _decisions_read(counting: Counting) -> int:
    return sum("from play_approvals where play = ?" in sql for sql in counting.run)


def test_a_plays_state_reads_its_decisions_once(con, play):
    records.record_decision(con, play, play.version_hash, "approve", "Kim Lee", now=NOW - timedelta(days=1))
    counting = Counting(con)
    state = play_states(counting, PLAYS, "live", [NAME])[NAME]
    assert _decisions_read(counting) == 1
    assert (state.status, state.held) == ("approved", None)


def test_a_rejection_after_the_approval_holds_the_play_and_moves_its_fingerprint(con, play):
    first = records.record_decision(con, play, play.version_hash, "approve", "Kim Lee", now=NOW - timedelta(days=1))
    approved = play_states(con, PLAYS, "live", [NAME])[NAME]
    last = records.record_decision(con, play, play.version_hash, "reject", "Kim Lee", note="tone", now=NOW)
    rejected = play_states(con, PLAYS, "live", [NAME])[NAME]
    assert approved.fingerprint == f"{play.version_hash}:{first}:"
    assert (rejected.status, rejected.fingerprint) == ("rejected", f"{play.version_hash}:{last}:")
    assert rejected.held
