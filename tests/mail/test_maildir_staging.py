"""Staging in the maildir outbox: a message signed and written to tmp/ ahead of its hand-over is not
delivered until ``send`` links it, and is never delivered stale."""

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
    return build_message(secret=b"k" * 32, send_key=f"key{i}", play="revops-hiring", play_version="v1",
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

    outbox.stage(message)

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
    outbox.stage(message)

    outbox.unstage(message)
    outbox.unstage(message)

    assert _files(outbox, "tmp") == [] and _files(outbox, "new") == []


def test_a_message_changed_after_staging_goes_out_as_it_is_now(signing):
    outbox, key = signing
    message = _message(1)
    outbox.stage(message)

    message.replace_header("Subject", "A subject written after staging")
    outbox.send(message)

    (delivered,) = _files(outbox, "new")
    raw = delivered.read_bytes()
    assert b"Subject: A subject written after staging" in raw and _verifies(raw, key)
    assert _files(outbox, "tmp") == [], "the stale staging is removed"


def test_a_key_replaced_after_staging_signs_the_delivered_message(signing):
    outbox, key = signing
    message = _message(1)
    outbox.stage(message)
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

    outbox.stage(message)

    assert "_staged" not in message.__dict__
    with pytest.raises(OSError):
        outbox.send(message)
