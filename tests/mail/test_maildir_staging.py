"""Staging in the maildir outbox: a message signed and written to tmp/ ahead of its hand-over is not
delivered until ``send`` links it, and is never delivered stale."""

import os
from datetime import UTC, datetime
from pathlib import Path

import dkim
import pytest

from resources.dkim import create_key, dns_record
from resources.mail import MaildirOutbox
from sdr_assets.domain.messages import build_message

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
SENDER = "sam@outreach.example"


def _message(i: int, subject: str = "Your RevOps hire"):
    return build_message(secret=b"k" * 32, send_key=f"key{i}",
                         sender_name="Sam", sender_email=SENDER, postal_address="1 Example Street, Springfield",
                         to_name=f"Contact {i}", to_email=f"contact{i}@acme{i}.example", subject=subject,
                         body=f"Hello {i},\n\nA short note.", sent_at=NOW, sending_domain="outreach.example",
                         unsubscribe_url="https://outreach.example/u")


def _files(outbox: MaildirOutbox, sub: str) -> list[Path]:
    folder = Path(outbox.path) / sub
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def signing(tmp_path):
    key = tmp_path / "dkim" / "sdr.private.pem"
    create_key(key)
    outbox = MaildirOutbox(path=str(tmp_path / "outbox"), dkim_key_path=str(key), dkim_domain="outreach.example")
    return outbox, key


def _verifies(raw: bytes, key: Path) -> bool:
    record = dns_record(key, "sdr", "outreach.example").value.encode()
    return dkim.verify(raw, dnsfunc=lambda name, timeout=5: record)


def test_a_staged_message_waits_in_tmp_until_it_is_sent(signing):
    outbox, key = signing
    message = _message(1)

    outbox.stage_many([message])

    (staged,) = _files(outbox, "tmp")
    assert _files(outbox, "new") == [] and outbox.delivered({str(message["Message-ID"])}) == set()
    signed = staged.read_bytes()
    assert _verifies(signed, key)

    transport_id = outbox.send(message)

    (delivered,) = _files(outbox, "new")
    assert _files(outbox, "tmp") == []
    assert delivered.read_bytes() == signed and transport_id == f"maildir:{delivered.name}"
    assert outbox.delivered({str(message["Message-ID"])}) == {str(message["Message-ID"])}


def test_unstaging_leaves_nothing_behind(signing):
    outbox, _ = signing
    message = _message(1)
    outbox.stage_many([message])

    outbox.unstage(message)
    outbox.unstage(message)

    assert _files(outbox, "tmp") == [] and _files(outbox, "new") == []


def test_a_message_changed_after_staging_goes_out_as_it_is_now(signing):
    outbox, key = signing
    message = _message(1)
    outbox.stage_many([message])

    message.replace_header("Subject", "A subject written after staging")
    outbox.send(message)

    (delivered,) = _files(outbox, "new")
    raw = delivered.read_bytes()
    assert b"Subject: A subject written after staging" in raw and _verifies(raw, key)
    assert _files(outbox, "tmp") == [], "the stale staging is removed"


def test_a_key_replaced_after_staging_signs_the_delivered_message(signing):
    outbox, key = signing
    message = _message(1)
    outbox.stage_many([message])
    old_record = dns_record(key, "sdr", "outreach.example").value.encode()

    key.unlink()
    create_key(key)
    outbox.send(message)

    (delivered,) = _files(outbox, "new")
    raw = delivered.read_bytes()
    assert _verifies(raw, key) and not dkim.verify(raw, dnsfunc=lambda name, timeout=5: old_record)
    assert _files(outbox, "tmp") == []


def test_a_staging_that_fails_leaves_nothing_and_the_send_reports_the_failure(tmp_path):
    blocked = tmp_path / "outbox"
    blocked.write_text("a file where the maildir should be")
    outbox = MaildirOutbox(path=str(blocked))
    message = _message(1)

    outbox.stage_many([message])

    assert "_staged" not in message.__dict__
    with pytest.raises(OSError):
        outbox.send(message)


class FlushLog:
    """The outbox's flushes, made for real and counted: one ``syncfs`` per group, fsyncs otherwise."""

    def __init__(self, monkeypatch, syncfs_result: int | None = 0):
        import resources.mail as mail

        self.syncfs_calls, self.fsyncs = 0, 0
        real_fsync = os.fsync

        def syncfs(fd: int) -> int:
            self.syncfs_calls += 1
            real_fsync(fd)
            return syncfs_result

        def fsync(fd: int) -> None:
            self.fsyncs += 1
            real_fsync(fd)

        monkeypatch.setattr(mail, "_SYNCFS", None if syncfs_result is None else syncfs)
        monkeypatch.setattr(mail.os, "fsync", fsync)


def test_a_group_is_staged_with_one_flush_and_each_message_goes_out_as_staged(signing, monkeypatch):
    outbox, key = signing
    flushes = FlushLog(monkeypatch)
    messages = [_message(i) for i in range(5)]

    outbox.stage_many(messages)

    assert (flushes.syncfs_calls, flushes.fsyncs) == (1, 0)
    staged = {p.name: p.read_bytes() for p in _files(outbox, "tmp")}
    assert len(staged) == 5 and _files(outbox, "new") == []
    for message in messages:
        outbox.send(message)
    delivered = {p.name: p.read_bytes() for p in _files(outbox, "new")}
    assert delivered == staged and all(_verifies(raw, key) for raw in delivered.values())
    assert _files(outbox, "tmp") == [] and flushes.fsyncs == 0, "sending a staged message writes nothing again"


def test_without_syncfs_each_file_of_a_group_is_fsynced(signing, monkeypatch):
    outbox, _ = signing
    flushes = FlushLog(monkeypatch, syncfs_result=None)

    outbox.stage_many([_message(i) for i in range(3)])

    assert flushes.fsyncs == 3 and len(_files(outbox, "tmp")) == 3


def test_a_group_whose_flush_fails_is_not_staged_and_each_message_is_sent_in_full(signing, monkeypatch):
    outbox, key = signing
    flushes = FlushLog(monkeypatch, syncfs_result=-1)
    messages = [_message(i) for i in range(3)]

    outbox.stage_many(messages)

    assert flushes.syncfs_calls == 1 and _files(outbox, "tmp") == []
    assert not any("_staged" in m.__dict__ for m in messages)
    for message in messages:
        outbox.send(message)
    assert flushes.fsyncs == 3, "each message written and fsynced by its own send"
    assert len(_files(outbox, "new")) == 3 and all(_verifies(p.read_bytes(), key) for p in _files(outbox, "new"))


class RefusingOutbox(MaildirOutbox):
    """A maildir whose signing fails for one recipient."""

    def signed(self, raw: bytes) -> bytes:
        if b"contact1@" in raw:
            raise ValueError("no signature for this one")
        return super().signed(raw)


def test_one_message_that_cannot_be_staged_leaves_the_rest_of_its_group_staged(signing):
    _, key = signing
    outbox = RefusingOutbox(path=str(key.parent.parent / "outbox"), dkim_key_path=str(key),
                            dkim_domain="outreach.example")
    messages = [_message(i) for i in range(3)]

    outbox.stage_many(messages)

    assert ["_staged" in m.__dict__ for m in messages] == [True, False, True]
    assert len(_files(outbox, "tmp")) == 2
    with pytest.raises(ValueError, match="no signature"):
        outbox.send(messages[1])
