"""SMTP delivery: the real mail transport behind the local maildir outbox."""

from __future__ import annotations

import copy
import smtplib
import ssl
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from email.message import EmailMessage
from email.utils import getaddresses, make_msgid


from resources.answer_deadline import deadline_file, is_deadline_file
from resources.mail import MailTransport, message_bytes
from resources.service_config import SMTP_SECURITY as SECURITY_MODES
from resources.smtp_replies import (about_recipient, about_sender, about_size, defers_sender, enhanced_code,
                                    one_mailbox_limit)
from resources.tls import mail_context
from sdr_assets.domain.addresses import InvalidAddressError, normalise_address

__all__ = [
    "InvalidRecipientError",
    "MailDeliveryError",
    "MessageTooLargeError",
    "PartialDeliveryError",
    "RelayLimitError",
    "SmtpSession",
    "SessionRefusedError",
    "SmtpTransport",
    "UnknownDeliveryError",
]


class MailDeliveryError(Exception):
    """The server or the network refused a message.

    ``transient`` is True for 4xx replies and connection failures before the message's DATA (retry
    later) and False for 5xx replies and configuration problems (retrying will not help). ``code`` is the SMTP reply
    code, or None when no reply was received.
    """

    def __init__(self, transient: bool, code: int | None, text: str,
                 refused: dict[str, tuple[int, str]] | None = None):
        self.transient = transient
        self.code = code
        self.text = text
        self.refused = refused or {}  # at RCPT: each address the server refused, with its reply
        kind = "transient" if transient else "permanent"
        super().__init__(f"{kind} SMTP failure" + (f" {code}" if code else "") + f": {text}")


class InvalidRecipientError(MailDeliveryError):
    """A recipient address does not validate; nothing was sent to the server."""

    def __init__(self, address: str, reason: str):
        self.address = address
        super().__init__(False, None, f"invalid recipient {address!r}: {reason}")


class PartialDeliveryError(MailDeliveryError):
    """The server accepted the message for some recipients and refused the others.

    Permanent on purpose: the message went out, so retrying would mail the accepted
    recipients twice. ``message_id`` is the ledger identifier of what was sent.
    """

    def __init__(self, message_id: str, refused: dict[str, tuple[int, bytes]]):
        self.message_id = message_id
        replies = {addr: (code, _text(msg)) for addr, (code, msg) in refused.items()}
        detail = "; ".join(f"{addr}: {code} {text}" for addr, (code, text) in replies.items())
        code = next(iter(replies.values()))[0]
        super().__init__(False, code, f"sent as {message_id} but refused for {detail}", replies)


class RelayLimitError(MailDeliveryError):
    """The server cannot carry a recipient's address: a non-ASCII local part needs SMTPUTF8, which it
    does not offer. Nothing was sent. The limit is the server's, not the person's: ``held_by_relay``
    tells the send loop to hold the draft with the reason (neither a failure nor a deferral); a run on
    a server that offers SMTPUTF8 sends it."""

    held_by_relay = True

    def __init__(self, address: str, where: str):
        self.address = address
        super().__init__(False, None, f"{where} does not offer SMTPUTF8, which {address} needs (a non-ASCII "
                                      "local part): held until the mail server takes it, not the address's fault")


class MessageTooLargeError(MailDeliveryError):
    """The message is larger than the server takes (RFC 1870 SIZE): refused with a 552, or not offered at
    all where the server's advertised limit is below it. Any recipient's copy would meet the same limit,
    so it is no one's failure: ``too_large`` tells the send loop to hold the draft with the reason.
    ``ends_batch``: the server refused it (a round trip each), so the play's batch ends, its template a
    person must shorten; not where the advertised limit was checked here, nor for one mailbox's limit
    (X.2.3): the drafts that fit still go."""

    too_large = True

    def __init__(self, size: int, limit: int | None, where: str, reply: str | None = None,
                 ends_batch: bool | None = None):
        self.size, self.limit = size, limit
        self.ends_batch = reply is not None if ends_batch is None else ends_batch
        over = (f"{size - limit} bytes over its {limit} byte limit" if limit and size > limit
                else f"{size} bytes refused")
        said = f", it said: {reply}" if reply else ""
        super().__init__(False, 552 if reply else None, f"too large for the mail server: {over} ({where}{said})")
        self.args = (self.text,)  # a hold, not a failure: the ledger's reason says so


