"""Enrichment records checked one by one: a bad record is quarantined with its reason, the rest are used.

A provider's record (a row of the local CSVs, an object in an HTTP answer) is checked field by
field. Values of any JSON type become text as before (lists joined, numbers written out, an object
where text belongs counts as no value). A value that is there but wrong quarantines the whole
record, never half of it: an employee count or founding year that is not a whole number in range,
a control character (CR, LF, U+2028...) or text over its length, a LinkedIn link that is not
http(s), a company domain that is not a domain, a contact or company record an HTTP provider gave
for one company whose record names another. In the local files the same key given twice with
different values (a domain in companies.csv, a contact_id in contacts.csv) quarantines every row
of that key: the files disagree, and neither row can be trusted over the other.

The local files are read in bulk first (``enrichment_bulk``): a clean line is parsed and checked
there, and only the rest comes through these checks, which alone decide what is wrong and why.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import polars as pl

from sdr_assets.domain.addresses import InvalidAddressError, canonical_address
from sdr_assets.domain.collection import no_cycle_collection
from sdr_assets.domain.enrichment_bulk import Shape, check_claimed, records_of, simple_lines
from sdr_assets.domain.enrichment_csv import CsvRows, line_values, raw_text, read_rows
from sdr_assets.domain.signal_schema import SignalError, clean_text, clean_url
from sdr_assets.domain.signals import BAD_BYTES, normalise_domain
from sdr_assets.domain.waterfall import (
    COMPANY_FIELDS,
    CONTACT_FIELDS,
    MAX_EMPLOYEES,
    ProviderRecord,
    same_company,
    text,
)

LIMITS = {"description": 2000, "tech_stack": 1000, "email": 320, "linkedin_url": 2048, "contact_id": 128}
WHOLE_NUMBERS = {"employees": (1, MAX_EMPLOYEES), "founded": (1800, 2100)}
INTEGER = re.compile(r"^[+-]?\d{1,18}$")
SHOWN_REASONS = 3


class RecordError(ValueError):
    """Why a record cannot be used, and the field at fault."""

    def __init__(self, field_name: str, reason: str):
        super().__init__(reason)
        self.field = field_name


def as_record_error(exc: Exception) -> RecordError:
    """A RecordError as it is; anything else a record raised, as the reason it is unreadable."""
    if isinstance(exc, RecordError):
        return exc
    return RecordError("", f"unreadable record: {type(exc).__name__}: {str(exc)[:200]}")


@dataclass(frozen=True)
class QuarantinedRecord:
    """A record set aside: where it came from (provider, file or path, line or item) and why."""

    provider: str
    source: str
    line: int
    field: str
    reason: str
    raw: str = ""
    domain: str = ""


def _text(name: str, value: Any) -> str | None:
    if value is None or isinstance(value, dict) or (isinstance(value, float) and not math.isfinite(value)):
        return None
    try:
        return clean_text(text(value) or "", name, LIMITS.get(name, 300), name == "description") or None
    except SignalError as exc:
        raise RecordError(name, str(exc)) from None


def _whole_number(name: str, value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    low, high = WHOLE_NUMBERS[name]
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and INTEGER.match(value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(name, f"{name} is not a whole number: {str(value)[:40]!r}")
    if not low <= value <= high:
        raise RecordError(name, f"{name} {value} is outside {low}..{high}")
    return value


def record_domain(name: str, value: Any) -> str:
    """The record's company domain in canonical form; RecordError if it is missing or not a domain."""
    if value is None or not str(value).strip():
        raise RecordError(name, f"missing {name}")
    try:
        return normalise_domain(value)
    except ValueError:  # SignalError, and urlsplit's own (an unbalanced "[" is an "Invalid IPv6 URL")
        raise RecordError(name, f"{name} is not a domain: {str(value)[:80]!r}") from None


def _domain_or_blank(value: str) -> str:
    try:
        return record_domain("domain", value) if BAD_BYTES.search(value) is None else ""
    except RecordError:
        return ""


