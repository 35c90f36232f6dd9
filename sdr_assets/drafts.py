"""Drafts layer: verified copy per play, each draft with the facts it rests on."""

import json

import dagster as dg
import duckdb
import polars as pl

from resources import clock
from resources.model import ModelClient
from resources.model_stage import ResponseCache
from resources.settings import PipelinePaths
from resources.tables import columns_of, registered, transaction
from resources.warehouse import Warehouse, frame_of, one, read_table, table_exists
from sdr_assets.domain.drafting import CALL_FAILED, FELL_BACK, HELD, WRITTEN
from sdr_assets.domain.drafts import draft_rows
from sdr_assets.domain.plays import Play
from sdr_assets.incremental import LayerConfig, digest, record_mark, recorded_mark, table_mark, unchanged
from sdr_assets.playbook import load_plays
from sdr_assets.metadata import defined_columns
from sdr_assets.rule_digest import verifier_digest
from sdr_assets.sent_texts import keep_sent

GROUNDED_CHECK = "drafts_grounded"
# What the verifier's summary of a play's drafts reads.
SUMMARY_COLUMNS = ("channel", "verdict", "verifier_reasons", "missing_facts", "contact_email", "step")
DRAFT_SCHEMA = {
    "draft_id": pl.String,
    "play": pl.String,
    "play_version": pl.String,
    "play_content": pl.String,  # the whole digest of the content it was written from
    "company_domain": pl.String,
    "contact_email": pl.String,
    "contact_name": pl.String,
    "linkedin_url": pl.String,
    "signal_type": pl.String,
    "step": pl.Int64,
    "channel": pl.String,
    "delay_days": pl.Int64,
    "variant": pl.String,
    "subject": pl.String,
    "body": pl.String,
    "grounded": pl.Boolean,
    "verdict": pl.String,
    "fact_ids": pl.String,
    "verifier_reasons": pl.String,
    "missing_facts": pl.String,
    "generated_by": pl.String,
    "fit": pl.Float64,
    "is_review_sample": pl.Boolean,
    "verified_by": pl.String,  # the verifier's digest and mode when it judged the draft (``rule_digest``)
    "signal_id": pl.String,  # its research's signal and why-now, asked again at send time (``stale_drafts``)
    "why_now": pl.String,
}


def play_drafts(play: str) -> dg.AssetsDefinition:
    """One play's drafts: its rows of ``message_drafts``, the asset its approval gate stands on.

    Its ``drafts_grounded`` check, a warning that never blocks, is judged in the same step from the
    drafts just written: a step of its own cost each run Dagster's overhead for one count.
    """
    key = dg.AssetKey([play, "message_drafts"])
    grounded = dg.AssetCheckSpec(GROUNDED_CHECK, asset=key,
                                 description=f"{play}: every email draft passed the verifier as written; fallbacks "
                                             "and holds say why.")

    @dg.asset(key=key, group_name="drafts", kinds={"duckdb", "polars"}, check_specs=[grounded],
              deps=["research_angles", "play_versions"], metadata=defined_columns(DRAFT_SCHEMA),
              description=f"{play}: verified drafts for every step of the sequence, each with the fact ids it "
                          "rests on. Written for review whatever the play's approval; only sends wait for it.")
    def drafts(context: dg.AssetExecutionContext, config: LayerConfig, warehouse: Warehouse, paths: PipelinePaths,
               model: ModelClient) -> dg.MaterializeResult:
        written = write_drafts(play, warehouse, paths, model, config.full_refresh)
        if grounded.key not in context.selected_asset_check_keys:
            return written
        return dg.MaterializeResult(metadata=written.metadata, check_results=[grounded_result(play, warehouse)])

    return drafts


def grounded_result(name: str, warehouse: Warehouse) -> dg.AssetCheckResult:
    """The play's email drafts as the verifier left them: a warning when any fell back or was held."""
    with warehouse.connect() as con:
        read = [c for c in columns_of(con, "message_drafts") if c in SUMMARY_COLUMNS]
        drafts = (frame_of(con, f"select {', '.join(read)} from message_drafts where play = ?", [name]) if read
                  else pl.DataFrame())
    counts, summary = verifier_summary(drafts)
    missing = sorted({m for m in drafts["missing_facts"].to_list() if m}) if drafts.height else []
    return dg.AssetCheckResult(
        check_name=GROUNDED_CHECK, passed=counts["held"] == 0 and counts["fell_back"] == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"written": counts["written"], "fell_back": counts["fell_back"], "held": counts["held"],
                  "missing_facts": ", ".join(missing) or "none",
                  "examples": dg.MetadataValue.md(summary),
                  "note": "Held drafts are never sent; a fallback sends the approved template instead of the "
                          "model's text. Fix the template, the research or the model settings; a draft whose "
                          "model call failed is asked of the model again next run."},
    )


