"""Reply ingestion over real IMAP on 127.0.0.1: incremental, deduplicated, raw kept, none lost."""

import sys
from email.message import EmailMessage
from pathlib import Path

from resources.imap import ImapMailbox
from sdr_assets.domain.reply_ids import content_digest, derived_id
from sdr_assets.assembly import build_definitions
from sdr_assets.runner import RunReport, run_replies

sys.path.insert(0, str(Path(__file__).parent / "mail"))
from imap_server import ImapTestServer  # noqa: E402


def _message(n: int, message_id: str | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"person{n}@acme.example"
    msg["To"] = "sam@outreach.example"
    msg["Subject"] = "Re: your note"
    msg["Date"] = "Fri, 20 Nov 2026 10:00:00 +0000"
    msg["Message-ID"] = message_id or f"<m{n}@acme.example>"
    msg["In-Reply-To"] = "<sdr-00000000000000000000abcd@outreach.example>"
    msg.set_content("Thanks, this is interesting. Could we talk next week?")
    return msg.as_bytes()


def test_imap_replies_are_ingested_once_each_and_kept_raw(resources, instance):
    with ImapTestServer(username="reader", password="s3cret") as server:
        mailbox = ImapMailbox(host="127.0.0.1", port=server.port, username="reader", password="s3cret",
                              security="none", timeout_seconds=5.0)
        defs_imap = build_definitions({**resources, "mailbox": mailbox})
        server.append(_message(1))
        server.append(_message(2))
        run_replies(defs_imap, instance, report := RunReport())
        server.append(_message(3))
        server.append(_message(1))  # delivered again, byte for byte
        server.append(reused := _message(4, message_id="<m1@acme.example>"))  # another sender's, same Message-ID
        run_replies(defs_imap, instance, report)
        run_replies(defs_imap, instance, report)
    assert not report.failed
    with resources["warehouse"].connect() as con:
        rows = con.execute("select message_id, message_key, raw from raw_replies order by message_id").fetchall()
        kinds = con.execute("select kind, label from reply_classifications").fetchall()
    assert [r[0] for r in rows] == ["<m1@acme.example>", "<m2@acme.example>", "<m3@acme.example>",
                                    derived_id("<m1@acme.example>", content_digest(reused))]
    assert all(r[1].startswith("imap:") for r in rows)
    assert bytes(rows[0][2]) == _message(1), "the raw message is kept byte for byte"
    assert bytes(rows[3][2]) == reused, "the second holder of a Message-ID is kept, its header as it came"
    assert kinds == [("human", "interested")] * 4