class SessionRefusedError(MailDeliveryError):
    """The server refused the sender's session, not a recipient: the connection, its greeting, TLS,
    the login or the sender (MAIL FROM), a refusal at RCPT or of the data about our account (a
    quota, relay denied, a blocked account, a rate limit's 4xx), or a 421 closing the channel at any
    step. Nothing was accepted and every message after it would be refused alike, so
    ``session_refused`` tells the send loop to release the claim and end the batch."""

    session_refused = True


class UnknownDeliveryError(MailDeliveryError):
    """The connection failed or timed out once the message's DATA had begun: the server may have
    accepted it, and its answer was lost.

    Neither transient nor permanent: a retry could mail the recipient twice, and a failure could
    hide a message that went out. ``outcome_unknown`` tells the send loop to leave the send
    unresolved for a person. ``message_id`` is the ledger identifier of what may have been sent.
    """

    outcome_unknown = True

    def __init__(self, message_id: str, error: BaseException):
        super().__init__(False, None, f"connection lost after DATA began, the server may have "
                                      f"accepted {message_id}: {error!r}")
        self.message_id = message_id
        self.args = (f"SMTP outcome unknown: {self.text}",)


class SmtpTransport(MailTransport):
    """Delivers through an SMTP submission server (STARTTLS on 587, implicit TLS on 465)."""

    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    security: str = "starttls"
    timeout_seconds: float = 30.0
    local_hostname: str | None = None

    def send(self, message: EmailMessage) -> str:
        with self.session() as session:
            return session.send(message)

    def connection(self) -> AbstractContextManager[SmtpSession]:
        return self.session()

    def render(self, message: EmailMessage) -> bytes:
        return _wire_bytes(message, utf8=_needs_smtputf8(_sender(message), _recipients(message)))

    @contextmanager
    def session(self) -> Iterator[SmtpSession]:
        """One connection reused for every send inside the block, opened on the first send."""
        if self.security not in SECURITY_MODES:
            raise ValueError(f"security must be one of {SECURITY_MODES}, got {self.security!r}")
        session = SmtpSession(self)
        try:
            yield session
        finally:
            session.close()


