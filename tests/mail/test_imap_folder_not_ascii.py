"""A reply folder named in a language other than English is opened by its name on the wire (RFC 3501 5.1.3)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from imap_server import ImapTestServer  # noqa: E402

from resources.imap import ImapMailbox  # noqa: E402

RAW = b"From: Ana <ana@example.com>\r\nMessage-ID: <r1@example.com>\r\nSubject: Re: hi\r\n\r\nGladly.\r\n"


@pytest.mark.parametrize(("folder", "on_the_wire"), [
    ("Réponses", "R&AOk-ponses"),
    ("Posteingang/Antworten & Fragen", "Posteingang/Antworten &- Fragen"),
    ("返信", "&j9RP4Q-"),
])
def test_a_folder_named_outside_ascii_is_read_by_its_modified_utf7_name(folder, on_the_wire):
    """The folder as a person names it is read, and the server is asked for it under the name it lists."""
    with ImapTestServer(username="reader", password="s3cret") as server:
        server.append(RAW, folder=on_the_wire)
        mailbox = ImapMailbox(host="127.0.0.1", port=server.port, username="reader", password="s3cret",
                              security="none", timeout_seconds=5.0, folder=folder)
        messages, cursor = mailbox.fetch_new(None)
        assert mailbox.position_now() == cursor
    assert messages == [("imap:1:1", RAW)]
    assert cursor == "1:1"
    assert f"EXAMINE {on_the_wire}" in server.commands


def test_an_ascii_folder_name_is_sent_as_written():
    """A name already in the server's form (as the server lists it) is not encoded twice."""
    with ImapTestServer(username="reader", password="s3cret") as server:
        server.append(RAW, folder="R&AOk-ponses")
        mailbox = ImapMailbox(host="127.0.0.1", port=server.port, username="reader", password="s3cret",
                              security="none", timeout_seconds=5.0, folder="R&AOk-ponses")
        messages, _ = mailbox.fetch_new(None)
    assert messages == [("imap:1:1", RAW)]
