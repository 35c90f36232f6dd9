"""A maildir reply that a mail client moves from new/ to cur/, flags added to its name (':2,S'), between
the run's lookup of its file and its opening (Dovecot does so for every new message as soon as a client
opens the folder) is read where it went: its key stays the same, so counting it as gone kept it among the
keys read while its file was still there, and the reply, an opt-out perhaps, was never read."""

import mailbox as stdlib_mailbox
import os

import dagster as dg

from resources.mailbox import MaildirMailbox
from resources.warehouse import Warehouse
from tests.imap_backlog import raw, run


def _read(warehouse: Warehouse, tmp_path) -> dg.ExecuteInProcessResult:
    return run(warehouse, MaildirMailbox(path=str(tmp_path / "replies")))


def test_a_reply_moved_to_cur_as_it_is_opened_is_read(tmp_path, monkeypatch):
    box = stdlib_mailbox.Maildir(str(tmp_path / "replies"), create=True)
    keys = sorted(box.add(raw(n)) for n in range(1, 4))
    moved = keys[1]
    real_open = open

    def open_as_a_client_moves_it(path, *args, **kwargs):  # the client's rename lands between lookup and open
        name = os.path.basename(str(path))
        if name == moved and os.path.basename(os.path.dirname(str(path))) == "new":
            os.rename(path, tmp_path / "replies" / "cur" / f"{moved}:2,S")
        return real_open(path, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(stdlib_mailbox, "open", open_as_a_client_moves_it, raising=False)
        assert _read(warehouse := Warehouse(path=str(tmp_path / "w.duckdb")), tmp_path).success
    assert _read(warehouse, tmp_path).success
    with warehouse.connect() as con:
        stored = sorted(k for (k,) in con.execute("select message_key from raw_replies").fetchall())
    assert stored == keys, "a reply moved to cur/ as it was opened is never read"
