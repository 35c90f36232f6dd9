"""Research layer: the facts a draft may state for each ready account, and its angle citing them."""

import json
from datetime import datetime

import dagster as dg
import duckdb
import polars as pl

from resources.model import ModelClient
from resources.model_stage import ResponseCache
from resources.settings import PipelinePaths, SendPolicy
from resources.tables import frame_of, sync_rows, table_exists, transaction
from resources.warehouse import Warehouse, one, read_table
from sdr_assets.begun_sequences import kept_research
from sdr_assets.domain.addresses import person_key
from sdr_assets.domain.collection import no_cycle_collection
from sdr_assets.domain.facts import build_facts, facts_to_json, template_values
from sdr_assets.domain.plays import PlayBook
from sdr_assets.play_choices import ENRICHED_UNDER, recorded_choices
from sdr_assets.incremental import (LayerConfig, LayerInputs, digest, mergeable, record_mark, table_mark,
                                    table_marks, unchanged)
from sdr_assets.playbook import load_plays
from sdr_assets.domain.targeting import age_in_days, fit_score
from sdr_assets.metadata import defined_columns, table_metadata

ANGLE_SCHEMA = {
    "play": pl.String,
    "company_domain": pl.String,
    "signal_id": pl.String,
    "signal_type": pl.String,
    "contact_email": pl.String,
    "contact_name": pl.String,
    "linkedin_url": pl.String,
    "why_now": pl.String,
    "facts": pl.String,
    "rejected_facts": pl.String,
    "angle": pl.String,
    "angle_fact_ids": pl.String,
    "angle_by": pl.String,
    "angle_rejected": pl.String,
    "fit": pl.Float64,
    "research_instructions": pl.String,
    # The whole digest of the play version whose triggers, segment and personas chose the row: drafts
    # are written only from research of the version they are drafts of (``drafts.current_research``).
    "play_content": pl.String,
}

# Today's research of an account: a row per play, account and contact (``research_inputs`` keeps what it
# was built from).
ROW_KEY = ["play", "company_domain", "contact_email"]
# The columns of an enriched account that name it and its signal.
ACCOUNT_KEYS = {"play": pl.String, "company_domain": pl.String, "signal_id": pl.String, "email": pl.String}


@dg.asset(group_name="research", kinds={"duckdb", "polars"}, deps=["enriched_accounts", "qualified_signals"],
          metadata={"sdr/reads_later_events": "send_ledger, linkedin_tasks, suppression_list, suppression_events, "
                                              "optout_log_offset, sequence_holds, raw_replies, reply_classifications, "
                                              "quarantined_replies, escalation_events, message_drafts, "
                                              "sent_message_texts",
                    **defined_columns(ANGLE_SCHEMA)})
