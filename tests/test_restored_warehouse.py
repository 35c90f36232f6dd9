"""A warehouse restored from a copy, as the README and the damage message tell a team to do, keeps
every decision a person took after the copy: the log beside the file puts them back.

Sends are protected against an older copy by the sent log, opt-outs by their logs, and decisions by
``<warehouse>.decisions.jsonl`` (``resources/store/decision_log.py``).
"""

import json
import mailbox
import shutil
from pathlib import Path

import dagster as dg
import pytest

from resources.config import WarehouseFile
from resources.store.decision_log import DecisionsDisagree, log_path
from sdr_assets.assembly import build_definitions
from sdr_assets.decisions import decide
from sdr_assets.play_graph import play_graph
from sdr_assets.runner import run_due
from tests.approving import current_version

PLAY, OTHER = "revops-hiring", "series-b-funding"


def _decide(resources, decision: str, by: str, play: str = PLAY) -> int:
    plays_dir = resources["paths"].plays_dir
    return decide(play, decision, by, f"{decision} in a test", current_version(play, plays_dir),
                  warehouse_path=resources["warehouse"].path, plays_dir=plays_dir)


def _outbox(resources) -> int:
    root = Path(resources["mail"].path)
    return len(mailbox.Maildir(root, create=False)) if (root / "new").exists() else 0


def _decisions(warehouse: Path) -> list[tuple]:
    with WarehouseFile(path=str(warehouse)).connect() as con:
        return con.execute("select * from play_approvals order by decision_id").fetchall()


def _restore(backup: Path, warehouse: Path) -> None:
    """The copy put back in the damaged file's place, its write-ahead log gone with the damage."""
    shutil.copy2(backup, warehouse)
    Path(f"{warehouse}.wal").unlink(missing_ok=True)


def _copy(warehouse: Path) -> Path:
    """The copy a team keeps, taken while no sdr process runs."""
    backup = warehouse.with_name("backup.duckdb")
    shutil.copy2(warehouse, backup)
    return backup


def _revoked_after_the_copy_and_restored(resources) -> Path:
    """The play approved, the warehouse copied, the play revoked (nothing more may go out), and the
    copy restored: the warehouse file, which knows nothing of the revocation."""
    warehouse = Path(resources["warehouse"].path)
    _decide(resources, "approve", "Dana Whitfield")
    backup = _copy(warehouse)
    _decide(resources, "revoke", "Lee Ops")
    _restore(backup, warehouse)
    return warehouse


@pytest.mark.opening("signals_ran")
def test_a_restored_warehouse_copy_keeps_a_later_revocation(resources, instance):
    _revoked_after_the_copy_and_restored(resources)

    graph = play_graph(PLAY)
    dg.materialize([graph.drafts, graph.gate, graph.sends], resources=resources, instance=instance,
                   raise_on_error=False)
    assert _outbox(resources) == 0, f"{_outbox(resources)} message(s) went out for {PLAY}, which Lee Ops revoked"


@pytest.mark.opening("signals_ran")
def test_sdr_run_on_a_restored_copy_holds_the_revoked_play_as_a_state_not_a_failure(resources, instance):
    _revoked_after_the_copy_and_restored(resources)

    report = run_due(build_definitions(resources), instance)
    assert _outbox(resources) == 0
    assert PLAY in report.held and not report.failed, (report.held, report.failed)


@pytest.mark.opening("signals_ran")
def test_decisions_after_the_copy_come_back_with_their_ids_times_names_and_notes_in_order(resources):
    warehouse = Path(resources["warehouse"].path)
    _decide(resources, "approve", "Dana Whitfield")
    backup = _copy(warehouse)
    _decide(resources, "revoke", "Lee Ops")
    _decide(resources, "reject", "Sam Review", play=OTHER)
    _decide(resources, "approve", "Dana Whitfield")
    before = _decisions(warehouse)
    assert [row[3] for row in before] == ["approve", "revoke", "reject", "approve"]

    _restore(backup, warehouse)

    assert _decisions(warehouse) == before
    assert _decide(resources, "revoke", "Lee Ops") == len(before) + 1  # no id the log holds is taken again
    lines = log_path(warehouse).read_text().splitlines()
    assert [json.loads(line)["decision_id"] for line in lines] == [1, 2, 3, 4, 5]


