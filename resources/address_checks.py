"""Address checks for enriched contacts, with an optional MX lookup over DNS (dnspython).

The lookup asks ``nameservers`` (the system's resolvers when empty) through email-validator's
deliverability check: a domain that does not exist, publishes a null MX, or has neither MX nor
address records accepts no mail. A timeout or unreachable resolver refuses nothing.
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

    def mail_refusal(self) -> Callable[[str], str] | None:
        """``domain -> reason it accepts no mail`` (memoised for the run), or None without MX checks."""
        if not self.check_mx:
            return None
        resolver, seen = self._resolver(), {}

        def refusal(domain: str) -> str:
            if domain not in seen:
                try:
                    validate_email_deliverability(domain, domain, dns_resolver=resolver)
                    seen[domain] = ""
                except EmailUndeliverableError as exc:
                    seen[domain] = str(exc)
            return seen[domain]

        return refusal

    def checker(self) -> Callable[[str | None], AddressVerdict]:
        rules, refusal = self.rules(), self.mail_refusal()
        return lambda address: check_address(address, rules, refusal)
