"""Signals layer: buying triggers read from feeds, then qualified against the plays."""

import json
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

import dagster as dg
import polars as pl

from resources.settings import PipelinePaths, SendPolicy
from resources.signal_feed import FeedPull, SignalFeed
from resources.tables import rewrite_rows, transaction
from resources.warehouse import Warehouse, one, read_table, table_exists
from sdr_assets.playbook import load_plays
from sdr_assets.domain.signal_triggers import attribute_verdicts, trigger_hits
from sdr_assets.feed_check import FEED_HEALTH, signal_feed_health
from sdr_assets.feed_claim import feed_claimed
from sdr_assets.incremental import LayerConfig, record_mark, recorded_mark, table_mark, unchanged
from sdr_assets.metadata import defined_columns, table_metadata
from sdr_assets.play_choices import QUALIFIED_UNDER, record_choices
from sdr_assets.plays import play_versions
from sdr_assets.signal_ingest import QUARANTINE_SCHEMA, RAW_SIGNAL_SCHEMA, feed_state, ingest, new_rows
from sdr_assets.signal_rescreen import blocking_failure_stands, rescreen
from sdr_assets.trigger_verdicts import TABLE as VERDICTS, conditions_digest, keep_verdicts, kept_verdicts

RAW_MARK_COLUMNS = ["signal_id", "event_key", "company_domain", "signal_type", "detail", "observed_at", "attributes"]
QUALIFIED_SCHEMA = {
    "play": pl.String,
    "signal_id": pl.String,
    "company_domain": pl.String,
    "signal_type": pl.String,
    "detail": pl.String,
    "observed_at": pl.Datetime("us", "UTC"),
    "attributes": pl.String,
    "trigger": pl.String,
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "raw_signals",
            description="Buying-trigger signals from the inbox files and the API feed, one row per event "
                        "however many sources report it; each run appends what is new.",
            group_name="signals",
            kinds={"duckdb", "polars"},
            metadata=defined_columns(RAW_SIGNAL_SCHEMA),
        ),
        dg.AssetSpec(
            "quarantined_signal_rows",
            description="Signal rows, pages or files that could not be used, each with the reason.",
            group_name="signals",
            kinds={"duckdb"},
            metadata=defined_columns(QUARANTINE_SCHEMA),
        ),
    ],
    check_specs=[FEED_HEALTH],
)
def raw_signals(context: dg.AssetExecutionContext, config: LayerConfig, warehouse: Warehouse, paths: PipelinePaths,
                policy: SendPolicy, signal_feed: SignalFeed):
    """New rows from the inbox and the feed; on a rebuild, or while the suite's last outcome failed a
    blocking rule, the stored rows are screened again (``signal_rescreen``). The feed's health is
    checked in the same step (``feed_check``). The feed is claimed from its cursor's read until its pages
    are stored (``feed_claim``): a run that finds it held leaves it to its holder, a failed read of it."""
    now = policy.now()
    with feed_claimed(warehouse.path) if signal_feed.label else nullcontext("") as held:
        if held:
            context.log.warning(f"The signal feed is being pulled by {held}: this run reads the inbox's files "
                                "and leaves the feed to it; the next run reads on from where it stops")
            pulled = FeedPull(stopped=f"pulled by {held}", error=f"pulled by {held} meanwhile")
        else:
            pulled = _feed_pages(warehouse, signal_feed)
        with warehouse.connect() as con:
            report = ingest(con, paths.signals, signal_feed, now, paths.signal_settle_seconds,
                            paths.signal_file_max_mb * 2**20, pulled)
            rescreened = config.full_refresh or blocking_failure_stands(con)
            moved = [*report.refused_on_promotion, *(rescreen(con, now) if rescreened else [])]
            total = one(con, "select count(*) from raw_signals")[0]
            held = one(con, "select count(*) from quarantined_signal_rows")[0]
            health = signal_feed_health(con) if FEED_HEALTH.key in context.selected_asset_check_keys else None
    signals = new_rows(report, now)
    quarantine = pl.DataFrame([q.__dict__ for q in [*report.quarantined, *moved]],
                              schema={k: v for k, v in QUARANTINE_SCHEMA.items() if k != "quarantined_at"})
    reasons = quarantine.group_by("reason").len().sort("len", descending=True).head(10)
    counts = {"rows_in": report.rows_in, "accepted": signals.height, "quarantined": quarantine.height,
              "duplicates": report.duplicates, "merged": report.reports.height}
    yield dg.MaterializeResult(
        asset_key="raw_signals",
        metadata={**table_metadata(signals), "dagster/row_count": total, **counts,
                  "files_seen": report.files_seen, "files_read": len(report.files_read),
                  "files_still_being_written": len(report.files_waiting),
                  "files_dated_in_the_future": dg.MetadataValue.text(", ".join(report.files_ahead) or "none"),
                  "corrected_rows": len(report.corrected),
                  "corrected": dg.MetadataValue.md(_corrected_md(report.corrected)),
                  "feed_pages_read": report.pages_read, "feed_requests": report.feed_requests,
                  "feed_stopped": report.feed_stopped or "no feed", "stored_rows_screened_again": rescreened,
                  "stored_rows_moved_to_quarantine": len(moved), "stored_signals_merged": report.stored_merged,
                  "stored_reports_split": report.stored_split},
    )
    yield dg.MaterializeResult(
        asset_key="quarantined_signal_rows",
        metadata={**table_metadata(quarantine), "dagster/row_count": held, "quarantined_this_run": quarantine.height,
                  "top_reasons": dg.MetadataValue.md(_reasons_md(reasons))},
    )
    if health is not None:
        yield health


