"""Addresses in one canonical form, used for suppression, holds, the ledger and the transport.

The canonical form is: surrounding whitespace trimmed, Unicode NFC, the local part lower-cased,
and the domain in its IDNA ASCII form, lower-cased (``josé@Bücher.example`` and
``jose\u0301@xn--bcher-kva.example`` are the same address). Plus tags are kept: mail goes to the
address as given. :func:`untagged` gives the address without its tag, so an opt-out by
``jane@`` also covers ``jane+news@``.

An invalid address never reaches a mail server.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email


class InvalidAddressError(ValueError):
    pass


# An address already in canonical form, which the validator gives back as it is: a lower-case ASCII
# dot-atom local part, and labels of lower-case letters, digits and single hyphens under a letter TLD
# that is not a special-use name. Anything else is validated in full.
PLAIN_LOCAL = re.compile(r"[a-z0-9_+-]{1,64}(?:\.[a-z0-9_+-]{1,64})*")
PLAIN_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
MAX_PLAIN = 254


def is_plain_canonical(text: str) -> bool:
    """True when ``text`` is an address in the canonical form that needs no validator to say so."""
    local, _, domain = text.partition("@")
    return (len(text) <= MAX_PLAIN and len(local) <= 64 and PLAIN_LOCAL.fullmatch(local) is not None
            and PLAIN_DOMAIN.fullmatch(domain) is not None and "--" not in domain
            and domain.rsplit(".", 1)[-1] not in SPECIAL_USE_DOMAIN_NAMES)


def mailbox_key(address: str | None) -> str:
    """A sending mailbox as its sends are counted: canonical, so ``sam@bücher.example`` and
    ``Sam@xn--bcher-kva.example`` share one warm-up and one cap; as written, lower-cased, if invalid."""
    text = str(address or "")
    try:
        return canonical_address(text)
    except InvalidAddressError:
        return text.strip().lower()


@lru_cache(maxsize=1 << 17)
def canonical_address(address: str) -> str:
    """Return the canonical address or raise InvalidAddressError with the reason.

    Reserved test domains (``*.example``) are accepted so the demo world is valid yet can never
    reach a real mailbox; a domain must still have a dot and a top-level label that starts with a
    letter.
    """
    text = unicodedata.normalize("NFC", str(address or "").strip())
    return text if is_plain_canonical(text) else validated_address(address)


def validated_address(address: str) -> str:
    """The canonical address as the validator gives it, or InvalidAddressError with the reason."""
    text = unicodedata.normalize("NFC", str(address or "").strip())
    try:
        result = validate_email(text, check_deliverability=False, globally_deliverable=False)
    except EmailNotValidError as exc:
        raise InvalidAddressError(f"{address!r}: {exc}") from None
    domain = (result.ascii_domain or result.domain).lower()
    if "." not in domain:
        raise InvalidAddressError(f"{address!r}: the domain has no dot")
    top = domain.rpartition(".")[2]
    if not ("a" <= top[:1] <= "z"):
        # Every top-level domain starts with a letter (IDN ones as xn--; RFC 1123 2.1): one that does
        # not makes an IP address (10.0.0.1, 0x7f.1) or a name no mailbox can have (acme.123).
        raise InvalidAddressError(f"{address!r}: the top-level domain {top!r} does not start with a letter, "
                                  "as every one does (an IP address or a number is no mail domain)")
    local = unicodedata.normalize("NFC", result.local_part).lower()
    return f"{local}@{domain}"


normalise_address = canonical_address


def canonical_domain(domain: str) -> str:
    """A domain in the same form as the domain of :func:`canonical_address`."""
    return canonical_address(f"x@{str(domain or '').strip().lstrip('@')}").partition("@")[2]


def untagged(address: str) -> str:
    """The canonical address without a ``+tag`` in its local part. A local part that is a tag alone
    keeps it: nothing names another mailbox, and without it the address would read as its whole domain
    (a suppression's ``@domain``)."""
    local, _, domain = address.partition("@")
    base = local.split("+", 1)[0]
    return f"{base}@{domain}" if "+" in local and base else address


# Gmail's domains, one mailbox under either; Gmail ignores dots in the local part.
GMAIL = "gmail.com"
GMAIL_DOMAINS = frozenset({GMAIL, "googlemail.com"})


def person_mailbox(address: str | None) -> str | None:
    """Whose mailbox ``address`` reaches (:func:`person_key`); None when it is no address."""
    try:
        return _one_mailbox(canonical_address(address or ""))
    except InvalidAddressError:
        return None


def person_key(address: str | None) -> str:
    """Who ``address`` is: the mailbox it reaches, canonical, without its ``+tag`` and, at Gmail, without
    dots in the local part and at gmail.com. Suppressions, holds, send plans and reply matching all
    ask it, so every spelling of one mailbox is one person. An address that is none is lower-cased and
    folded the same way, so it still compares sensibly; it is never mailed."""
    return person_mailbox(address) or _one_mailbox(str(address or "").strip().lower())


def _one_mailbox(address: str) -> str:
    mailbox = untagged(address)
    local, at, domain = mailbox.rpartition("@")
    return f"{local.replace('.', '')}@{GMAIL}" if at and domain in GMAIL_DOMAINS else mailbox


def is_valid_address(address: str) -> bool:
    try:
        canonical_address(address)
    except InvalidAddressError:
        return False
    return True
