"""Enrichment layer: firmographics from a waterfall of providers, the segment filter and the contact chosen for each play."""

import json
from functools import cache
from pathlib import Path

import dagster as dg
import polars as pl

from resources.address_checks import AddressChecks
from resources.enrichment import CONTACT_SCHEMA, EnrichmentWaterfall
from resources.settings import PipelinePaths, SendPolicy
from resources.tables import frame_of, rewrite_rows, transaction
from resources.warehouse import Warehouse, one, read_table
from sdr_assets.playbook import load_plays
from sdr_assets.domain.collection import no_cycle_collection
from sdr_assets.domain.targeting import choose_contact, persona_score, segment_matches
from sdr_assets.domain.waterfall import AccountEnrichment
from sdr_assets.enrichment_cache import WaterfallStats, run_waterfall
from sdr_assets.rule_digest import source_digest
from sdr_assets.incremental import (LayerConfig, LayerInputs, digest, drop_keys, file_digest, merge_rows, mergeable,
                                    record_mark, table_marks, unchanged)
from sdr_assets.enrichment_quarantine import QUARANTINE_COLUMNS, quarantine_md, store_quarantine
from sdr_assets.metadata import defined_columns, table_metadata
from sdr_assets.mx_verdicts import KeptVerdicts
from sdr_assets.play_choices import ENRICHED_UNDER, QUALIFIED_UNDER, record_choices, recorded_choices
from sdr_assets.referrals import accepted_contacts

ENRICHED_SCHEMA = {
    "play": pl.String,
    "company_domain": pl.String,
    "signal_id": pl.String,
    "status": pl.String,
    "reason": pl.String,
    "company_name": pl.String,
    "industry": pl.String,
    "employees": pl.Int64,
    "country": pl.String,
    "tech_stack": pl.String,
    **{name: dtype for name, dtype in CONTACT_SCHEMA.items() if name != "company_domain"},
    "enrichment_source": pl.String,
    "provenance": pl.String,
    "unenriched_fields": pl.String,
    "refused_contacts": pl.String,
}
KEYS = ["play", "company_domain"]  # a row per play and account
# When a row goes stale: the first of its account's cached provider answers and its contacts' MX
# verdicts to pass its TTL. A row without one asked none, and holds as long as the layer's inputs.
EXPIRY = "enriched_account_expiry"
# The mark of a table built from reference files that changed while they were read: it holds for no inputs.
TORN = "read while reference files changed"
EXPIRY_SCHEMA = {"play": pl.String, "company_domain": pl.String, "stale_at": pl.Datetime("us", "UTC")}
# What a play's targeting is recorded as while its signals were qualified under other triggers than its
# current ones: no version's, so research waits for the signals to be qualified under it.
OTHER_TRIGGERS = "signals qualified under other triggers"
# The company field each segment rule reads: missing because a provider failed is "unenriched".
SEGMENT_FIELDS = {"industries": "industry", "countries": "country", "employees": "employees"}


accepted_referrals_spec = dg.AssetSpec(
    "accepted_referrals",
    description="Referred contacts a named person accepted (`sdr referrals accept`); never mailed before that.",
    group_name="enrichment",
    kinds={"duckdb"},
)


@dg.asset(group_name="enrichment", kinds={"duckdb", "polars"}, deps=["qualified_signals", accepted_referrals_spec],
          metadata=defined_columns(ENRICHED_SCHEMA))
