"""Messages the IMAP server would not hand over on a read (a FETCH answered NO for a while) are named
in the position and asked for again; once the server hands them over, the reply sensor's tick finds
that out with at most one batch of them downloaded, not all of them: the tick's cost stays bounded
however many the position names, and the run reads them all."""

from resources.warehouse import Warehouse
from tests.imap_backlog import BACKLOG, fetched, fill, mailbox, read, tick
from tests.mail.imap_server import ImapTestServer


def test_a_tick_downloads_at_most_one_batch_of_the_messages_the_position_names_as_not_handed_over(tmp_path):
    with ImapTestServer(username="reader", password="s3cret") as server:
        fill(server, "held")
        server.unreadable.update(range(1, BACKLOG + 1))  # "NO Some messages could not be FETCHed" for a while
        warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
        assert read(warehouse, mailbox(server))
        server.unreadable.clear()
        server.commands.clear()
        result = tick(server, warehouse)
        assert len(result.run_requests) == 1, "the messages handed over now are asked to be read"
        assert len(fetched(server)) <= 100, "the tick downloads one batch at most, not every message held"
        assert read(warehouse, mailbox(server))
    with warehouse.connect() as con:
        assert con.execute("select count(*) from raw_replies").fetchone()[0] == BACKLOG
        assert con.execute("select cursor from mailbox_cursors").fetchone()[0] == f"1:{BACKLOG}"