@pytest.mark.opening("signals_ran")
def test_a_warehouse_from_before_the_log_has_its_decisions_logged_once(resources):
    warehouse = Path(resources["warehouse"].path)
    _decide(resources, "approve", "Dana Whitfield")
    _decide(resources, "revoke", "Lee Ops")
    log_path(warehouse).unlink()  # as a warehouse kept before decisions were logged
    before = _decisions(warehouse)
    backup = _copy(warehouse)

    _decisions(warehouse)  # a process attaches the file: the log gets the table's decisions
    _decisions(warehouse)
    logged = [json.loads(line) for line in log_path(warehouse).read_text().splitlines()]
    assert [(d["decision_id"], d["decision"], d["decided_by"]) for d in logged] == [
        (1, "approve", "Dana Whitfield"), (2, "revoke", "Lee Ops")]

    _decide(resources, "approve", "Dana Whitfield")
    after = _decisions(warehouse)
    _restore(backup, warehouse)
    assert _decisions(warehouse) == after != before


@pytest.mark.opening("signals_ran")
def test_one_id_holding_two_decisions_stops_every_writer_and_names_both(resources):
    warehouse = _revoked_after_the_copy_and_restored(resources)
    log = log_path(warehouse)
    lines = log.read_text().splitlines()
    log.write_text(lines[0] + "\n")  # the revocation's line lost, and a hand adds another decision 2
    with WarehouseFile(path=str(warehouse)).connect() as con:
        con.execute("insert into play_approvals select 2, play, version_hash, 'approve', 'Hand Added', decided_at, "
                    "note, mode, content_sha256 from play_approvals where decision_id = 1")
    log.write_text("\n".join(lines) + "\n")

    with pytest.raises(DecisionsDisagree, match="decision 2 is `approve revops-hiring by Hand Added") as raised:
        _decisions(warehouse)
    assert "`revoke revops-hiring by Lee Ops" in str(raised.value)


@pytest.mark.opening("signals_ran")
def test_the_log_lies_beside_the_file_itself_where_the_warehouse_path_is_a_symbolic_link(resources, tmp_path):
    warehouse = Path(resources["warehouse"].path)
    link = tmp_path / "elsewhere" / "linked.duckdb"
    link.parent.mkdir()
    link.symlink_to(warehouse)
    plays_dir = resources["paths"].plays_dir
    decide(PLAY, "revoke", "Lee Ops", "", warehouse_path=str(link), plays_dir=plays_dir)

    assert log_path(link) == Path(f"{warehouse.resolve()}.decisions.jsonl")
    assert [json.loads(line)["decision"] for line in log_path(warehouse).read_text().splitlines()] == ["revoke"]
    assert not Path(f"{link}.decisions.jsonl").exists()


def test_a_decision_recorded_moves_the_mark_and_a_line_the_log_gains_later_is_still_read(tmp_path):
    from datetime import UTC, datetime

    from resources.store.approvals import history, record_withdrawal, restore_decisions
    from resources.store.decision_log import settled

    warehouse = str(tmp_path / "w.duckdb")
    with WarehouseFile(path=warehouse).connect() as con:
        record_withdrawal(con, PLAY, "v1", None, "reject", "Dana Whitfield", "first")
        record_withdrawal(con, PLAY, "v1", None, "revoke", "Lee Ops", "second")
        assert settled(con, log_path(warehouse)), "the log gained only the lines recorded: nothing to read whole"
        seen = history(con, PLAY)
        restore_decisions(con, warehouse)
        assert history(con, PLAY) == seen and len(log_path(warehouse).read_bytes().splitlines()) == 2, (
            "reading again changes nothing and logs nothing twice")
    later = {"decision_id": 3, "play": PLAY, "version_hash": "v1", "decision": "reject", "decided_by": "Sam Lee",
             "decided_at": datetime(2026, 11, 27, 9, tzinfo=UTC).isoformat(), "note": "from a copy",
             "mode": "live", "content_sha256": None}
    with log_path(warehouse).open("a") as fh:  # a decision the table lacks, as a restored copy does
        fh.write(json.dumps(later) + "\n")
    with WarehouseFile(path=warehouse).connect() as con:  # attaching the file reads what the log gained
        assert [(d["decision_id"], d["decided_by"]) for d in history(con, PLAY)] == [
            (1, "Dana Whitfield"), (2, "Lee Ops"), (3, "Sam Lee")], "a line the log gained since is still read"
        assert settled(con, log_path(warehouse))
