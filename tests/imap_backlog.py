"""A backlog in the reply mailbox: ``BACKLOG`` replies on the test IMAP server (``fill``), read by the replies
run (``read``, or ``run`` for its result, over any reader such as a maildir broken mid-backlog:
``BreaksAfterOneBatch``) and asked about by the reply sensor's tick a minute after ``T0`` (``tick``); what
the client asked the server to hand over (``fetched``) and what the warehouse stored (``stored_replies``)."""

from contextlib import ExitStack
from datetime import datetime, timedelta

import dagster as dg

from resources.imap import ImapMailbox
from resources.mailbox import MaildirMailbox
from resources.settings import SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.replies import raw_replies
from sensors.replies import reply_mailbox_sensor
from tests.mail.imap_server import ImapTestServer
from tests.memory_instance import memory_instance

T0 = datetime.fromisoformat("2026-11-20T10:00:00+00:00")
BACKLOG = 250


def raw(n: int, tag: str = "backlog") -> bytes:
    """Reply ``n`` of the backlog, its Message-ID <{tag}{n}@example.com>."""
    return (f"From: Prospect {n} <p{n}@example.com>\r\nTo: sam@example.org\r\nSubject: Re: hi {n}\r\n"
            f"Message-ID: <{tag}{n}@example.com>\r\n\r\nreply {n}\r\n").encode()


def fill(server: ImapTestServer, tag: str = "backlog") -> None:
    """Puts the ``BACKLOG`` replies in the server's mailbox, UIDs 1 to ``BACKLOG``."""
    for n in range(1, BACKLOG + 1):
        server.append(raw(n, tag))


def mailbox(server: ImapTestServer) -> ImapMailbox:
    return ImapMailbox(host="127.0.0.1", port=server.port, username="reader", password="s3cret",
                       security="none", timeout_seconds=5.0)


class BreaksAfterOneBatch(MaildirMailbox):
    """The maildir whose read fails after its first batch, as a run killed mid-backlog does."""

    def read_batches(self, cursor):
        batches = super().read_batches(cursor)
        yield next(batches)
        raise OSError("the run was stopped")

    def position_name(self) -> str:
        return "MaildirMailbox"


def run(warehouse: Warehouse, reader: ImapMailbox | MaildirMailbox) -> dg.ExecuteInProcessResult:
    """A replies run (``raw_replies``) at ``T0`` reading ``reader``; a failure is in its result, not raised."""
    return dg.materialize([raw_replies], raise_on_error=False, resources={
        "warehouse": warehouse, "mailbox": reader, "policy": SendPolicy(now_override=T0.isoformat())})


def read(warehouse: Warehouse, reader: ImapMailbox) -> bool:
    """Whether a replies run (``raw_replies``) at ``T0`` read the mailbox without failing."""
    return run(warehouse, reader).success


def tick(server: ImapTestServer, warehouse: Warehouse, instance: dg.DagsterInstance | None = None):
    """The reply sensor's tick a minute after ``T0``, on ``instance`` (an empty one by default)."""
    with ExitStack() as stack:
        instance = instance if instance is not None else stack.enter_context(memory_instance())
        with dg.build_sensor_context(instance=instance, resources={
                "mailbox": mailbox(server), "warehouse": warehouse,
                "policy": SendPolicy(now_override=(T0 + timedelta(minutes=1)).isoformat())}) as context:
            return reply_mailbox_sensor(context)


def fetched(server: ImapTestServer) -> list[int]:
    """The UIDs the client asked the server to hand over, in order, one entry per time asked."""
    return [int(uid) for command in server.commands if command.startswith("UID FETCH")
            for uid in command.split()[2].split(",")]


def stored_replies(warehouse: Warehouse) -> tuple[int, str | None]:
    """How many replies the warehouse holds, and the mailbox position it read to."""
    with warehouse.connect() as con:
        count = con.execute("select count(*) from raw_replies").fetchone()[0]
        position = con.execute("select cursor from mailbox_cursors").fetchone()
    return count, position and position[0]
