"""A replies run that stored a batch of the backlog and then broke leaves those replies stored and not
triaged. Once the mailbox reads again with nothing in it left unread (the rest was filed away
meanwhile, or the read broke after its last batch), the reply sensor asks for a run all the same, so
the opt-outs among the stored replies are triaged; it does not only clear the failed read, leaving
them untriaged until other mail arrives while sends first go on and then stop."""

from datetime import timedelta

from resources.warehouse import Warehouse
from sdr_assets.reply_intake import replies_behind
from tests.imap_backlog import BACKLOG, T0, fill, mailbox, raw, read, stored_replies, tick
from tests.mail.imap_server import ImapTestServer


def test_replies_a_broken_run_stored_and_did_not_triage_have_a_run_asked_for(tmp_path):
    with ImapTestServer(username="reader", password="s3cret") as server:
        fill(server)
        server.drop_fetch_after = sum(len(raw(n)) for n in range(1, 151))  # inside the second hundred
        warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
        assert not read(warehouse, mailbox(server))
        assert stored_replies(warehouse) == (100, "1:100")
        for uid in range(101, BACKLOG + 1):  # filed into another folder by a person meanwhile
            server.expunge(uid)
        result = tick(server, warehouse)
    assert len(getattr(result, "run_requests", None) or []) == 1, getattr(result, "skip_message", result)
    with warehouse.connect() as con:  # the read itself is good again: the stored replies hold sends by their own rule
        assert "not classified yet" in replies_behind(con, T0 + timedelta(minutes=11), timedelta(minutes=10))