def all_drafts(plays: list[str]) -> dg.AssetsDefinition:
    """``message_drafts`` as later layers read it: every play's rows together."""

    @dg.asset(key="message_drafts", group_name="drafts", kinds={"duckdb"},
              deps=[dg.AssetKey([p, "message_drafts"]) for p in plays], metadata=defined_columns(DRAFT_SCHEMA))
    def message_drafts(warehouse: Warehouse) -> dg.MaterializeResult:
        """Every play's current drafts in one table, as escalations and the funnel read them.

        Counted in DuckDB: the rows themselves (every draft's text) are not read out to count them."""
        with warehouse.connect() as con:
            counts = (con.execute("select play, count(*) from message_drafts group by play order by play").fetchall()
                      if table_exists(con, "message_drafts") else [])
        by_play = {str(p): int(n) for p, n in counts}
        return dg.MaterializeResult(metadata={"dagster/row_count": sum(by_play.values()),
                                              "drafts_per_play": dg.MetadataValue.json(by_play)})

    return message_drafts


def write_drafts(name: str, warehouse: Warehouse, paths: PipelinePaths, model: ModelClient,
                 full_refresh: bool = False) -> dg.MaterializeResult:
    """Draft the play's researched accounts; only new or changed drafts cost the writer anything.

    Nothing is drafted while the research, the play's version and review sample size, the model, the
    verifier (``rule_digest``) and the play's stored drafts are as the last complete run left them; a
    stored draft an earlier verifier judged is written and judged again, and one that fell back as the
    model did not answer (``CALL_FAILED``) is asked of the model again. Research that changed while
    the writer worked is drafted again at once, up to ``DRAFT_PASSES`` times in all.
    """
    play = load_plays(paths.plays, writer=model.identity()).plays.get(name)
    for _ in range(DRAFT_PASSES):
        result, moved = _draft_play(name, play, warehouse, model, full_refresh)
        if not moved:
            break
        full_refresh = False  # the pass just made left drafts this writer can trust
    return result


DRAFT_PASSES = 3