def company_values(record: dict[str, Any], asked: str | None = None) -> dict[str, Any]:
    """The firmographic fields of one company record, checked; RecordError names the first bad one.

    With ``asked``, the domain a provider was asked about, a record whose own ``domain`` names
    another company is a RecordError: its name and headcount are that company's.
    """
    if not isinstance(record, dict):
        raise RecordError("", "the company record is not a JSON object")
    named = text(record.get("domain")) if asked else None
    if named is not None:
        company = record_domain("domain", named)
        if not same_company(company, asked):
            raise RecordError("domain", f"company record belongs to {company}, asked for {asked}")
    values = {}
    for name in (*COMPANY_FIELDS, "founded", "description"):
        if name in WHOLE_NUMBERS:
            values[name] = _whole_number(name, record.get(name))
        else:
            values[name] = _text(name, record.get(name))
    return values


def _named_companies(record: dict[str, Any], email: str | None) -> Iterator[tuple[str, str]]:
    """The fields of a contact's record that name a company, with that company's domain: its
    company domain if given, and its address's domain (an address that is not one is left to the
    address checks)."""
    named = text(record.get("company_domain"))
    if named is not None:
        yield "company_domain", record_domain("company_domain", named)
    try:
        yield "email", canonical_address(email or "").partition("@")[2]
    except InvalidAddressError:
        return


def check_company(record: Any, email: str | None, asked: str) -> None:
    """RecordError if a contact's record (with ``email``, its address) names a company other than
    ``asked``, the domain a provider was asked about: the contact is that company's."""
    if not isinstance(record, dict):
        raise RecordError("", "the contact is not a JSON object")
    for name, company in _named_companies(record, email):
        if not same_company(company, asked):
            raise RecordError(name, f"contact belongs to {company}, asked for {asked}")


def contact_values(record: Any, asked: str | None = None) -> dict[str, Any]:
    """The fields of one contact record, checked (its address is judged later by the address checks).

    With ``asked``, the domain a provider was asked about, a record whose company domain or address
    names another company is a RecordError (``check_company``).
    """
    if not isinstance(record, dict):
        raise RecordError("", "the contact is not a JSON object")
    values = {name: _text(name, record.get(name)) for name in CONTACT_FIELDS}
    if asked:
        check_company(record, values["email"], asked)
    if values["linkedin_url"]:
        try:
            values["linkedin_url"] = clean_url(values["linkedin_url"], "linkedin_url")
        except SignalError as exc:
            raise RecordError("linkedin_url", str(exc)) from None
        except ValueError:
            raise RecordError("linkedin_url", f"linkedin_url is not a URL: {values['linkedin_url'][:80]!r}") from None
    return values


@dataclass
class LocalTable:
    """One local file's usable records by domain, the reasons rows of a domain were set aside, the
    quarantine, and why the file as a whole could not be used."""

    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    held: dict[str, list[str]] = field(default_factory=dict)
    quarantined: list[QuarantinedRecord] = field(default_factory=list)
    error: str = ""

    def hold(self, provider: str, source: str, line: int, error: RecordError, raw: str | list[str],
             domain: str = "") -> None:
        self.quarantined.append(QuarantinedRecord(provider, source, line, error.field, str(error), raw_text(raw), domain))
        if domain:
            self.held.setdefault(domain, []).append(f"{source} line {line}: {error}")


def _read(provider: str, source: str, data: bytes, key_column: str,
          shape: Shape | None) -> tuple[LocalTable, CsvRows, pl.DataFrame | None]:
    """The file's table so far, the rows left to check one by one, and the rows accepted in bulk."""
    rows = read_rows(data, (key_column,), simple_lines if shape is not None else None)
    accepted = None
    if rows.claimed:
        checked = check_claimed(shape, rows.header, rows.claimed)
        if checked is None:  # the bulk reader could not read them: every line is read one by one
            rows = read_rows(data, (key_column,))
        else:
            accepted = checked.accepted
            rows.rows = sorted([*rows.rows, *checked.unsure], key=lambda row: row[0])
    table = LocalTable(error=f"cannot read {source}: {rows.error}" if rows.error else "")
    if rows.error:
        table.quarantined.append(QuarantinedRecord(provider, source, 0, "", table.error))
    for bad in rows.bad:
        table.hold(provider, source, bad.line, RecordError(bad.field, bad.reason), bad.raw, _domain_or_blank(bad.key))
    return table, rows, accepted


