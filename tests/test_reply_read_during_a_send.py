"""A message read in the same fetch as a send it answers is matched to that send.

A read of the mailbox takes time (an IMAP fetch of many messages, a slow server). A send made while
it runs, and an out-of-office that comes back at once, with no In-Reply-To, arrive in the same
read: the message joins the sends made by the time it was read (``replies._SentBy``), so its read
is dated when the fetch ended, not when it began.
"""

import time
from datetime import UTC, datetime
from pathlib import Path

from resources.defaults import build_resources
from resources.mailbox import MaildirMailbox
from sdr_assets.incremental import LayerConfig
from sdr_assets.replies import raw_replies, reply_classifications
from sdr_assets.sends import LEDGER_DDL
from tests.conftest import POSTAL_ADDRESS
from tests.reply_desk import mail, sent
from tests.send_world import _body

ANN = "ann@acme.example"
AWAY = "Automatic reply: I am out of the office until 30 November with limited access to email."


class _SendWhileFetching(MaildirMailbox):
    """The maildir, read while another process sends Ann her first email."""

    def read_batches(self, cursor):
        row = sent("revops-hiring", ANN, 1, datetime.now(UTC), "RevOps at Acme")
        with build_resources(_environ(self.path))["warehouse"].connect() as con:
            con.execute(LEDGER_DDL)
            con.execute(f"insert into send_ledger ({', '.join(row)}) values ({', '.join('?' * len(row))})",
                        list(row.values()))
        time.sleep(0.05)  # her server answers at once; the fetch goes on
        yield from super().read_batches(cursor)


def _environ(mail_dir: str) -> dict[str, str]:
    root = mail_dir.rsplit("/inbox", 1)[0]
    return {"SDR_DATA_DIR": root, "SDR_POSTAL_ADDRESS": POSTAL_ADDRESS}  # the wall clock: no SDR_NOW


def test_an_out_of_office_read_in_the_fetch_that_overlapped_its_send_joins_that_send(tmp_path):
    import mailbox

    resources = build_resources(_environ(str(tmp_path / "inbox" / "replies")))
    box = _SendWhileFetching(path=resources["mailbox"].path)
    Path(box.path).parent.mkdir(parents=True)
    raw = mail(ANN, AWAY, datetime.now(UTC), None, "Automatic reply: RevOps at Acme")
    mailbox.Maildir(box.path, create=True).add(raw.replace(b"MIME-Version", b"Auto-Submitted: auto-replied\r\nMIME-Version"))
    _body(raw_replies)(warehouse=resources["warehouse"], mailbox=box, policy=resources["policy"])
    _body(reply_classifications)(warehouse=resources["warehouse"], model=resources["model"], paths=resources["paths"],
                                 policy=resources["policy"], config=LayerConfig())
    with resources["warehouse"].connect() as con:
        (send_key,) = con.execute("select send_key from send_ledger").fetchone()
        rows = con.execute("select kind, send_key from reply_classifications").fetchall()
    assert rows == [("out_of_office", send_key)], "her out-of-office answers the send made while the mailbox was read"