class SmtpSession:
    """A lazily opened SMTP connection; reconnects if the server dropped it between sends."""

    def __init__(self, transport: SmtpTransport):
        self._transport = transport
        self._conn: _Connection | None = None

    def send(self, message: EmailMessage) -> str:
        """Send one message and return ``smtp:{Message-ID}``.

        Adds a Message-ID to ``message`` if it has none, so that the identifier returned for
        the ledger is the one on the wire (and the one replies will reference).
        """
        sender = _sender(message)
        try:
            normalise_address(sender)
        except InvalidAddressError as error:
            raise ValueError(f"the sender address cannot be used: {error}") from None
        recipients = _recipients(message)
        if not recipients:
            raise InvalidRecipientError("", "the message has no To, Cc or Bcc recipient")
        for address in recipients:
            try:
                normalise_address(address)
            except InvalidAddressError as error:
                raise InvalidRecipientError(address, str(error)) from None
        if message["Message-ID"] is None:
            message["Message-ID"] = make_msgid(domain=self._msgid_domain(sender))
        message_id = f"smtp:{message['Message-ID']}"
        international = _needs_smtputf8(sender, recipients)
        payload = self._transport.signed(_wire_bytes(message, utf8=international))

        conn: _Connection | None = None
        limit: int | None = None
        try:
            conn = self._connection()
            conn.data_began = False
            if (limit := _size_limit(conn)) is not None and len(payload) > limit:
                raise MessageTooLargeError(len(payload), limit, self._where())
            options: list[str] = []
            if international:
                if not conn.has_extn("smtputf8"):
                    self._unsupported(sender, recipients)
                options += ["SMTPUTF8", "BODY=8BITMIME"]
            elif not payload.isascii() and conn.has_extn("8bitmime"):
                options.append("BODY=8BITMIME")
            refused = conn.sendmail(sender, recipients, payload, options)
        except smtplib.SMTPSenderRefused as error:
            text = " ".join(_text(error.smtp_error).split())
            if error.smtp_code == 552 and (about_size(552, text) or conn.has_extn("size")
                                           and not about_sender(552, text)):  # RFC 1870 6.1: its size
                raise MessageTooLargeError(len(payload), limit, self._where(), f"552 {text}",
                                           not one_mailbox_limit(552, text)) from None
            self.close()
            raise SessionRefusedError(_transient(error.smtp_code), error.smtp_code,
                                      f"sender {sender} refused: {_text(error.smtp_error)}") from None
        except smtplib.SMTPRecipientsRefused as error:
            replies = [(code, _text(msg)) for code, msg in error.recipients.values()]
            if all(about_size(code, text) for code, text in replies):
                said = " ".join(replies[0][1].split())
                raise MessageTooLargeError(len(payload), limit, self._where(), f"552 {said}",
                                           not all(one_mailbox_limit(c, t) for c, t in replies)) from None
            # RFC 5321 4.5.3.1.10: a 552 at RCPT is taken as 452 (a full mailbox, too many recipients),
            # unless it is about our account (a quota, send-as refused), which every message would meet.
            replies = [(452 if code == 552 and not about_sender(code, text) else code, text) for code, text in replies]
            detail = "; ".join(
                f"{addr}: {code} {_text(msg)}" for addr, (code, msg) in error.recipients.items()
            )
            self._refused_session(replies, sender, detail)
            codes = [code for code, _ in replies]
            refused = dict(zip(error.recipients, replies, strict=True))
            raise MailDeliveryError(all(_transient(c) for c in codes), codes[0], detail, refused) from None
        except smtplib.SMTPResponseException as error:
            # The message's data refused: the reply code decides.
            text = _text(error.smtp_error)
            self._refused_session([(error.smtp_code, text)], sender, f"{error.smtp_code} {text}")
            if error.smtp_code == 552 and about_recipient(552, text) and not about_size(552, text):
                # A recipient's full mailbox, as at RCPT: may pass later (RFC 5321 4.5.3.1.10).
                raise MailDeliveryError(True, 452, f"552 {text}") from None
            if error.smtp_code == 552 and (about_size(552, text) or enhanced_code(text) is None):
                # RFC 5321: exceeded storage allocation, the message's size. Not a 552 whose enhanced code
                # says otherwise (5.7.x: its content refused as spam or unsafe): that stays a refusal.
                said = " ".join(text.split())
                raise MessageTooLargeError(len(payload), limit, self._where(), f"552 {said}",
                                           not one_mailbox_limit(552, text)) from None
            raise MailDeliveryError(_transient(error.smtp_code), error.smtp_code, text) from None
        except smtplib.SMTPNotSupportedError as error:
            self.close()
            raise MailDeliveryError(False, None, str(error)) from None
        except ssl.SSLCertVerificationError as error:
            self.close()
            raise MailDeliveryError(False, None, f"TLS certificate rejected: {error}") from None
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            # Timeouts included. Before DATA the server cannot have taken the message: try again
            # later. From DATA on it may have, and only its log can say.
            self.close()
            if conn is not None and conn.data_began:
                raise UnknownDeliveryError(message_id, error) from None
            raise MailDeliveryError(True, None, f"connection failed: {error!r}") from None
        if refused:
            raise PartialDeliveryError(message_id, refused)
        return message_id

    def _unsupported(self, sender: str, recipients: list[str]) -> None:
        """Raise for an address this server, without SMTPUTF8, cannot carry: our sender's ends the batch
        (``SessionRefusedError``: every message would meet it), a recipient's holds that draft alone
        (``RelayLimitError``). The connection stays open for the next message."""
        if not sender.isascii():
            raise SessionRefusedError(False, None, f"{self._where()} does not offer SMTPUTF8, which the sender "
                                                   f"{sender} needs (a non-ASCII local part)")
        raise RelayLimitError(next(a for a in recipients if not a.isascii()), self._where())

    def _refused_session(self, replies: list[tuple[int, str]], sender: str, detail: str) -> None:
        """Raise ``SessionRefusedError`` for a refusal at RCPT or of the data that every message after it
        would meet: a 421 (the server closes the channel: rate limits, too many messages), a 4xx about
        our account's pace (``smtp_replies.defers_sender``: rate limited, throttled; transient, like the
        421) or a 5xx about our account or sender (``smtp_replies.about_sender``: quota, relay, a
        blocked account)."""
        code, detail = replies[0][0], " ".join(detail.split())  # a multi-line answer on one line
        if all(c == 421 for c, _ in replies):
            self.close()
            raise SessionRefusedError(True, 421, f"{self._where()} closed the session: {detail}")
        if all(defers_sender(c, text) for c, text in replies):
            self.close()
            raise SessionRefusedError(True, code, f"{self._where()} deferred mail from {sender}: {detail}")
        if all(about_sender(c, text) for c, text in replies):
            self.close()
            raise SessionRefusedError(False, code, f"{self._where()} refused mail from {sender}: {detail}")

    def close(self) -> None:
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        try:
            conn.quit()
        except (smtplib.SMTPException, OSError):
            conn.close()

    def _connection(self) -> _Connection:
        if self._conn is not None:
            # A cheap liveness probe: servers drop idle connections, and finding out in the
            # middle of a transaction would leave it unclear whether the message went out.
            try:
                alive = self._conn.noop()[0] == 250
            except (smtplib.SMTPException, OSError):
                alive = False
            if alive:
                return self._conn
            self.close()
        try:
            self._conn = self._open()
        except smtplib.SMTPResponseException as error:  # the greeting, TLS, HELO or the login refused
            raise SessionRefusedError(_transient(error.smtp_code), error.smtp_code,
                                      f"{self._where()} refused the session: {_text(error.smtp_error)}") from None
        except smtplib.SMTPNotSupportedError as error:
            raise SessionRefusedError(False, None, f"{self._where()}: {error}") from None
        except ssl.SSLCertVerificationError as error:
            raise SessionRefusedError(False, None, f"TLS certificate of {self._where()} rejected: {error}") from None
        except ssl.SSLError as error:
            if isinstance(error, ssl.SSLEOFError | ssl.SSLZeroReturnError):  # dropped mid-handshake: the moment
                raise SessionRefusedError(True, None, f"cannot reach {self._where()}: {error!r}") from None
            # The server does not speak the TLS asked for: implicit TLS (ssl, port 465) at a STARTTLS or
            # plaintext port, say. Every run would meet it.
            raise SessionRefusedError(False, None, f"TLS with {self._where()} failed ({error.reason or error}): does "
                                                   f"the port take security {self._transport.security!r} (ssl: "
                                                   "implicit TLS, usually 465; starttls: 587)?") from None
        except smtplib.SMTPServerDisconnected as error:
            raise SessionRefusedError(True, None, f"cannot reach {self._where()}: {error!r}") from None
        except smtplib.SMTPException as error:  # no login method both sides speak: our configuration, not the moment
            raise SessionRefusedError(False, None, f"{self._where()} refused the session: {error}") from None
        except OSError as error:  # unreachable, timed out, dropped during the greeting
            raise SessionRefusedError(True, None, f"cannot reach {self._where()}: {error!r}") from None
        return self._conn

    def _where(self) -> str:
        return f"SMTP server {self._transport.host}:{self._transport.port}"

    def _open(self) -> _Connection:
        t = self._transport
        context = mail_context()
        if t.security == "ssl":
            conn: _Connection = _SSLConnection(
                t.host, t.port, local_hostname=t.local_hostname,
                timeout=t.timeout_seconds, context=context,
            )
        else:
            conn = _PlainConnection(
                t.host, t.port, local_hostname=t.local_hostname, timeout=t.timeout_seconds
            )
        try:
            conn.ehlo_or_helo_if_needed()
            if t.security == "starttls":
                # Refuse to continue in plaintext if the server does not offer STARTTLS.
                conn.starttls(context=context)
                conn.ehlo()
            if t.username:
                try:
                    conn.login(t.username, t.password or "")
                except UnicodeEncodeError:  # smtplib's login sends ASCII alone; its error quotes the character
                    raise SessionRefusedError(
                        False, None, f"the login to {self._where()} cannot be sent: the user name or password holds "
                                     "a character that is not ASCII, which SMTP AUTH here cannot carry (its value "
                                     "is not shown)") from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _msgid_domain(self, sender: str) -> str:
        if "@" in sender:
            return sender.rsplit("@", 1)[1]
        # Not make_msgid's default: socket.getfqdn() can block on a DNS lookup.
        return self._transport.local_hostname or "localhost"