def _draft_play(name: str, play: Play | None, warehouse: Warehouse, model: ModelClient,
                full_refresh: bool) -> tuple[dg.MaterializeResult, bool]:
    """One pass of ``write_drafts``, and whether the research moved while it ran.

    Its inputs are taken before they are read, so drafts written from research that changed
    meanwhile are never recorded as drafts of the newer research. A stored draft is kept only
    while the play's drafts are as this writer left them: one changed since (by hand, or by a
    writer that no longer records its mark) has every draft of the play written again, the
    model's answers coming from its response cache.
    """
    layer = f"message_drafts:{name}"
    with warehouse.connect() as con:
        inputs, stored_mark = _inputs(con, name, play, model), _stored_mark(con, name)
        if not full_refresh and _unchanged(con, name, inputs, stored_mark):
            total = one(con, "select count(*) from message_drafts where play = ?", [name])[0]
            return dg.MaterializeResult(metadata={
                "dagster/row_count": total, "new_rows": 0,
                "play_version": play.version_hash if play else "play file removed",
                "rebuilt": "no: research, play version, model, verifier and stored drafts unchanged"}), False
        angles = current_research(con, play) if play else pl.DataFrame()
        # Research of the play, none of it under this version: the play files sensor asks for the run.
        unresearched = bool(play) and angles.is_empty() and table_exists(con, "research_angles") and one(
            con, "select count(*) from research_angles where play = ?", [name])[0] > 0
        trusted = not full_refresh and (recorded_mark(con, layer) or "").endswith(f"|{stored_mark}")
        stored = read_table(con, "message_drafts", "where play = ?", [name]) if trusted else pl.DataFrame()
    # A draft judged by other checks, or in another mode of the same checks, is judged again; one the
    # model did not answer for is asked of it again.
    verifier = f"{verifier_digest()}:{model.verifier_mode}"
    judged = stored.filter(pl.col("verified_by") == verifier) if "verified_by" in stored.columns else stored.clear()
    existing = {r["draft_id"]: r for r in judged.iter_rows(named=True)}
    again = (frozenset(judged.filter(_unanswered(pl.col("verifier_reasons")))["draft_id"])
             if "verifier_reasons" in judged.columns else frozenset())
    cache = ResponseCache(warehouse.connect)
    rows, pending = (draft_rows(play, list(angles.iter_rows(named=True)), lambda asks: model.write_drafts(asks, cache),
                                existing, again) if play else ([], 0))
    frame = pl.DataFrame(rows, schema=DRAFT_SCHEMA).with_columns(verified_by=pl.lit(verifier))
    unanswered = int(frame.select(_unanswered(pl.col("verifier_reasons")).sum()).item())
    with warehouse.connect() as con:
        if table_exists(con, "message_drafts"):
            for column in ("verdict", "fact_ids", "verifier_reasons", "play_content", "verified_by", "signal_id",
                           "why_now"):
                con.execute(f"alter table message_drafts add column if not exists {column} varchar")
        with transaction(con):
            written, removed = replace_drafts(con, name, frame)
            moved = _inputs(con, name, play, model) != inputs
            # Drafts left waiting for the model's budget, or that it did not answer for, are written
            # next run: no inputs recorded.
            built = inputs if play and not pending and not unanswered else ""
            record_mark(con, layer, f"{built}|{_stored_mark(con, name)}", clock.now())
    verdicts = {str(k): int(n) for k, n in frame.group_by("verdict").len().iter_rows()}
    # No preview of the table: the review sample below shows the drafts as the approver reads them.
    return dg.MaterializeResult(
        metadata=dict(
            {"dagster/row_count": frame.height},
            play_version=play.version_hash if play else "play file removed",
            ungrounded=int((~frame["grounded"]).sum()),
            verdicts=dg.MetadataValue.json(verdicts),
            kept_from_earlier_runs=sum(1 for r in rows if r["draft_id"] in existing and r["draft_id"] not in again),
            judged_again=stored.height - judged.height,
            new_rows=written, removed_rows=removed,
            rebuilt=("yes: none, as the play's research is of another version (or of the release before "
                     "research named it); drafts are written once the signals run researches it under this one"
                     if unresearched
                     else "yes, and again next run: drafts wait for the model's budget" if pending
                     else "yes, and again next run: the model did not answer for some drafts" if unanswered
                     else "yes"),
            waiting_for_model_budget=pending,
            asked_again_next_run=unanswered,
            model_calls=dg.MetadataValue.json(model.stats()),
            review_sample=dg.MetadataValue.md(sample_markdown(frame)),
        )
    ), moved


def current_research(con: duckdb.DuckDBPyConnection, play: Play) -> pl.DataFrame:
    """The play's research rows done under its current version, by contact. Research of an earlier
    version chose its accounts and contacts by that version's triggers, segment and personas: an
    approval of an edit that narrowed them never mails the people it left out, before research
    has run again under it. Research stored before rows named their version counts as none."""
    if "play_content" not in columns_of(con, "research_angles"):
        return read_table(con, "research_angles", "where false")
    return read_table(con, "research_angles", "where play = ? and play_content = ? order by contact_email",
                      [play.name, play.content_sha256])


def _unanswered(reasons: pl.Expr) -> pl.Expr:
    """Whether a draft's reasons (JSON) begin with the failed model call it was settled without."""
    return reasons.fill_null("").str.starts_with(json.dumps([CALL_FAILED])[:-2])


def drafts_unchanged(con: duckdb.DuckDBPyConnection, name: str, play: Play | None, model: ModelClient) -> bool:
    """Whether the play's stored drafts are what its research, version, model and verifier give."""
    return _unchanged(con, name, _inputs(con, name, play, model), _stored_mark(con, name))


def _unchanged(con: duckdb.DuckDBPyConnection, name: str, inputs: str, stored_mark: str) -> bool:
    return unchanged(con, f"message_drafts:{name}", f"{inputs}|{stored_mark}", clock.now(), table="message_drafts")


def _inputs(con: duckdb.DuckDBPyConnection, name: str, play: Play | None, model: ModelClient) -> str:
    """A digest of what the play's drafts are made from: its own research rows (another play's
    research is no input of these drafts, and hashing it cost each play's step the whole table)."""
    parts = [table_mark(con, "research_angles", ["research_angles"], "play = ?", [name]),
             [play.content_sha256, play.review_sample_size] if play else "removed",
             type(model).__name__, sorted(model.identity().items()), model.verifier_mode, verifier_digest(),
             list(DRAFT_SCHEMA)]  # a column added: stored drafts are written again with it
    return digest(parts)


