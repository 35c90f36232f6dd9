"""ImapMailbox against a real (small) IMAP server on 127.0.0.1."""

from __future__ import annotations

import imaplib
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from imap_server import ImapTestServer  # noqa: E402

from resources.imap import ImapAuthenticationError, ImapError, ImapMailbox  # noqa: E402


def _raw(n: int) -> bytes:
    return (
        f"From: Prospect {n} <p{n}@example.com>\r\n"
        f"To: sam@example.org\r\n"
        f"Subject: Re: Quick question {n}\r\n"
        f"Message-ID: <reply{n}@example.com>\r\n"
        "\r\n"
        f"Thanks, reply number {n}.\r\n"
        "From the team.\r\n"
    ).encode() + "Grüße\r\n".encode()


@pytest.fixture
def server():
    with ImapTestServer(username="reader", password="s3cret") as imap_server:
        yield imap_server


def _mailbox(server: ImapTestServer, **overrides) -> ImapMailbox:
    settings = dict(
        host="127.0.0.1",
        port=server.port,
        username="reader",
        password="s3cret",
        security="none",
        timeout_seconds=5.0,
    )
    return ImapMailbox(**(settings | overrides))


def test_fetches_everything_then_nothing_then_only_the_new_message(server):
    for n in (1, 2, 3):
        server.append(_raw(n))
    mailbox = _mailbox(server)

    first, cursor = mailbox.fetch_new(None)
    assert first == [("imap:1:1", _raw(1)), ("imap:1:2", _raw(2)), ("imap:1:3", _raw(3))]
    assert cursor == "1:3"

    second, cursor = mailbox.fetch_new(cursor)
    assert second == []
    assert cursor == "1:3"
    # The server did answer "UID 4:*" with UID 3: the client filtered it out.
    assert "UID SEARCH UID 4:*" in server.commands

    server.append(_raw(4))
    third, cursor = mailbox.fetch_new(cursor)
    assert third == [("imap:1:4", _raw(4))]
    assert cursor == "1:4"


def test_reading_is_read_only_and_never_marks_seen(server):
    server.append(_raw(1))
    server.append(_raw(2), flags=("\\Flagged",))

    _mailbox(server).fetch_new(None)

    assert server.flags() == {1: set(), 2: {"\\Flagged"}}
    verbs = [c.split(" (")[0].split(" ")[:2] for c in server.commands]
    assert ["EXAMINE", "INBOX"] in verbs
    assert not [c for c in server.commands if c.startswith(("SELECT", "STORE", "UID STORE"))]
    assert [c for c in server.commands if c.startswith("UID FETCH")] == [
        "UID FETCH 1,2 (UID BODY.PEEK[])"
    ]


def test_the_test_server_answers_n_star_with_the_highest_uid(server):
    # Guards the test above: "N:*" past the end must still name the last message.
    server.append(_raw(1))
    client = imaplib.IMAP4("127.0.0.1", server.port, timeout=5)
    try:
        client.login("reader", "s3cret")
        client.select("INBOX", readonly=True)
        assert client.uid("SEARCH", "UID 7:*") == ("OK", [b"1"])
    finally:
        client.logout()


def test_uidvalidity_change_restarts_from_the_first_message(server):
    for n in (1, 2):
        server.append(_raw(n))
    mailbox = _mailbox(server)
    _, cursor = mailbox.fetch_new(None)
    assert cursor == "1:2"

    server.renumber()  # new UIDVALIDITY 2, UIDs 1..2 again
    server.append(_raw(3))

    messages, cursor = mailbox.fetch_new(cursor)
    assert messages == [("imap:2:1", _raw(1)), ("imap:2:2", _raw(2)), ("imap:2:3", _raw(3))]
    assert cursor == "2:3"


