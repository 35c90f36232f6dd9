"""Enrichment providers (firmographics and contacts for a company domain) and their waterfall."""

from __future__ import annotations

import hashlib
import json
import threading
from abc import ABC, abstractmethod
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import dagster as dg
import httpx
import polars as pl

from resources.http_retry import Breaker, FetchError, HttpRetry
from resources.reference_reads import kept_read
from sdr_assets.domain.collection import no_cycle_collection
from sdr_assets.domain.enrichment_bulk import Shape
from sdr_assets.domain.enrichment_csv import raw_text
from sdr_assets.domain.enrichment_records import (
    COMPANY_SHAPE,
    CONTACT_SHAPE,
    LocalFile,
    LocalTable,
    QuarantinedRecord,
    RecordError,
    as_record_error,
    companies_file,
    company_values,
    contact_values,
    contacts_file,
    held_reason,
    local_record,
)
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
    """One provider's records for the domains it was asked about, the HTTP requests it made and the
    records it quarantined."""

    records: dict[str, ProviderRecord] = field(default_factory=dict)
    requests: int = 0
    quarantined: list[QuarantinedRecord] = field(default_factory=list)
    # The hex SHA-256 of the bytes each file it read held (None: there was no file), by file name.
    files_read: dict[str, str | None] = field(default_factory=dict)


class EnrichmentProvider(dg.ConfigurableResource, ABC):
    @property
    @abstractmethod
    def label(self) -> str:
        """The name each value it gives is recorded under."""

    @property
    def cached(self) -> bool:
        """Whether its answers are kept in the warehouse cache (worth it for paid, remote providers)."""
        return False

    @property
    def answer_settings(self) -> str:
        """A digest of the settings that shape its answers: a cached answer given under others is not used."""
        return ""

    @abstractmethod
    def lookup(self, domains: list[str]) -> ProviderAnswer:
        """A record per domain; an error is recorded in the record, never raised."""


class LocalDirectoryEnrichment(EnrichmentProvider):
    """Reads ``companies.csv`` and ``contacts.csv`` from a reference folder.

    A bad row is quarantined with its file, line, field and reason while the other rows are used;
    a file that cannot be read at all is reported whole, and the other file is still used. What a
    read of each file found is kept in ``kept_reads`` (none kept when empty) for the next read of
    the same bytes (``resources/reference_reads.py``).
    """

    directory: str
    kept_reads: str = ""

    @property
    def label(self) -> str:
        return "local"

    def _table(self, name: str, shape: Shape, read: Callable[..., LocalFile], domains: set[str],
               files_read: dict[str, str | None]) -> LocalTable:
        """The file's records of ``domains``; the digest of the bytes read goes into ``files_read``."""
        path = Path(self.directory) / name
        try:
            data = path.read_bytes() if path.exists() else None
            sha = files_read[name] = None if data is None else hashlib.sha256(data).hexdigest()
            return kept_read(self.kept_reads, name, data or b"", shape, partial(read, self.label, name),
                             sha).table(domains)
        except Exception as exc:  # a file that cannot be read at all is reported whole; the other one goes on
            reason = f"cannot read {name}: {type(exc).__name__}: {str(exc)[:200]}"
            return LocalTable(quarantined=[QuarantinedRecord(self.label, name, 0, "", reason)], error=reason)

    def lookup(self, domains: list[str]) -> ProviderAnswer:
        # Every row is checked (and a bad one quarantined); only the asked domains' records are kept.
        asked, files_read = set(domains), {}
        companies = self._table("companies.csv", COMPANY_SHAPE, companies_file, asked, files_read)
        contacts = self._table("contacts.csv", CONTACT_SHAPE, contacts_file, asked, files_read)
        with no_cycle_collection():
            records = {d: local_record(companies, contacts, d) for d in asked}
        held = sorted([*companies.quarantined, *contacts.quarantined], key=lambda q: (q.source, q.line))
        return ProviderAnswer(records, quarantined=held, files_read=files_read)