def research_angles(
    config: LayerConfig, warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy, model: ModelClient
) -> dg.MaterializeResult:
    """Per ready account: its facts (records with ids and sources), the angle citing them, and a 0-1 fit.

    Built again only when the enriched accounts, the qualified signals, a play, the model or the day
    changed (the fit counts a signal's age in whole days), and within a day only for the accounts
    whose enriched row or signal changed (``research_inputs`` keeps a digest of what each account's
    row was built from); ``full_refresh`` rebuilds it whole regardless.
    A sequence whose first email went keeps its research until its last step or a stop, its account
    qualified or not (``begun_sequences``).
    """
    book = load_plays(paths.plays, writer=model.identity())
    now = policy.now()
    with warehouse.connect() as con:
        inputs = _inputs(con, book, model, now)  # fingerprinted once, whether the table holds or not
        written = table_mark(con, "research_angles", ["research_angles"])
        if not config.full_refresh and unchanged(con, "research_angles", inputs.mark(written), now):
            total = one(con, "select count(*) from research_angles")[0]
            return dg.MaterializeResult(metadata={"dagster/row_count": total, "new_rows": 0, "rebuilt":
                                                  "no: enriched accounts, qualified signals, plays, model and day "
                                                  "unchanged"})
        # In play and account order, as a whole rebuild writes them.
        accounts = chosen_under(con, book, read_table(con, "enriched_accounts", "where status = 'ready' order by play, "
                                                       "company_domain"))
        signals = read_table(con, "qualified_signals")
        stored = None if config.full_refresh else _stored_research(con, inputs, written)
    keyed = account_inputs(accounts, signals)
    reused, todo = _reusable(keyed, stored)
    with no_cycle_collection():
        rows, jobs = _rows(book, todo, signals, now)
    angles = model.write_angles(jobs, ResponseCache(warehouse.connect))
    for row, angle in zip(rows, angles, strict=True):
        row.update(angle=angle.text, angle_fact_ids=json.dumps(list(angle.fact_ids)), angle_by=angle.written_by,
                   angle_rejected=angle.rejected)
    with no_cycle_collection():
        redone = pl.DataFrame(rows, schema=ANGLE_SCHEMA)
    today = pl.concat([reused, redone]).sort(["play", "company_domain"], maintain_order=True)
    # One row per person and play: today's research of her, in any spelling (``person_key``), words it.
    researched = {(p, person_key(e)) for p, e in zip(today["play"], today["contact_email"], strict=True)}
    with warehouse.connect() as con:
        kept = kept_research(con, book, paths.data_dir, now, researched)
    contents = {name: play.content_sha256 for name, play in book.plays.items()}
    with no_cycle_collection():
        frame = pl.concat([today, pl.DataFrame(kept, schema=ANGLE_SCHEMA)]).with_columns(
            play_content=pl.col("play").replace_strict(contents, default=None, return_dtype=pl.String))
    digests = _digests(keyed).join(today.select(ROW_KEY), on=ROW_KEY, how="semi", nulls_equal=True)
    calls = model.stats()
    # An angle left to the fallback by a failed or postponed model call is written again next run.
    settled = not (calls.get("failed") or calls.get("pending"))
    with warehouse.connect() as con, transaction(con):  # no interrupt leaves the angles written without their mark
        # Only the rows that differ are written: a run after a few accounts changed writes theirs.
        written, _ = sync_rows(con, "research_angles", frame, ROW_KEY)
        sync_rows(con, "research_inputs", digests, ROW_KEY)
        if settled:
            record_mark(con, "research_angles", inputs.mark(table_mark(con, "research_angles", ["research_angles"])),
                        now)
    rebuilt = "yes" if stored is None else (f"in part: the {redone.height} accounts whose enriched row or signal "
                                            f"changed, of {today.height}")
    return dg.MaterializeResult(
        metadata=table_metadata(
            frame.drop("facts"), new_rows=redone.height, rows_written=written,
            rebuilt=rebuilt if settled else f"{rebuilt}, and again next run: model calls failed or were postponed",
            mean_fit=float(frame["fit"].mean() or 0.0),
            angles_rejected=int((frame["angle_rejected"] != "").sum()),
            facts_left_out=int((frame["rejected_facts"] != "[]").sum()),
            kept_for_sequences_under_way=len(kept),
            model_calls=dg.MetadataValue.json(model.stats()),
        )
    )


def chosen_under(con: duckdb.DuckDBPyConnection, book: PlayBook, accounts: pl.DataFrame) -> pl.DataFrame:
    """The enriched accounts of the plays whose rows enrichment chose under their current triggers, segment
    and personas. Research run alone after an edit reads rows the version before chose, whose accounts
    and contacts the new one may leave out: those wait for enrichment to run under it."""
    recorded = recorded_choices(con, ENRICHED_UNDER)
    if recorded is None or accounts.is_empty():
        return accounts
    current = sorted(name for name, play in book.plays.items() if recorded.get(name) == play.targeting_sha256)
    return accounts.filter(pl.col("play").is_in(current))


def account_inputs(accounts: pl.DataFrame, signals: pl.DataFrame) -> pl.DataFrame:
    """The ready accounts with a ``digest`` of everything an account's research is built from besides the
    plays, the model and the day: its enriched row and the row of its signal (``signals_by_key``'s)."""
    if accounts.is_empty():  # no table yet reads as a frame without columns
        return pl.DataFrame(schema={**accounts.schema, **ACCOUNT_KEYS, "digest": pl.String})
    winning = signals.unique(["play", "signal_id"], keep="last", maintain_order=True)
    signal_hashes = winning.select("play", "signal_id", _signal=winning.hash_rows())
    return (accounts.with_columns(_account=accounts.hash_rows())
            .join(signal_hashes, on=["play", "signal_id"], how="left", nulls_equal=True, maintain_order="left")
            .with_columns(digest=pl.format("{}:{}", "_account", pl.col("_signal").fill_null(0)))
            .drop("_account", "_signal"))


