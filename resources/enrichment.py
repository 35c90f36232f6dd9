"""Enrichment providers (firmographics and contacts for a company domain) and their waterfall."""

from __future__ import annotations

import json
import threading
from abc import ABC, abstractmethod
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg
import httpx
import polars as pl

from resources.http_retry import FetchError, HttpRetry
from sdr_assets.domain.waterfall import COMPANY_FIELDS, CONTACT_FIELDS, ProviderRecord

COMPANY_SCHEMA = {
    "domain": pl.String,
    "name": pl.String,
    "industry": pl.String,
    "employees": pl.Int64,
    "country": pl.String,
    "founded": pl.Int64,
    "tech_stack": pl.String,
    "description": pl.String,
}
CONTACT_SCHEMA = {
    "contact_id": pl.String,
    "company_domain": pl.String,
    "first_name": pl.String,
    "last_name": pl.String,
    "title": pl.String,
    "seniority": pl.String,
    "department": pl.String,
    "email": pl.String,
    "linkedin_url": pl.String,
}


@dataclass
class ProviderAnswer:
    """One provider's records for the domains it was asked about, and the HTTP requests it made."""

    records: dict[str, ProviderRecord] = field(default_factory=dict)
    requests: int = 0


class EnrichmentProvider(dg.ConfigurableResource, ABC):
    @property
    @abstractmethod
    def label(self) -> str:
        """The name each value it gives is recorded under."""

    @property
    def cached(self) -> bool:
        """Whether its answers are kept in the warehouse cache (worth it for paid, remote providers)."""
        return False

    @abstractmethod
    def lookup(self, domains: list[str]) -> ProviderAnswer:
        """A record per domain; an error is recorded in the record, never raised."""


class LocalDirectoryEnrichment(EnrichmentProvider):
    """Reads ``companies.csv`` and ``contacts.csv`` from a reference folder."""

    directory: str

    @property
    def label(self) -> str:
        return "local"

    def _read(self, name: str) -> list[dict]:
        path = Path(self.directory) / name
        return pl.read_csv(path, infer_schema=False).to_dicts() if path.exists() else []

    def lookup(self, domains: list[str]) -> ProviderAnswer:
        wanted = set(domains)
        try:
            companies_rows, contact_rows = self._read("companies.csv"), self._read("contacts.csv")
        except (OSError, UnicodeDecodeError, pl.exceptions.PolarsError) as exc:
            reason = f"cannot read {self.directory}: {type(exc).__name__}: {str(exc)[:200]}"
            return ProviderAnswer({d: ProviderRecord(errors={"company": reason, "contacts": reason}) for d in wanted})
        companies = {str(c.get("domain") or "").strip().lower(): c for c in companies_rows}
        contacts: dict[str, list[dict]] = {}
        for contact in contact_rows:
            contacts.setdefault(str(contact.get("company_domain") or "").strip().lower(), []).append(contact)
        return ProviderAnswer({d: ProviderRecord(companies.get(d), tuple(contacts.get(d, ()))) for d in wanted})


def dig(body: Any, path: str) -> Any:
    """``body["a"]["b"]`` for the path ``a.b``; None where a key is absent."""
    for key in path.split("."):
        if not isinstance(body, dict):
            return None
        body = body.get(key)
    return body


class ProviderError(RuntimeError):
    pass