def _keep_agreeing(table: LocalTable, provider: str, source: str, key_name: str,
                   keyed: dict[str, list[tuple[int, list[str] | None, str, dict]]],
                   read: Callable[[int], list[str]]) -> list[tuple[int, str, dict]]:
    """Rows of one key: one kept if they all agree, every one quarantined if they differ (a row
    checked in bulk carries no values as read: ``read`` gives them from its line). The kept rows,
    each with the line its key first appears on."""
    kept = []
    for key, group in keyed.items():
        first = group[0][3]
        differ = sorted({f for *_, values in group[1:] for f in values if values[f] != first[f]})
        if not differ:
            kept.append((group[0][0], group[0][2], first))
            continue
        lines = ", ".join(str(line) for line, *_ in group)
        for line, raw, domain, _ in group:
            reason = f"{key_name} {key} is on lines {lines} with different {', '.join(differ)}"
            table.hold(provider, source, line, RecordError(differ[0], reason), read(line) if raw is None else raw,
                       domain)
    return kept


@dataclass
class LocalFile:
    """One local file read whole: its usable records in line order (a frame of ``shape.schema``), the
    reasons rows of a domain were set aside, the quarantine, and why the file as a whole could not be used."""

    shape: Shape
    records: pl.LazyFrame
    held: dict[str, list[str]] = field(default_factory=dict)
    quarantined: list[QuarantinedRecord] = field(default_factory=list)
    error: str = ""

    def table(self, domains: Collection[str] | None = None) -> LocalTable:
        """The file's table with the records of ``domains`` alone (all when None)."""
        frame = self.records
        if domains is not None:
            frame = frame.filter(pl.col(self.shape.key).is_in(pl.Series(list(domains), dtype=pl.String).implode()))
        table = LocalTable(held=self.held, quarantined=self.quarantined, error=self.error)
        with no_cycle_collection():
            for _, domain, values in records_of(frame.collect(), self.shape):
                table.records.setdefault(domain, []).append(values)
        return table


def _local_file(provider: str, source: str, data: bytes, key_column: str,
                values_of: Callable[[dict, str], dict], key_of: Callable[[dict, int], str],
                shape: Shape, bulk: bool) -> LocalFile:
    with no_cycle_collection():
        return _file_of(provider, source, data, key_column, values_of, key_of, shape, bulk)


