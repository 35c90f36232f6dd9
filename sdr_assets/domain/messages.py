"""Outbound messages: what a mailbox provider checks, and what lets replies find their send.

Every message carries a visible unsubscribe link and the sender's postal address in its body,
RFC 8058 one-click ``List-Unsubscribe`` headers with a signed token, and a ``Message-ID`` whose
second half is an HMAC of the send key under the project secret: a reply or a bounce is matched to
a send only through an identifier that nobody outside can compute. Follow-ups thread under the
earlier message of their sequence. Building is pure and raises :class:`MessageError` for any value
that must not reach a message (control characters, line breaks, overlong headers, and in headers
RFC 2047 encoded-words, which mail programs decode into whatever characters they spell).
"""

from __future__ import annotations

import hmac
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from functools import lru_cache, partial

from sdr_assets.domain.addresses import InvalidAddressError, canonical_domain
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.message_policy import MESSAGE_POLICY
from sdr_assets.domain.tokens import Secrets, keys, mac_hex
from sdr_assets.domain.unsubscribe import (
    URI_CHARS,
    base_url_problem,
    unsubscribe_link,
    unsubscribe_mailto,
    unsubscribe_token,
)

__all__ = [
    "MessageError", "Thread", "build_message", "check_postal_address", "check_unsubscribe_url", "message_id",
    "postal_address_problem", "send_key_of", "thread_for", "FOOTER",
]

MESSAGE_ID_PURPOSE = "message-id"
MESSAGE_ID_MAC_CHARS = 32
# The longest value each header may take; beyond that a value is more likely a bug or an attack.
MAX_NAME, MAX_SUBJECT, MAX_ADDRESS, MAX_POSTAL, MAX_OTHER = 128, 250, 254, 300, 253
FOOTER = "\n\n--\n{postal_address}\nNot relevant? Unsubscribe with one click: {unsubscribe_link}\n"
_MESSAGE_ID_RE = LazyPattern(r"<sdr-([0-9a-f]{24})\.([0-9a-f]{%d})@[^<>\s]+>" % MESSAGE_ID_MAC_CHARS)
_MSG_ID = LazyPattern(r"<[!-;=?A-~]+@[!-;=?A-~]+>")  # printable ASCII but '<', '>' and a second '@'
_RE_PREFIX = LazyPattern(r"^\s*((re|aw|sv|fwd?|tr)\s*:\s*)+", re.I)
# What no header value may hold: the control characters (Unicode category Cc), surrogates (Cs), the
# line and paragraph separators (Zl, Zp), the bidirectional controls and the characters that hide
# inside a word (zero-width space, soft hyphen, word joiner, byte order mark). Unicode keeps Cc, Cs,
# Zl and Zp closed, so each set is written out. The body may hold newlines, tabs and the line and
# paragraph separators.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
_HIDDEN = "\u202a-\u202e\u2066-\u2069\u200b\u00ad\u2060\ufeff"
_UNSAFE_IN_TEXT = LazyPattern(f"[{_CONTROLS}\\n\\t\u2028\u2029{_HIDDEN}]")
_UNSAFE_IN_LINES = LazyPattern(f"[{_CONTROLS}\\t\u2028\u2029{_HIDDEN}]")
_UNSAFE_IN_BODY = LazyPattern(f"[{_CONTROLS}{_HIDDEN}]")


