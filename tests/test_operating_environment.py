"""What the machine does to the data folder: a log this user may not read, an outbox that cannot take
a message, a warehouse this user may not write, an opt-out that cannot be written. Nothing is lost
or sent wrongly, and each says so in one line. The real send step against a DuckDB file and maildir
(``tests/send_world.py``); permissions are made to fail by the operating system's own error, since
these tests may run as root."""

import errno
import json
import mailbox
import os
from collections import Counter
from datetime import UTC, datetime

import dagster as dg
import duckdb

from resources.damage import WarehouseUnavailable, damaged
from resources.mail import MaildirOutbox
from resources.mailbox import MaildirMailbox
from resources.signal_feed import NoSignalFeed
from sdr_assets import entry_log, line_log
from sdr_assets.cli import app
from sdr_assets.runner import RunReport, _record
from sdr_assets.send_guard import send_lock_path
from sdr_assets.sends import send_for_play
from sdr_assets.signal_ingest import ingest
from tests.command_line import CommandLine
from tests.send_world import CONTACTS, PLAY, Spelling, World, _send_context

ADDRESSES = [Spelling().write(*c) for c in CONTACTS]


def test_an_opt_out_log_this_user_may_not_read_stops_sending_never_reads_as_empty(tmp_path, monkeypatch):
    world = World(tmp_path / "data", ADDRESSES)
    world.decide("approve")
    world.click(ADDRESSES[2], "some-send-key")
    log = str(world.root / "optouts" / "optouts.jsonl")
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if str(path) == log:  # as in a folder another account made with umask 077
            raise PermissionError(errno.EACCES, "Permission denied", log)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(line_log.os, "stat", stat)
    refused = world.send()
    assert refused.startswith(f"refused: {PLAY}: nothing sent: the opt-outs cannot be read: [Errno 13]"), refused
    assert world.outbox() == []


class FullOutbox(MaildirOutbox):
    """The maildir on a disk that fills after ``room`` messages."""

    room: int = 1
    counter: dict = {}

    def send(self, message) -> str:
        self.counter["n"] = self.counter.get("n", 0) + 1
        if self.counter["n"] > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().send(message)


def test_a_message_the_outbox_cannot_store_is_released_the_step_says_why_and_the_next_run_sends_it(tmp_path):
    world = World(tmp_path / "data", ADDRESSES)
    world.decide("approve")
    mail = FullOutbox(**world.resources["mail"].model_dump(), room=1, counter={})
    refused = None
    try:
        send_for_play(_send_context(), PLAY, warehouse=world.warehouse, paths=world.resources["paths"],
                      policy=world.resources["policy"], mail=mail)
    except Exception as exc:  # noqa: BLE001 - the step's failure is what is checked
        refused = getattr(exc, "description", repr(exc))
    assert refused == ("Sent 1 message(s), then stopped. the outbox could not take a message: [Errno 28] No "
                       "space left on device; the 3 message(s) not sent wait for the next run.")
    assert Counter(status for _, status, _ in world.ledger()) == {"sent": 1}, "the rest released, none failed"
    world.advance(60)
    assert world.send() == "sent"
    assert sorted(Counter(s.send_key for s in world.outbox()).values()) == [1, 1, 1, 1]


def test_a_send_lock_that_cannot_be_opened_stops_the_step_with_its_path_and_the_next_run_sends(tmp_path):
    world = World(tmp_path / "data", ADDRESSES)
    world.decide("approve")
    lock = send_lock_path(world.warehouse.path)
    lock.mkdir()  # the operating system's own refusal, as for a lock file another account owns
    refused = world.send()
    assert refused == (f"refused: Nothing sent. play '{PLAY}': the send lock {lock} cannot be opened: Is a directory; "
                       "the next run sends what is due once a person lets this user open it"), refused
    assert world.outbox() == []
    lock.rmdir()
    assert world.send() == "sent"
    assert len(world.outbox()) == len(ADDRESSES)


def test_a_failed_run_is_reported_with_the_error_its_step_raised_not_dagsters_wrapper():
    @dg.op
    def locked():
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/sdr/warehouse.duckdb.send-lock")

    @dg.job
    def job():
        locked()

    report = RunReport()
    _record(report, "outreach_x", "x", job.execute_in_process(raise_on_error=False))
    assert report.failed == [("outreach_x", "x", False)]
    assert report.reasons == {
        ("outreach_x", "x"): "PermissionError: [Errno 13] Permission denied: '/srv/sdr/warehouse.duckdb.send-lock'"}


def test_a_warehouse_this_user_may_not_write_is_named_in_one_line():
    error = duckdb.IOException('IO Error: Cannot open file "/srv/sdr/warehouse.duckdb": Permission denied')
    said = damaged("/srv/sdr/warehouse.duckdb", error)
    assert isinstance(said, WarehouseUnavailable)
    assert str(said).startswith("the warehouse /srv/sdr/warehouse.duckdb cannot be opened by this user")


