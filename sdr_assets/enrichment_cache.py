"""Providers' answers kept in the warehouse for a TTL, and the waterfall run over domains.

``enrichment_cache`` holds one row per provider and domain with the time it was fetched and a
digest of the provider's settings that shape its answers (URL, paths, keys, field map). An answer
younger than the TTL and given under the same settings is used instead of a call; any other is
fetched again and replaced, as is every one on a full refresh. Answers with an error are never
cached, so the next run asks again. A cached contact
whose record names another company is quarantined when read, as in a fresh answer (an answer may
have been cached before that check existed); the answer's other contacts are used, and the answer
is dropped so the next run asks for it again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import duckdb

from resources.enrichment import EnrichmentProvider, EnrichmentWaterfall
from resources.tables import insert_rows, transaction
from resources.warehouse import Warehouse
from sdr_assets.domain.address_checks import AddressVerdict
from sdr_assets.domain.collection import no_cycle_collection
from sdr_assets.domain.enrichment_csv import raw_text
from sdr_assets.domain.enrichment_records import QuarantinedRecord, as_record_error, check_company, held_reason
from sdr_assets.domain.waterfall import AccountEnrichment, ProviderRecord, text
from sdr_assets.enrichment_quarantine import keep_with_answers
from sdr_assets.mx_verdicts import KeptVerdicts

CACHE_SOURCE = "enrichment_cache"  # where a cached answer's quarantined contact was read
CACHE_DDL = """
create table if not exists enrichment_cache (
    provider varchar not null,
    domain varchar not null,
    company varchar,
    contacts varchar not null,
    fetched_at timestamptz not null,
    settings varchar,
    primary key (provider, domain)
)"""
CACHE_SETTINGS = "alter table enrichment_cache add column if not exists settings varchar"  # rows before: a miss


@dataclass
class WaterfallStats:
    requests: dict[str, int] = field(default_factory=dict)
    cache_hits: dict[str, int] = field(default_factory=dict)
    asked: dict[str, int] = field(default_factory=dict)
    quarantined: list[QuarantinedRecord] = field(default_factory=list)
    # The domains each provider read afresh (None: all it has); their earlier quarantine is replaced.
    reread: dict[str, list[str] | None] = field(default_factory=dict)
    # When a domain's enrichment goes stale: the first of its cached providers' answers to pass the
    # TTL; an answer not cached (an error, or dropped when read again) is stale at once.
    stale_at: dict[str, datetime] = field(default_factory=dict)
    # The digest of the bytes each reference file was read from (``ProviderAnswer.files_read``).
    files_read: dict[str, str | None] = field(default_factory=dict)

    def goes_stale(self, domain: str, at: datetime) -> None:
        known = self.stale_at.get(domain)
        if known is None or at < known:
            self.stale_at[domain] = at


def cache_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(CACHE_DDL)
    con.execute(CACHE_SETTINGS)


def cached_records(con: duckdb.DuckDBPyConnection, provider: str, settings: str, domains: list[str],
                   fresh_after: datetime) -> dict[str, tuple[ProviderRecord, datetime]]:
    """The answers fetched after ``fresh_after`` under the provider's ``settings``, with when each was fetched."""
    cache_table(con)
    rows = con.execute(
        "select domain, company, contacts, fetched_at from enrichment_cache where provider = ? and settings = ? "
        "and fetched_at > ? and domain in (select unnest(?::varchar[]))",
        [provider, settings, fresh_after, domains]).fetchall()
    return {d: (ProviderRecord(json.loads(c) if c else None, tuple(json.loads(k))), f) for d, c, k, f in rows}


def rechecked(provider: str, domain: str, record: ProviderRecord) -> tuple[ProviderRecord, list[QuarantinedRecord]]:
    """A cached record without the contacts that name another company, and those set aside; contacts
    all set aside count as an error, as in a fresh answer. Only the company is checked again: the
    contacts' other fields were checked as they are now before they were cached."""
    kept, held = [], []
    for number, item in enumerate(record.contacts, start=1):
        try:
            check_company(item, text(item.get("email")) if isinstance(item, dict) else None, domain)
            kept.append(item)
        except Exception as exc:  # whatever a cached item holds, it is that item's fault alone
            error = as_record_error(exc)
            raw = raw_text(json.dumps(item, ensure_ascii=False, default=str))
            held.append(QuarantinedRecord(provider, CACHE_SOURCE, number, error.field, str(error), raw, domain))
    if not held:
        return record, []
    errors = dict(record.errors)
    if not kept:
        errors["contacts"] = held_reason([f"{CACHE_SOURCE} item {q.line}: {q.reason}" for q in held])
    return ProviderRecord(record.company, tuple(kept), errors), held


