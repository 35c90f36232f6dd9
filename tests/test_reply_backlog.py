"""A large backlog in the reply mailbox (a first setup reading from UID 1, a week of downtime).

The reply sensor's tick asks the server which messages wait by UID alone: it downloads no message,
so its cost does not grow with the mail that waits and it ends within Dagster's sensor timeout. The
replies run reads the backlog a bounded batch at a time and stores each batch with the position it
read to: a run that breaks mid-backlog keeps what it stored, and the next run reads on from there,
fetching no message it stored again. A message the server will not hand over is asked for again on
its own, without holding back the batches after it."""

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
            f"Message-ID: <backlog{n}@example.com>\r\n\r\nreply {n}\r\n").encode()


def _mailbox(server: ImapTestServer) -> ImapMailbox:
    return ImapMailbox(host="127.0.0.1", port=server.port, username="reader", password="s3cret",
                       security="none", timeout_seconds=5.0)


def _read(warehouse: Warehouse, mailbox: ImapMailbox) -> bool:
    return dg.materialize([raw_replies], raise_on_error=False, resources={
        "warehouse": warehouse, "mailbox": mailbox, "policy": SendPolicy(now_override=T0.isoformat())}).success


def _fetched(server: ImapTestServer) -> list[int]:
    """The UIDs the client asked the server to hand over, in order, one entry per time asked."""
    return [int(uid) for command in server.commands if command.startswith("UID FETCH")
            for uid in command.split()[2].split(",")]


def _stored(warehouse: Warehouse) -> tuple[int, str | None]:
    with warehouse.connect() as con:
        count = con.execute("select count(*) from raw_replies").fetchone()[0]
        position = con.execute("select cursor from mailbox_cursors").fetchone()
    return count, position and position[0]


def test_a_tick_over_a_backlog_downloads_no_message_and_asks_for_one_run_of_all_of_it(tmp_path):
    with ImapTestServer(username="reader", password="s3cret") as server:
        for n in range(1, BACKLOG + 1):
            server.append(_raw(n))
        warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
        with memory_instance() as instance, dg.build_sensor_context(instance=instance, resources={
                "mailbox": _mailbox(server), "warehouse": warehouse,
                "policy": SendPolicy(now_override=(T0 + timedelta(minutes=1)).isoformat())}) as context:
            result = reply_mailbox_sensor(context)
    assert [r.tags["sdr/new_messages"] for r in result.run_requests] == [str(BACKLOG)]
    assert _fetched(server) == [], "the tick decides what waits by UID, fetching no message"


def test_a_run_broken_mid_backlog_keeps_its_batches_and_the_next_reads_on_without_fetching_them_again(tmp_path):
    with ImapTestServer(username="reader", password="s3cret") as server:
        for n in range(1, BACKLOG + 1):
            server.append(_raw(n))
        server.drop_fetch_after = sum(len(_raw(n)) for n in range(1, 151))  # inside the second hundred
        warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
        assert not _read(warehouse, _mailbox(server))
        stored, position = _stored(warehouse)
        assert (stored, position) == (100, "1:100"), "the first batch is kept with the position it read to"
        server.commands.clear()
        assert _read(warehouse, _mailbox(server))
        assert _fetched(server) == list(range(101, BACKLOG + 1)), "each message left is fetched once"
    assert _stored(warehouse) == (BACKLOG, f"1:{BACKLOG}")


def test_a_message_the_server_will_not_hand_over_does_not_have_the_backlog_after_it_fetched_again(tmp_path):
    with ImapTestServer(username="reader", password="s3cret") as server:
        for n in range(1, BACKLOG + 1):
            server.append(_raw(n))
        server.withheld.add(5)  # BODY[] NIL, as for a message the server cannot read
        warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
        assert _read(warehouse, _mailbox(server))
        assert _stored(warehouse)[0] == BACKLOG - 1
        server.withheld.clear()
        server.commands.clear()
        assert _read(warehouse, _mailbox(server))
        assert _fetched(server) == [5], "only the message not handed over is asked for again"
    assert _stored(warehouse) == (BACKLOG, f"1:{BACKLOG}")


def test_no_run_is_asked_for_while_a_replies_run_reads_the_backlog(tmp_path, defs):
    with ImapTestServer(username="reader", password="s3cret") as server:
        for n in range(1, BACKLOG + 1):
            server.append(_raw(n))
        warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
        server.drop_fetch_after = sum(len(_raw(n)) for n in range(1, 151))  # the position moved to the first batch
        assert not _read(warehouse, _mailbox(server))
        with memory_instance() as instance:
            instance.create_run_for_job(defs.resolve_job_def("replies_job"), status=dg.DagsterRunStatus.STARTED)
            with dg.build_sensor_context(instance=instance, resources={
                    "mailbox": _mailbox(server), "warehouse": warehouse,
                    "policy": SendPolicy(now_override=(T0 + timedelta(minutes=1)).isoformat())}) as context:
                result = reply_mailbox_sensor(context)
    assert isinstance(result, dg.SkipReason) and "a replies run is under way" in result.skip_message