def dig(body: Any, path: str) -> Any:
    """``body["a"]["b"]`` for the path ``a.b``; None where a key is absent."""
    for key in path.split("."):
        if not isinstance(body, dict):
            return None
        body = body.get(key)
    return body


class ProviderError(RuntimeError):
    pass


def _not_an_answer(response: httpx.Response) -> str:
    """Why a status other than 200 or 404 is no answer; a redirect names where it points (its
    path, not its query, which may carry a token), as following it could land on another company."""
    status = response.status_code
    if status == 202:
        return "HTTP 202: the provider has not answered yet"
    if 300 <= status < 400:
        target = response.headers.get("location", "").partition("?")[0].partition("#")[0]
        return f"HTTP {status} to {target[:200]!r}, not followed"
    return f"HTTP {status}"


@dataclass(frozen=True)
class _Calls:
    """One lookup's client, and the breaker that stops all its requests at once."""

    client: httpx.Client
    breaker: Breaker


class HttpEnrichment(EnrichmentProvider, HttpRetry):
    """A JSON enrichment API: ``GET company_path`` and ``GET contacts_path`` per domain.

    The contacts answer is a list, or an object whose ``contacts_key`` holds the list and whose
    ``cursor_key`` names the next page (sent back as ``cursor_param``). ``field_map`` maps this
    project's field names to the provider's keys (dotted paths for nested objects). Up to
    ``concurrency`` domains are fetched at once over one client; 429, 5xx and timeouts are retried
    with backoff, honouring ``Retry-After``. A ``Retry-After`` longer than the client waits, a request
    that cannot be made, or ``stop_after_unreachable`` requests in a row that time out or find no
    connection stop the lookup: every domain left gets that error, without a call. A company record
    whose ``domain`` names another company, a repeated cursor and contacts beyond ``max_pages`` are
    handled as ``_company`` and ``_contacts`` say.
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
    stop_after_unreachable: int = 3

    @property
    def label(self) -> str:
        return f"http:{self.name}"

    @property
    def cached(self) -> bool:
        return True

    @property
    def answer_settings(self) -> str:
        shaping = {name: getattr(self, name) for name in ("base_url", "company_path", "contacts_path", "company_key",
                                                          "contacts_key", "cursor_key", "cursor_param")}
        shaping["field_map"] = sorted(self.field_map.items())
        return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:16]

    def _mapped(self, item: dict, fields: tuple[str, ...]) -> dict[str, Any]:
        return {f: dig(item, self.field_map.get(f, f)) for f in fields}

    def _held(self, source: str, line: int, error: RecordError, item: Any, domain: str) -> QuarantinedRecord:
        try:
            raw = json.dumps(item, ensure_ascii=False, default=str)
        except (ValueError, RecursionError):
            raw = "<not serialisable>"
        return QuarantinedRecord(self.label, source, line, error.field, str(error), raw_text(raw), domain)

    def _get(self, calls: _Calls, path: str, params: dict | None = None) -> Any:
        """The parsed body of a 200, None for 404, ProviderError for any other status or a body that
        is not JSON: a queued (202) or redirected (3xx) lookup is no answer about the asked company."""
        try:
            response = self.get(calls.client, path, params, calls.breaker)
        except FetchError as exc:
            raise ProviderError(str(exc)) from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ProviderError(f"{path}: {_not_an_answer(response)}")
        try:  # JSON is UTF-8 unless the answer says otherwise; a name decoded by guesswork is no name
            text = response.content.decode(response.charset_encoding or "utf-8")
        except (UnicodeDecodeError, LookupError):
            raise ProviderError(f"{path}: the answer is not text in {response.charset_encoding or 'UTF-8'}") from None
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            raise ProviderError(f"{path}: malformed JSON") from None

    def _company(self, calls: _Calls, domain: str, held: list[QuarantinedRecord]) -> dict | None:
        """The company's fields; a record that cannot be used (one whose mapped ``domain`` names
        another company, say) is quarantined and is the domain's ProviderError."""
        path = self.company_path.format(domain=domain)
        body = self._get(calls, path)
        if body is None:
            return None
        item = dig(body, self.company_key) if self.company_key else body
        try:
            if not isinstance(item, dict):
                raise RecordError("", "the company record is not a JSON object")
            return company_values(self._mapped(item, (*COMPANY_FIELDS, "domain")), domain)
        except Exception as exc:  # whatever the record holds, it is this domain's error, not the batch's
            error = as_record_error(exc)
            held.append(self._held(path, 1, error, item, domain))
            raise ProviderError(f"{path}: quarantined: {error}") from None

    def _contacts(self, calls: _Calls, domain: str, held: list[QuarantinedRecord]) -> tuple[dict, ...]:
        """Every valid contact over the pages, each once; a bad item is quarantined (numbered from 1
        over all pages). A cursor already asked for ends the list; one still pending after
        ``max_pages`` pages is a ProviderError, as a list cut short is no answer."""
        path, cursor, contacts, number = self.contacts_path.format(domain=domain), None, [], 0
        asked: set[str] = set()
        seen: set[tuple] = set()
        for _ in range(self.max_pages):
            body = self._get(calls, path, {self.cursor_param: cursor} if cursor else None)
            if body is None:
                return tuple(contacts)
            items = body if isinstance(body, list) else dig(body, self.contacts_key)
            if not isinstance(items, list):
                raise ProviderError(f"{path}: no '{self.contacts_key}' list in the answer")
            for item in items:
                number += 1
                try:
                    if not isinstance(item, dict):
                        raise RecordError("", "the contact is not a JSON object")
                    contact = contact_values(self._mapped(item, (*CONTACT_FIELDS, "company_domain")), domain)
                except Exception as exc:  # one bad item never drops the page
                    held.append(self._held(path, number, as_record_error(exc), item, domain))
                    continue
                if tuple(contact.items()) not in seen:
                    seen.add(tuple(contact.items()))
                    contacts.append(contact)
            cursor = dig(body, self.cursor_key) if isinstance(body, dict) else None
            if cursor in (None, "") or repr(cursor) in asked:
                return tuple(contacts)
            asked.add(repr(cursor))
        raise ProviderError(f"{path}: more than {self.max_pages} pages of contacts, the list is not read whole")

    def _one(self, calls: _Calls, domain: str) -> tuple[ProviderRecord, list[QuarantinedRecord]]:
        """The domain's record and its quarantined items; contacts all quarantined count as an error."""
        errors: dict[str, str] = {}
        company_held: list[QuarantinedRecord] = []
        contact_held: list[QuarantinedRecord] = []
        company, contacts = None, ()
        try:
            company = self._company(calls, domain, company_held)
        except ProviderError as exc:
            errors["company"] = str(exc)
        if self.contacts_path and (company is not None or errors):
            try:
                contacts = self._contacts(calls, domain, contact_held)
            except ProviderError as exc:
                errors["contacts"] = str(exc)
            if not contacts and contact_held and "contacts" not in errors:
                errors["contacts"] = held_reason([f"{q.source} item {q.line}: {q.reason}" for q in contact_held])
        return ProviderRecord(company, contacts, errors), company_held + contact_held

    def lookup(self, domains: list[str]) -> ProviderAnswer:
        sent = [0]
        lock = threading.Lock()

        def count(_request: httpx.Request) -> None:
            with lock:
                sent[0] += 1

        headers = {self.auth_header: f"{self.auth_prefix}{self.api_key}"} if self.api_key else {}
        with self.client(base_url=self.base_url, headers=headers, event_hooks={"request": [count]}) as client:
            calls = _Calls(client, Breaker(self.stop_after_unreachable))
            with ThreadPoolExecutor(max_workers=max(1, self.concurrency)) as pool:
                answers = dict(zip(domains, pool.map(lambda d: self._one(calls, d), domains), strict=True))
        return ProviderAnswer({d: record for d, (record, _) in answers.items()}, sent[0],
                              [q for _, held in answers.values() for q in held])


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
