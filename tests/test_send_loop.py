"""The send loop on its own, on a real DuckDB file and a real maildir: what it re-reads before each
message, how it settles a chunk, and the rendering it does once per message."""

import gc
import mailbox
import sys
import threading
from contextlib import ExitStack
from datetime import datetime, timedelta, timezone
from pathlib import Path

import dkim
import duckdb
import pytest

from resources.dkim import create_key, dns_record
from resources.mail import MaildirOutbox, message_bytes
from resources.smtp import MailDeliveryError, SmtpTransport
from resources.store.approvals import record_decision
from sdr_assets import send_deferrals, stop_requests
from sdr_assets.domain.collection import freeze_survivors, thaw
from sdr_assets.domain.messages import Thread, build_message
from sdr_assets.domain.sequencing import send_key
from sdr_assets.monitor_data import append_pauses
from sdr_assets.monitoring import pauses_announced
from sdr_assets.playbook import load_plays
from sdr_assets.send_loop import CommitWatch, claim, claim_many, record_outcomes, send_batch, settle_many
from sdr_assets.sends import LEDGER_DDL

sys.path.insert(0, str(Path(__file__).parent / "mail"))
from smtp_server import RecordingHandler, start_smtp_server  # noqa: E402

NOW = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"
MAILBOX = "sam@outreach.example"


@pytest.fixture(scope="module")
def play():
    return load_plays(PLAYS).plays["revops-hiring"]


def _drafts(play, n: int) -> list[dict]:
    return [{"send_key": send_key(play.name, f"contact{i}@acme{i}.example", 1), "play": play.name,
             "draft_id": f"d{i}", "company_domain": f"acme{i}.example", "contact_email": f"contact{i}@acme{i}.example",
             "contact_name": f"Contact {i}", "step": 1, "variant": "a", "signal_type": "hiring", "fit": 0.5,
             "subject": "Your RevOps hire", "body": f"Hello {i},\n\nA short note."} for i in range(n)]


def _message(draft: dict, address: str):
    return build_message(secret=b"k" * 32, send_key=draft["send_key"],
                         sender_name="Sam", sender_email=MAILBOX, postal_address="1 Example Street, Springfield",
                         to_name=draft["contact_name"], to_email=address, subject=draft["subject"], body=draft["body"],
                         sent_at=NOW, sending_domain="outreach.example", unsubscribe_url="https://outreach.example/u")


class PausingOutbox(MaildirOutbox):
    """A real maildir; after its first delivery the monitor pauses the play from another connection."""

    warehouse: str
    play_name: str
    play_version: str

    def send(self, message) -> str:
        transport_id = super().send(message)
        other = duckdb.connect(self.warehouse)
        try:
            decision = other.execute("select max(decision_id) from play_approvals").fetchone()[0]
            append_pauses(other, [{"event": "pause", "scope": "play", "play": self.play_name,
                                   "play_version": self.play_version, "scope_value": self.play_name,
                                   "recorded_at": NOW, "after_decision_id": decision, "reason": "negative replies"}])
        finally:
            other.close()
        return transport_id


def test_a_pause_committed_by_another_connection_mid_batch_stops_the_next_message(tmp_path, play):
    """The pauses table does not exist when the batch starts: the monitor makes it while mail goes out."""
    path = str(tmp_path / "warehouse.duckdb")
    con = duckdb.connect(path)
    con.execute(LEDGER_DDL)
    record_decision(con, play, play.version_hash, "approve", "Dana Whitfield", now=NOW)
    assert not con.execute("select count(*) from duckdb_tables() where table_name = 'monitor_pauses'").fetchone()[0]
    outbox = PausingOutbox(path=str(tmp_path / "outbox"), warehouse=path, play_name=play.name,
                           play_version=play.version_hash)

    outcome = send_batch(con, _drafts(play, 5), play, "Dana Whitfield", MAILBOX, outbox, NOW,
                         _message, lambda _: None)

    assert outcome.sent == 1 and outcome.halted == "approval withdrawn during the batch"
    assert len(mailbox.Maildir(outbox.path, create=False)) == 1
    assert con.execute("select status, count(*) from send_ledger group by all").fetchall() == [("sent", 1)], \
        "the claims not handed over are released, not left sending"


