"""A large backlog in the reply mailbox (a first setup reading from UID 1, a week of downtime).

The reply sensor's tick asks the server which messages wait by UID alone: it downloads no message,
so its cost does not grow with the mail that waits and it ends within Dagster's sensor timeout. The
replies run reads the backlog a bounded batch at a time and stores each batch with the position it
read to: a run that breaks mid-backlog keeps what it stored, and the next run reads on from there,
fetching no message it stored again. A message the server will not hand over is asked for again on
its own, without holding back the batches after it."""

import dagster as dg

from resources.warehouse import Warehouse
from tests.imap_backlog import BACKLOG, fetched, fill, mailbox, raw, read, stored_replies, tick
from tests.mail.imap_server import ImapTestServer
from tests.memory_instance import memory_instance


def test_a_tick_over_a_backlog_downloads_no_message_and_asks_for_one_run_of_all_of_it(tmp_path):
    with ImapTestServer(username="reader", password="s3cret") as server:
        fill(server)
        warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
        result = tick(server, warehouse)
    assert [r.tags["sdr/new_messages"] for r in result.run_requests] == [str(BACKLOG)]
    assert fetched(server) == [], "the tick decides what waits by UID, fetching no message"


def test_a_run_broken_mid_backlog_keeps_its_batches_and_the_next_reads_on_without_fetching_them_again(tmp_path):
    with ImapTestServer(username="reader", password="s3cret") as server:
        fill(server)
        server.drop_fetch_after = sum(len(raw(n)) for n in range(1, 151))  # inside the second hundred
        warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
        assert not read(warehouse, mailbox(server))
        stored, position = stored_replies(warehouse)
        assert (stored, position) == (100, "1:100"), "the first batch is kept with the position it read to"
        server.commands.clear()
        assert read(warehouse, mailbox(server))
        assert fetched(server) == list(range(101, BACKLOG + 1)), "each message left is fetched once"
    assert stored_replies(warehouse) == (BACKLOG, f"1:{BACKLOG}")


def test_a_message_the_server_will_not_hand_over_does_not_have_the_backlog_after_it_fetched_again(tmp_path):
    with ImapTestServer(username="reader", password="s3cret") as server:
        fill(server)
        server.withheld.add(5)  # BODY[] NIL, as for a message the server cannot read
        warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
        assert read(warehouse, mailbox(server))
        assert stored_replies(warehouse)[0] == BACKLOG - 1
        server.withheld.clear()
        server.commands.clear()
        assert read(warehouse, mailbox(server))
        assert fetched(server) == [5], "only the message not handed over is asked for again"
    assert stored_replies(warehouse) == (BACKLOG, f"1:{BACKLOG}")


def test_no_run_is_asked_for_while_a_replies_run_reads_the_backlog(tmp_path, defs):
    with ImapTestServer(username="reader", password="s3cret") as server:
        fill(server)
        warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
        server.drop_fetch_after = sum(len(raw(n)) for n in range(1, 151))  # the position moved to the first batch
        assert not read(warehouse, mailbox(server))
        with memory_instance() as instance:
            instance.create_run_for_job(defs.resolve_job_def("replies_job"), status=dg.DagsterRunStatus.STARTED)
            result = tick(server, warehouse, instance)
    assert isinstance(result, dg.SkipReason) and "a replies run is under way" in result.skip_message