def test_expunged_highest_message_does_not_move_the_cursor_back(server):
    for n in (1, 2, 3):
        server.append(_raw(n))
    mailbox = _mailbox(server)
    _, cursor = mailbox.fetch_new(None)

    server.expunge(3)
    messages, cursor = mailbox.fetch_new(cursor)
    assert (messages, cursor) == ([], "1:3")

    server.append(_raw(4))  # gets UID 4: UIDs are never reused
    messages, cursor = mailbox.fetch_new(cursor)
    assert (messages, cursor) == ([("imap:1:4", _raw(4))], "1:4")


def test_empty_folder(server):
    assert _mailbox(server).fetch_new(None) == ([], "1:0")


def test_uid_after_the_literal_is_understood():
    with ImapTestServer(username="reader", password="s3cret", uid_after_body=True) as server:
        server.append(_raw(1))
        server.append(_raw(2))
        messages, cursor = _mailbox(server).fetch_new(None)

    assert messages == [("imap:1:1", _raw(1)), ("imap:1:2", _raw(2))]
    assert cursor == "1:2"


def test_large_backlogs_are_fetched_in_batches(server):
    for n in range(1, 251):
        server.append(_raw(n))

    messages, cursor = _mailbox(server).fetch_new(None)

    assert [key for key, _ in messages] == [f"imap:1:{n}" for n in range(1, 251)]
    assert messages[-1][1] == _raw(250)
    assert cursor == "1:250"
    assert len([c for c in server.commands if c.startswith("UID FETCH")]) == 3


def test_folder_names_with_spaces(server):
    server.append(_raw(1), folder="Sales Replies")

    messages, cursor = _mailbox(server, folder="Sales Replies").fetch_new(None)

    assert messages == [("imap:1:1", _raw(1))]
    assert "EXAMINE Sales Replies" in server.commands


def test_missing_folder_is_a_clear_error(server):
    with pytest.raises(ImapError, match="cannot open folder 'Nope'") as caught:
        _mailbox(server, folder="Nope").fetch_new(None)
    assert caught.value.transient is False


def test_wrong_password_raises_authentication_error(server):
    server.append(_raw(1))

    with pytest.raises(ImapAuthenticationError) as caught:
        _mailbox(server, password="wrong-password").fetch_new(None)

    message = str(caught.value)
    assert "login as 'reader'" in message and "Invalid credentials" in message
    assert "wrong-password" not in message
    assert caught.value.transient is False
    assert not [c for c in server.commands if c.startswith(("EXAMINE", "UID"))]


def test_starttls_is_required_when_configured(server):
    # This server offers no STARTTLS: the password must not be sent in plaintext instead.
    with pytest.raises(ImapError, match="STARTTLS") as caught:
        _mailbox(server, security="starttls").fetch_new(None)

    assert caught.value.transient is False
    assert "LOGIN" not in server.commands


def test_connection_refused_is_transient():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    mailbox = ImapMailbox(
        host="127.0.0.1", port=closed_port, username="u", password="p", security="none",
        timeout_seconds=2,
    )

    with pytest.raises(ImapError) as caught:
        mailbox.fetch_new(None)
    assert caught.value.transient is True


@pytest.mark.parametrize("cursor", ["abc", "1", "1:2:3", "maildir-key.M1P2"])
def test_malformed_cursor_is_refused(server, cursor):
    with pytest.raises(ValueError, match="uidvalidity"):
        _mailbox(server).fetch_new(cursor)


def test_implicit_tls_with_a_trusted_certificate(loopback_tls, monkeypatch):
    cert, context = loopback_tls
    monkeypatch.setenv("SSL_CERT_FILE", cert)  # what ssl.create_default_context() trusts
    with ImapTestServer(username="reader", password="s3cret", ssl_context=context) as server:
        server.append(_raw(1))
        messages, cursor = _mailbox(server, security="ssl").fetch_new(None)

    assert (messages, cursor) == ([("imap:1:1", _raw(1))], "1:1")