def _reusable(keyed: pl.DataFrame, stored: pl.DataFrame | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The stored research rows built from the accounts' inputs as they are now, and the accounts to
    research again: all of them when nothing stored may be reused."""
    if stored is None or keyed.is_empty():
        return pl.DataFrame(schema=ANGLE_SCHEMA), keyed
    reused = stored.join(_digests(keyed), on=[*ROW_KEY, "digest"], how="semi", nulls_equal=True).select(
        list(ANGLE_SCHEMA))
    todo = keyed.join(reused.select("play", "company_domain", pl.col("contact_email").alias("email")),
                      on=["play", "company_domain", "email"], how="anti", nulls_equal=True)
    return reused, todo


def _digests(keyed: pl.DataFrame) -> pl.DataFrame:
    """Each account's digest under the key of its research row, as ``research_inputs`` keeps them."""
    return keyed.select("play", "company_domain", pl.col("email").alias("contact_email"), "digest")


def _stored_research(con: duckdb.DuckDBPyConnection, inputs: LayerInputs, written: str) -> pl.DataFrame | None:
    """Today's research rows the last run wrote, each with the digest of what it was built from, when
    only enriched accounts or qualified signals changed since: the table is as that run left it, on
    the same plays, model and day. None when everything must be researched again."""
    if not mergeable(con, "research_angles", inputs, written) or not table_exists(con, "research_inputs"):
        return None
    return frame_of(con, "select r.*, i.digest from research_angles r join research_inputs i "
                         "using (play, company_domain, contact_email)")


def _rows(book: PlayBook, accounts: pl.DataFrame, signals: pl.DataFrame, now: datetime) -> tuple[list[dict], list]:
    """A row per ready account with a known play and signal, and what its angle is written from."""
    by_key = signals_by_key(accounts, signals)
    rows, jobs = [], []
    for account in accounts.iter_rows(named=True):
        play = book.plays.get(account["play"])
        signal = by_key.get((account["play"], account["signal_id"]))
        if play is None or signal is None:
            continue
        company = {"name": account["company_name"], "industry": account["industry"],
                   "employees": account["employees"], "country": account["country"],
                   "tech_stack": account.get("tech_stack")}
        age_days = age_in_days(signal["observed_at"], now)
        facts, rejected = build_facts(signal, company, account, account.get("enrichment_source") or "enrichment",
                                      age_days)
        values = template_values(facts)
        instructions = str(play.research.get("instructions", ""))
        jobs.append((play.name, instructions, facts))
        rows.append({
            "play": play.name,
            "company_domain": account["company_domain"],
            "signal_id": signal["signal_id"],
            "signal_type": signal["signal_type"],
            "contact_email": account["email"],
            "contact_name": " ".join(v for v in (values.get("first_name"), values.get("last_name")) if v),
            "linkedin_url": account["linkedin_url"],
            "why_now": values.get("why_now", ""),
            "facts": facts_to_json(facts),
            "rejected_facts": json.dumps(rejected),
            "fit": fit_score(play, signal, account, age_days),
            "research_instructions": instructions,
        })
    return rows, jobs


def signals_by_key(accounts: pl.DataFrame, signals: pl.DataFrame) -> dict[tuple, dict]:
    """The accounts' signals by (play, signal id), the last row of a key winning; only these become dicts."""
    if accounts.height and signals.height:
        signals = signals.join(accounts.select("play", "signal_id").unique(), on=["play", "signal_id"], how="semi",
                               nulls_equal=True, maintain_order="left")
    return {(s["play"], s["signal_id"]): s for s in signals.iter_rows(named=True)}


def research_unchanged(con: duckdb.DuckDBPyConnection, book: PlayBook, model: ModelClient, now: datetime) -> bool:
    """Whether ``research_angles`` holds what its inputs give at ``now``."""
    written = table_mark(con, "research_angles", ["research_angles"])
    return unchanged(con, "research_angles", _inputs(con, book, model, now).mark(written), now)


def _inputs(con: duckdb.DuckDBPyConnection, book: PlayBook, model: ModelClient, now: datetime) -> LayerInputs:
    """Everything the angles are built from, the day included."""
    tables = table_marks(con, {"enriched_accounts": ["enriched_accounts"], "qualified_signals": ["qualified_signals"],
                               ENRICHED_UNDER: [ENRICHED_UNDER]})
    rest = digest([sorted(f"{p.name}:{p.version_hash}" for p in book.plays.values()), type(model).__name__,
                   sorted(model.identity().items()), now.date().isoformat(), list(ANGLE_SCHEMA)])
    return LayerInputs(rest, digest(list(tables.values())))