class MessageError(ValueError):
    """A draft that cannot become a message; ``reason`` says which value and why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Thread:
    """The earlier messages of a sequence that a follow-up answers, oldest first."""

    message_ids: tuple[str, ...]
    subject: str

    @property
    def in_reply_to(self) -> str:
        return self.message_ids[-1]


def message_id(secret: bytes, send_key: str, sending_domain: str) -> str:
    """``<sdr-{send key}.{HMAC of the send key}@domain>``: unique per send, unguessable without the secret."""
    return f"<sdr-{send_key}.{mac_hex(secret, send_key, MESSAGE_ID_PURPOSE, MESSAGE_ID_MAC_CHARS)}@{sending_domain}>"


def send_key_of(secrets: Secrets, value: str) -> str | None:
    """The send key of the first of our genuine Message-IDs found in ``value``; None if none verifies."""
    for match in _MESSAGE_ID_RE.finditer(value or ""):
        key, mac = match.group(1), match.group(2)
        if any(hmac.compare_digest(mac, mac_hex(secret, key, MESSAGE_ID_PURPOSE, MESSAGE_ID_MAC_CHARS))
               for secret in keys(secrets)):
            return key
    return None


def thread_for(earlier: list[dict], step: int) -> Thread | None:
    """The thread a step answers, from the ledger rows sent earlier to the same contact in the same play.

    Each row needs ``step``, ``message_id``, ``subject`` and ``sent_at``; only steps before ``step``
    count. A first touch, or a step with nothing sent before it, starts a new thread.
    """
    rows = sorted((r for r in earlier if r["step"] < step and r.get("message_id")),
                  key=lambda r: (r["sent_at"], r["step"]))
    if not rows:
        return None
    first = min(rows, key=lambda r: (r["step"], r["sent_at"]))
    return Thread(tuple(dict.fromkeys(r["message_id"] for r in rows)), str(first["subject"] or ""))


def _clean(value: object, field: str, limit: int, *, multiline: bool = False) -> str:
    text = "" if value is None else str(value)
    if unsafe := (_UNSAFE_IN_LINES if multiline else _UNSAFE_IN_TEXT).search(text):
        raise MessageError(f"{field} holds the control character U+{ord(unsafe.group()):04X}")
    if len(text) > limit:
        raise MessageError(f"{field} is {len(text)} characters long (at most {limit})")
    if not multiline and (start := text.find("=?")) >= 0 and text.find("?=", start + 2) >= 0:
        # The email package, and every reader, decodes =?charset?q?...?= in a header: checking the
        # text as written would let an encoded CR, NUL or bidi override through. No name needs one.
        raise MessageError(f"{field} holds an RFC 2047 encoded-word (=?...?=), which mail programs decode")
    return text.strip()


def _address(name: str, email: str, who: str, *, a_label: bool = False) -> Address:
    """The address as a header writes it; with ``a_label``, an international domain as its xn--
    spelling when the local part is ASCII, so that the message needs no SMTPUTF8."""
    display = _clean(name, f"{who} name", MAX_NAME)
    addr = _clean(email, f"{who} address", MAX_ADDRESS)
    local, at, domain = addr.rpartition("@")
    if not at or not local or not domain:
        raise MessageError(f"{who} address {addr!r} is not an address")
    try:
        if a_label and local.isascii() and not domain.isascii():
            domain = canonical_domain(domain)
        return Address(display_name=display, username=local, domain=domain)
    except InvalidAddressError as exc:
        why = str(exc).removeprefix(f"{f'x@{domain}'!r}: ")
        raise MessageError(f"{who} address {addr!r}: {why}") from None
    except (ValueError, IndexError) as exc:
        raise MessageError(f"{who} address {addr!r}: {exc}") from None


def uncarried(subject: str, body: str) -> list[str]:
    """Why no message could carry ``subject`` and ``body`` as ``build_message`` checks them (a line break
    or control character in the subject, a control character in the body); none when one can."""
    reasons = []
    for check in (partial(_clean, subject, "subject", MAX_SUBJECT), partial(_body, body)):
        try:
            check()
        except MessageError as exc:
            reasons.append(str(exc))
    return reasons


def _body(body: str) -> str:
    text = str(body or "").replace("\r\n", "\n")
    if unsafe := _UNSAFE_IN_BODY.search(text):
        raise MessageError(f"body holds the control or hidden character U+{ord(unsafe.group()):04X}")
    return text.rstrip()


def check_unsubscribe_url(url: str) -> str:
    """The base of the one-click link as given, or MessageError saying what it must be (see
    :func:`base_url_problem`)."""
    if problem := base_url_problem(url):
        raise MessageError(f"the unsubscribe URL {problem}, not {url!r}")
    return url


def check_postal_address(text: str | None) -> str:
    """The postal address as the footer writes it (lines, stripped), or MessageError saying why no
    footer may hold it: a control character other than a line feed (a carriage return among them), a
    tab, a line separator, a hidden character, or more than ``MAX_POSTAL`` characters."""
    return _clean(text, "postal address", MAX_POSTAL, multiline=True)


def postal_address_problem(value: str | None) -> str:
    """What a postal address must be and ``value`` is not, for a setting or a play to refuse it before
    any draft ("" when a footer can hold it, or there is none)."""
    if not value:
        return ""
    try:
        check_postal_address(value)
    except MessageError as exc:
        return (f"must be lines of text without a carriage return, tab or other control character, at most "
                f"{MAX_POSTAL} characters, not {value!r} ({exc.reason})")
    return ""


class _ReadyHeader(str):
    """A header set ready-made, one item a line: the email package's folding would turn an item
    longer than a line into RFC 2047 encoded-words, which no mail program reads there."""

    defects = ()
    separator = ""

    def __new__(cls, name: str, items: tuple[str, ...]) -> _ReadyHeader:
        header = super().__new__(cls, f"{cls.separator} ".join(items))
        header.name, header.items = name, items
        return header

    def fold(self, *, policy) -> str:
        return f"{self.name}: " + f"{self.separator}{policy.linesep} ".join(self.items) + policy.linesep


class MsgIdListHeader(_ReadyHeader):
    """``In-Reply-To`` or ``References`` as RFC 5322 writes them: msg-ids, one per line.

    Each of our Message-IDs is longer than a line; encoded-words are forbidden in a msg-id, and a
    follow-up with them would not thread.
    """

    def __new__(cls, name: str, msg_ids: tuple[str, ...]) -> MsgIdListHeader:
        for msg_id in msg_ids:
            if not _MSG_ID.fullmatch(msg_id):
                raise MessageError(f"earlier Message-ID {msg_id!r} is not <left@right> in printable ASCII")
        return super().__new__(cls, name, tuple(msg_ids))


class UriListHeader(_ReadyHeader):
    """``List-Unsubscribe`` as RFC 2369 writes it: each URI in angle brackets, one per line; no
    mailbox provider reads an encoded-word as a link."""

    separator = ","

    def __new__(cls, uris: list[str]) -> UriListHeader:
        for uri in uris:
            if not URI_CHARS.fullmatch(uri):
                raise MessageError(f"List-Unsubscribe URI {uri!r} is not printable ASCII without spaces")
        return super().__new__(cls, "List-Unsubscribe", tuple(f"<{uri}>" for uri in uris))


def subject_for(subject: str, thread: Thread | None) -> str:
    """'Re:' only on a follow-up that threads, and then on the subject of the message it answers."""
    if thread is None:
        shown = unicodedata.normalize("NFKC", subject).replace("\u2236", ":")  # "Ｒｅ：", "Re∶" read as "Re:"
        return _RE_PREFIX.sub("", subject if _RE_PREFIX.match(subject) or not _RE_PREFIX.match(shown) else shown
                              ).strip() or subject.strip()
    return "Re: " + (_RE_PREFIX.sub("", thread.subject).strip() or _RE_PREFIX.sub("", subject).strip())


@lru_cache(maxsize=64)
def _sender(name: str, email: str) -> Address:
    """The sender's address (``_address``), checked once per sender: every message of a batch has it."""
    return _address(name, email, "sender", a_label=True)