def enriched_accounts(
    config: LayerConfig, warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy,
    enrichment: EnrichmentWaterfall, address_checks: AddressChecks,
) -> dg.MaterializeResult:
    """Accounts behind qualified signals, with firmographics, segment fit and the chosen contact.

    ``status`` is ready, out_of_segment, unknown_company, unenriched (a provider failed), no_contact
    or address_refused; only ready rows go on. ``provenance`` names the provider of each field.
    A row built from a cached provider answer or MX verdict is built again once that passes its TTL.
    A provider record that cannot be used is set aside in ``quarantined_enrichment_records`` with its
    file or path, line, field and reason; the records next to it are used. ``full_refresh`` asks
    the providers again instead of reading their cached answers.
    """
    book = load_plays(paths.plays)
    now = policy.now()
    with warehouse.connect() as con:
        # Fingerprinted once, whether the table holds or not: the reference files are hashed.
        files = _reference_files(con, enrichment)
        inputs = _inputs(con, book, enrichment, address_checks, files)
        written = _written(con)
        if not config.full_refresh and unchanged(con, "enriched_accounts", inputs.mark(written), now):
            total = one(con, "select count(*) from enriched_accounts")[0]
            return dg.MaterializeResult(metadata={"dagster/row_count": total, "new_rows": 0, "rebuilt":
                                                  "no: qualified signals, referrals, plays and reference files "
                                                  "unchanged, and no provider answer or MX verdict stale"})
        qualified = read_table(con, "qualified_signals")
        qualified_under = recorded_choices(con, QUALIFIED_UNDER)
        referrals = accepted_contacts(con)
        kept = None if config.full_refresh else _kept_keys(con, inputs, written, now)
        verdicts = (KeptVerdicts(address_checks, con, now, refresh=config.full_refresh)
                    if address_checks.check_mx else None)
    latest = freshest_signals(qualified, book)
    redo, gone, expired = (latest, None, 0) if kept is None else _changed(latest, kept)
    stats = WaterfallStats()
    if redo.is_empty():
        frame = pl.DataFrame(schema=ENRICHED_SCHEMA)
    else:
        domains = redo["company_domain"].unique().sort().to_list()
        check = address_checks.checker() if verdicts is None else verdicts.checker()
        accounts, stats = run_waterfall(enrichment, domains, warehouse, now, check, refresh=config.full_refresh,
                                        verdicts=verdicts)
        with no_cycle_collection():
            rows = [_enrich(book.plays[r["play"]], r, accounts[r["company_domain"]],
                            referrals.get((r["play"], r["company_domain"])))
                    for r in redo.iter_rows(named=True)]
        frame = pl.DataFrame(rows, schema=ENRICHED_SCHEMA)
    expiry = pl.DataFrame({"play": frame["play"], "company_domain": frame["company_domain"],
                           "stale_at": [stats.stale_at.get(d) for d in frame["company_domain"]]},
                          schema=EXPIRY_SCHEMA).drop_nulls("stale_at")
    # One transaction: no interrupt leaves the accounts written without their quarantine or their mark.
    with warehouse.connect() as con, transaction(con):
        if gone is None:
            rewrite_rows(con, "enriched_accounts", frame)
            rewrite_rows(con, EXPIRY, expiry)
        else:
            drop_keys(con, "enriched_accounts", gone, KEYS)
            merge_rows(con, "enriched_accounts", frame, KEYS)
            drop_keys(con, EXPIRY, pl.concat([gone, frame.select(KEYS)]), KEYS)
            merge_rows(con, EXPIRY, expiry, KEYS)
        record_choices(con, ENRICHED_UNDER, {n: p.targeting_sha256 if qualified_under is None
                                             or qualified_under.get(n) == p.triggers_sha256 else OTHER_TRIGGERS
                                             for n, p in book.plays.items()})
        held = store_quarantine(con, stats, now)
        if verdicts is not None:
            verdicts.store(con)
        stale_from = one(con, f"select min(stale_at) from {EXPIRY}")[0]
        # Rows read from other bytes than the files' fingerprint (a file rewritten meanwhile, even with the
        # same bytes again) are not marked as built from it: the next run builds the table again whole.
        torn = sorted(n for n, sha in stats.files_read.items() if dict(files).get(n) != sha)
        mark = f"{TORN}: {', '.join(torn)}" if torn else inputs.mark(_written(con))
        record_mark(con, "enriched_accounts", mark, now, valid_until=stale_from)
        total = one(con, "select count(*) from enriched_accounts")[0]
        by_status = dict(con.execute("select status, count(*) from enriched_accounts group by status "
                                     "order by status").fetchall())
    quarantine = pl.DataFrame([q.__dict__ for q in stats.quarantined], schema=QUARANTINE_COLUMNS)
    rebuilt = ("yes" if gone is None else
               f"in part: {frame.height} of the accounts: {frame.height - expired} whose freshest signal is new or "
               f"changed, {expired} whose provider answers or MX verdicts were stale or never kept; {gone.height} "
               f"no longer qualified")
    stale = {"stale_from": dg.MetadataValue.timestamp(stale_from)} if stale_from is not None else {}
    return dg.MaterializeResult(metadata={**table_metadata(
        frame, new_rows=frame.height, rebuilt=rebuilt, by_status=dg.MetadataValue.json(by_status), **stale,
        provider_requests=dg.MetadataValue.json(stats.requests), cache_hits=dg.MetadataValue.json(stats.cache_hits),
        quarantined_records=quarantine.height, quarantined_records_held=held,
        reference_files_changed_while_read=dg.MetadataValue.json(torn),
        quarantine_reasons=dg.MetadataValue.md(quarantine_md(quarantine))), "dagster/row_count": total})


