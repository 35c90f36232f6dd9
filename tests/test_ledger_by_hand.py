"""The send ledger edited, rebuilt or restored by hand: nothing is sent twice, and the step says what
it repaired. Each message handed over is kept in a log beside the warehouse (``sdr_assets.sent_log``)
as well as in the ledger. The real send step against a DuckDB file and maildir (``tests/send_world.py``)."""

import errno
import gzip
import json
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from resources.mail import MaildirOutbox
from resources.tables import KeyLostError, ensure_key
from sdr_assets import send_loop, sent_log
from sdr_assets.cli import app
from sdr_assets.reconcile import ResolveError, resolve, unresolved
from sdr_assets.sends import LEDGER_DDL, send_for_play
from sdr_assets.suppression import lift_entry
from tests.command_line import CommandLine
from tests.send_world import CONTACTS, PLAY, Spelling, World, _send_context

ADDRESSES = [Spelling().write(*c) for c in CONTACTS]


def _world(tmp_path) -> World:
    world = World(tmp_path / "data", ADDRESSES)
    world.decide("approve")
    assert world.send() == "sent"
    assert len(world.outbox()) == len(CONTACTS)
    return world


def _twice(world: World) -> dict[str, int]:
    return {key: n for key, n in Counter(s.send_key for s in world.outbox()).items() if n > 1}


def _log(world: World):
    return sent_log.log_path(world.warehouse.path, PLAY)


def _sent_rows(world: World) -> list[tuple]:
    with world.warehouse.connect() as con:
        return con.execute("select send_key, message_id, sent_at from send_ledger where status = 'sent' "
                           "order by send_key").fetchall()


@pytest.mark.parametrize("edit", [
    "delete from send_ledger where status = 'sent'",
    "drop table send_ledger",
    "create or replace table send_ledger as select * from send_ledger where false",
])
def test_sent_rows_removed_by_hand_are_put_back_and_not_sent_again(tmp_path, edit):
    world = _world(tmp_path)
    before = _sent_rows(world)
    with world.warehouse.connect() as con:
        con.execute(edit)
    world.advance(60)
    assert world.send() == "sent"
    assert not _twice(world), "a message whose ledger row went missing was sent again"
    assert _sent_rows(world) == before, "the rows come back as they were"


def test_a_warehouse_restored_from_a_copy_older_than_the_last_batch_sends_nothing_twice(tmp_path):
    world = World(tmp_path / "data", ADDRESSES)
    world.decide("approve")
    shutil.copyfile(world.warehouse.path, tmp_path / "backup.duckdb")  # before anything was sent
    assert world.send() == "sent"
    shutil.copyfile(tmp_path / "backup.duckdb", world.warehouse.path)
    world.advance(60)
    assert world.send() == "sent"
    assert len(world.outbox()) == len(CONTACTS) and not _twice(world)


def test_a_restored_copy_holding_a_message_as_suppressed_does_not_send_what_the_log_says_went(tmp_path):
    """Held and suppressed rows are the ones a later claim takes over: the log's row replaces them."""
    world = World(tmp_path / "data", ADDRESSES)
    ann = ADDRESSES[2]
    world.suppress(ann)  # entered by mistake
    world.decide("approve")
    assert world.send() == "sent"
    assert "suppressed" in {status for _, status, _ in world.ledger()}
    world.advance(10)
    with world.warehouse.connect() as con:
        lift_entry(con, world.root, ann, "Dana Whitfield", "entered by mistake", world.now)
    shutil.copyfile(world.warehouse.path, tmp_path / "backup.duckdb")
    world.advance(10)
    assert world.send() == "sent"  # her first email goes now, and is logged
    shutil.copyfile(tmp_path / "backup.duckdb", world.warehouse.path)
    world.advance(10)
    assert world.send() == "sent"
    assert not _twice(world), "the message the log says went was sent again"
    assert len(world.outbox()) == len(ADDRESSES)