def _file_of(provider: str, source: str, data: bytes, key_column: str,
             values_of: Callable[[dict, str], dict], key_of: Callable[[dict, int], str],
             shape: Shape, bulk: bool) -> LocalFile:
    table, rows, accepted = _read(provider, source, data, key_column, shape if bulk else None)
    checked: list[tuple[int, list[str] | None, str, dict]] = []
    for line, raw, row in rows.rows:
        try:
            domain = record_domain(key_column, row.get(key_column))
        except RecordError as exc:
            table.hold(provider, source, line, exc, raw)
            continue
        try:
            values = values_of(row, domain)
        except Exception as exc:  # a row must never stop the others, whatever it holds
            table.hold(provider, source, line, as_record_error(exc), raw, domain)
            continue
        checked.append((line, raw, domain, values))
    schema = shape.schema
    alone = pl.DataFrame(schema=schema)
    if accepted is not None:
        # A row accepted in bulk whose key no other row has is kept as it is; the others are compared.
        taken = pl.Series("_key", [key_of(values, line) for line, _, _, values in checked], dtype=pl.String)
        single = pl.col("_key").is_not_null() & pl.col("_key").is_unique() & ~pl.col("_key").is_in(taken.implode())
        alone = accepted.filter(single).select(list(schema)).cast(schema)
        checked += [(line, None, domain, values) for line, domain, values in
                    records_of(accepted.filter(~single), shape)]
    keyed: dict[str, list] = {}
    for line, raw, domain, values in sorted(checked, key=itemgetter(0)):
        keyed.setdefault(key_of(values, line), []).append((line, raw, domain, values))
    texts = dict(rows.claimed)
    kept = _keep_agreeing(table, provider, source, "domain" if key_column == "domain" else "contact", keyed,
                          lambda line: line_values(texts[line]))
    agreed = pl.DataFrame({"_line": [line for line, _, _ in kept],
                           **{name: [values[name] for _, _, values in kept] for name in list(schema)[1:]}},
                          schema=schema)
    records = pl.concat([alone, agreed]).sort("_line")
    return LocalFile(shape, records.lazy(), table.held, table.quarantined, table.error)


COMPANY_SHAPE = Shape("domain", (*COMPANY_FIELDS, "founded", "description"), LIMITS, WHOLE_NUMBERS,
                      multiline=frozenset({"description"}))
CONTACT_SHAPE = Shape("company_domain", CONTACT_FIELDS, LIMITS, {}, urls=frozenset({"linkedin_url"}),
                      identity="contact_id", address="email")


def companies_file(provider: str, source: str, data: bytes, bulk: bool = True) -> LocalFile:
    """companies.csv: one record per domain (``bulk``: clean lines read and checked in bulk). Every
    row is checked and a bad one quarantined."""
    return _local_file(provider, source, data, "domain", lambda row, domain: {**company_values(row), "domain": domain},
                       lambda values, _: values["domain"], COMPANY_SHAPE, bulk)


def contacts_file(provider: str, source: str, data: bytes, bulk: bool = True) -> LocalFile:
    """contacts.csv: contacts by company domain; a contact_id (else the address) names a contact once.
    A row whose address is at another company's domain is quarantined, as a provider's is."""
    def key(values: dict, line: int) -> str:
        return values["contact_id"] or f"{values['company_domain']}/{(values['email'] or '').lower() or line}"

    return _local_file(provider, source, data, "company_domain",
                       lambda row, domain: {**contact_values(row, domain), "company_domain": domain}, key,
                       CONTACT_SHAPE, bulk)


def local_companies(provider: str, source: str, data: bytes, bulk: bool = True,
                    domains: Collection[str] | None = None) -> LocalTable:
    """``companies_file``'s table, with the records of ``domains`` alone (all when None)."""
    return companies_file(provider, source, data, bulk).table(domains)


def local_contacts(provider: str, source: str, data: bytes, bulk: bool = True,
                   domains: Collection[str] | None = None) -> LocalTable:
    """``contacts_file``'s table, with the records of ``domains`` alone (all when None)."""
    return contacts_file(provider, source, data, bulk).table(domains)


def held_reason(reasons: list[str]) -> str:
    shown = "; ".join(reasons[:SHOWN_REASONS])
    more = len(reasons) - SHOWN_REASONS
    return f"quarantined {shown}" + (f" (and {more} more)" if more > 0 else "")


def local_record(companies: LocalTable, contacts: LocalTable, domain: str) -> ProviderRecord:
    """A domain's record from the two files; a part whose rows were all quarantined carries the reason."""
    company = (companies.records.get(domain) or [None])[0]
    people = tuple(contacts.records.get(domain, ()))
    errors = {}
    if companies.error or (company is None and companies.held.get(domain)):
        errors["company"] = companies.error or held_reason(companies.held[domain])
    if contacts.error or (not people and contacts.held.get(domain)):
        errors["contacts"] = contacts.error or held_reason(contacts.held[domain])
    return ProviderRecord(company, people, errors)
