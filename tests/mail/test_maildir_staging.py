"""Staging in the maildir outbox: a message signed and written to tmp/ ahead of its hand-over is not
delivered until ``send`` links it, and is never delivered stale."""

import threading
from datetime import UTC, datetime
from pathlib import Path

import dkim
import duckdb
import pytest

from resources.dkim import create_key, dns_record
from resources.mail import MaildirOutbox
from resources.store.approvals import record_decision
from sdr_assets.domain.messages import build_message
from sdr_assets.domain.sequencing import send_key
from sdr_assets.playbook import load_plays
from sdr_assets.send_loop import send_batch
from sdr_assets.sends import LEDGER_DDL

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
PLAYS = Path(__file__).resolve().parents[2] / "data" / "plays"
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


class RecordingOutbox(MaildirOutbox):
    """A real maildir noting which thread stages each message and when it is handed over."""

    events: list = []

    def stage(self, message) -> None:
        self.events.append(("stage", str(message["Message-ID"]), threading.current_thread().name))
        super().stage(message)

    def send(self, message) -> str:
        self.events.append(("send", str(message["Message-ID"]), threading.current_thread().name))
        return super().send(message)


def _approved(tmp_path, play) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute(LEDGER_DDL)
    record_decision(con, play, play.version_hash, "approve", "Dana Whitfield", now=NOW)
    return con


def _drafts(play, n: int) -> list[dict]:
    return [{"send_key": send_key(play.name, f"contact{i}@acme{i}.example", 1), "play": play.name,
             "draft_id": f"d{i}", "company_domain": f"acme{i}.example", "contact_email": f"contact{i}@acme{i}.example",
             "contact_name": f"Contact {i}", "step": 1, "variant": "a", "signal_type": "hiring", "fit": 0.5,
             "subject": "Your RevOps hire", "body": f"Hello {i},\n\nA short note."} for i in range(n)]


def test_a_batch_builds_and_stages_on_a_helper_thread_and_delivers_only_what_it_hands_over(tmp_path):
    """Messages are built and staged off the batch's thread; a revocation after the second hand-over
    leaves the staged rest unsent and removed from tmp/."""
    play = load_plays(PLAYS).plays["revops-hiring"]
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
        return build_message(secret=b"k" * 32, send_key=draft["send_key"], play=play.name,
                             play_version=play.version_hash, sender_name="Sam", sender_email=SENDER,
                             postal_address="1 Example Street, Springfield", to_name=draft["contact_name"],
                             to_email=address, subject=draft["subject"], body=draft["body"], sent_at=NOW,
                             sending_domain="outreach.example", unsubscribe_url="https://outreach.example/u")

    outbox = RevokingOutbox(path=str(tmp_path / "outbox"), events=[])
    outcome = send_batch(con, _drafts(play, 6), play, "Dana Whitfield", SENDER, outbox, NOW, make, lambda _: None)

    main = threading.current_thread().name
    assert outcome.sent == 2 and outcome.halted == "approval withdrawn during the batch"
    assert len(builders) == 6 and main not in builders
    stages = [(msg_id, thread) for event, msg_id, thread in outbox.events if event == "stage"]
    sends = [(msg_id, thread) for event, msg_id, thread in outbox.events if event == "send"]
    assert {thread for _, thread in stages} != {main} and {thread for _, thread in sends} == {main}
    for msg_id, _ in sends:
        assert outbox.events.index(("send", msg_id, main)) > [e[1] for e in outbox.events].index(msg_id), \
            "each message is staged before its hand-over"
    assert len(_files(outbox, "new")) == 2 and _files(outbox, "tmp") == []
    assert con.execute("select status, count(*) from send_ledger group by all").fetchall() == [("sent", 2)]