def test_a_row_archived_after_a_crash_was_reconciled_is_put_back_and_not_sent_again(tmp_path):
    """Reconciliation settles a row sent and logs it, so a later deletion is one log line too many."""
    world = World(tmp_path / "data", ADDRESSES)
    world.decide("approve")
    assert world.send(crash_at=1, mode="after") == "crashed"  # in the outbox, not in the log
    world.advance(5)
    assert world.send() == "sent"
    logged = {json.loads(line)["send_key"] for line in _log(world).read_text(encoding="utf-8").splitlines()}
    assert logged == {key for key, *_ in _sent_rows(world)}, "the row reconciliation settled is logged"
    archived = world.outbox()[0].send_key
    with world.warehouse.connect() as con:
        con.execute("delete from send_ledger where send_key = ?", [archived])
    world.advance(5)
    assert world.send() == "sent"
    assert not _twice(world) and len(world.outbox()) == len(ADDRESSES)


@pytest.mark.parametrize("rotation", ["renamed", "gzipped"])
def test_a_copy_restored_after_the_log_was_rotated_sends_nothing_twice(tmp_path, rotation):
    world = World(tmp_path / "data", ADDRESSES)
    world.decide("approve")
    assert world.send() == "sent"
    shutil.copyfile(world.warehouse.path, tmp_path / "backup.duckdb")
    world.advance(60 * 24 * 3)
    assert world.send() == "sent"  # the follow-ups
    assert len(world.outbox()) == 2 * len(ADDRESSES)
    log = _log(world)
    if rotation == "gzipped":
        Path(f"{log}.1.gz").write_bytes(gzip.compress(log.read_bytes()))
        log.unlink()
    else:
        log.rename(f"{log}.1")
    log.touch()
    shutil.copyfile(tmp_path / "backup.duckdb", world.warehouse.path)
    world.advance(60)
    assert world.send() == "sent"
    assert not _twice(world), "the follow-ups the rotated log holds were sent again"
    assert len(_sent_rows(world)) == 2 * len(ADDRESSES), "put back from the rotated file"


def test_sent_rows_the_log_lacks_are_logged_by_the_next_step_and_then_kept(tmp_path):
    world = _world(tmp_path)
    _log(world).unlink()  # as a ledger kept before the log: its sent rows are in no log
    world.advance(60)
    assert world.send() == "sent"
    logged = [json.loads(line) for line in _log(world).read_text(encoding="utf-8").splitlines()]
    assert sorted(row["send_key"] for row in logged) == [key for key, *_ in _sent_rows(world)]
    with world.warehouse.connect() as con:
        con.execute("delete from send_ledger")
    world.advance(60)
    assert world.send() == "sent" and not _twice(world)


class BlindOutbox(MaildirOutbox):
    """The maildir, asked after a crash as SMTP would be: it cannot tell what it delivered."""

    def delivered(self, message_ids):
        return None


def test_a_claim_left_sending_that_the_log_holds_is_settled_as_sent_where_the_transport_cannot_tell(tmp_path):
    world = _world(tmp_path)
    key, message_id, _ = _sent_rows(world)[0]
    with world.warehouse.connect() as con:  # a crash after the log took it, before the outcome was committed
        con.execute("update send_ledger set status = 'sending' where send_key = ?", [key])
    world.advance(60)
    mail = BlindOutbox(**world.resources["mail"].model_dump())
    send_for_play(_send_context(), PLAY, warehouse=world.warehouse, paths=world.resources["paths"],
                  policy=world.resources["policy"], mail=mail)
    with world.warehouse.connect() as con:
        status = con.execute("select status from send_ledger where send_key = ?", [key]).fetchone()[0]
        resolution = con.execute("select outcome, resolved_by, note from send_resolutions where send_key = ?",
                                 [key]).fetchall()
    assert status == "sent"
    assert resolution == [("sent", "reconciliation", "in the log of messages the transport took")]
    assert not _twice(world)


def _stuck(world: World) -> tuple[str, str]:
    with world.warehouse.connect() as con:
        (row,) = unresolved(con)
    return row["send_key"], row["message_id"]


def _resolve(world: World, key: str, sent: bool, mail=None) -> dict:
    with world.warehouse.connect() as con:
        return resolve(con, key, sent, "Dana Whitfield", world.now, "", mail=mail or world.resources["mail"],
                       warehouse_path=world.warehouse.path)


