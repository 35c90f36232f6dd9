"""The keys of the local reply mailbox's (a maildir's) messages already read are kept a row each: a batch
of a backlog adds its own keys in the transaction that stores its replies, and does not write again every
key ever read; the keys of files deleted since are let go. A warehouse whose position is the whole JSON
list an earlier release kept reads on from it: no message it names is read again, and none is lost."""

import json
import mailbox as stdlib_mailbox

import dagster as dg

from resources.mailbox import MaildirMailbox
from resources.warehouse import Warehouse
from sdr_assets.mailbox_seen import stored_position
from tests.imap_backlog import BreaksAfterOneBatch, raw, run

HISTORY = 5000


def _fetched(result: dg.ExecuteInProcessResult) -> int:
    return result.asset_materializations_for_node("raw_replies")[0].metadata["fetched"].value


def _seen(warehouse: Warehouse) -> set[str]:
    with warehouse.connect() as con:
        return set(json.loads(stored_position(con, MaildirMailbox(path="unread")) or "[]"))


def _kept_cursor(warehouse: Warehouse) -> str:
    with warehouse.connect() as con:
        return con.execute("select cursor from mailbox_cursors").fetchone()[0]


def _old_release_warehouse(tmp_path, box: stdlib_mailbox.Maildir, gone: list[str]) -> Warehouse:
    """A warehouse as an earlier release left it: every message in ``box`` read and stored, its position
    the JSON list of their keys and of ``gone`` (files read once and deleted since) in ``mailbox_cursors``."""
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
    assert run(warehouse, MaildirMailbox(path=str(tmp_path / "replies"))).success
    with warehouse.connect() as con:
        con.execute("drop table if exists mailbox_seen")
        con.execute("update mailbox_cursors set cursor = ?", [json.dumps(sorted([*box.keys(), *gone]))])
    return warehouse


def test_a_batch_writes_its_own_keys_not_every_key_read_before(tmp_path):
    box = stdlib_mailbox.Maildir(str(tmp_path / "replies"), create=True)
    box.add(raw(0))
    old = [f"1700000000.M{n}P1.host" for n in range(HISTORY)]
    warehouse = _old_release_warehouse(tmp_path, box, old)
    for n in range(1, 251):
        box.add(raw(n))
    result = run(warehouse, MaildirMailbox(path=str(tmp_path / "replies")))
    assert result.success and _fetched(result) == 250
    kept = _kept_cursor(warehouse)
    assert len(kept) < 100, f"mailbox_cursors holds {len(kept):,} characters: every batch rewrites the whole list"
    assert _seen(warehouse) == set(box.keys()), "the keys of files deleted since are let go; all others kept"


def test_an_old_release_warehouse_reads_on_from_its_list_and_reads_none_again(tmp_path):
    box = stdlib_mailbox.Maildir(str(tmp_path / "replies"), create=True)
    for n in range(1, 151):
        box.add(raw(n, "old"))
    warehouse = _old_release_warehouse(tmp_path, box, [])
    before = set(box.keys())
    for n in range(1, 251):
        box.add(raw(n, "new"))
    broken = run(warehouse, BreaksAfterOneBatch(path=str(tmp_path / "replies")))
    assert not broken.success
    assert len(_seen(warehouse)) == 150 + 100, "the old list and the batch stored are both kept"
    assert before <= _seen(warehouse)
    result = run(warehouse, MaildirMailbox(path=str(tmp_path / "replies")))
    assert result.success and _fetched(result) == 150, "only the messages no run read are read"
    assert _seen(warehouse) == set(box.keys())
    with warehouse.connect() as con:
        assert con.execute("select count(*) from raw_replies").fetchone()[0] == 400
    again = run(warehouse, MaildirMailbox(path=str(tmp_path / "replies")))
    assert again.success and _fetched(again) == 0


def test_a_deleted_file_is_let_go_and_the_rest_is_not_read_again(tmp_path):
    box = stdlib_mailbox.Maildir(str(tmp_path / "replies"), create=True)
    keys = [box.add(raw(n)) for n in range(1, 6)]
    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
    assert run(warehouse, MaildirMailbox(path=str(tmp_path / "replies"))).success
    box.remove(keys[0])
    box.add(raw(6))
    result = run(warehouse, MaildirMailbox(path=str(tmp_path / "replies")))
    assert result.success and _fetched(result) == 1
    assert _seen(warehouse) == set(box.keys())
