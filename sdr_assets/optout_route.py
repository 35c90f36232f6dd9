"""Whether mail to ``unsubscribe@`` the sending domain reaches the mailbox the replies run reads.

A probe (``domain.route_probe``) goes out through the configured transport; the mailbox is read
from where it stood before, until the probe is there or the time runs out. Nothing is recorded:
the replies run that reads the probe later knows it for ours and ignores it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.parser import BytesHeaderParser

from resources.mail import MailTransport
from resources.mailbox import Mailbox
from sdr_assets.domain.route_probe import probe_message
from sdr_assets.triage.classify import classify_message


@dataclass(frozen=True)
class RouteCheck:
    arrived: bool
    address: str
    message_id: str
    seconds: float
    recognised: bool = False  # it still names unsubscribe@ where triage looks (a forward may rewrite To)


# The mailbox is read again after 2 s, then after twice as long each time, at most 15 s apart: each read
# over IMAP is a connection and a login, and mail takes seconds to minutes to arrive.
POLL_SECONDS = (2.0, 15.0)


def check_route(transport: MailTransport, mailbox: Mailbox, secret: bytes, sender: str, sending_domain: str,
                now: datetime, timeout_seconds: float, poll_seconds: tuple[float, float] = POLL_SECONDS,
                clock: Callable[[], float] = time.monotonic) -> RouteCheck:
    """Send the probe and wait for it in ``mailbox``, read less often as the wait goes on, and once
    more when the time runs out; transport and mailbox errors propagate."""
    cursor = mailbox.position_now()
    message = probe_message(secret, sender, sending_domain, now)
    wanted = message["Message-ID"].strip().lower()
    started = clock()
    transport.send(message)
    delay, longest = poll_seconds
    while True:
        messages, cursor = mailbox.fetch_new(cursor)
        if found := next((raw for _, raw in messages if _message_id(raw) == wanted), None):
            recognised = classify_message(found).to_unsubscribe_address
            return RouteCheck(True, message["To"], message["Message-ID"], clock() - started, recognised)
        left = timeout_seconds - (clock() - started)
        if left <= 0:
            return RouteCheck(False, message["To"], message["Message-ID"], clock() - started)
        time.sleep(min(delay, left))
        delay = min(delay * 2, longest)


def _message_id(raw: bytes) -> str:
    """The message's own Message-ID, lower case: a bounce of the probe quotes it, and is not the probe."""
    return str(BytesHeaderParser().parsebytes(raw)["Message-ID"] or "").strip().lower()