@pytest.mark.parametrize(("crash", "answer", "says"), [("after", False, "was delivered"),
                                                       ("before", True, "was not delivered")])
def test_an_answer_the_outbox_contradicts_is_refused_and_the_next_step_settles_the_row(tmp_path, crash, answer, says):
    world = World(tmp_path / "data", ADDRESSES)
    world.decide("approve")
    assert world.send(crash_at=1, mode=crash) == "crashed"
    key, _ = _stuck(world)
    with pytest.raises(ResolveError, match=says):
        _resolve(world, key, answer)
    assert _stuck(world)[0] == key, "nothing was settled"
    world.advance(5)
    assert world.send() == "sent"
    assert not _twice(world) and len(world.outbox()) == len(ADDRESSES)


def test_an_answer_interrupted_before_its_commit_settles_nothing_and_the_next_answer_is_taken(tmp_path, monkeypatch):
    world = World(tmp_path / "data", ADDRESSES)
    world.decide("approve")
    assert world.send(crash_at=1, mode="after") == "crashed"
    key, _ = _stuck(world)

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    with world.warehouse.connect() as con:
        with monkeypatch.context() as patched:
            patched.setattr(sent_log, "record_settled", interrupted)
            with pytest.raises(KeyboardInterrupt):
                resolve(con, key, True, "Dana Whitfield", world.now, "", mail=world.resources["mail"],
                        warehouse_path=world.warehouse.path)
        assert [r["send_key"] for r in unresolved(con)] == [key]
        assert resolve(con, key, True, "Dana Whitfield", world.now, "", mail=world.resources["mail"],
                       warehouse_path=world.warehouse.path)["outcome"] == "sent"
        assert con.execute("select outcome, resolved_by from send_resolutions").fetchall() == [
            ("sent", "Dana Whitfield")]


def test_where_the_transport_cannot_tell_not_sent_is_refused_for_a_message_the_log_holds(tmp_path):
    world = _world(tmp_path)
    key, _, _ = _sent_rows(world)[0]
    with world.warehouse.connect() as con:  # a crash after the log took it, before the outcome was committed
        con.execute("update send_ledger set status = 'sending' where send_key = ?", [key])
    blind = BlindOutbox(**world.resources["mail"].model_dump())
    with pytest.raises(ResolveError, match="the log of messages handed over"):
        _resolve(world, key, False, blind)
    assert _resolve(world, key, True, blind)["outcome"] == "sent"


def test_a_send_a_person_settles_as_sent_is_logged_and_comes_back_if_its_row_is_deleted(tmp_path):
    world = _world(tmp_path)
    key, message_id, _ = _sent_rows(world)[0]
    with world.warehouse.connect() as con:  # a lost server answer: the log never took it
        con.execute("update send_ledger set status = 'sending' where send_key = ?", [key])
    _log(world).write_text("".join(line for line in _log(world).read_text(encoding="utf-8").splitlines(True)
                                   if json.loads(line)["send_key"] != key), encoding="utf-8")
    blind = BlindOutbox(**world.resources["mail"].model_dump())
    _resolve(world, key, True, blind)
    assert sent_log.holds(_log(world), message_id)
    other = _sent_rows(world)[1][0]
    with world.warehouse.connect() as con:
        con.execute("delete from send_ledger where send_key = ?", [other])
    world.advance(60)
    assert world.send() == "sent"
    assert not _twice(world) and other in {k for k, *_ in _sent_rows(world)}


def _full_disk_for_the_log(world: World, monkeypatch) -> None:
    """The play's log cannot grow (ENOSPC), while the warehouse and the outbox still can."""
    real, log = sent_log.line_log.append, _log(world)

    def append(path, line):
        if path == log:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, line)

    monkeypatch.setattr(sent_log.line_log, "append", append)


def test_a_log_that_cannot_take_a_chunk_ends_the_batch_and_fails_the_step_naming_the_file(tmp_path, monkeypatch):
    world = World(tmp_path / "data", ADDRESSES)
    world.decide("approve")
    _full_disk_for_the_log(world, monkeypatch)
    monkeypatch.setattr(send_loop, "CLAIM_CHUNK", 2)
    answer = world.send()
    assert len(world.outbox()) == 2, "the chunk in flight went, the batch ended after it"
    assert len(_sent_rows(world)) == 2, "and both are recorded as sent"
    assert answer.startswith(f"refused: Sent 2 message(s), then stopped. the log of messages handed over, {_log(world)}, "
                             "cannot be written ([Errno 28] No space left on device): free space"), answer
    assert "\n" not in answer and "run again" in answer