def _feed_pages(warehouse: Warehouse, feed: SignalFeed) -> FeedPull | None:
    """The API feed's pages after its state, read with no warehouse connection held: DuckDB has one
    writer, and a feed's pages (retries, Retry-After, a thousand requests) may take minutes."""
    if not feed.label:
        return None
    with warehouse.connect() as con:
        state = feed_state(con, feed)
    return feed.pull(state)


def candidates(plays, now: datetime) -> tuple[str, list]:
    """A filter that reads only signals some trigger could match (its type, within its age): the
    rest cannot qualify, and reading them costs more than the matching itself."""
    clauses, params = [], []
    for play in plays:
        for trigger in play.triggers:
            if trigger.get("max_age_days") is None:
                clauses.append("signal_type = ?")
                params.append(trigger["signal_type"])
            else:
                clauses.append("(signal_type = ? and observed_at >= ?)")
                params += [trigger["signal_type"], now - timedelta(days=int(trigger["max_age_days"]))]
    return f"where ({' or '.join(clauses) or 'false'})", params


def play_triggers(plays: list) -> list[dict]:
    """Every play's triggers, in the plays' order: the order ``qualify`` judges them in."""
    return [trigger for play in plays for trigger in play.triggers]


def qualify(raw: pl.DataFrame, plays: list, now: datetime,
            verdicts: pl.DataFrame | None = None) -> tuple[pl.DataFrame, list[datetime]]:
    """One row per signal and play whose trigger it matches, in the signals' order then the plays';
    and when each match ages out of its trigger's window.

    Every trigger is judged over the whole frame (``signal_triggers``); a play takes a signal by its
    first trigger that matches it, as ``matching_trigger`` does. ``verdicts``: the triggers' answers on
    the signals' attributes, if already worked out (``attribute_verdicts`` of ``play_triggers``).
    """
    triggers = play_triggers(plays)
    if not raw.height or not triggers:
        return pl.DataFrame(schema=QUALIFIED_SCHEMA), []
    hits = trigger_hits(raw, triggers, now, verdicts).with_columns(observed_at=raw["observed_at"])
    matches, first = [], 0
    for order, play in enumerate(plays):
        chosen, expiry = pl.lit(None, dtype=pl.Int64), pl.lit(None, dtype=raw.schema["observed_at"])
        for k in reversed(range(first, first + len(play.triggers))):
            days = triggers[k].get("max_age_days")
            ages_out = pl.col("observed_at") + timedelta(days=int(days)) if days is not None else None
            chosen = pl.when(pl.col(f"hit_{k}")).then(k).otherwise(chosen)
            expiry = pl.when(pl.col(f"hit_{k}")).then(ages_out).otherwise(expiry)
        first += len(play.triggers)
        matches.append(hits.with_row_index("at").select("at", play=pl.lit(order), trigger=chosen, expiry=expiry)
                       .filter(pl.col("trigger").is_not_null()))
    found = pl.concat(matches).sort("at", "play", maintain_order=True)
    names = pl.Series([play.name for play in plays], dtype=pl.String)
    types = pl.Series([trigger["signal_type"] for trigger in triggers], dtype=pl.String)
    # DuckDB hands back "Etc/UTC"; the table keeps the clock's "UTC".
    frame = raw[found["at"]].with_columns(play=names.gather(found["play"]), trigger=types.gather(found["trigger"]),
                                          observed_at=pl.col("observed_at").dt.convert_time_zone("UTC"))
    return frame.select(list(QUALIFIED_SCHEMA)).cast(QUALIFIED_SCHEMA), found["expiry"].drop_nulls().to_list()


