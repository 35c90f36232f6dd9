"""Whether mail to ``unsubscribe@`` the sending domain, and to each play's sender, reaches the mailbox
the replies run reads.

Probes (``domain.route_probe``) go out through the configured transport; the mailbox is read from
where it stood before, until every probe is there or the time runs out. The replies run that reads a
probe later knows it for ours and ignores it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesHeaderParser

from resources.mail import MailTransport
from resources.mailbox import Mailbox
from resources.smtp import MailDeliveryError, SessionRefusedError, UnknownDeliveryError
from sdr_assets.domain.route_probe import probe_message
from sdr_assets.triage.classify import classify_message


@dataclass(frozen=True)
class RouteCheck:
    arrived: bool
    address: str
    message_id: str
    seconds: float
    recognised: bool = False  # it still names unsubscribe@ where triage looks (a forward may rewrite To)
    refused: str | None = None  # the mail server's refusal of this recipient: the probe never went


# The mailbox is read again after 2 s, then after twice as long each time, at most 15 s apart: each read
# over IMAP is a connection and a login, and mail takes seconds to minutes to arrive.
POLL_SECONDS = (2.0, 15.0)


def check_route(transport: MailTransport, mailbox: Mailbox, secret: bytes, sender: str, sending_domain: str,
                now: datetime, timeout_seconds: float, poll_seconds: tuple[float, float] = POLL_SECONDS,
                clock: Callable[[], float] = time.monotonic) -> RouteCheck:
    """The probe to ``unsubscribe@`` alone (:func:`check_routes`)."""
    probe = probe_message(secret, sender, sending_domain, now)
    return check_routes(transport, mailbox, [probe], timeout_seconds, poll_seconds, clock)[0]


def check_routes(transport: MailTransport, mailbox: Mailbox, probes: list[EmailMessage], timeout_seconds: float,
                 poll_seconds: tuple[float, float] = POLL_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> list[RouteCheck]:
    """Send the probes and wait for them in ``mailbox``, read less often as the wait goes on, and once
    more when the time runs out; one result a probe, in order. A recipient the server refuses is that
    probe's result; a refused session and a transport or mailbox error propagate."""
    cursor = mailbox.position_now()
    started = clock()
    results: dict[str, RouteCheck] = {}
    for message in probes:
        try:
            transport.send(message)
        except UnknownDeliveryError:
            pass  # it may have gone: waited for as any other
        except SessionRefusedError:
            raise
        except MailDeliveryError as exc:
            results[_key(message)] = RouteCheck(False, message["To"], message["Message-ID"], 0.0, refused=exc.text)
    waiting = {_key(m): m for m in probes if _key(m) not in results}
    delay, longest = poll_seconds
    while True:
        messages, cursor = mailbox.fetch_new(cursor)
        for _, raw in messages:
            if (message := waiting.pop(_message_id(raw), None)) is not None:
                recognised = classify_message(raw).to_unsubscribe_address
                results[_key(message)] = RouteCheck(True, message["To"], message["Message-ID"], clock() - started,
                                                    recognised)
        left = timeout_seconds - (clock() - started)
        if not waiting or left <= 0:
            break
        time.sleep(min(delay, left))
        delay = min(delay * 2, longest)
    for key, message in waiting.items():
        results[key] = RouteCheck(False, message["To"], message["Message-ID"], clock() - started)
    return [results[_key(m)] for m in probes]


def _key(message: EmailMessage) -> str:
    return message["Message-ID"].strip().lower()


def _message_id(raw: bytes) -> str:
    """The message's own Message-ID, lower case: a bounce of the probe quotes it, and is not the probe."""
    return str(BytesHeaderParser().parsebytes(raw)["Message-ID"] or "").strip().lower()