def test_untrusted_certificate_is_refused(loopback_tls):
    _, context = loopback_tls
    with ImapTestServer(username="reader", password="s3cret", ssl_context=context) as server:
        with pytest.raises(ImapError, match="certificate") as caught:
            _mailbox(server, security="ssl").fetch_new(None)

    assert caught.value.transient is False
    assert "LOGIN" not in server.commands


def _read_replies(warehouse, mailbox, instance) -> int:
    """``raw_replies`` alone; how many messages it fetched."""
    import dagster as dg

    from resources.settings import SendPolicy
    from sdr_assets.replies import raw_replies

    result = dg.materialize([raw_replies], resources={"warehouse": warehouse, "mailbox": mailbox,
                                                      "policy": SendPolicy(now_override=NOW)}, instance=instance)
    assert result.success
    return result.get_asset_materialization_events()[0].materialization.metadata["fetched"].value


NOW = "2026-11-20T10:00:00+00:00"


def test_another_folder_is_read_from_its_first_message_and_a_position_kept_by_type_is_taken_over(server, tmp_path,
                                                                                                   instance):
    from resources.warehouse import Warehouse

    for n in (1, 2, 3, 4, 5):
        server.append(_raw(n))
    for n in (11, 12):  # the same UIDVALIDITY, UIDs below the position read to in INBOX
        server.append(_raw(n), folder="Replies")
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
    with warehouse.connect() as con:  # kept by an earlier version under the mailbox's type alone
        con.execute("create table mailbox_cursors (mailbox varchar primary key, cursor varchar)")
        con.execute("insert into mailbox_cursors values ('ImapMailbox', '1:3')")
    assert _read_replies(warehouse, _mailbox(server), instance) == 2, "INBOX goes on from where it was read to"
    assert _read_replies(warehouse, _mailbox(server, folder="Replies"), instance) == 2, "another folder from its start"
    assert _read_replies(warehouse, _mailbox(server), instance) == 0
    with warehouse.connect() as con:
        ids = {i for (i,) in con.execute("select message_id from raw_replies").fetchall()}
        kept = dict(con.execute("select mailbox, cursor from mailbox_cursors").fetchall())
    assert {"<reply11@example.com>", "<reply12@example.com>", "<reply4@example.com>"} <= ids
    assert kept == {"ImapMailbox reader@127.0.0.1:%d/INBOX" % server.port: "1:5",
                    "ImapMailbox reader@127.0.0.1:%d/Replies" % server.port: "1:2"}


def test_a_mailbox_the_sensor_cannot_read_holds_sends_until_it_reads_again(server, tmp_path):
    from datetime import datetime, timedelta

    import dagster as dg

    from resources.settings import SendPolicy
    from resources.warehouse import Warehouse
    from sdr_assets.reply_intake import sending_blocker
    from sensors.replies import reply_mailbox_sensor
    from tests.memory_instance import memory_instance

    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
    now, lag = datetime.fromisoformat(NOW), timedelta(minutes=5)

    def tick(mailbox):
        with memory_instance() as instance, dg.build_sensor_context(instance=instance, resources={
                "mailbox": mailbox, "warehouse": warehouse, "policy": SendPolicy(now_override=NOW)}) as context:
            return reply_mailbox_sensor(context)

    refused = tick(_mailbox(server, password="rotated"))  # the password was changed on the server
    assert "could not be read (ImapAuthenticationError" in refused.skip_message
    with warehouse.connect() as con:
        assert "replies could not be read from ImapMailbox reader@" in sending_blocker(con, now, lag)
    assert tick(_mailbox(server)).skip_message == "No new replies"
    with warehouse.connect() as con:
        assert sending_blocker(con, now, lag) is None, "read again, and nothing in it unread"


