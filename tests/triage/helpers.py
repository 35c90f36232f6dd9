"""Build raw test messages with the standard library, and read them as triage does."""

import re

from email.message import EmailMessage

from sdr_assets.domain.escalations import escalates
from sdr_assets.triage import classify_message
from sdr_assets.triage.reading import reading_form

SEND_KEY = "0123456789abcdef01234567"
# Our Message-IDs carry an HMAC of the send key; triage only finds the identifier, the ledger verifies it.
OUR_MESSAGE_ID = f"<sdr-{SEND_KEY}.9f86d081884c7d659a2feaa0c55ad015@sdr.example>"


def make_message(body: str, *, subject: str = "Re: Quick question", date: str = "Mon, 03 Jun 2024 10:00:00 +0200",
                 headers: dict | None = None, reply: bool = True, from_addr: str = "pat@customer.example") -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Pat Doe <{from_addr}>"
    msg["To"] = "alex@sdr.example"
    msg["Subject"] = subject
    msg["Date"] = date
    msg["Message-ID"] = "<reply-1@customer.example>"
    if reply:
        msg["In-Reply-To"] = OUR_MESSAGE_ID
        msg["References"] = OUR_MESSAGE_ID
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    return bytes(msg)


def assert_recorded(text: str) -> None:
    """A reply of ``text`` is recorded as an opt-out."""
    result = classify_message(make_message(text))
    assert (result.kind, result.label) == ("human", "unsubscribe"), (text, result.label, result.reason)


def assert_read_by_a_person(text: str) -> None:
    """A reply of ``text`` is no opt-out, and a person reads it."""
    result = classify_message(make_message(text))
    assert result.label != "unsubscribe", (text, result.label)
    assert escalates(result.kind, result.label, result.needs_review, result.reason), text


def top_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern's source."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += pattern[i + 1] == "^"
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return parts + [pattern[start:]]


def unexercised(phrases: list[str], texts: list[str]) -> list[str]:
    """The phrases (patterns) that find nothing in any of ``texts`` read in their reading form, ignoring case: each
    phrase of a rule should be written for at least one sample."""
    read = [reading_form(text) for text in texts]
    return [phrase for phrase in phrases if phrase and not any(re.search(phrase, text, re.I) for text in read)]
