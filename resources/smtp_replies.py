"""Whom an SMTP refusal or deferral is about: the sending account, which every message after it would
meet, or one recipient or message. Pure functions of the reply code and text."""

from __future__ import annotations

import re

__all__ = ["about_recipient", "about_sender", "about_size", "defers_sender", "enhanced_code", "one_mailbox_limit",
           "reply_shape"]

_ADDRESS = re.compile(r"<?[^\s<>]+@[^\s<>]+>?:?")
# An enhanced status code opening the reply text, after its reply code if the text repeats it.
_ENHANCED = re.compile(r"^\s*(?:\d{3}[ -])?([245])\.(\d{1,3})\.(\d{1,3})\b")

# Enhanced status codes that always concern the sender: Gmail's daily sending quota (5.4.5), a login
# or credentials refused (5.7.0 is too broad; 5.7.8, 5.7.9, 5.7.11, 5.7.13, 5.7.14, 5.7.57), a send-as
# or relay refused (5.7.60, 5.7.64) and Microsoft 365's blocks of a tenant or account (5.7.7xx).
_SENDER_CODES = {"5.4.5", "5.7.8", "5.7.9", "5.7.11", "5.7.13", "5.7.14", "5.7.57", "5.7.60", "5.7.64",
                 "5.7.703", "5.7.705", "5.7.708", "5.7.750"}

# Texts of refusals about the sending account, whatever the code (lower case).
_SENDER_TEXTS = re.compile(
    r"relay access denied|relaying denied|relay not permitted|unable to relay|relaying not allowed"
    r"|authentication required|must authenticate|not authenticated|sending quota|sending limit"
    r"|quota exceeded for sender|outboundspamexception|sendasdenied|account (?:has been )?(?:suspended|disabled)"
    r"|sender address rejected|sender blocked|not owned by user|user not authorized to send"
    r"|allocation exceeded for this account"
)

# Enhanced status codes of deferrals that concern the sender: Gmail's unusual rate of mail from our IP or
# domain (4.7.28) and Microsoft's rate limits of a sending IP (4.7.650, 4.7.651).
_DEFERRAL_CODES = {"4.7.28", "4.7.650", "4.7.651"}

# Texts of deferrals about the sending account's pace, whatever the code (lower case). Not "too many
# recipients" alone (4.5.3): that is about one message's recipients, the next message may pass; but
# "too many recipients from" our address is Postfix's limit on how many our client names in a while.
_PACE_TEXTS = re.compile(
    r"rate[ -]?limit|throttl|too many (?:messages|emails|mails)\b|too many recipients from\b|sending rate"
    r"|message rate|unusual rate"
)

# Words that put a deferral's pace on one recipient's mailbox, whatever its code (lower case). Not a
# bare "recipient": Postfix prefixes every policy answer at RCPT with "Recipient address rejected",
# and a rate limit of our own relay answers there too. Not "recipients": a cap on how many
# recipients our account mails is the account's.
_ONE_RECIPIENT = re.compile(r"\b(?:for|to|of|per) (?:this|each|a single) recipient\b|\bthis mailbox\b"
                            r"|\bfor this user\b")

# Texts of refusals about one recipient, whatever the code (lower case).
_RECIPIENT_TEXTS = re.compile(
    r"recipient address rejected|user unknown|unknown user|no such user|mailbox unavailable|mailbox full"
    r"|does not exist|over quota|mailbox disabled|recipient rejected|invalid recipient"
)

# Enhanced status codes of a message too large: for the system (X.3.4), or longer than the receiver's
# administrative limit (X.2.3).
_SIZE_CODES = {(3, 4), (2, 3)}

# Texts of a refusal of the message's size, whatever the code (lower case): aiosmtpd's, Postfix's and
# Exchange's among them.
_SIZE_TEXTS = re.compile(
    r"too (?:large|big)|too much mail data|(?:message|mail) (?:size|length) exceeds|exceeds? (?:the )?"
    r"(?:fixed )?(?:maximum )?(?:message )?size|size (?:limit )?exceeded"
)


def _enhanced(text: str) -> tuple[int, int, int] | None:
    found = _ENHANCED.match(_ADDRESS.sub("", text))
    return tuple(int(part) for part in found.groups()) if found else None  # type: ignore[return-value]


def enhanced_code(text: str) -> tuple[int, int, int] | None:
    """The enhanced status code (RFC 3463) opening a reply's text, None if it has none."""
    return _enhanced(text)


def about_sender(code: int, text: str) -> bool:
    """Whether a permanent refusal at RCPT or of the message's data is about our account or sender
    (quota, relay, credentials, a blocked account) rather than one recipient or message."""
    if not 500 <= code < 600:
        return False
    enhanced = _enhanced(text)
    if enhanced and ".".join(map(str, enhanced)) in _SENDER_CODES:
        return True
    return bool(_SENDER_TEXTS.search(text.lower()))


def defers_sender(code: int, text: str) -> bool:
    """Whether a deferral (4xx) at RCPT or of the message's data is about our account or sender (a rate
    limit, throttling, a sending quota, relay denied for now) rather than one recipient or message:
    every message after it would be deferred alike. A rate named with a recipient's address or mailbox
    (enhanced classes X.1 and X.2, or words naming one recipient or mailbox: a mailbox receiving too
    fast) is that recipient's."""
    if not 400 <= code < 500:
        return False
    enhanced, lowered = _enhanced(text), text.lower()
    if enhanced and ".".join(map(str, enhanced)) in _DEFERRAL_CODES or _SENDER_TEXTS.search(lowered):
        return True
    if enhanced and enhanced[1] in (1, 2) or _ONE_RECIPIENT.search(lowered):
        return False
    return bool(_PACE_TEXTS.search(lowered))


def about_recipient(code: int, text: str) -> bool:
    """Whether a refusal is about a recipient's address or mailbox (enhanced classes X.1 and X.2, or
    its words: an unknown user, a full or disabled mailbox): never the account's, however many come
    in a row."""
    if about_sender(code, text):
        return False
    enhanced = _enhanced(text)
    return bool(enhanced and enhanced[1] in (1, 2)) or bool(_RECIPIENT_TEXTS.search(text.lower()))


def about_size(code: int, text: str) -> bool:
    """Whether a 552 is about the message's size (RFC 1870), which any recipient's copy would meet, rather
    than a recipient's full mailbox or our account's quota. The enhanced code outranks the words: X.2.2
    is the recipient's mailbox full (Exchange's "Mailbox size limit exceeded"), never the message's size."""
    if code != 552 or about_sender(code, text):
        return False
    enhanced = _enhanced(text)
    if enhanced and enhanced[1:] == (2, 2):
        return False
    return bool(enhanced and enhanced[1:] in _SIZE_CODES) or bool(_SIZE_TEXTS.search(text.lower()))


def one_mailbox_limit(code: int, text: str) -> bool:
    """Whether a 552 about the size names one mailbox's length limit (X.2.3, RFC 3463), not the server's:
    that message is held, the others may fit."""
    enhanced = _enhanced(text)
    return about_size(code, text) and bool(enhanced and enhanced[1:] == (2, 3))


def reply_shape(code: int | None, text: str) -> str:
    """A refusal with the addresses left out: the same for every recipient the same rule refused."""
    return " ".join([str(code), *_ADDRESS.sub("", text).lower().split()])