def test_an_entry_that_cannot_be_written_says_so_in_one_line_and_claims_nothing(tmp_path, monkeypatch):
    world = World(tmp_path / "data", ADDRESSES)

    def full(path, line):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(entry_log.line_log, "append", full)
    result = CommandLine().invoke(app, ["suppress", "add", ADDRESSES[2], "--by", "Dana Whitfield", "--reason", "phone"],
                                env={"SDR_DATA_DIR": str(world.root), "SDR_NOW": world.now.isoformat()})
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: the entry could not be written to {entry_log.log_path(world.root)}, so nothing was recorded: "
        "[Errno 28] No space left on device"]


def _denied_for(monkeypatch, cls, method: str, name: str) -> None:
    """``cls.method`` fails for a path ending in ``name`` as it does for a file another account owns."""
    real = getattr(cls, method)

    def denied(self, *args, **kwargs):
        if str(self if isinstance(self, (str, os.PathLike)) else args[0]).endswith(name):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(cls, method, denied)


def test_a_signal_file_this_user_may_not_read_is_set_aside_and_the_others_are_ingested(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, domain in (("a.jsonl", "acme.example"), ("b.jsonl", "globex.example")):
        record = {"company_domain": domain, "signal_type": "hiring", "detail": "Hiring an AE", "source": "feed",
                  "observed_at": "2026-11-10T08:00:00Z", "attributes": {"role": "AE"}}
        (inbox / name).write_text(json.dumps(record) + "\n", encoding="utf-8")
    now = datetime(2026, 11, 20, 9, tzinfo=UTC)
    con = duckdb.connect(":memory:")
    with monkeypatch.context() as patch:
        _denied_for(patch, os, "open", "a.jsonl")  # as the inbox opens a file: O_NOFOLLOW, never a link
        ingest(con, inbox, NoSignalFeed(), now, settle_seconds=0)
    assert con.execute("select company_domain from raw_signals").fetchall() == [("globex.example",)]
    assert con.execute("select source_file, reason from quarantined_signal_rows").fetchall() == [
        ("a.jsonl", "cannot read the file: Permission denied")]
    ingest(con, inbox, NoSignalFeed(), now, settle_seconds=0)  # the owner fixed: read now, and its quarantine row gone
    assert sorted(con.execute("select company_domain from raw_signals").fetchall()) == [
        ("acme.example",), ("globex.example",)]
    assert con.execute("select count(*) from quarantined_signal_rows").fetchone() == (0,)


def test_a_reply_this_user_may_not_read_leaves_the_others_read_and_is_asked_for_again(tmp_path, monkeypatch):
    box = mailbox.Maildir(tmp_path / "replies", create=True)
    keys = [box.add(f"From: a{n}@acme.example\nSubject: Re: hello\n\nPlease unsubscribe me.\n".encode())
            for n in range(3)]
    unreadable = sorted(keys)[1]
    replies = MaildirMailbox(path=str(tmp_path / "replies"))
    with monkeypatch.context() as patch:
        _denied_for(patch, mailbox.Maildir, "get_bytes", unreadable)
        read, cursor = replies.fetch_new(None)
    assert sorted(k for k, _ in read) == sorted(set(keys) - {unreadable})
    again, _ = replies.fetch_new(cursor)
    assert [k for k, _ in again] == [unreadable]


def test_a_reply_deleted_between_the_listing_and_its_read_is_skipped_and_the_others_are_read(tmp_path,
                                                                                          monkeypatch):
    box = mailbox.Maildir(tmp_path / "replies", create=True)
    keys = [box.add(f"From: a{n}@acme.example\nSubject: Re: hello\n\nreply {n}\n".encode()) for n in range(3)]
    gone = sorted(keys)[1]
    listed = mailbox.Maildir.keys

    def keys_then_delete(self):  # another client files the message away just after the listing
        found = listed(self)
        for sub in ("new", "cur"):
            for name in os.listdir(os.path.join(self._path, sub)):
                if name.split(":")[0] == gone:
                    os.remove(os.path.join(self._path, sub, name))
        return found

    monkeypatch.setattr(mailbox.Maildir, "keys", keys_then_delete)
    read, _ = MaildirMailbox(path=str(tmp_path / "replies")).fetch_new(None)
    assert sorted(k for k, _ in read) == sorted(set(keys) - {gone})


def test_an_unchanged_maildir_keeps_its_position_as_it_was_and_new_mail_moves_it(tmp_path, monkeypatch):
    """The position of a maildir lists every key read: with nothing new it is handed back as it was,
    not built and written out again (its size grows with every reply ever read)."""
    import resources.mailbox as mailbox_module

    box = mailbox.Maildir(tmp_path / "replies", create=True)
    first = box.add(b"From: a@acme.example\nSubject: Re: hello\n\nreply\n")
    replies = MaildirMailbox(path=str(tmp_path / "replies"))
    read, cursor = replies.fetch_new(None)
    assert [k for k, _ in read] == [first] and json.loads(cursor) == [first]
    built = []
    encode = json.JSONEncoder().encode
    monkeypatch.setattr(mailbox_module.json, "dumps", lambda value: built.append(value) or encode(value))
    assert replies.fetch_new(cursor) == ([], cursor)
    assert built == [], "an unchanged listing builds no new position"
    second = box.add(b"From: b@acme.example\nSubject: Re: hello\n\nanother\n")
    read, moved = replies.fetch_new(cursor)
    assert [k for k, _ in read] == [second] and sorted(json.loads(moved)) == sorted([first, second])