def test_the_next_step_sends_nothing_until_the_log_takes_what_was_sent_then_sends_the_rest_once(tmp_path,
                                                                                                monkeypatch):
    world = World(tmp_path / "data", ADDRESSES)
    world.decide("approve")
    _full_disk_for_the_log(world, monkeypatch)
    monkeypatch.setattr(send_loop, "CLAIM_CHUNK", 2)
    world.send()
    world.advance(60)
    answer = world.send()  # the disk still full: the log cannot be brought up to date
    assert answer.startswith(f"refused: {PLAY}: nothing sent: the log of messages handed over, {_log(world)}, "
                             "cannot be written"), answer
    assert len(world.outbox()) == 2
    monkeypatch.undo()  # space freed
    world.advance(60)
    assert world.send() == "sent"
    assert len(world.outbox()) == len(CONTACTS) and not _twice(world)
    assert len(_log(world).read_text(encoding="utf-8").splitlines()) == len(CONTACTS)


def test_a_crashed_send_settled_while_the_log_cannot_take_it_stays_unresolved_and_says_why(tmp_path, monkeypatch):
    world = World(tmp_path / "data", ADDRESSES)
    world.decide("approve")
    assert world.send(crash_at=1, mode="after") == "crashed"
    key, _ = _stuck(world)
    _full_disk_for_the_log(world, monkeypatch)
    env = {"SDR_DATA_DIR": str(world.root), "SDR_NOW": world.now.isoformat(), "SDR_SECRET": "property-test-secret"}
    by_hand = CommandLine().invoke(app, ["sends", "resolve", key, "--sent", "--by", "Dana Whitfield"], env=env)
    assert by_hand.exit_code == 1 and not isinstance(by_hand.exception, OSError), by_hand.output
    said = " ".join(by_hand.output.split())
    assert said.startswith("error: the log of messages handed over") and "No space left on device" in said, said
    world.advance(60)
    answer = world.send()  # reconciliation finds it in the outbox, and must log it before it settles it
    assert answer.startswith(f"refused: {PLAY}: nothing sent: the log of messages handed over"), answer
    assert _stuck(world)[0] == key
    monkeypatch.undo()
    world.advance(60)
    assert world.send() == "sent"
    assert len(world.outbox()) == len(CONTACTS) and not _twice(world)


def test_the_log_holds_the_ledgers_columns_and_skips_a_line_a_crash_cut_short(tmp_path):
    con = duckdb.connect()
    con.execute(LEDGER_DDL)
    assert [c for c, *_ in con.execute("describe send_ledger").fetchall()] == list(sent_log.COLUMNS)
    path = tmp_path / "play.jsonl"
    row = ["k1", "p", "v", "Dana", "d", "acme.example", "a@acme.example", "sam@o.example", 1, "a", "hiring",
           float("nan"), "Hi", "sent", None, "<m1@o>", "t1", "2026-11-20T09:00:00+00:00", "seg", "c"]
    sent_log.record(path, [row])
    with open(path, "ab") as fh:
        fh.write(b'{"send_key":"k2","play":"p"')  # torn by a crash
    sent_log.record(path, [["k3", *row[1:15], "<m3@o>", *row[16:]]])
    agreed = sent_log.agree(con, path, "p")
    assert agreed.restored == 2 and agreed.logged == 0
    assert con.execute("select send_key, fit, sent_at::varchar from send_ledger order by 1").fetchall() == [
        ("k1", None, "2026-11-20 09:00:00+00"), ("k3", None, "2026-11-20 09:00:00+00")]
    assert sent_log.agree(con, path, "p") == sent_log.Agreement(), "the torn line is not counted again"


