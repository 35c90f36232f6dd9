"""A backlog in the local reply mailbox (a maildir) is read a bounded batch at a time, as over IMAP:
each batch is stored with the position that covers it, so a run that breaks mid-backlog keeps the
batches it stored, and the next run reads on from there, reading no stored message again."""

import json
import mailbox as stdlib_mailbox

from resources.mailbox import MaildirMailbox
from resources.warehouse import Warehouse
from sdr_assets.mailbox_seen import stored_position
from tests.imap_backlog import BACKLOG, BreaksAfterOneBatch, raw, run, stored_replies


def test_a_run_broken_mid_maildir_backlog_keeps_its_first_batch_and_the_next_reads_only_the_rest(tmp_path):
    box = stdlib_mailbox.Maildir(str(tmp_path / "replies"), create=True)
    for n in range(1, BACKLOG + 1):
        box.add(raw(n))
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
    assert not run(warehouse, BreaksAfterOneBatch(path=str(tmp_path / "replies"))).success
    stored, _ = stored_replies(warehouse)
    assert stored == 100, f"{stored} replies read in the first batch: a backlog is read whole in one"
    assert len(json.loads(_position(warehouse))) == 100, "the batch is kept with its position"
    result = run(warehouse, MaildirMailbox(path=str(tmp_path / "replies")))
    assert result.success
    assert result.asset_materializations_for_node("raw_replies")[0].metadata["fetched"].value == BACKLOG - 100
    assert stored_replies(warehouse)[0] == BACKLOG
    assert len(json.loads(_position(warehouse))) == BACKLOG


def _position(warehouse: Warehouse) -> str:
    with warehouse.connect() as con:
        return stored_position(con, MaildirMailbox(path="unread"))
