"""Whether an enriched contact's address may be written to: syntax, role addresses, disposable domains.

The address is first put in its one canonical form (:func:`canonical_address`); a role address
(``info@``, ``sales@``: a shared inbox, not a person) is refused unless allowed, and so is a domain
on the disposable-address blocklist or under one. Whether the domain accepts mail at all is asked
of a callable the caller supplies (an MX lookup), so this module does no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sdr_assets.domain.addresses import InvalidAddressError, canonical_address, untagged

# Shared and system mailboxes, written without separators: ``no.reply``, ``no-reply`` and
# ``no_reply`` are all ``noreply``. None is a given name: a person's mailbox is never refused by it.
ROLE_LOCAL_PARTS = frozenset({
    "abuse", "accounts", "admin", "administrator", "alerts", "all", "billing", "bounce", "bounces", "careers",
    "contact", "contactus", "customerservice", "daemon", "donotreply", "enquiries", "everyone", "feedback",
    "finance", "hello", "help", "helpdesk", "hostmaster", "hr", "info", "inquiries", "jobs", "legal", "mail",
    "mailerdaemon", "marketing", "media", "newsletter", "noc", "noreply", "notification", "notifications",
    "notify", "office", "orders", "postmaster", "press", "privacy", "recruiting", "root", "sales", "security",
    "service", "support", "team", "unsubscribe", "webmaster",
})
SEPARATORS = re.compile(r"[._-]+")


@dataclass(frozen=True)
class AddressRules:
    allow_role_addresses: bool = False
    disposable_domains: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AddressVerdict:
    address: str | None  # the canonical address when accepted
    refusal: str = ""

    @property
    def accepted(self) -> bool:
        return not self.refusal


def is_role_address(address: str) -> bool:
    """A shared or system mailbox, not a person's: its local part (``+tag`` aside) is a role name once
    its separators are dropped (``mailer-daemon``, ``do_not_reply``), or is made of role names alone
    (``sales-team``, ``noreply.support``). A person's name beside one (``ann.sales``) keeps it hers."""
    words = [word for word in SEPARATORS.split(untagged(address).partition("@")[0]) if word]
    return bool(words) and ("".join(words) in ROLE_LOCAL_PARTS or all(word in ROLE_LOCAL_PARTS for word in words))


def is_disposable(domain: str, blocklist: frozenset[str]) -> bool:
    """The domain, or a domain it sits under, is on the blocklist."""
    labels = domain.split(".")
    return any(".".join(labels[i:]) in blocklist for i in range(len(labels) - 1))


def check_address(raw: str | None, rules: AddressRules,
                  mail_refusal: Callable[[str], str] | None = None) -> AddressVerdict:
    """The canonical address, or the reason it is refused.

    ``mail_refusal(domain)`` returns why the domain accepts no mail, or "" when it does (or when
    that cannot be told, as on a DNS timeout).
    """
    try:
        address = canonical_address(raw or "")
    except InvalidAddressError as exc:
        return AddressVerdict(None, f"invalid address: {exc}")
    domain = address.partition("@")[2]
    if not rules.allow_role_addresses and is_role_address(address):
        return AddressVerdict(None, f"{address}: role address, not a person")
    if is_disposable(domain, rules.disposable_domains):
        return AddressVerdict(None, f"{address}: disposable address domain")
    reason = mail_refusal(domain) if mail_refusal else ""
    if reason:
        return AddressVerdict(None, f"{address}: {reason}")
    return AddressVerdict(address)