@pytest.mark.parametrize("fault", ["unreadable", "withheld"])
def test_a_message_the_server_does_not_hand_over_is_asked_for_again_alone_and_the_others_are_read_once(server,
                                                                                                       fault):
    for n in (1, 2, 3, 4, 5):
        server.append(_raw(n))
    getattr(server, fault).add(3)  # "NO Some messages could not be FETCHed", or "BODY[] NIL"
    mailbox = _mailbox(server)
    messages, cursor = mailbox.fetch_new(None)
    assert [key for key, _ in messages] == ["imap:1:1", "imap:1:2", "imap:1:4", "imap:1:5"] and cursor == "1:5:3"
    assert mailbox.waiting(cursor) == [], "a message still not handed over is nothing waiting"
    getattr(server, fault).clear()  # the server can read it again
    assert mailbox.waiting(cursor) == ["imap:1:3"]
    messages, cursor = mailbox.fetch_new(cursor)
    assert [key for key, _ in messages] == ["imap:1:3"] and cursor == "1:5"


def test_a_message_expunged_after_it_was_not_handed_over_is_no_longer_asked_for(server):
    for n in (1, 2, 3):
        server.append(_raw(n))
    server.withheld.add(2)
    messages, cursor = _mailbox(server).fetch_new(None)
    assert cursor == "1:3:2"
    server.expunge(2)
    server.append(_raw(4))
    messages, cursor = _mailbox(server).fetch_new(cursor)
    assert [key for key, _ in messages] == ["imap:1:4"] and cursor == "1:4"


def test_a_large_folder_is_searched_a_span_of_uids_at_a_time(server, monkeypatch):
    import resources.imap as imap

    monkeypatch.setattr(imap, "SEARCH_SPAN", 2)
    for n in (1, 2, 3, 4, 5):
        server.append(_raw(n))
    messages, cursor = _mailbox(server).fetch_new(None)
    assert [key for key, _ in messages] == [f"imap:1:{n}" for n in (1, 2, 3, 4, 5)] and cursor == "1:5"
    assert [c for c in server.commands if c.startswith("UID SEARCH")] == [
        "UID SEARCH UID 1:2", "UID SEARCH UID 3:4", "UID SEARCH UID 5:*"]


@pytest.mark.parametrize("word", ["x7", "-3", "1_0"])  # int() would take the last two
def test_a_search_answer_that_is_no_uids_is_refused_in_one_line(server, word):
    for n in (1, 2):
        server.append(_raw(n))
    server.search_garbage.append(word)
    with pytest.raises(ImapError) as caught:
        _mailbox(server).fetch_new(None)
    assert str(caught.value) == f"127.0.0.1:{server.port} answered UID SEARCH with {word!r}, which is no UID"


def test_a_replies_run_on_a_server_answering_garbage_fails_in_one_line_and_sends_wait(server, tmp_path, instance):
    from datetime import datetime, timedelta

    import dagster as dg

    from resources.settings import SendPolicy
    from resources.warehouse import Warehouse
    from sdr_assets.replies import raw_replies
    from sdr_assets.reply_intake import sending_blocker

    server.append(_raw(1))
    server.search_garbage.append("x7")
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
    result = dg.materialize([raw_replies], resources={"warehouse": warehouse, "mailbox": _mailbox(server),
                                                      "policy": SendPolicy(now_override=NOW)}, raise_on_error=False,
                                instance=instance)
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    refusal = failure.step_failure_data.user_failure_data
    assert refusal is not None, "a refusal shown as its one line, not a stack trace"
    assert refusal.description == (f"replies could not be read from ImapMailbox reader@127.0.0.1:{server.port}/INBOX: "
                                   f"127.0.0.1:{server.port} answered UID SEARCH with 'x7', which is no UID")
    with warehouse.connect() as con:
        blocker = sending_blocker(con, datetime.fromisoformat(NOW), timedelta(minutes=5))
    assert "replies could not be read from ImapMailbox reader@" in blocker and "which is no UID" in blocker