class _DataTracking:
    """Notes when a transaction's DATA command goes out (``data_began``, reset before each send):
    a failure from then on leaves the message's fate unknown. Each answer, all its lines, is read
    within ``timeout`` seconds (``answer_deadline``): a server that trickles it, line by line or byte
    by byte, cannot hold the send."""

    data_began = False
    deadline = 0.0

    def data(self, msg):
        self.data_began = True
        return super().data(msg)

    def getreply(self):
        if self.sock is None or not isinstance(self.timeout, int | float):
            return super().getreply()
        if not is_deadline_file(self.file):  # none yet, or one made before STARTTLS
            self.file = deadline_file(self.sock, self)
        self.deadline = time.monotonic() + self.timeout
        try:
            return super().getreply()
        finally:
            if self.sock is not None:
                self.sock.settimeout(self.timeout)

    def timed_out(self) -> TimeoutError:
        return TimeoutError("the server's answer did not end in time")

    def received(self, count: int) -> None:
        pass


class _PlainConnection(_DataTracking, smtplib.SMTP):
    pass


class _SSLConnection(_DataTracking, smtplib.SMTP_SSL):
    pass


_Connection = _PlainConnection | _SSLConnection


def _resent_prefix(message: EmailMessage) -> str:
    return "Resent-" if len(message.get_all("Resent-Date", [])) == 1 else ""