def test_a_batch_over_smtp_uses_one_connection(tmp_path, play):
    con = _approved(tmp_path, play)
    handler = RecordingHandler()
    server = start_smtp_server(handler)
    try:
        smtp = SmtpTransport(host="127.0.0.1", port=server.port, security="none", timeout_seconds=5.0)
        outcome = send_batch(con, _drafts(play, 4), play, "Dana Whitfield", MAILBOX, smtp, NOW,
                             _message, lambda _: None)
    finally:
        server.stop()
    assert outcome.sent == 4 and len(handler.delivered) == 4
    assert len(handler.connections) == 1, "one connection for the batch, not one per message"
    assert con.execute("select status, count(*) from send_ledger group by all").fetchall() == [("sent", 4)]


def test_an_address_at_an_ip_or_a_numeric_top_level_domain_is_refused_before_smtp(tmp_path, play):
    con = _approved(tmp_path, play)
    drafts = _drafts(play, 4)
    for draft, address in zip(drafts, ["jane@10.0.0.1", "ann@acme.123"]):
        draft["contact_email"] = address
    handler = RecordingHandler()
    server = start_smtp_server(handler)
    try:
        smtp = SmtpTransport(host="127.0.0.1", port=server.port, security="none", timeout_seconds=5.0)
        outcome = send_batch(con, drafts, play, "Dana Whitfield", MAILBOX, smtp, NOW,
                             _message, lambda _: None)
    finally:
        server.stop()
    assert outcome.sent == 2 and sorted(handler.rcpts) == ["contact2@acme2.example", "contact3@acme3.example"]
    refused = con.execute("select contact_email, reason from send_ledger where status = 'invalid_address' "
                          "order by contact_email").fetchall()
    assert [email for email, _ in refused] == ["ann@acme.123", "jane@10.0.0.1"]
    assert all("does not start with a letter" in reason for _, reason in refused)


class Died(BaseException):
    """The process died in the middle of a delivery."""


class WatchingOutbox(MaildirOutbox):
    """A real maildir that notes how many objects the garbage collector leaves alone while it sends."""

    frozen: list = []
    die_at: int = -1

    def send(self, message) -> str:
        self.frozen.append(gc.get_freeze_count())
        if len(self.frozen) - 1 == self.die_at:
            raise Died("killed mid-batch")
        return super().send(message)


def _approved(tmp_path, play) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute(LEDGER_DDL)
    record_decision(con, play, play.version_hash, "approve", "Dana Whitfield", now=NOW)
    return con


def test_the_heap_is_frozen_only_while_a_batch_runs(tmp_path, play, unfrozen_heap):
    con = _approved(tmp_path, play)
    assert gc.get_freeze_count() == 0
    outbox = WatchingOutbox(path=str(tmp_path / "outbox"), frozen=[])
    send_batch(con, _drafts(play, 3), play, "Dana Whitfield", MAILBOX, outbox, NOW,
               _message, lambda _: None)
    assert len(outbox.frozen) == 3 and min(outbox.frozen) > 0, "objects from before the batch are left alone"
    assert gc.get_freeze_count() == 0, "and collected again after it"

    dying = WatchingOutbox(path=str(tmp_path / "outbox2"), frozen=[], die_at=1)
    with pytest.raises(Died):
        send_batch(con, _drafts(play, 6)[3:], play, "Dana Whitfield", MAILBOX, dying, NOW,
                   _message, lambda _: None)
    assert gc.get_freeze_count() == 0, "a batch that dies unfreezes too"