def _stored_mark(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """The mark of the play's stored drafts: any insert, delete or edit changes it."""
    return table_mark(con, "message_drafts", ["message_drafts"], "play = ?", [name])


def replace_drafts(con: duckdb.DuckDBPyConnection, play: str, frame: pl.DataFrame) -> tuple[int, int]:
    """Make the play's stored drafts exactly ``frame``, inside the caller's transaction, writing only the
    rows that differ: a play whose research changed for a few accounts keeps the rest of its drafts
    where they are. The text of a draft that went out is kept before it is rewritten or removed
    (``sent_texts``).

    Returns (rows new or changed, drafts no longer drafted).
    """
    with registered(con, "_drafts", frame):
        if not table_exists(con, "message_drafts"):
            con.execute("create table message_drafts as select * from _drafts limit 0")
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        # A draft is written again when its row differs, or when the table holds it more than once.
        (changed,) = one(con, f"select coalesce(list(draft_id), []) from (select {columns} from _drafts except "
                              f"select {columns} from message_drafts where play = ?)", [play])
        (repeated,) = one(con, "select coalesce(list(draft_id), []) from (select draft_id from message_drafts "
                               "where play = ? group by all having count(*) > 1)", [play])
        gone = "draft_id is null or draft_id not in (select draft_id from _drafts)"
        removed = one(con, f"select count(*) from message_drafts where play = ? and ({gone})", [play])[0]
        again = sorted(set(changed) | set(repeated))
        keep_sent(con, play, "list_contains(?, d.draft_id) or d.draft_id not in (select draft_id from _drafts)",
                  [again])
        con.execute(f"delete from message_drafts where play = ? and (list_contains(?, draft_id) or {gone})",
                    [play, again])
        con.execute("insert into message_drafts by name select * from _drafts where list_contains(?, draft_id)",
                    [again])
    return len(changed), removed


def sample_markdown(frame: pl.DataFrame) -> str:
    """The review sample as the approver reads it: every step of each sampled contact, follow-ups and
    LinkedIn notes too, since each goes to every contact once the play is approved."""
    sample = frame.filter(pl.col("is_review_sample"))
    if sample.is_empty():
        return "_no sample drafts yet_"
    first = sample.filter(pl.col("step") == 1).sort("fit", "contact_email", descending=[True, False])
    order = {c: i for i, c in enumerate(dict.fromkeys([*first["contact_email"], *sample["contact_email"]]))}
    sample = sample.with_columns(pl.col("contact_email").replace_strict(order, return_dtype=pl.Int64).alias("_at"))
    parts = []
    for (email,), steps in sample.sort("_at", "step").group_by("contact_email", maintain_order=True):
        lead = steps.row(0, named=True)
        text = [f"**To:** {lead['contact_name']} <{email}> · variant `{lead['variant']}` · "
                f"signal `{lead['signal_type']}` · fit {lead['fit']:.2f}"]
        for row in steps.iter_rows(named=True):
            text.append(
                f"**Step {row['step']}** ({row['channel']}, day {row['delay_days']}) · {row.get('verdict') or ''} "
                f"by `{row['generated_by']}` · facts `{', '.join(json.loads(row.get('fact_ids') or '[]'))}`"
                + (f"\n\n**Subject:** {row['subject']}" if row.get("subject") else "") + "\n\n"
                + "\n".join(f"> {line}" for line in (row["body"] or "").splitlines()))
        parts.append("\n\n".join(text))
    return "\n\n---\n\n".join(parts)


def verifier_summary(frame: pl.DataFrame, examples: int = 3) -> tuple[dict[str, int], str]:
    """Email drafts written / fell back / held, and markdown examples of the reasons."""
    emails = frame.filter(pl.col("channel") == "email") if frame.height else frame
    counts = {v: 0 for v in (WRITTEN, FELL_BACK, HELD)}
    if emails.height == 0 or "verdict" not in emails.columns:
        return counts, "_no email drafts_"
    for verdict, n in emails.group_by("verdict").len().iter_rows():
        counts[str(verdict)] = int(n)
    lines = []
    for verdict in (HELD, FELL_BACK):
        for row in emails.filter(pl.col("verdict") == verdict).head(examples).iter_rows(named=True):
            reasons = "; ".join(json.loads(row["verifier_reasons"] or "[]")) or row["missing_facts"]
            lines.append(f"- **{verdict}** {row['contact_email']} step {row['step']}: {reasons}")
    summary = ", ".join(f"{n} {v.replace('_', ' ')}" for v, n in counts.items())
    return counts, summary + ("\n\n" + "\n".join(lines) if lines else "")