def test_an_answer_trickled_in_times_out_as_a_whole_and_the_next_read_gets_everything(server):
    import time

    for n in (1, 2, 3):
        server.append(_raw(n))
    server.trickled.add("UID FETCH")  # 8 bytes every 50 ms: each read well within the timeout
    started = time.monotonic()
    with pytest.raises(ImapError) as caught:
        _mailbox(server, timeout_seconds=0.5).fetch_new(None)
    assert time.monotonic() - started < 2.5, "the whole answer is bounded, not each read"
    assert caught.value.transient is True
    assert str(caught.value) == (f"IMAP server 127.0.0.1:{server.port} did not end its answer within 0.5 s; "
                                 "what it did not hand over is read next time")
    assert [c for c in server.commands if c.startswith("LOGOUT")] == [], "no LOGOUT left waiting on the tarpit"
    server.trickled.clear()
    messages, cursor = _mailbox(server).fetch_new(None)
    assert [key for key, _ in messages] == ["imap:1:1", "imap:1:2", "imap:1:3"] and cursor == "1:3"


def test_a_large_message_at_a_fair_pace_earns_time_past_the_timeout(server, monkeypatch):
    import resources.imap_connection as connection

    body = b"x" * 2000 + b"\r\n"
    server.append(_raw(1) + body)
    server.trickled.add("UID FETCH")  # 160 bytes every 50 ms: the answer takes about 0.7 s
    server.trickle_bytes = 160
    monkeypatch.setattr(connection, "ALLOWANCE_BYTES", 400)  # 3.2 KB/s earns eight seconds a second
    messages, _ = _mailbox(server, timeout_seconds=0.5).fetch_new(None)
    assert messages == [("imap:1:1", _raw(1) + body)]
    monkeypatch.setattr(connection, "ALLOWANCE_BYTES", 1 << 30)
    with pytest.raises(ImapError, match=r"did not end its answer within 0\.5 s"):
        _mailbox(server, timeout_seconds=0.5).fetch_new(None)


def test_a_replies_run_on_a_trickling_server_ends_in_one_line_and_the_next_run_reads_every_message(server, tmp_path,
                                                                                                     instance):
    import dagster as dg

    from resources.settings import SendPolicy
    from resources.warehouse import Warehouse
    from sdr_assets.replies import raw_replies

    for n in (1, 2, 3):
        server.append(_raw(n))
    server.trickled.add("UID FETCH")
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
    result = dg.materialize([raw_replies], resources={"warehouse": warehouse,
                                                      "mailbox": _mailbox(server, timeout_seconds=0.5),
                                                      "policy": SendPolicy(now_override=NOW)}, raise_on_error=False,
                                instance=instance)
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    refusal = failure.step_failure_data.user_failure_data
    assert refusal is not None, "its one line, not a stack trace"
    assert refusal.description == (f"replies could not be read from ImapMailbox reader@127.0.0.1:{server.port}/INBOX: "
                                   f"IMAP server 127.0.0.1:{server.port} did not end its answer within 0.5 s; "
                                   "what it did not hand over is read next time")
    with warehouse.connect() as con:
        assert con.execute("select count(*) from raw_replies").fetchone()[0] == 0
        assert con.execute("select count(*) from mailbox_cursors").fetchone()[0] == 0, "the position did not move"
    assert server.flags() == {1: set(), 2: set(), 3: set()}, "nothing marked read on the server"
    server.trickled.clear()
    assert _read_replies(warehouse, _mailbox(server), instance) == 3


@pytest.mark.parametrize("held", [0, 3])
def test_a_server_naming_no_uidnext_is_positioned_by_its_highest_uid_alone(server, held):
    """`UID SEARCH UID *` names the last message only: the whole folder's UIDs in one answer could pass
    imaplib's line limit."""
    for n in range(1, held + 1):
        server.append(_raw(n))
    server.announce_uidnext = False
    mailbox = _mailbox(server)
    assert mailbox.position_now() == f"1:{held}"
    assert [c for c in server.commands if c.startswith("UID SEARCH")] == ["UID SEARCH UID *"]
    server.append(_raw(held + 1))
    assert mailbox.fetch_new(f"1:{held}")[0] == [(f"imap:1:{held + 1}", _raw(held + 1))]
