"""Addresses in one canonical form, used for suppression, holds, the ledger and the transport.

The canonical form is: surrounding whitespace trimmed, Unicode NFC, the local part lower-cased,
and the domain in its IDNA ASCII form, lower-cased (``josé@Bücher.example`` and
``jose\u0301@xn--bcher-kva.example`` are the same address). Plus tags are kept: mail goes to the
address as given. :func:`untagged` gives the address without its tag, so an opt-out by
``jane@`` also covers ``jane+news@``.

An invalid address never reaches a mail server.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email


class InvalidAddressError(ValueError):
    pass


@lru_cache(maxsize=1 << 17)
def canonical_address(address: str) -> str:
    """Return the canonical address or raise InvalidAddressError with the reason.

    Reserved test domains (``*.example``) are accepted so the demo world is valid yet can never
    reach a real mailbox; a domain must still have a dot.
    """
    text = unicodedata.normalize("NFC", str(address or "").strip())
    try:
        result = validate_email(text, check_deliverability=False, globally_deliverable=False)
    except EmailNotValidError as exc:
        raise InvalidAddressError(f"{address!r}: {exc}") from None
    domain = (result.ascii_domain or result.domain).lower()
    if "." not in domain:
        raise InvalidAddressError(f"{address!r}: the domain has no dot")
    local = unicodedata.normalize("NFC", result.local_part).lower()
    return f"{local}@{domain}"


normalise_address = canonical_address


def canonical_domain(domain: str) -> str:
    """A domain in the same form as the domain of :func:`canonical_address`."""
    return canonical_address(f"x@{str(domain or '').strip().lstrip('@')}").partition("@")[2]


def untagged(address: str) -> str:
    """The canonical address without a ``+tag`` in its local part."""
    local, _, domain = address.partition("@")
    return f"{local.split('+', 1)[0]}@{domain}" if "+" in local else address


def is_valid_address(address: str) -> bool:
    try:
        canonical_address(address)
    except InvalidAddressError:
        return False
    return True
