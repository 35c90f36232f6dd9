"""Replies to the project's own sends, written as a prospect's mail client writes them."""

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime


def first_sends(resources: dict, play: str) -> list[dict]:
    """The play's first emails that went out, as send ledger rows, in send-key order."""
    with resources["warehouse"].connect() as con:
        cursor = con.execute("select * from send_ledger where play = ? and status = 'sent' and step = 1 "
                             "order by send_key", [play])
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def reply_to(sent: dict, body: str, at: datetime, *, message_id: str | None = None, quote: str = "",
             **headers: str) -> EmailMessage:
    """A reply to ``sent`` (a send ledger row) answering its Message-ID; ``quote`` follows the body.

    Header names may use ``_`` for ``-`` (``Auto_Submitted``).
    """
    msg = EmailMessage()
    msg["From"] = sent["contact_email"]
    msg["To"] = sent["mailbox"]
    msg["Subject"] = "Re: " + sent["subject"]
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = message_id or f"<r-{sent['send_key']}@acme.example>"
    msg["In-Reply-To"] = sent["message_id"]
    msg["References"] = sent["message_id"]
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body + (f"\n\n{quote}" if quote else ""))
    return msg