def test_a_step_reads_only_what_was_appended_since_the_last(tmp_path, monkeypatch):
    world = _world(tmp_path)
    with world.warehouse.connect() as con:
        assert sent_log.agree(con, _log(world), PLAY) == sent_log.Agreement()
    first = _log(world).stat().st_size
    reads = []
    real = sent_log.line_log.read
    log = _log(world)
    monkeypatch.setattr(sent_log.line_log, "read",
                        lambda path, since, **kw: (path == log and reads.append(since.offset)) or real(path, since, **kw))
    monkeypatch.setattr(sent_log, "_READ", "(select 1/0)")  # the whole log is never read by DuckDB
    world.advance(60 * 24 * 3)
    assert world.send() == "sent"  # the follow-ups, logged after the first touches
    with world.warehouse.connect() as con:
        assert sent_log.agree(con, _log(world), PLAY) == sent_log.Agreement()
        assert con.execute("select lines from sent_log_marks where play = ?", [PLAY]).fetchone() == (
            2 * len(CONTACTS),)
    assert reads and set(reads) == {first}, "each count starts where the last ended"


def test_a_ledger_rebuilt_without_its_key_gets_it_back_and_sends_once(tmp_path):
    world = _world(tmp_path)
    with world.warehouse.connect() as con:
        con.execute("create or replace table send_ledger as select * from send_ledger where status <> 'held'")
    world.advance(60 * 24 * 3)
    assert world.send() == "sent"
    assert not _twice(world)
    with world.warehouse.connect() as con:
        assert not ensure_key(con, "send_ledger", "send_key"), "the step gave the key back"


def test_a_ledger_rebuilt_with_repeated_keys_stops_the_step_naming_the_repair(tmp_path):
    world = _world(tmp_path)
    with world.warehouse.connect() as con:
        con.execute("create or replace table send_ledger as select * from send_ledger union all "
                    "(select * from send_ledger limit 1)")
    world.advance(60 * 24 * 3)
    refused = world.send()
    assert refused.startswith(f"refused: {PLAY}: nothing sent: table send_ledger has lost its primary key")
    assert "alter table send_ledger add primary key (send_key)" in refused
    assert len(world.outbox()) == len(CONTACTS)


def _suppress(world: World, address: str):
    return CommandLine().invoke(app, ["suppress", "add", address, "--by", "Dana Whitfield", "--reason", "by phone"],
                              env={"SDR_DATA_DIR": str(world.root), "SDR_NOW": world.now.isoformat()})


def test_suppression_events_rebuilt_without_their_key_take_the_next_entry(tmp_path):
    world = World(tmp_path / "data", ADDRESSES)
    world.suppress("nobody@elsewhere.example")
    with world.warehouse.connect() as con:
        con.execute("create or replace table suppression_events as select * from suppression_events")
    result = _suppress(world, ADDRESSES[2])
    assert result.exit_code == 0 and "could not" not in result.output, result.output
    with world.warehouse.connect() as con:
        recorded = con.execute("select count(*) from suppression_events where reason = 'manual'").fetchone()[0]
    assert recorded == 2


def test_suppression_events_with_repeated_ids_keep_the_entry_in_its_log_and_say_why(tmp_path):
    world = World(tmp_path / "data", ADDRESSES)
    world.suppress("nobody@elsewhere.example")
    with world.warehouse.connect() as con:
        con.execute("create or replace table suppression_events as select * from suppression_events union all "
                    "select * from suppression_events")
    result = _suppress(world, ADDRESSES[2])
    assert result.exit_code == 0, result.output
    assert "table suppression_events has lost its primary key" in result.output
    assert "Binder Error" not in result.output
    world.decide("approve")
    refused = world.send()
    assert refused.startswith(f"refused: {PLAY}: nothing sent: table suppression_events has lost its primary key")
    assert not world.outbox()


def test_ensure_key_says_which_keys_repeat(tmp_path):
    con = duckdb.connect()
    con.execute("create table t as select * from (values ('a', 1), ('a', 2), ('b', 3)) v(k, n)")
    with pytest.raises(KeyLostError, match=r"table t has lost its primary key \(k\).*'a' \(2 rows\)"):
        ensure_key(con, "t", "k")
    con.execute("delete from t where n = 2")
    assert ensure_key(con, "t", "k") and not ensure_key(con, "t", "k")
