"""The enrichment waterfall: per field, the first provider with a valid value, and which one it was.

Providers are asked in order, and a provider is asked about a domain only while a field is still
missing. Each field keeps the provider it came from; a field no provider filled keeps the errors
that stopped the providers, so an account can say why it is unenriched. Contacts count as one
field whose value is valid when at least one contact's address passes the address checks; they
join the account they were asked for. An HTTP provider's contact whose own record names another
company (its company domain, or its address's domain, is not the account's domain or one above or
under it) is quarantined by the provider, or when its cached answer is read, before it gets here
(``enrichment_records``, ``enrichment_cache``); one that leaves its company out joins the account.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sdr_assets.domain.address_checks import AddressVerdict

COMPANY_FIELDS = ("name", "industry", "employees", "country", "tech_stack")
CONTACTS = "contacts"
FIELDS = (*COMPANY_FIELDS, CONTACTS)
CONTACT_FIELDS = ("contact_id", "first_name", "last_name", "title", "seniority", "department", "email",
                  "linkedin_url")
MAX_EMPLOYEES = 5_000_000


def same_company(domain: str, other: str) -> bool:
    """Whether two canonical domains name one company: the same domain, or one under the other."""
    return domain == other or domain.endswith(f".{other}") or other.endswith(f".{domain}")


@dataclass(frozen=True)
class ProviderRecord:
    """What one provider said about one domain; ``errors`` by part (``company``, ``contacts``)."""

    company: dict[str, Any] | None = None
    contacts: tuple[dict[str, Any], ...] = ()
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def cacheable(self) -> bool:
        return not self.errors


def text(value: Any) -> str | None:
    """A provider's value as text: lists joined, empty as None (APIs send numbers, lists, nulls)."""
    if value.__class__ is str:  # the common case, as the last line would give it
        return value.strip() or None
    if isinstance(value, list | tuple):
        value = ", ".join(str(v).strip() for v in value if v is not None and str(v).strip())
    if value is None or isinstance(value, dict):
        return None
    return str(value).strip() or None


def valid_value(name: str, value: Any) -> bool:
    if value is None:
        return False
    if name == "employees":
        try:
            return 1 <= int(value) <= MAX_EMPLOYEES
        except (TypeError, ValueError):
            return False
    return text(value) is not None


def contact_id(provider: str, domain: str, contact: dict[str, Any]) -> str:
    """The provider's id, or one derived from the provider, domain and address or name."""
    given = str(contact.get("contact_id") or "").strip()
    if given:
        return given
    key = contact.get("email") or f"{contact.get('first_name')} {contact.get('last_name')}"
    return "ct_" + hashlib.sha256(f"{provider}|{domain}|{key}".lower().encode()).hexdigest()[:16]


@dataclass
class AccountEnrichment:
    """One domain's enrichment as the waterfall fills it."""

    domain: str
    values: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [f for f in FIELDS if f not in self.provenance]

    @property
    def known(self) -> bool:
        return "name" in self.provenance

    def unenriched(self) -> dict[str, str]:
        """Missing fields that a provider error left empty, with the errors."""
        return {f: "; ".join(self.errors[f]) for f in self.missing if self.errors.get(f)}

    def company(self) -> dict[str, Any]:
        return {f: self.values.get(f) for f in COMPANY_FIELDS}

    def sources(self) -> str:
        """The providers that gave a value, in the order they were asked."""
        used = set(self.provenance.values())
        return ", ".join(p for p in self.asked if p in used)

    def absorb(self, provider: str, record: ProviderRecord, check: Callable[[str | None], AddressVerdict]) -> None:
        self.asked.append(provider)
        for name in COMPANY_FIELDS:
            if name in self.provenance:
                continue
            value = (record.company or {}).get(name)
            if valid_value(name, value):
                self.values[name] = int(value) if name == "employees" else text(value)
                self.provenance[name] = provider
            elif "company" in record.errors:
                self.errors.setdefault(name, []).append(f"{provider}: {record.errors['company']}")
        if CONTACTS in self.provenance:
            return
        if CONTACTS in record.errors:
            self.errors.setdefault(CONTACTS, []).append(f"{provider}: {record.errors[CONTACTS]}")
        accepted = []
        for raw in record.contacts:
            if not isinstance(raw, dict):
                self.errors.setdefault(CONTACTS, []).append(f"{provider}: a contact is not an object")
                continue
            contact = {}
            for key in CONTACT_FIELDS:  # text() of each value, its two common cases written out
                value = raw.get(key)
                contact[key] = (None if value is None else (value.strip() or None) if value.__class__ is str
                                else text(value))
            contact.update(contact_id=contact_id(provider, self.domain, raw), company_domain=self.domain,
                           provider=provider)
            verdict = check(contact["email"])
            if verdict.accepted:
                contact["email"] = verdict.address
                accepted.append(contact)
            else:
                contact["refusal"] = verdict.refusal
                self.refused.append(contact)
        if accepted:
            self.contacts = accepted
            self.provenance[CONTACTS] = provider
