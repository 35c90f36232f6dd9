"""Replies to the project's own sends, written as a prospect's mail client writes them."""

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime


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
