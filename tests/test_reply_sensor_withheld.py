"""A message the IMAP server will not hand over holds the mailbox's position before it, so every read
hands over again the messages after it. Those a replies run stored are not unread: they do not hold
sending back as unread mail, nor count as new messages, while a message that really is new still does."""

from datetime import datetime, timedelta

import dagster as dg

from resources.imap import ImapMailbox
from resources.settings import SendPolicy
from resources.tables import one, table_exists
from resources.warehouse import Warehouse
from sdr_assets.replies import raw_replies
from sdr_assets.reply_intake import sending_blocker
from sensors.replies import reply_mailbox_sensor
from tests.mail.imap_server import ImapTestServer
from tests.memory_instance import memory_instance

T0 = datetime.fromisoformat("2026-11-20T10:00:00+00:00")


def _raw(n: int) -> bytes:
    return (f"From: Prospect {n} <p{n}@example.com>\r\nTo: sam@example.org\r\nSubject: Re: hi {n}\r\n"
            f"Message-ID: <reply{n}@example.com>\r\n\r\nreply {n}\r\n").encode()


def test_stored_messages_behind_a_withheld_one_are_not_unread_and_new_mail_still_asks_for_a_run(tmp_path):
    with ImapTestServer(username="reader", password="s3cret") as server:
        for n in (1, 2, 3):
            server.append(_raw(n))
        server.withheld.add(2)  # BODY[] NIL for UID 2, as for a message the server cannot read
        mailbox = ImapMailbox(host="127.0.0.1", port=server.port, username="reader", password="s3cret",
                              security="none", timeout_seconds=5.0)
        warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
        assert dg.materialize([raw_replies], resources={
            "warehouse": warehouse, "mailbox": mailbox, "policy": SendPolicy(now_override=T0.isoformat())}).success

        def tick(minutes: int):
            now = T0 + timedelta(minutes=minutes)
            with dg.build_sensor_context(instance=instance, resources={
                    "mailbox": mailbox, "warehouse": warehouse,
                    "policy": SendPolicy(now_override=now.isoformat())}) as context:
                return reply_mailbox_sensor(context)

        with memory_instance() as instance:
            for minutes in (1, 2, 10):
                result = tick(minutes)  # the stored two, not triaged, are asked for as a batch of no new message
                assert [r.tags["sdr/new_messages"] for r in result.run_requests] == ["0"]
            with warehouse.connect() as con:
                assert not table_exists(con, "unread_mail") or one(con, "select count(*) from unread_mail") == (0,)
                blocker = sending_blocker(con, T0 + timedelta(minutes=10), timedelta(minutes=5))
            # Only the classification of the stored two waits (this test runs no classification step).
            assert blocker.startswith("2 replies fetched since") and "not classified yet" in blocker

            server.append(_raw(4))
            result = tick(11)
        assert [r.tags["sdr/new_messages"] for r in result.run_requests] == ["1"]
