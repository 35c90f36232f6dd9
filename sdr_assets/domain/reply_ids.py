"""The id a fetched message is stored under: its Message-ID, once per distinct message.

A Message-ID is chosen by the sender and is unique only by convention: a misconfigured client
sends ``<1@localhost>`` every time, and anyone can copy a real one. So a message whose Message-ID
is already held by different content is stored under an id derived from that Message-ID and its
content (the header itself stays in the raw message); the same message delivered again maps to
the id it already has and is skipped.
"""

import hashlib
import re
from collections.abc import Callable
from email.parser import BytesHeaderParser
from email.policy import default as default_policy

# Fields a relay or the receiving mailbox adds on the way in (RFC 5322 trace fields, the receiver's
# authentication verdicts of RFC 8601, 7208 and 8617, and providers' own delivery stamps): a
# re-delivery may differ in them alone.
_TRACE_FIELD = re.compile(
    rb"(?:received|return-path|delivered-to|x-original-to|authentication-results|received-spf|arc-[a-z-]+"
    rb"|x-received|x-gm-[a-z-]+|x-google-[a-z-]+|x-ms-exchange-[a-z-]+|x-forefront-[a-z-]+"
    rb"|x-spam-[a-z-]+|x-virus-[a-z-]+)[ \t]*:", re.I)
# The fields left out before the receiver's stamps were: a message stored then keeps its identity.
_FORMER_TRACE_FIELD = re.compile(rb"(?:received|return-path|delivered-to|x-original-to)[ \t]*:", re.I)
_FIELD_START = re.compile(rb"\n(?![ \t])")
_headers = BytesHeaderParser(policy=default_policy)


def header_message_id(raw: bytes) -> str:
    """The Message-ID header, or an id from the content's digest when there is none: a redelivery,
    which differs only in its trace fields, gets the same id."""
    try:
        value = str(_headers.parsebytes(raw).get("Message-ID") or "").strip()
    except Exception:  # a broken header block still gets a stable identity
        value = ""
    return value or _bare_id(content_digest(raw))


def _bare_id(digest: str) -> str:
    """The id of a message without a Message-ID, from its content digest."""
    return f"<sha256-{digest[:32]}@local>"


def content_digest(raw: bytes, trace: re.Pattern[bytes] = _TRACE_FIELD) -> str:
    """SHA-256 of the message without its trace fields, line ends read alike (CRLF or LF)."""
    text = raw.replace(b"\r\n", b"\n")
    head, blank, body = text.partition(b"\n\n")
    kept = b"\n".join(field for field in _FIELD_START.split(head) if not trace.match(field))
    return hashlib.sha256(kept + blank + body).hexdigest()


def digests(raw: bytes) -> tuple[str, str]:
    """The message's content digest, and the one it had before the receiver's stamps were left out."""
    return content_digest(raw), content_digest(raw, _FORMER_TRACE_FIELD)


def derived_id(message_id: str, digest: str) -> str:
    """The id of a message whose Message-ID another message already holds."""
    return f"<sha256-{digest[:32]}.{message_id.strip('<>')}>"


def new_messages(messages: list[tuple[str, bytes]],
                 stored: Callable[[set[str]], dict[str, str]]) -> list[tuple[str, str, bytes]]:
    """``(id, key, raw)`` for each fetched ``(key, raw)`` not stored yet, in order.

    ``stored`` answers, for a set of ids, those already stored with the content digest of each (as
    :func:`content_digest` makes it). A message stored under its former digest is the same message.
    """
    found = [(key, raw, header_message_id(raw), *digests(raw)) for key, raw in messages]
    held = stored({i for _, _, message_id, digest, former in found
                   for i in (message_id, _bare_id(former), derived_id(message_id, digest),
                             derived_id(message_id, former))})
    fresh = []
    for key, raw, message_id, digest, former in found:
        # A message without a Message-ID is named by its digest, and was by its former one.
        same = {message_id, _bare_id(former)} if message_id == _bare_id(digest) else {message_id}
        if held.get(message_id, digest) != digest:  # another message holds its Message-ID
            same = {derived_id(message_id, digest), derived_id(message_id, former)}
            message_id = derived_id(message_id, digest)
        if same & held.keys():
            continue  # the same message, delivered again
        held[message_id] = digest
        fresh.append((message_id, key, raw))
    return fresh