def test_a_freeze_held_by_someone_else_is_left_as_it_is(tmp_path, play, freeze_restored):
    con = _approved(tmp_path, play)
    freeze_survivors()
    try:
        held = gc.get_freeze_count()
        send_batch(con, _drafts(play, 2), play, "Dana Whitfield", MAILBOX,
                   WatchingOutbox(path=str(tmp_path / "outbox"), frozen=[]), NOW,
                   _message, lambda _: None)
        # Only a freeze adds to the count, and a thaw empties it. Frozen objects still die by reference
        # count (the batch's, or another thread's), so the count may fall a little.
        assert held // 2 < gc.get_freeze_count() <= held
    finally:
        thaw()
    assert gc.get_freeze_count() == 0


def test_settling_a_chunk_touches_only_this_process_claims(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute(LEDGER_DDL)
    rows = {key: [key, "p", "v1", "Dana", "d", "acme.example", f"{key}@acme.example", MAILBOX, 1, "a", "hiring",
                  0.5, "hi", "sending", None, f"<{key}-mine@x>", None, NOW, "software", f"{key}-digest"]
            for key in ("a1", "b2", "c3", "d4")}
    rows["b2"][15] = "<b2-theirs@x>"  # taken over by another run since
    rows["d4"][15] = "<d4-theirs@x>"
    for row in rows.values():
        assert claim(con, row)

    settle_many(con, [("a1", "<a1-mine@x>", "sent", None, "maildir:1"), ("b2", "<b2-mine@x>", "sent", None, "maildir:2"),
                      ("c3", "<c3-mine@x>", "released", None, None), ("d4", "<d4-mine@x>", "released", None, None)])

    assert con.execute("select send_key, status, message_id, transport_id from send_ledger order by 1").fetchall() == [
        ("a1", "sent", "<a1-mine@x>", "maildir:1"),
        ("b2", "sending", "<b2-theirs@x>", None),
        ("d4", "sending", "<d4-theirs@x>", None),
    ]


def test_a_chunk_claims_new_keys_and_takes_over_only_held_or_suppressed_ones(tmp_path):
    """All keys new (a plain insert) or some taken (the upsert): the same keys won, the same rows kept."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute(LEDGER_DDL)

    def row(key: str, status: str, msg_id: str) -> list:
        return [key, "p", "v1", "Dana", "d", "acme.example", f"{key}@acme.example", MAILBOX, 1, "a", "hiring",
                0.5, "hi", status, None, msg_id, None, NOW, "software", f"{key}-digest"]

    con.execute("begin")
    assert claim_many(con, [row("a1", "sent", "<a1@x>"), row("b2", "held", "<b2@x>"),
                            row("c3", "suppressed", "<c3@x>")]) == {"a1", "b2", "c3"}
    con.execute("commit")
    con.execute("begin")
    won = claim_many(con, [row(key, "sending", f"<{key}-again@x>") for key in ("a1", "b2", "c3", "d4")])
    con.execute("commit")

    assert won == {"b2", "c3", "d4"}
    assert con.execute("select send_key, status, message_id from send_ledger order by 1").fetchall() == [
        ("a1", "sent", "<a1@x>"), ("b2", "sending", "<b2-again@x>"), ("c3", "sending", "<c3-again@x>"),
        ("d4", "sending", "<d4-again@x>")]


def test_a_message_rendered_again_after_its_recipient_changed_asks_again_for_utf8_headers(play, tmp_path):
    outbox = MaildirOutbox(path=str(tmp_path / "outbox"))
    message = _message(_drafts(play, 1)[0], "contact0@acme0.example")
    assert b"contact0@acme0.example" in outbox.render(message)

    message.replace_header("To", "Zoë <zoë@acme0.example>")

    assert "To: Zoë <zoë@acme0.example>".encode() in outbox.render(message), "UTF-8 headers, not encoded words"


def test_a_message_is_rendered_once_and_again_after_any_change(play):
    message = _message(_drafts(play, 1)[0], "contact0@acme0.example")
    first = message_bytes(message)
    assert message_bytes(message) is first, "an unchanged message is not rendered twice"
    assert message_bytes(message, linesep="\r\n") == first.replace(b"\n", b"\r\n")

    message.replace_header("Subject", "Another subject")
    assert b"Subject: Another subject" in message_bytes(message)
    message["X-Extra"] = "1"
    assert b"X-Extra: 1" in message_bytes(message)
    del message["X-Extra"]
    message.set_content("A new body.")
    rendered = message_bytes(message)
    assert b"X-Extra" not in rendered and b"A new body." in rendered and b"A short note." not in rendered


def test_every_message_a_batch_delivers_carries_a_signature_dkimpy_verifies(tmp_path, play):
    """Threaded follow-ups, names in other scripts, a long subject: the bytes in the maildir verify."""
    key = tmp_path / "dkim" / "sdr.private.pem"
    create_key(key)
    record = dns_record(key, "sdr", "outreach.example").value.encode()
    outbox = MaildirOutbox(path=str(tmp_path / "outbox"), dkim_key_path=str(key), dkim_domain="outreach.example")
    drafts = _drafts(play, 4)
    drafts[1]["contact_name"] = "Zoë Łukasiewicz-Ørsted"
    drafts[2]["subject"] = "A subject long enough that the header is folded over two lines " * 2
    drafts[3]["body"] = "Grüße aus Köln,\n\n" + "a line longer than any mail line should be " * 4
    earlier = Thread(("<sdr-a.b@outreach.example>", "<sdr-c.d@outreach.example>"), "Your RevOps hire")

    def message(draft, address):
        thread = earlier if draft is drafts[0] else None
        return build_message(secret=b"k" * 32, send_key=draft["send_key"], sender_name="Sam", sender_email=MAILBOX,
                             postal_address="1 Example Street, Springfield", to_name=draft["contact_name"],
                             to_email=address, subject=draft["subject"], body=draft["body"], sent_at=NOW,
                             sending_domain="outreach.example", unsubscribe_url="https://outreach.example/u",
                             thread=thread)

    outcome = send_batch(_approved(tmp_path, play), drafts, play, "Dana Whitfield", MAILBOX, outbox, NOW, message,
                         lambda _: None)

    raws = [path.read_bytes() for path in (tmp_path / "outbox" / "new").iterdir()]
    assert outcome.sent == len(raws) == 4
    for raw in raws:
        assert dkim.verify(raw, dnsfunc=lambda name, timeout=5: record), raw[:300]
        assert not dkim.verify(raw.replace(b"Message-ID: <sdr-", b"Message-ID: <sdr-x", 1),
                               dnsfunc=lambda name, timeout=5: record)
    assert any(b"In-Reply-To: <sdr-c.d@outreach.example>" in raw for raw in raws)

    key.unlink()
    create_key(key)  # a new key at the same path: the next message is signed with it
    delivered = set((tmp_path / "outbox" / "new").iterdir())
    outbox.send(message(_drafts(play, 5)[4], "contact4@acme4.example"))
    (newest,) = [path.read_bytes() for path in set((tmp_path / "outbox" / "new").iterdir()) - delivered]
    renewed = dns_record(key, "sdr", "outreach.example").value.encode()
    assert dkim.verify(newest, dnsfunc=lambda name, timeout=5: renewed)
    assert not dkim.verify(newest, dnsfunc=lambda name, timeout=5: record)


def test_a_revocation_on_the_batch_own_connection_stops_the_next_message(tmp_path, play):
    """The approval is counted on a cursor of its own: it still sees what the batch's connection commits."""
    con = _approved(tmp_path, play)

    class RevokingOutbox(MaildirOutbox):
        def send(self, message) -> str:
            transport_id = super().send(message)
            record_decision(con, play, play.version_hash, "revoke", "Lee Ops", now=NOW)
            return transport_id

    outcome = send_batch(con, _drafts(play, 4), play, "Dana Whitfield", MAILBOX,
                         RevokingOutbox(path=str(tmp_path / "outbox")), NOW,
                         _message, lambda _: None)

    assert outcome.sent == 1 and outcome.halted == "approval withdrawn during the batch"
    assert con.execute("select current_setting('enable_optimizer')").fetchone() == (True,), \
        "the batch's own connection keeps its optimizer"


def test_a_stop_request_for_the_play_ends_the_batch_after_the_message_in_flight(tmp_path, play):
    """A revocation waiting for the warehouse the batch holds announces itself next to it; one for
    another play changes nothing."""
    con = _approved(tmp_path, play)
    folder = stop_requests.requests_folder(tmp_path / "warehouse.duckdb")
    requests = ExitStack()

    class RequestingOutbox(MaildirOutbox):
        def send(self, message) -> str:
            transport_id = super().send(message)
            if len(list((tmp_path / "outbox" / "new").iterdir())) == 2:
                requests.enter_context(stop_requests.announced(folder, play.name, "revoke", "Lee Ops", NOW))
            return transport_id

    with requests:
        requests.enter_context(stop_requests.announced(folder, "series-b-funding", "reject", "Sam Reyes", NOW))
        outcome = send_batch(con, _drafts(play, 4), play, "Dana Whitfield", MAILBOX,
                             RequestingOutbox(path=str(tmp_path / "outbox")), NOW,
                             _message, lambda _: None)

    assert outcome.sent == 2
    assert outcome.halted.startswith("Lee Ops asked to revoke the play at 2026-11-20T09:00:00+00:00")
    assert not folder.exists(), "each request is removed when its block ends"


def test_a_pause_the_monitor_records_ends_the_batch_of_its_play_after_the_message_in_flight(tmp_path, play):
    """The monitor announces each play it pauses, whole or a segment, while it records the pauses; a
    mailbox the guard pauses (it lifts by itself) and a lifted pause announce nothing."""
    con = _approved(tmp_path, play)
    folder = stop_requests.requests_folder(tmp_path / "warehouse.duckdb")
    recording = ExitStack()
    pauses = [{"event": "pause", "scope": "segment", "play": play.name, "scope_value": "software",
               "reason": "Software: 5.2 evidence"},
              {"event": "lift", "scope": "play", "play": "series-b-funding", "scope_value": "", "reason": "resumed"},
              {"event": "pause", "scope": "mailbox", "play": None, "scope_value": MAILBOX, "reason": "complaints"}]

    class PausedOutbox(MaildirOutbox):
        def send(self, message) -> str:
            transport_id = super().send(message)
            if len(list((tmp_path / "outbox" / "new").iterdir())) == 2:
                recording.enter_context(pauses_announced(str(tmp_path / "warehouse.duckdb"), pauses, NOW))
            return transport_id

    with recording:
        outcome = send_batch(con, _drafts(play, 4), play, "Dana Whitfield", MAILBOX,
                             PausedOutbox(path=str(tmp_path / "outbox")), NOW,
                             _message, lambda _: None)
        assert [stop_requests.pending(folder, name) is not None for name in (play.name, "series-b-funding")] == \
            [True, False]
        assert stop_requests.pending(folder, play.name).note == "Software: 5.2 evidence"

    assert outcome.sent == 2
    assert outcome.halted.startswith("the monitor paused the play at 2026-11-20T09:00:00+00:00"), outcome.halted
    assert f"sdr resume {play.name} --version HASH" in outcome.halted
    assert not folder.exists(), "the request is removed once the pauses are recorded"


class RecordingOutbox(MaildirOutbox):
    """A real maildir noting which thread finished staging each message, and when each is handed over."""

    events: list = []

    def stage_many(self, messages) -> None:
        super().stage_many(messages)
        self.events.extend(("stage", str(m["Message-ID"]), threading.current_thread().name) for m in messages)

    def send(self, message) -> str:
        self.events.append(("send", str(message["Message-ID"]), threading.current_thread().name))
        return super().send(message)


def test_a_batch_builds_and_stages_on_a_helper_thread_and_delivers_only_what_it_hands_over(tmp_path, play):
    """Messages are built and staged off the batch's thread; a revocation after the second hand-over
    leaves the staged rest unsent and removed from tmp/."""
    con = _approved(tmp_path, play)
    builders: list[str] = []

    class RevokingOutbox(RecordingOutbox):
        def send(self, message) -> str:
            transport_id = super().send(message)
            if sum(event == "send" for event, *_ in self.events) == 2:
                record_decision(con, play, play.version_hash, "revoke", "Lee Ops", now=NOW)
            return transport_id

    def make(draft, address):
        builders.append(threading.current_thread().name)
        return _message(draft, address)

    outbox = RevokingOutbox(path=str(tmp_path / "outbox"), events=[])
    outcome = send_batch(con, _drafts(play, 6), play, "Dana Whitfield", MAILBOX, outbox, NOW, make, lambda _: None)

    main = threading.current_thread().name
    assert outcome.sent == 2 and outcome.halted == "approval withdrawn during the batch"
    assert len(builders) == 6 and main not in builders
    stages = [(msg_id, thread) for event, msg_id, thread in outbox.events if event == "stage"]
    sends = [(msg_id, thread) for event, msg_id, thread in outbox.events if event == "send"]
    assert {thread for _, thread in stages} != {main} and {thread for _, thread in sends} == {main}
    for msg_id, _ in sends:
        assert outbox.events.index(("send", msg_id, main)) > [e[1] for e in outbox.events].index(msg_id), \
            "each message's staging is finished before its hand-over"
    assert len(list((tmp_path / "outbox" / "new").iterdir())) == 2
    assert list((tmp_path / "outbox" / "tmp").iterdir()) == []
    assert con.execute("select status, count(*) from send_ledger group by all").fetchall() == [("sent", 2)]


def test_a_send_key_drafted_twice_in_one_chunk_is_claimed_and_delivered_once(tmp_path, play):
    """One contact under two accounts: both drafts carry one send key (the plan would keep one)."""
    con = _approved(tmp_path, play)
    drafts = _drafts(play, 3)
    drafts.insert(2, {**drafts[0], "draft_id": "d0-dup", "company_domain": "subsidiary.example"})
    logged: list[str] = []

    outcome = send_batch(con, drafts, play, "Dana Whitfield", MAILBOX, MaildirOutbox(path=str(tmp_path / "outbox")),
                         NOW, _message, lambda _: None, logged.append)

    assert outcome.sent == 3 and outcome.duplicates == [drafts[0]["send_key"]] and outcome.lost_claims == []
    recipients = [str(m["To"]) for m in mailbox.Maildir(str(tmp_path / "outbox"), create=False)]
    assert sorted(recipients) == sorted(f"Contact {i} <contact{i}@acme{i}.example>" for i in range(3))
    assert con.execute("select draft_id, status from send_ledger order by 1").fetchall() == [
        ("d0", "sent"), ("d1", "sent"), ("d2", "sent")]
    assert logged == [f"{drafts[0]['send_key']} (d0-dup) shares its send key with an earlier draft: skipped"]


def test_the_commit_watch_moves_with_every_commit_and_a_checkpoint_and_not_with_reads(tmp_path):
    """What lets the gate and the suppressions skip their counts while nothing was committed."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create table t (n integer)")
    other = con.cursor()
    watch = CommitWatch(con)
    assert watch.moved(), "the first look always asks"
    assert not watch.moved()
    assert other.execute("select count(*) from t").fetchone() == (0,) and not watch.moved(), "a read is no commit"
    for write in ("insert into t values (1)", "delete from t", "checkpoint", "insert into t values (2)"):
        other.execute(write)
        assert watch.moved(), write
        assert not watch.moved(), write
    third = duckdb.connect(str(tmp_path / "w.duckdb"))  # the same database, opened again in this process
    third.execute("insert into t values (3)")
    assert watch.moved()
    third.close()
    memory = CommitWatch(duckdb.connect())
    assert memory.moved() and memory.moved(), "a database without a file is asked every time"


class RefusesCopies(RecordingHandler):
    """Takes each message for its prospect and refuses its copy, alike every time."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("copy@"):
            return "550 Message refused by local policy"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def test_refusals_alike_after_the_message_went_to_its_prospect_never_end_the_batch_as_the_accounts(tmp_path, play):
    con = _approved(tmp_path, play)
    server = start_smtp_server(RefusesCopies())

    def with_copy(draft, address):
        message = _message(draft, address)
        message["Bcc"] = "copy@archive.example"
        return message

    try:
        smtp = SmtpTransport(host="127.0.0.1", port=server.port, security="none", timeout_seconds=5.0)
        outcome = send_batch(con, _drafts(play, 4), play, "Dana Whitfield", MAILBOX, smtp, NOW, with_copy,
                             lambda _: None)
    finally:
        server.stop()
    # Each went out to its prospect: releasing one would send it twice.
    assert len(server.handler.delivered) == 4 and outcome.halted is None and outcome.failed == 4
    assert con.execute("select status, count(*) from send_ledger group by all").fetchall() == [("failed", 4)]


@pytest.mark.parametrize("code, counted", [(451, 1), (None, 0)])
def test_only_a_server_4xx_counts_as_a_deferral_of_the_message(tmp_path, play, code, counted):
    """A connection dropped before DATA says nothing about the message: it is released, not counted,
    so an outage during a batch demotes none of the messages it met."""
    con = _approved(tmp_path, play)

    class FlakyOutbox(MaildirOutbox):
        def send(self, message) -> str:
            if "contact0@" in message["To"]:
                raise MailDeliveryError(True, code, "4.3.0 try again later" if code else "connection failed")
            return super().send(message)

    drafts = _drafts(play, 2)
    outcome = send_batch(con, drafts, play, "Dana Whitfield", MAILBOX, FlakyOutbox(path=str(tmp_path / "outbox")),
                         NOW, _message, lambda _: None)
    assert outcome.sent == 1 and outcome.deferred_by_server == counted
    assert outcome.released_transient == (0 if counted else 1), "a failed connection is told, not lost"
    assert ("connection failed" in (outcome.last_transient or "")) == (not counted)
    assert send_deferrals.counts(con, play.name, NOW) == ({drafts[0]["send_key"]: 1} if counted else {})
    assert con.execute("select count(*) from send_ledger where send_key = ?", [drafts[0]["send_key"]]).fetchone() \
        == (0,), "released for the next run"


def test_a_deferral_fades_once_it_is_a_few_days_old(tmp_path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    send_deferrals.record(con, [("k-old", "p", "451 busy", NOW - send_deferrals.FADES_AFTER - timedelta(hours=1)),
                                ("k-new", "p", "451 busy", NOW - timedelta(hours=1))])
    assert send_deferrals.counts(con, "p", NOW) == {"k-new": 1}


def test_a_deferral_after_the_count_faded_counts_from_one_again(tmp_path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    long_ago = NOW - send_deferrals.FADES_AFTER - timedelta(days=20)
    for _ in range(5):
        send_deferrals.record(con, [("k", "p", "451 busy", long_ago)])
    send_deferrals.record(con, [("k", "p", "451 busy", NOW - timedelta(hours=2))])
    send_deferrals.record(con, [("k", "p", "451 busy", NOW - timedelta(hours=1))])
    assert send_deferrals.counts(con, "p", NOW) == {"k": 2}


def test_deferrals_counted_before_the_servers_own_were_told_apart_still_count_towards_held(tmp_path):
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute("create table send_deferrals (send_key varchar primary key, play varchar not null, "
                "deferrals integer not null, reason varchar, last_at timestamptz not null)")
    con.execute("insert into send_deferrals values ('k', 'p', 3, '451 busy', ?)", [NOW - timedelta(hours=3)])
    send_deferrals.record(con, [("k", "p", "451 busy", NOW - timedelta(hours=2))])
    send_deferrals.record(con, [("k", "p", "451 rate limited", NOW - timedelta(hours=1))], False)
    assert send_deferrals.counts(con, "p", NOW) == {"k": 5}
    assert send_deferrals.counts(con, "p", NOW, by_server=True) == {"k": 4}


def test_deferrals_that_cannot_be_recorded_lose_none_of_the_outcomes(tmp_path, play, monkeypatch):
    """The deferral count only orders later runs: failing to write it leaves the message sent
    recorded ``sent``, not ``sending`` for a person to settle."""
    con = _approved(tmp_path, play)

    def broken(*_):
        raise duckdb.IOException("the disk is full")

    class BusyOutbox(MaildirOutbox):
        def send(self, message) -> str:
            if "contact0@" in message["To"]:
                raise MailDeliveryError(True, 451, "4.3.0 try again later")
            return super().send(message)

    monkeypatch.setattr(send_deferrals, "record", broken)
    said: list[str] = []
    drafts = _drafts(play, 2)
    outcome = send_batch(con, drafts, play, "Dana Whitfield", MAILBOX, BusyOutbox(path=str(tmp_path / "outbox")),
                         NOW, _message, lambda _: None, log=said.append)
    assert outcome.sent == 1
    assert con.execute("select status from send_ledger").fetchall() == [("sent",)]
    assert any("the disk is full" in line for line in said), said


def test_refusals_are_recorded_in_order_even_when_two_name_one_send_key(tmp_path, play):
    """Distinct send keys go in one statement; two outcomes of one key are taken in order, as one by
    one: a held row is taken over by the later refusal."""
    con = _approved(tmp_path, play)
    first, second = _drafts(play, 2)
    record_outcomes(con, play, "Dana Whitfield", MAILBOX, [(first, "held", "waits", NOW),
                                                          (second, "suppressed", "opted out", NOW)])
    record_outcomes(con, play, "Dana Whitfield", MAILBOX, [(first, "held", "waits again", NOW),
                                                          (first, "suppressed", "opted out since", NOW)])
    assert sorted(con.execute("select send_key, status, reason from send_ledger").fetchall()) == sorted([
        (first["send_key"], "suppressed", "opted out since"), (second["send_key"], "suppressed", "opted out")])


def test_a_chunk_is_built_a_group_at_a_time_each_draft_its_own_message(play, tmp_path):
    """Each submission to the helpers costs the batch's thread; a chunk's builds go a group at a time,
    and each draft still takes the message built for it, in order."""
    from concurrent.futures import ThreadPoolExecutor

    from sdr_assets.send_loop import CLAIM_CHUNK, STAGE_GROUP, _building

    drafts = _drafts(play, CLAIM_CHUNK)
    with ThreadPoolExecutor(max_workers=2) as helper:
        submitted = []
        submit = helper.submit
        helper.submit = lambda *args, **kwargs: submitted.append(args) or submit(*args, **kwargs)
        builds = _building(helper, drafts, _message, MaildirOutbox(path=str(tmp_path / "outbox")))
        built = [build.result() for build in builds]
    assert len(submitted) == -(-CLAIM_CHUNK // STAGE_GROUP)
    assert [(address, str(message["To"])) for address, message, _ in built] == [
        (d["contact_email"], f"{d['contact_name']} <{d['contact_email']}>") for d in drafts]
