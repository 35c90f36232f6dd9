"""Route probes: a message `sdr` mails to its own ``unsubscribe@`` address, or to a play's sender, to prove
it reaches the replies mailbox.

The subject carries a token signed for this purpose alone, so the replies run knows its own probe
(never an opt-out, never for a person) and nobody else can write one: an unsubscribe token never
verifies as a probe, nor a probe token as an unsubscribe.
"""

from __future__ import annotations

import base64
import secrets as random
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sdr_assets.domain.tokens import InvalidTokenError, Secrets, sign, verify

PURPOSE = "route_probe"
SUBJECT = "sdr opt-out route probe"
SENDER_SUBJECT = "sdr reply route probe"


def probe_token(secret: bytes, sender: str, nonce: str | None = None) -> str:
    """A fresh probe token naming ``sender``, in the shape the replies run reads tokens in."""
    nonce = nonce or random.token_hex(8)
    encoded = base64.urlsafe_b64encode(sender.encode("utf-8")).decode("ascii").rstrip("=")
    return sign(secret, f"{nonce}-{encoded}", PURPOSE)


def is_probe(secrets: Secrets, tokens: list[str]) -> bool:
    """Whether one of ``tokens`` is a probe token signed under one of ``secrets``."""
    for token in tokens:
        try:
            verify(secrets, token, PURPOSE)
        except InvalidTokenError:
            continue
        return True
    return False


def probe_message(secret: bytes, sender: str, sending_domain: str, now: datetime,
                  to: str | None = None) -> EmailMessage:
    """The probe: from ``sender`` to ``to`` (``unsubscribe@{sending_domain}`` by default), its token in the subject."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to or f"unsubscribe@{sending_domain}"
    message["Subject"] = f"{SENDER_SUBJECT if to else SUBJECT} {probe_token(secret, sender)}"
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or sending_domain)
    what = "replies and bounces to a play's sender" if to else "opt-outs by mail"
    message.set_content(f"Sent by `sdr suppress probe` to prove {what} reach the replies mailbox. "
                        "It is no opt-out: the replies run ignores it.\n")
    return message