def _corrected_md(corrected: list) -> str:
    """The stored rows their file's new values replaced: signal_id, file and the fields that changed."""
    if not corrected:
        return "No stored row corrected."
    shown = "\n".join(f"- {c.describe()}" for c in corrected[:20])
    return shown + (f"\n- and {len(corrected) - 20} more" if len(corrected) > 20 else "")


def _reasons_md(reasons: pl.DataFrame) -> str:
    return "\n".join(f"- {r['reason']}: {r['len']}" for r in reasons.iter_rows(named=True)) or "_none_"


@dg.asset(group_name="signals", kinds={"duckdb", "polars"}, deps=["raw_signals", play_versions],
          metadata=defined_columns(QUALIFIED_SCHEMA))
def qualified_signals(config: LayerConfig, warehouse: Warehouse, paths: PipelinePaths,
                      policy: SendPolicy) -> dg.MaterializeResult:
    """Signals that satisfy a play's trigger definition (type, freshness, conditions), one row per play.

    Rebuilt only when the raw signals or a play changed, or when a qualified signal ages out of its
    trigger's window; when the raw signals only gained rows, those alone are judged and appended
    (``appended_since``); ``full_refresh`` rebuilds it regardless. A rebuild asks the triggers' conditions
    only of the attributes texts not asked under the same conditions before (``trigger_verdicts``);
    ``full_refresh`` asks them all.
    """
    book = load_plays(paths.plays)
    now = policy.now()
    with warehouse.connect() as con:
        inputs = _qualified_inputs(con, book)  # fingerprinted once: the raw signals' mark reads every row
        if not config.full_refresh and _qualified_holds(con, inputs, now):
            total = one(con, "select count(*) from qualified_signals")[0]
            return dg.MaterializeResult(metadata={"dagster/row_count": total, "new_rows": 0,
                                                  "rebuilt": "no: raw signals and plays unchanged"})
        where, params = candidates(book.plays.values(), now)
        triggers = play_triggers(list(book.plays.values()))
        under = conditions_digest(triggers)
        known = None if config.full_refresh else kept_verdicts(con, under)
        since = None if known is None else appended_since(con, book, now, under, known.height)
        if since is not None:  # only rows stored since the last build are new: they alone are judged
            where, params = f"{where} and rowid >= ?", [*params, since.boundary]
        boundary = one(con, "select coalesce(max(rowid) + 1, 0) from raw_signals")[0]
        raw = read_table(con, "raw_signals", where, params)
        verdicts = attribute_verdicts(raw, triggers, known)
        frame, expiries = qualify(raw, list(book.plays.values()), now, verdicts)
        with transaction(con):  # no interrupt leaves the table written without its mark
            if since is None:
                asked = keep_verdicts(con, under, verdicts, known)
                rewrite_rows(con, "qualified_signals", frame)
            else:  # appended after the rows of the last build, as a whole rebuild reads them
                asked = keep_verdicts(con, under, verdicts, known, append=True)
                rewrite_rows(con, "qualified_signals", frame, "false")
            record_choices(con, QUALIFIED_UNDER, {n: p.triggers_sha256 for n, p in book.plays.items()})
            # Without new input the table stays right until its first row ages out of its trigger's window.
            written = table_mark(con, "qualified_signals", list(QUALIFIED_SCHEMA))
            ages_out = min([*expiries, *([since.valid_until] if since and since.valid_until else [])], default=None)
            record_mark(con, "qualified_signals", f"{inputs}|{written}", now, ages_out)
            kept = since.kept if since else one(con, f"select count(*) from {VERDICTS} where conditions = ?",
                                                [under])[0]
            record_mark(con, RAW_READ, f"{boundary}:{kept}:{under}", now)
            total = one(con, "select count(*) from qualified_signals")[0]
            per_play = dict(con.execute("select play, count(*) from qualified_signals group by play").fetchall())
    rebuilt = "yes" if since is None else "in part: the raw signals stored since the last build, the rest unchanged"
    return dg.MaterializeResult(metadata=table_metadata(frame, **{"dagster/row_count": total},
                                                        per_play=dg.MetadataValue.json(per_play),
                                                        new_rows=frame.height, rebuilt=rebuilt,
                                                        signals_read=raw.height, attribute_texts_asked=asked,
                                                        attribute_texts_kept=verdicts.height - asked))


