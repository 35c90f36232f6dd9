"""Address checks for enriched contacts, with an optional MX lookup over DNS (dnspython).

The lookup asks ``nameservers`` (the system's resolvers when empty) through email-validator's
deliverability check: a domain that does not exist, publishes a null MX, or has neither MX nor
address records accepts no mail. A timeout or unreachable resolver refuses nothing. A verdict
stays fresh for ``mx_ttl_hours`` (the warehouse keeps them: ``sdr_assets/mx_verdicts.py``).
"""

from __future__ import annotations

from collections.abc import Callable

import dagster as dg
import dns.resolver
from disposable_email_domains import blocklist
from email_validator import EmailUndeliverableError
from email_validator.deliverability import validate_email_deliverability

from sdr_assets.domain.address_checks import AddressRules, AddressVerdict, check_address


class AddressChecks(dg.ConfigurableResource):
    allow_role_addresses: bool = False
    refuse_disposable: bool = True
    check_mx: bool = False
    nameservers: list[str] = []
    dns_port: int = 53
    dns_timeout_seconds: float = 3.0
    mx_ttl_hours: float = 24.0

    @property
    def resolvers(self) -> str:
        """The resolvers a verdict was given by, as kept beside it."""
        return f"{','.join(self.nameservers) or 'system'}:{self.dns_port}"

    def rules(self) -> AddressRules:
        return AddressRules(self.allow_role_addresses,
                            frozenset(blocklist) if self.refuse_disposable else frozenset())

    def _resolver(self) -> dns.resolver.Resolver:
        resolver = dns.resolver.Resolver(configure=not self.nameservers)
        if self.nameservers:
            resolver.nameservers = list(self.nameservers)
        resolver.port = self.dns_port
        resolver.lifetime = self.dns_timeout_seconds
        resolver.cache = dns.resolver.LRUCache()
        return resolver

    def mail_refusal(self, known: dict[str, str | None] | None = None,
                     asked: set[str] | None = None) -> Callable[[str], str] | None:
        """``domain -> reason it accepts no mail``, or None without MX checks. Each verdict is kept in
        ``known`` (a fresh dict by default: one lookup per domain per run); None there means the
        resolver could not tell, which refuses nothing. Each domain looked up is added to ``asked``."""
        if not self.check_mx:
            return None
        resolver, seen = self._resolver(), {} if known is None else known

        def refusal(domain: str) -> str:
            if asked is not None:
                asked.add(domain)
            if domain not in seen:
                seen[domain] = _verdict(resolver, domain)
            return seen[domain] or ""

        return refusal

    def checker(self, known: dict[str, str | None] | None = None,
                asked: set[str] | None = None) -> Callable[[str | None], AddressVerdict]:
        rules, refusal = self.rules(), self.mail_refusal(known, asked)
        return lambda address: check_address(address, rules, refusal)


def _verdict(resolver: dns.resolver.Resolver, domain: str) -> str | None:
    """Why ``domain`` accepts no mail, "" when it does, None when the resolver could not tell."""
    try:
        answer = validate_email_deliverability(domain, domain, dns_resolver=resolver)
    except EmailUndeliverableError as exc:
        return str(exc)
    return None if "unknown-deliverability" in answer else ""