@lru_cache(maxsize=64)
def _date(sent_at: datetime, offset: timedelta | None) -> str:
    """The Date header's text, written once per moment a batch dates its messages. The same instant
    at another offset is an equal datetime written otherwise, hence ``offset`` in the key."""
    return format_datetime(sent_at)


@lru_cache(maxsize=256)
def _shared_header(name: str, value: str | tuple[str, str, str]):
    """The header for a value every message of a batch carries (sender, date, one-click flag).

    Parsing and folding are most of the cost of building and rendering a message, and a parsed
    header is immutable, so messages share one; a tuple stands for an address (display name, user,
    domain).
    """
    return MESSAGE_POLICY.header_factory.shared(name, Address(*value) if isinstance(value, tuple) else value)


def build_message(
    *,
    secret: bytes,
    send_key: str,
    sender_name: str,
    sender_email: str,
    postal_address: str,
    to_name: str,
    to_email: str,
    subject: str,
    body: str,
    sent_at: datetime,
    sending_domain: str,
    unsubscribe_url: str,
    thread: Thread | None = None,
) -> EmailMessage:
    """An RFC 5322 message with RFC 8058 one-click unsubscribe; MessageError if any value is unsafe."""
    if not send_key.isalnum():
        raise MessageError(f"send key {send_key!r} is not alphanumeric")
    domain = _clean(sending_domain, "sending domain", MAX_OTHER)
    if not re.fullmatch(r"[A-Za-z0-9.-]+", domain or "-"):
        raise MessageError(f"sending domain {domain!r} is not a domain name")
    sender = _sender(sender_name, sender_email)
    recipient = _address(to_name, to_email, "recipient")
    title = subject_for(_clean(subject, "subject", MAX_SUBJECT), thread)
    if not title:
        raise MessageError("subject is empty")
    postal = check_postal_address(postal_address)
    if not postal:
        raise MessageError("no postal address for the sender: set sender.postal_address or SDR_POSTAL_ADDRESS")
    if thread is not None:
        _clean(thread.subject, "earlier subject", MAX_SUBJECT)
        for earlier in thread.message_ids:
            _clean(earlier, "earlier Message-ID", MAX_ADDRESS * 2)
    token = unsubscribe_token(secret, send_key, recipient.addr_spec)
    link = unsubscribe_link(check_unsubscribe_url(unsubscribe_url), token)
    msg = EmailMessage(policy=MESSAGE_POLICY)
    msg["From"] = _shared_header("From", (sender.display_name, sender.username, sender.domain))
    msg["To"] = recipient
    msg["Subject"] = title
    msg["Date"] = _shared_header("Date", _date(sent_at, sent_at.utcoffset()))
    msg["Message-ID"] = message_id(secret, send_key, domain)
    if thread is not None:
        msg["In-Reply-To"] = MsgIdListHeader("In-Reply-To", (thread.in_reply_to,))
        msg["References"] = MsgIdListHeader("References", thread.message_ids)
    msg["List-Unsubscribe"] = UriListHeader([link, unsubscribe_mailto(domain, token)])
    msg["List-Unsubscribe-Post"] = _shared_header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
    msg.set_content(_body(body) + FOOTER.format(postal_address=postal, unsubscribe_link=link))
    return msg