def freshest_signals(qualified: pl.DataFrame, book) -> pl.DataFrame:
    """The freshest qualifying signal of each play and account, the "why now", for the plays of
    ``book``; of signals observed at the same moment, the greatest id. In play and account order."""
    if qualified.is_empty():
        return qualified
    return (qualified.filter(pl.col("play").is_in(sorted(book.plays)))
            .sort(["observed_at", "signal_id"], descending=True)
            .unique(KEYS, keep="first")
            .sort(KEYS))


def _changed(latest: pl.DataFrame, kept: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Of the freshest signals, those the table's rows were not built from or were built from stale
    answers; the table's keys no freshest signal has any more; and how many were redone for stale answers alone."""
    if latest.is_empty():
        return latest, kept.select(KEYS), 0
    on = [*KEYS, "signal_id"]
    redo = latest.join(kept.filter(~pl.col("stale")), on=on, how="anti", nulls_equal=True)
    gone = kept.join(latest.select(KEYS), on=KEYS, how="anti", nulls_equal=True).select(KEYS)
    expired = redo.join(kept.filter(pl.col("stale")), on=on, how="semi", nulls_equal=True).height
    return redo, gone, expired


def enriched_unchanged(con, book, enrichment: EnrichmentWaterfall, address_checks: AddressChecks, now) -> bool:
    """Whether ``enriched_accounts`` holds what its inputs give at ``now``."""
    inputs = _inputs(con, book, enrichment, address_checks, _reference_files(con, enrichment))
    return unchanged(con, "enriched_accounts", inputs.mark(_written(con)), now)


def _written(con) -> str:
    """The mark of the table and of when its rows go stale: an edit to either is not the last run's."""
    marks = table_marks(con, {"enriched_accounts": list(ENRICHED_SCHEMA), EXPIRY: list(EXPIRY_SCHEMA)})
    return f"{marks['enriched_accounts']}/{marks[EXPIRY]}"


def _kept_keys(con, inputs: LayerInputs, written: str, now) -> pl.DataFrame | None:
    """The keys and signal ids of the table's rows, and whether each row's provider answers or MX
    verdicts are stale at ``now``, when only the qualified signals or their age changed since it was
    written: the table is as its last run left it, built from the same referrals, plays, reference
    files and settings. None when it must be built again whole."""
    if not mergeable(con, "enriched_accounts", inputs, written):
        return None
    return frame_of(con, f"select a.play, a.company_domain, a.signal_id, coalesce(e.stale_at <= ?, false) as stale "
                    f"from enriched_accounts a left join {EXPIRY} e using (play, company_domain)", [now])


def _reference_files(con, enrichment: EnrichmentWaterfall) -> list[tuple[str, str]]:
    """The local provider's files, each with the digest of its bytes, by name."""
    if enrichment.local is None:
        return []
    return [(path.name, file_digest(con, path)) for path in sorted(Path(enrichment.local.directory).glob("*"))
            if path.is_file()]


def _inputs(con, book, enrichment: EnrichmentWaterfall, address_checks: AddressChecks,
            files: list[tuple[str, str]]) -> LayerInputs:
    """What the layer is built from. An HTTP provider's answers and MX verdicts age by row
    (``EXPIRY``); a provider's key is no input. The local provider's folder counts by its ``files``'
    names and contents, not by where it or its kept reads lie: a data folder moved or copied whole is not
    enriched again."""
    marks = table_marks(con, {"qualified_signals": ["qualified_signals"], "accepted_referrals": ["accepted_referrals"],
                              QUALIFIED_UNDER: [QUALIFIED_UNDER]})
    settings = enrichment.model_dump(mode="json", exclude={"local": {"directory", "kept_reads"}, "http": {"api_key"}})
    rest = digest([marks["accepted_referrals"], marks[QUALIFIED_UNDER],
                   sorted(f"{p.name}:{p.version_hash}" for p in book.plays.values()), files, settings,
                   address_checks.model_dump_json(), targeting_digest()])
    return LayerInputs(rest, marks["qualified_signals"])


@cache
def targeting_digest() -> str:
    """The digest of the rules that choose an account's segment fit and contact: rows built under other
    rules are built again, as on a full rebuild (``rule_digest``)."""
    return source_digest("sdr_assets.domain.targeting")


def _enrich(play, signal: dict, account: AccountEnrichment, referral: dict | None) -> dict:
    unenriched = account.unenriched()
    row = {"play": play.name, "company_domain": signal["company_domain"], "signal_id": signal["signal_id"],
           "enrichment_source": account.sources() or None, "provenance": json.dumps(account.provenance),
           "unenriched_fields": json.dumps(unenriched) if unenriched else "{}",
           "refused_contacts": json.dumps([{"email": c["email"], "provider": c["provider"], "reason": c["refusal"]}
                                           for c in account.refused]) if account.refused else "[]"}
    if not account.known:
        if "name" in unenriched:
            return {**row, "status": "unenriched", "reason": f"company unknown, a provider failed: {unenriched['name']}"}
        return {**row, "status": "unknown_company", "reason": "domain not found by any enrichment provider"}
    company = account.company()
    row.update({"company_name": company["name"], "industry": company["industry"],
                "employees": company["employees"], "country": company["country"],
                "tech_stack": company["tech_stack"]})
    failed = [f for rule, f in SEGMENT_FIELDS.items() if play.segment.get(rule) and f in unenriched]
    if failed:
        return {**row, "status": "unenriched",
                "reason": "; ".join(f"{f} unknown, a provider failed: {unenriched[f]}" for f in failed)}
    in_segment, reason = segment_matches(play.segment, company)
    if not in_segment:
        return {**row, "status": "out_of_segment", "reason": reason}
    # A referral a person accepted replaces the persona match: the account told us whom to write to.
    if referral is not None:
        contact, reason = referral, referral["reason"]
    else:
        contact, reason = choose_contact(play, account.contacts)
    if contact is None:
        return {**row, **_no_contact(play, account, unenriched, reason)}
    picked = {k: contact[k] for k in ("contact_id", "first_name", "last_name", "title", "seniority",
                                      "department", "linkedin_url")}
    return {**row, **picked, "email": contact["email"].strip().lower(), "status": "ready", "reason": reason}


def _no_contact(play, account: AccountEnrichment, unenriched: dict, reason: str) -> dict:
    """Why no contact was chosen: refused addresses of people the play wants, a provider error, or none fit."""
    wanted = [c for c in account.refused if max((persona_score(p, c) for p in play.personas), default=0) >= 6]
    if wanted:
        return {"status": "address_refused", "reason": "; ".join(c["refusal"] for c in wanted[:5])}
    if "contacts" in unenriched:
        return {"status": "unenriched", "reason": f"contacts unknown, a provider failed: {unenriched['contacts']}"}
    return {"status": "no_contact", "reason": reason}
