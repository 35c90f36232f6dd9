"""Messages the IMAP server would not hand over on a read (a FETCH answered NO for a while) are named
in the position and asked for again; once the server hands them over, the reply sensor's tick finds
that out with at most one batch of them downloaded, not all of them: the tick's cost stays bounded
however many the position names, and the run reads them all."""

from datetime import datetime, timedelta

import dagster as dg

from resources.imap import ImapMailbox
from resources.settings import SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.replies import raw_replies
from sensors.replies import reply_mailbox_sensor
from tests.mail.imap_server import ImapTestServer
from tests.memory_instance import memory_instance

T0 = datetime.fromisoformat("2026-11-20T10:00:00+00:00")
BACKLOG = 250


def _raw(n: int) -> bytes:
    return (f"From: Prospect {n} <p{n}@example.com>\r\nTo: sam@example.org\r\nSubject: Re: hi {n}\r\n"
            f"Message-ID: <held{n}@example.com>\r\n\r\nreply {n}\r\n").encode()


def _mailbox(server: ImapTestServer) -> ImapMailbox:
    return ImapMailbox(host="127.0.0.1", port=server.port, username="reader", password="s3cret",
                       security="none", timeout_seconds=5.0)


def _read(warehouse: Warehouse, mailbox: ImapMailbox) -> bool:
    return dg.materialize([raw_replies], raise_on_error=False, resources={
        "warehouse": warehouse, "mailbox": mailbox, "policy": SendPolicy(now_override=T0.isoformat())}).success


def _fetched(server: ImapTestServer) -> list[int]:
    return [int(uid) for command in server.commands if command.startswith("UID FETCH")
            for uid in command.split()[2].split(",")]


def test_a_tick_downloads_at_most_one_batch_of_the_messages_the_position_names_as_not_handed_over(tmp_path):
    with ImapTestServer(username="reader", password="s3cret") as server:
        for n in range(1, BACKLOG + 1):
            server.append(_raw(n))
        server.unreadable.update(range(1, BACKLOG + 1))  # "NO Some messages could not be FETCHed" for a while
        warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
        assert _read(warehouse, _mailbox(server))
        server.unreadable.clear()
        server.commands.clear()
        with memory_instance() as instance, dg.build_sensor_context(instance=instance, resources={
                "mailbox": _mailbox(server), "warehouse": warehouse,
                "policy": SendPolicy(now_override=(T0 + timedelta(minutes=1)).isoformat())}) as context:
            result = reply_mailbox_sensor(context)
        assert len(result.run_requests) == 1, "the messages handed over now are asked to be read"
        assert len(_fetched(server)) <= 100, "the tick downloads one batch at most, not every message held"
        assert _read(warehouse, _mailbox(server))
    with warehouse.connect() as con:
        assert con.execute("select count(*) from raw_replies").fetchone()[0] == BACKLOG
        assert con.execute("select cursor from mailbox_cursors").fetchone()[0] == f"1:{BACKLOG}"