class HttpEnrichment(EnrichmentProvider, HttpRetry):
    """A JSON enrichment API: ``GET company_path`` and ``GET contacts_path`` per domain.

    The contacts answer is a list, or an object whose ``contacts_key`` holds the list and whose
    ``cursor_key`` names the next page (sent back as ``cursor_param``). ``field_map`` maps this
    project's field names to the provider's keys (dotted paths for nested objects). Up to
    ``concurrency`` domains are fetched at once over one client; 429, 5xx and timeouts are retried
    with backoff, honouring ``Retry-After``.
    """

    name: str = "http"
    base_url: str
    api_key: str = ""
    auth_header: str = "Authorization"
    auth_prefix: str = "Bearer "
    company_path: str = "/companies/{domain}"
    contacts_path: str = "/companies/{domain}/contacts"
    company_key: str = ""
    contacts_key: str = "data"
    cursor_key: str = "next_cursor"
    cursor_param: str = "cursor"
    field_map: dict[str, str] = {}
    concurrency: int = 4
    max_pages: int = 20

    @property
    def label(self) -> str:
        return f"http:{self.name}"

    @property
    def cached(self) -> bool:
        return True

    def _mapped(self, item: Any, fields: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(item, dict):
            raise ProviderError("an item is not a JSON object")
        return {f: dig(item, self.field_map.get(f, f)) for f in fields}

    def _get(self, client: httpx.Client, path: str, params: dict | None = None) -> Any:
        """The parsed body, None for 404, ProviderError for anything else that is not a JSON answer."""
        try:
            response = self.get(client, path, params)
        except FetchError as exc:
            raise ProviderError(str(exc)) from None
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise ProviderError(f"{path}: HTTP {response.status_code}")
        try:
            return json.loads(response.text)
        except (ValueError, RecursionError):
            raise ProviderError(f"{path}: malformed JSON") from None

    def _company(self, client: httpx.Client, domain: str) -> dict | None:
        body = self._get(client, self.company_path.format(domain=domain))
        if body is None:
            return None
        return self._mapped(dig(body, self.company_key) if self.company_key else body, COMPANY_FIELDS)

    def _contacts(self, client: httpx.Client, domain: str) -> tuple[dict, ...]:
        path, cursor, contacts = self.contacts_path.format(domain=domain), None, []
        for _ in range(self.max_pages):
            body = self._get(client, path, {self.cursor_param: cursor} if cursor else None)
            if body is None:
                break
            items = body if isinstance(body, list) else dig(body, self.contacts_key)
            if not isinstance(items, list):
                raise ProviderError(f"{path}: no '{self.contacts_key}' list in the answer")
            contacts.extend(self._mapped(item, CONTACT_FIELDS) for item in items)
            cursor = dig(body, self.cursor_key) if isinstance(body, dict) else None
            if cursor in (None, ""):
                break
        return tuple(contacts)

    def _one(self, client: httpx.Client, domain: str) -> ProviderRecord:
        errors: dict[str, str] = {}
        company, contacts = None, ()
        try:
            company = self._company(client, domain)
        except ProviderError as exc:
            errors["company"] = str(exc)
        if self.contacts_path and (company is not None or errors):
            try:
                contacts = self._contacts(client, domain)
            except ProviderError as exc:
                errors["contacts"] = str(exc)
        return ProviderRecord(company, contacts, errors)

    def lookup(self, domains: list[str]) -> ProviderAnswer:
        sent = [0]
        lock = threading.Lock()

        def count(_request: httpx.Request) -> None:
            with lock:
                sent[0] += 1

        headers = {self.auth_header: f"{self.auth_prefix}{self.api_key}"} if self.api_key else {}
        with self.client(base_url=self.base_url, headers=headers, event_hooks={"request": [count]}) as client:
            with ThreadPoolExecutor(max_workers=max(1, self.concurrency)) as pool:
                records = dict(zip(domains, pool.map(lambda d: self._one(client, d), domains), strict=True))
        return ProviderAnswer(records, sent[0])


class EnrichmentWaterfall(dg.ConfigurableResource):
    """The providers in the order they are asked, and how long a cached answer stays fresh."""

    local: LocalDirectoryEnrichment | None = None
    http: HttpEnrichment | None = None
    order: list[str] = ["local", "http"]
    ttl_days: float = 30.0

    def providers(self) -> list[EnrichmentProvider]:
        configured = {"local": self.local, "http": self.http}
        unknown = [name for name in self.order if name not in configured]
        if unknown:
            raise ValueError(f"unknown enrichment providers {unknown}: use {sorted(configured)}")
        return [configured[name] for name in self.order if configured[name] is not None]