def drop_records(con: duckdb.DuckDBPyConnection, provider: str, domains: list[str]) -> None:
    con.execute("delete from enrichment_cache where provider = ? and domain in (select unnest(?::varchar[]))",
                [provider, domains])


def store_records(con: duckdb.DuckDBPyConnection, provider: str, settings: str, records: dict[str, ProviderRecord],
                  now: datetime) -> int:
    rows = [[provider, d, json.dumps(r.company) if r.company is not None else None, json.dumps(list(r.contacts)), now,
             settings] for d, r in sorted(records.items()) if r.cacheable]
    cache_table(con)
    return insert_rows(con, "enrichment_cache", ("provider", "domain", "company", "contacts", "fetched_at", "settings"),
                       rows, "domain", "replace")


def _ask(provider: EnrichmentProvider, domains: list[str], warehouse: Warehouse, now: datetime,
         ttl: timedelta, refresh: bool, stats: WaterfallStats) -> dict[str, ProviderRecord]:
    """The provider's records, from the cache where fresh (on a ``refresh``, never)."""
    label = provider.label
    stats.asked[label] = len(domains)
    if not provider.cached:
        answer = provider.lookup(domains)
        stats.quarantined.extend(answer.quarantined)
        stats.reread[label] = None
        stats.files_read.update(answer.files_read)
        return answer.records
    with warehouse.connect() as con:
        cached = {} if refresh else cached_records(con, label, provider.answer_settings, domains, now - ttl)
        checked = {d: rechecked(label, d, record) for d, (record, _) in cached.items()}
        stale = sorted(d for d, (_, held) in checked.items() if held)
        if stale:
            # Asked again next run: the answer's contacts may have been judged by fewer checks than
            # stand now, on fields the cache no longer holds (a contact's company domain).
            drop_records(con, label, stale)
    for domain, (_, fetched) in cached.items():
        stats.goes_stale(domain, fetched + ttl)
    for domain in stale:
        stats.goes_stale(domain, now)
    records = {d: record for d, (record, _) in checked.items()}
    stats.quarantined.extend(q for d in stale for q in checked[d][1])
    stats.cache_hits[label] = len(records)
    todo = [d for d in domains if d not in records]
    if todo:
        # No warehouse connection is held while the provider answers: DuckDB has one writer.
        answer = provider.lookup(todo)
        stats.requests[label] = answer.requests
        stats.quarantined.extend(answer.quarantined)
        stats.reread[label] = todo
        with warehouse.connect() as con, transaction(con):
            store_records(con, label, provider.answer_settings, answer.records, now)
            keep_with_answers(con, label, todo, answer.quarantined, now)
        records.update(answer.records)
        for domain in todo:
            answered = answer.records.get(domain)
            stats.goes_stale(domain, now + ttl if answered is not None and answered.cacheable else now)
    else:
        stats.requests[label] = 0
    return records


def run_waterfall(waterfall: EnrichmentWaterfall, domains: list[str], warehouse: Warehouse,
                  now: datetime, check: Callable[[str | None], AddressVerdict], *, refresh: bool = False,
                  verdicts: KeptVerdicts | None = None) -> tuple[dict[str, AccountEnrichment], WaterfallStats]:
    """Each domain's enrichment; a provider is asked only about domains with a field still missing.
    With ``refresh`` no cached answer is read: every provider is asked again, and its answers cached.
    ``verdicts`` are the MX verdicts ``check`` reads: a domain goes stale with the first of its contacts'."""
    with no_cycle_collection():
        accounts = {d: AccountEnrichment(d) for d in domains}
    stats = WaterfallStats()
    ttl = timedelta(days=waterfall.ttl_days)
    for provider in waterfall.providers():
        todo = [d for d, account in accounts.items() if account.missing]
        if not todo:
            break
        records = _ask(provider, todo, warehouse, now, ttl, refresh, stats)
        with no_cycle_collection():
            for domain in todo:
                if verdicts is not None:
                    verdicts.asked.clear()
                accounts[domain].absorb(provider.label, records.get(domain, ProviderRecord()), check)
                stale = None if verdicts is None else verdicts.stale_at()
                if stale is not None:
                    stats.goes_stale(domain, stale)
    return accounts, stats
