"""What can be read of a message the parser gave up on, from its top-level header lines alone.

Only the header block at the start of the raw bytes is read, and of it only the first
``HEAD_LIMIT`` bytes: nothing here descends into MIME parts or grows with the message.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass

from sdr_assets.domain.addresses import InvalidAddressError, canonical_address

HEAD_LIMIT = 64 * 1024
VALUE_LIMIT = 2000  # characters kept of one header's value, folded lines included
_WANTED = ("from", "subject", "in-reply-to", "references")
_NAME_RE = re.compile(rb"([!-9;-~]+)[ \t]*:(.*)", re.S)
_LINE_RE = re.compile(rb"\r\n|\n|\r")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_ID_RE = re.compile(r"<[^<>\s]{1,500}>")


@dataclass(frozen=True)
class Salvaged:
    """The sender's address (None when none can be read), the subject, and the Message-IDs the
    message answers: In-Reply-To's, then References' from the newest; lower case."""

    from_addr: str | None
    subject: str
    message_ids: tuple[str, ...]


def _text(value: bytes) -> str:
    return " ".join(_CONTROL_RE.sub(" ", value.decode("utf-8", "replace")).split())


def header_values(raw: bytes, limit: int = HEAD_LIMIT) -> dict[str, str]:
    """The first From, Subject, In-Reply-To and References of the top-level header block, unfolded.

    Reading stops at the blank line that ends the block, at a line that is no header, or at
    ``limit`` bytes, where a line cut short is dropped."""
    lines = _LINE_RE.split(raw[:limit])
    if len(raw) > limit:
        lines = lines[:-1]
    found: dict[str, list[bytes]] = {}
    current: list[bytes] | None = None
    for line in lines:
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            if current is not None and len(current) < VALUE_LIMIT:
                current.append(line.strip())
            continue
        match = _NAME_RE.fullmatch(line)
        if not match:
            break
        name = match.group(1).decode("ascii").lower()
        current = found.setdefault(name, [match.group(2).strip()]) if name in _WANTED and name not in found else None
    return {name: _text(b" ".join(parts))[:VALUE_LIMIT] for name, parts in found.items()}


def _sender(value: str) -> str | None:
    for _, address in email.utils.getaddresses([value]):
        try:
            return canonical_address(address)
        except InvalidAddressError:
            continue
    return None


def salvage(raw: bytes, limit: int = HEAD_LIMIT) -> Salvaged:
    """The sender, subject and answered Message-IDs of ``raw``, read from its header block only."""
    values = header_values(raw, limit)
    answered = _ID_RE.findall(values.get("in-reply-to", "")) + _ID_RE.findall(values.get("references", ""))[::-1]
    return Salvaged(_sender(values.get("from", "")), values.get("subject", ""),
                    tuple(dict.fromkeys(i.lower() for i in answered)))