# Where the raw signals' rows (by rowid) ended when ``qualified_signals`` was last built, how many
# attribute texts' answers its last whole build kept, and the digest of the conditions and rules that
# judged them (``conditions_digest``).
RAW_READ = "qualified_signals/raw_signals_read"


@dataclass(frozen=True)
class Appended:
    boundary: int  # the first rowid not read by the last build
    valid_until: datetime | None  # when a row of that build ages out of its trigger's window
    kept: int  # the attribute texts' answers kept after the last whole build


def appended_since(con, book, now: datetime, under: str, known: int) -> Appended | None:
    """Where the last build's raw rows end, when rows added after them are all that changed: the same
    plays judged by the same rules (``under``), no row aged out, the table as that build left it and
    the rows it read unchanged (their mark, over the rowids it read, is the one it recorded), and the
    ``known`` answers kept no more than twice those its last whole build kept: only a whole build
    forgets the answers on texts gone from the triggers' windows. None when everything is to be judged."""
    if not table_exists(con, "layer_marks") or (read := recorded_mark(con, RAW_READ)) is None:
        return None
    boundary, kept, judged_under = read.split(":", 2) if read.count(":") >= 2 else ("", "", "")
    if judged_under != under or known > 2 * int(kept):
        return None
    row = con.execute("select mark, valid_until from layer_marks where layer = 'qualified_signals'").fetchone()
    if row is None or (row[1] is not None and now >= row[1]):
        return None
    built, _, written = row[0].rpartition("|")
    raw_then, plays_then = json.loads(built)
    if plays_then != sorted(f"{p.name}:{p.version_hash}" for p in book.plays.values()):
        return None
    if written != table_mark(con, "qualified_signals", list(QUALIFIED_SCHEMA)):
        return None
    if table_mark(con, "raw_signals", RAW_MARK_COLUMNS, "rowid < ?", [int(boundary)]) != raw_then:
        return None
    return Appended(int(boundary), row[1], int(kept))


def _qualified_inputs(con, book) -> str:
    return json.dumps([table_mark(con, "raw_signals", RAW_MARK_COLUMNS),
                       sorted(f"{p.name}:{p.version_hash}" for p in book.plays.values())])


def qualified_unchanged(con, book, now: datetime) -> bool:
    """Whether ``qualified_signals`` holds what the raw signals and ``book``'s plays give at ``now``.
    The table's own fingerprint is part of the mark: a table changed by hand is rebuilt."""
    return _qualified_holds(con, _qualified_inputs(con, book), now)


def _qualified_holds(con, inputs: str, now: datetime) -> bool:
    stored = f"{inputs}|{table_mark(con, 'qualified_signals', list(QUALIFIED_SCHEMA))}"
    return unchanged(con, "qualified_signals", stored, now)
