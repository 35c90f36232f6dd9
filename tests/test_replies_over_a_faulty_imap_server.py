"""Replies read over IMAP from a server that misbehaves: the connection dropped mid-FETCH, a folder
renumbered (a new UIDVALIDITY), a message answered twice, a 30 MB message, broken MIME and an unknown
charset. Nothing is lost, nothing is stored or classified twice, opt-outs are still honoured, and
while the mailbox cannot be read the send step waits, saying why in one line."""

import sys
from datetime import timedelta
from pathlib import Path

import dagster as dg
import pytest

from resources.imap import ImapMailbox
from sdr_assets.reply_intake import sending_blocker
from tests.send_world import START, _headers, first_emails_sent

sys.path.insert(0, str(Path(__file__).parent / "mail"))
from imap_server import ImapTestServer  # noqa: E402

AT = START + timedelta(hours=1)


def _reply(sent, content_type: str, body: bytes) -> bytes:
    return (_headers(sent.address, "Re: hello", sent.message_id, AT, content_type)
            + content_type + "\r\n\r\n").encode() + body


def _replies(sent) -> list[bytes]:
    """An opt-out in an unknown charset, a plain reply, a 30 MB opt-out, an opt-out cut short."""
    return [
        _reply(sent[0], "Content-Type: text/plain; charset=x-unknown-8", b"Please unsubscribe me.\r\n"),
        _reply(sent[1], "Content-Type: text/plain; charset=utf-8", b"Thanks, not right now.\r\n"),
        _reply(sent[2], "Content-Type: text/plain; charset=utf-8",
               b"Unsubscribe me, please.\r\n\r\n" + (b"x" * 76 + b"\r\n") * (30 * 1024 * 1024 // 78)),
        _reply(sent[3], 'Content-Type: multipart/mixed; boundary="cut"',
               b"--cut\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nRemove me from your list.\r\n--cu"),
    ]


def _stored(world) -> tuple[int, int, int]:
    with world.warehouse.connect() as con:
        return tuple(con.execute(f"select count(*) from {t}").fetchone()[0]
                     for t in ("raw_replies", "reply_classifications", "quarantined_replies"))


@pytest.fixture
def world(tmp_path):
    return first_emails_sent(tmp_path)


def test_replies_from_a_faulty_server_are_each_read_once_and_opt_outs_honoured(world):
    sent = world.outbox()
    with ImapTestServer(username="reader", password="s3cret") as server:
        for raw in _replies(sent):
            server.append(raw)
        world.resources = {**world.resources, "mailbox": ImapMailbox(
            host="127.0.0.1", port=server.port, username="reader", password="s3cret", security="none",
            timeout_seconds=5.0)}
        server.drop_fetch_after = 20_000_000  # inside the 30 MB message
        with pytest.raises(dg.Failure) as caught:
            world.process()
        assert "socket error: EOF" in caught.value.description
        assert "LOGOUT" not in caught.value.description, "the command that broke, not the goodbye after it"
        with world.warehouse.connect() as con:
            assert "replies could not be read" in sending_blocker(con, AT, timedelta(minutes=5))
            assert con.execute("select count(*) from raw_replies").fetchone()[0] == 0
        world.process()
        assert _stored(world) == (4, 4, 0)
        server.renumber()  # a new UIDVALIDITY: every message is listed again
        server.doubled.update({1, 2})
        world.process()
        assert _stored(world) == (4, 4, 0)
        with world.warehouse.connect() as con:
            assert sending_blocker(con, AT, timedelta(minutes=5)) is None
            labels = sorted(label for (label,) in con.execute("select label from reply_classifications").fetchall())
    assert labels.count("unsubscribe") == 3
    assert [bool(world.suppressed(s.address)) for s in sent] == [True, False, True, True]


def test_a_reply_padded_with_empty_lines_is_read_in_linear_time():
    import time

    from sdr_assets.triage.classify import classify_message

    raw = (b"From: a@b.example\r\nTo: sam@outreach.example\r\nSubject: Re: hi\r\nMessage-ID: <pad@b.example>\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\n\r\nUnsubscribe me, please.\r\n" + b"\r\n" * 100_000)
    started = time.monotonic()
    result = classify_message(raw)
    assert time.monotonic() - started < 5, "200 KB of empty lines took minutes: quadratic quote scanning"
    assert result.label == "unsubscribe"