def _sender(message: EmailMessage) -> str:
    prefix = _resent_prefix(message)
    header = message[prefix + "Sender"] or message[prefix + "From"]
    addresses = getaddresses([str(header)]) if header else []
    if not addresses or not addresses[0][1]:
        raise ValueError("the message has no From address")
    return addresses[0][1]


def _recipients(message: EmailMessage) -> list[str]:
    # The same fields smtplib.send_message reads, so validation covers every envelope address.
    prefix = _resent_prefix(message)
    fields = [str(v) for name in ("To", "Cc", "Bcc") for v in message.get_all(prefix + name, [])]
    return [address for _, address in getaddresses(fields)]


def _size_limit(conn: smtplib.SMTP) -> int | None:
    """The largest message the server says it takes (its EHLO's SIZE), None where it names none (0: none)."""
    value = conn.esmtp_features.get("size", "").strip() if conn.does_esmtp else ""
    return int(value) if value.isdigit() and int(value) > 0 else None


def _needs_smtputf8(sender: str, recipients: list[str]) -> bool:
    return not "".join([sender, *recipients]).isascii()


def _wire_bytes(message: EmailMessage, utf8: bool) -> bytes:
    outgoing = copy.copy(message)
    del outgoing["Bcc"]
    del outgoing["Resent-Bcc"]
    return message_bytes(outgoing, linesep="\r\n", utf8=utf8)


def _transient(code: int) -> bool:
    return not 500 <= code < 600


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
