"""Analytics layer: what each play, variant, segment, step and mailbox achieved, week by week.

Out-of-office and auto-replies are not replies. A send is flagged ``simulated`` when the demo's
market made its outcome: it went out under a demo approval in the demo's own folder (the market
answers, or leaves unanswered, every demo send; elsewhere demo decisions count for nothing, as at
the gate), or every reply matched to it is simulated (there too: outside it nothing is, whatever a
stored row says). Analyses leave those sends out whole unless
asked, so a rate is over real outcomes only: real replies over the sends that got a real reply or
none.
"""

from collections.abc import Mapping, Sequence
from functools import cache

import dagster as dg
import duckdb
import polars as pl

from resources import clock
from resources.settings import PipelinePaths
from resources.store.approvals import LEGACY_MODE_SQL, counted_mode
from resources.tables import columns_of
from resources.warehouse import Warehouse, frame_of, one, replace_rows, table_exists
from sdr_assets.analytics_columns import FUNNEL_COLUMNS, PERFORMANCE_COLUMNS
from sdr_assets.crm import meeting_contacts
from sdr_assets.domain.approvals import DEMO_MODE
from sdr_assets.domain.stats import wilson
from sdr_assets.former_plays import names_now
from sdr_assets.incremental import LayerConfig, digest, record_mark, tables_mark, unchanged
from sdr_assets.ledger_counts import (
    AUTO_ANSWER_SQL, LATEST_LABEL_SQL, LATEST_ORDER_SQL, PERSON_REPLY_SQL, POSITIVE_LABELS, person_reply_columns,
)
from sdr_assets.metadata import defined_columns, table_metadata
from sdr_assets.monitor_data import sends_with_verdicts
from sdr_assets.person_keys import canonical_column
from sdr_assets.rule_digest import source_digest

GRAIN = ("play", "play_version", "variant", "signal_type", "segment", "step", "mailbox", "week", "simulated")
OBJECTION_REASONS = ("timing", "budget", "has_solution")
# Replies, positive ones and objections are a person's (``PERSON_REPLY_SQL``): a machine's request to stop is an
# unsubscribe only, and the labeller's reading of an auto-reply nobody wrote to us is no answer.
REPLY_SQL = f"""
select send_key,
       bool_or(kind = 'bounce' and not coalesce(hard, false)) as soft_bounce,
       bool_or({PERSON_REPLY_SQL}) as human,
       coalesce({LATEST_LABEL_SQL} in {POSITIVE_LABELS}, false) as positive,
       {LATEST_LABEL_SQL} as latest_label,
       arg_max(arrived_at, {LATEST_ORDER_SQL}) filter (where {PERSON_REPLY_SQL}) as latest_reply_at,
       arg_max(message_id, {LATEST_ORDER_SQL}) filter (where {PERSON_REPLY_SQL}) as latest_reply_id,
       arg_max(sub_reason, {LATEST_ORDER_SQL}) filter (where {PERSON_REPLY_SQL}) as objection_reason,
       bool_or(kind = 'out_of_office') as out_of_office,
       bool_or(kind = 'auto_reply' or {AUTO_ANSWER_SQL}) as auto_reply,
       min(case when {PERSON_REPLY_SQL} then received_at end) as first_reply_at,
       bool_and(coalesce(simulated, false)) as simulated
from (select *, {{person_reply}} from reply_classifications) where send_key is not null group by send_key
"""
# The sends released by an approval taken in the demo, its mode read as the gate reads it.
DEMO_SENDS_SQL = f"""
select distinct l.send_key from send_ledger l
join play_approvals a on a.play = l.play and a.version_hash = l.play_version and a.decided_by = l.approved_by
where l.status = 'sent' and a.decision = 'approve' and coalesce({{mode}}, {LEGACY_MODE_SQL}) = '{DEMO_MODE}'
"""
SENT_SQL = "select send_key, variant, signal_type, step from send_ledger where status = 'sent'"
# A contact's sequence of a play is one trial of its variant: counted once, on her first email of the
# play (as meetings are), reached if any of its emails was delivered, replied if she answered any step.
# When each send's latest person reply came, and its message id (``REPLY_SQL``): a person's latest across her sends.
LATEST_REPLY = {"latest_reply_at": pl.Datetime("us", "UTC"), "latest_reply_id": pl.String}
CONTACT_COUNTS = ("contacts", "contacts_reached", "contacts_replied", "contacts_positive")
COUNTS = ("sent", "delivered", "hard_bounces", "soft_bounces", "human_replies", "positive_replies",
          "negative_replies", "objections", *(f"objections_{r}" for r in (*OBJECTION_REASONS, "other")),
          "unsubscribes", "complaints", "out_of_office", "auto_replies", "meetings", *CONTACT_COUNTS)
SCHEMA = {
    "play": pl.String, "play_version": pl.String, "variant": pl.String, "signal_type": pl.String,
    "segment": pl.String, "step": pl.Int64, "mailbox": pl.String, "week": pl.Date, "simulated": pl.Boolean,
    **{c: pl.Int64 for c in COUNTS}, "median_hours_to_first_reply": pl.Float64,
    "first_sent_at": pl.Datetime("us", "UTC"),
    "reply_rate": pl.Float64, "reply_rate_low": pl.Float64, "reply_rate_high": pl.Float64,
    "positive_rate": pl.Float64, "positive_rate_low": pl.Float64, "positive_rate_high": pl.Float64,
}


def _per_send(con: duckdb.DuckDBPyConnection, renamed: Mapping[str, str] | None = None) -> pl.DataFrame:
    """One row per sent message with every outcome flag, its segment and the meeting it led to; a message
    sent under a former name of a play (``renamed``: ``former_plays.current_names``) is its play's now."""
    renamed = dict(renamed or {})
    sends = sends_with_verdicts(con).with_columns(pl.col("play").replace(renamed))
    if sends.is_empty():
        return sends
    sends = sends.join(frame_of(con, SENT_SQL), on="send_key", how="left")
    if table_exists(con, "reply_classifications"):
        sends = sends.join(frame_of(con, REPLY_SQL.format(person_reply=person_reply_columns(con))), on="send_key",
                           how="left")
    flags = ("soft_bounce", "human", "positive", "objection", "out_of_office", "auto_reply", "simulated")
    for flag in flags:
        if flag not in sends.columns:
            sends = sends.with_columns(pl.lit(False).alias(flag))
    for column, dtype in (("objection_reason", pl.String), ("first_reply_at", pl.Datetime("us", "UTC")),
                          ("latest_label", pl.String), *LATEST_REPLY.items()):
        if column not in sends.columns:
            sends = sends.with_columns(pl.lit(None, dtype).alias(column))
    sends = sends.with_columns(*(pl.col(f).fill_null(False) for f in flags),
                               pl.col("sent_at", "first_reply_at").dt.convert_time_zone("UTC"))
    # A decline or an objection counts where it is her latest reply: one she took back since is no outcome.
    sends = sends.with_columns(*((pl.col(flag) & (pl.col("latest_label") == flag).fill_null(False)).alias(flag)
                                 for flag in ("not_interested", "objection"))).drop("latest_label")
    # Outside the demo's folder nothing is simulated, whatever a reply stored before that rule said.
    demo = counted_mode(con, DEMO_MODE) == DEMO_MODE
    sends = sends.with_columns(simulated=(pl.col("simulated") & demo) | pl.col("send_key").is_in(_demo_sends(con)))
    # A meeting counts once, on the first step its contact received from that play, however many
    # rows name the conversation (a warehouse may hold a reschedule imported twice).
    meetings = (meeting_contacts(con).with_columns(pl.col("play").replace(renamed)).unique()
                .with_columns(meetings=pl.lit(1, pl.Int64)) if table_exists(con, "meetings") else None)
    sends = sends.with_columns(_first_touch(sends))
    if meetings is not None and meetings.height:
        sends = sends.join(meetings, on=["play", "contact_email"], how="left").with_columns(
            pl.when(pl.col("first_touch")).then(pl.col("meetings").fill_null(0)).otherwise(0).alias("meetings"))
    else:
        sends = sends.with_columns(pl.lit(0).alias("meetings"))
    return sends


def _first_touch(sends: pl.DataFrame, by: Sequence[str] = ("play", "contact_email")) -> pl.Expr:
    """Whether each send is the first email (its earliest step, then time) of its contact's play, or
    of whatever else ``by`` groups sends by."""
    first = sends.sort("step", "sent_at").unique(list(by), keep="first")["send_key"]
    return pl.col("send_key").is_in(first.to_list()).alias("first_touch")


def _contact_flags(sends: pl.DataFrame, delivered: pl.Expr) -> pl.DataFrame:
    """``sends`` with ``CONTACT_COUNTS`` as 0 or 1: each contact's sequence of a play on its first email.

    A reply counts under the message it answers: her sends whose outcome was simulated are a trial
    of their own, on the first of them, so a simulated reply to a follow-up never counts as a real
    reply of the sequence her real first email began (nor a real one as simulated)."""
    trial = ["play", "contact_email", "simulated"]
    people = sends.group_by(trial).agg(delivered.any().alias("_reached"), pl.col("human").any().alias("_replied"))
    people = people.join(latest_positive(sends, trial), on=trial, how="left", nulls_equal=True).with_columns(
        pl.col("_positive").fill_null(False))
    first = _first_touch(sends, by=trial)
    return (sends.join(people, on=trial, how="left", nulls_equal=True)
            .with_columns(first.cast(pl.Int64).alias("contacts"),
                          *((first & pl.col(f"_{flag}")).cast(pl.Int64).alias(f"contacts_{flag}")
                            for flag in ("reached", "replied", "positive"))))


def latest_positive(sends: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Per ``by`` group of ``sends`` (one person's, say), ``_positive``: whether her latest person reply across
    them is positive, each send's latest ranked as ``LATEST_ORDER_SQL`` ranks a send's replies (a reply of
    unknown date the latest; then the later send). Interest on one thread, then a decline on another, is a
    decline."""
    order = {**LATEST_REPLY, "sent_at": pl.Datetime("us", "UTC")}
    for column, dtype in order.items():
        if column not in sends.columns:
            sends = sends.with_columns(pl.lit(None, dtype).alias(column))
    return (sends.filter(pl.col("human")).sort(*order, nulls_last=True)
            .group_by(list(by), maintain_order=True).agg(pl.col("positive").last().alias("_positive")))


def _demo_sends(con: duckdb.DuckDBPyConnection) -> list[str]:
    approvals = set(columns_of(con, "play_approvals"))
    if not approvals or "approved_by" not in columns_of(con, "send_ledger"):
        return []
    if counted_mode(con, DEMO_MODE) != DEMO_MODE:  # outside the demo's folder a demo decision released nothing
        return []
    mode = "a.mode" if "mode" in approvals else "null::varchar"
    return [key for (key,) in con.execute(DEMO_SENDS_SQL.format(mode=mode)).fetchall()]


def performance(sends: pl.DataFrame) -> pl.DataFrame:
    """Counts and rates at the grain play, version, variant, signal type, segment, step, mailbox and week."""
    if sends.is_empty():
        return pl.DataFrame(schema=SCHEMA)
    reason = pl.col("objection_reason").fill_null("other")
    # A reply's Date is its writer's clock: one that puts it before our email is wrong, and no reply is quicker than 0.
    hours = ((pl.col("first_reply_at") - pl.col("sent_at")).dt.total_seconds() / 3600).clip(lower_bound=0)
    # A send its contact replied to reached her, whatever bounced (see ``ledger_counts``).
    delivered = ~pl.col("hard_bounce") & ~pl.col("soft_bounce") | pl.col("human")
    sends = _contact_flags(sends, delivered)
    frame = sends.with_columns(week=pl.col("sent_at").dt.truncate("1w").dt.date()).group_by(list(GRAIN)).agg(
        pl.len().alias("sent"),
        delivered.sum().alias("delivered"),
        pl.col("hard_bounce").sum().alias("hard_bounces"),
        (pl.col("soft_bounce") & ~pl.col("hard_bounce")).sum().alias("soft_bounces"),
        pl.col("human").sum().alias("human_replies"),
        pl.col("positive").sum().alias("positive_replies"),
        pl.col("not_interested").sum().alias("negative_replies"),
        pl.col("objection").sum().alias("objections"),
        *((pl.col("objection") & (reason == r)).sum().alias(f"objections_{r}") for r in OBJECTION_REASONS),
        (pl.col("objection") & ~reason.is_in(list(OBJECTION_REASONS))).sum().alias("objections_other"),
        pl.col("unsubscribe").sum().alias("unsubscribes"),
        pl.col("complaint").sum().alias("complaints"),
        pl.col("out_of_office").sum().alias("out_of_office"),
        pl.col("auto_reply").sum().alias("auto_replies"),
        pl.col("meetings").sum().alias("meetings"),
        *(pl.col(c).sum() for c in CONTACT_COUNTS),
        hours.median().alias("median_hours_to_first_reply"),
        pl.col("sent_at").min().alias("first_sent_at"),
    )
    return with_intervals(frame).cast(SCHEMA).select(list(SCHEMA)).sort(list(GRAIN), nulls_last=True)


def with_intervals(frame: pl.DataFrame, base: str = "delivered", replies: str = "human_replies",
                   positives: str = "positive_replies") -> pl.DataFrame:
    """Reply and positive rates (``replies`` and ``positives`` over ``base``) with their 95 % Wilson
    intervals, for any grouping of counts."""
    rows = []
    for r in frame.select(base, replies, positives).iter_rows(named=True):
        n = r[base]
        cells = {}
        for name, hits in (("reply_rate", r[replies]), ("positive_rate", r[positives])):
            low, high = wilson(hits, n)
            cells.update({name: hits / n if n else None, f"{name}_low": low, f"{name}_high": high})
        rows.append(cells)
    extra = pl.DataFrame(rows, schema={c: pl.Float64 for c in ("reply_rate", "reply_rate_low", "reply_rate_high",
                                                              "positive_rate", "positive_rate_low",
                                                              "positive_rate_high")})
    return pl.concat([frame.drop([c for c in extra.columns if c in frame.columns]), extra], how="horizontal")


# What each top stage of the funnel holds now, by play: the trigger window's signals, the accounts
# ready and the contacts drafted (their first step, grounded).
FUNNEL_SQL = {
    "qualified_signals": "select play, lower(company_domain) as domain from qualified_signals",
    "enriched_accounts": "select distinct play, lower(company_domain) as domain from enriched_accounts "
                         "where status = 'ready'",
    "message_drafts": "select distinct play, contact_email from message_drafts where step = 1 and grounded",
}
STAGES = ("signals_qualified", "accounts_ready", "contacts_drafted")
CONTACT_STAGES = ("contacts_emailed", "contacts_replied", "contacts_positive", "meetings")
FUNNEL_SCHEMA = {"play": pl.String, "simulated": pl.Boolean, **{c: pl.Int64 for c in (*STAGES, *CONTACT_STAGES)}}


def funnel(con: duckdb.DuckDBPyConnection, per_send: pl.DataFrame, renamed: Mapping[str, str] | None = None
           ) -> pl.DataFrame:
    """Per play, its whole history: signal → account → draft → emailed → replied → positive → meeting.

    One cohort, so no stage holds more than the one above it in its unit: each counts what is in it
    now and what already went past it. An emailed contact was drafted, her account was ready, and a
    signal qualified it, though the trigger window has since let them go: the top three stages are
    today's signals, ready accounts and drafted contacts, plus the emailed ones no longer among them
    (an emailed account no longer signalled counts as one signal). A play with nothing sent yet
    shows its top with zeros below; a play taken out of the play book keeps the row of what it sent.

    A contact whose outcome was simulated (any of her sends, see ``_per_send``) counts on a second
    row of the play flagged ``simulated``, from emailed on; the play's first row holds its signals,
    accounts and drafts and its other contacts. A play's rows add up to its whole funnel.

    A former name of a play (``renamed``, as ``per_send`` names its sends) is counted as its name now.
    """
    if not table_exists(con, "play_versions"):
        return pl.DataFrame(schema=FUNNEL_SCHEMA)
    renamed = dict(renamed or {})
    if per_send.is_empty():
        per_send = pl.DataFrame(schema={"play": pl.String, "contact_email": pl.String, "company_domain": pl.String})
    # The play book's plays, and those that mailed people and are in it no longer: their history stays.
    plays = pl.concat([frame_of(con, "select distinct play from play_versions").with_columns(
        pl.col("play").replace(renamed)), per_send.select("play")]).unique(maintain_order=True)
    signals, ready = (_held_now(con, "qualified_signals", "domain", renamed),
                      _held_now(con, "enriched_accounts", "domain", renamed))
    drafted = _held_now(con, "message_drafts", "contact_email", renamed)
    drafted = drafted.with_columns(contact_email=canonical_column(drafted["contact_email"]))
    emailed = per_send.select("play", "contact_email")
    accounts = per_send.select("play", domain=pl.col("company_domain").str.to_lowercase()).drop_nulls().unique()
    gone = accounts.join(signals, on=["play", "domain"], how="anti")
    top = plays.with_columns(simulated=pl.lit(False))
    for stage, rows in (("signals_qualified", pl.concat([signals, gone])),
                        ("accounts_ready", pl.concat([ready, accounts]).unique()),
                        ("contacts_drafted", pl.concat([drafted, emailed]).unique())):
        top = top.join(rows.group_by("play").agg(pl.len().alias(stage)), on="play", how="left")
    if per_send.is_empty():
        return top.with_columns(pl.lit(0).alias(c) for c in CONTACT_STAGES).pipe(_funnel_frame)
    contacts = per_send.group_by("play", "contact_email").agg(
        pl.col("human").any(), pl.col("meetings").sum(), pl.col("simulated").any()).join(
        latest_positive(per_send, ("play", "contact_email")), on=["play", "contact_email"], how="left",
        nulls_equal=True).with_columns(positive=pl.col("_positive").fill_null(False)).drop("_positive")
    bottom = contacts.group_by("play", "simulated").agg(
        pl.len().alias("contacts_emailed"), pl.col("human").sum().alias("contacts_replied"),
        pl.col("positive").sum().alias("contacts_positive"), pl.col("meetings").sum())
    rows = pl.concat([top.join(bottom, on=["play", "simulated"], how="left"),
                      bottom.filter(pl.col("simulated")).join(top.select("play"), on="play")], how="diagonal")
    return _funnel_frame(rows)


def _held_now(con: duckdb.DuckDBPyConnection, table: str, key: str, renamed: dict[str, str]) -> pl.DataFrame:
    """What ``table`` holds now for the funnel (``FUNNEL_SQL``), each play by its name now; no rows before
    it exists."""
    if not table_exists(con, table):
        return pl.DataFrame(schema={"play": pl.String, key: pl.String})
    return frame_of(con, FUNNEL_SQL[table]).with_columns(pl.col("play").replace(renamed))


def _funnel_frame(rows: pl.DataFrame) -> pl.DataFrame:
    return (rows.with_columns(pl.col(c).fill_null(0) for c in FUNNEL_SCHEMA if c not in ("play", "simulated"))
            .cast(FUNNEL_SCHEMA).select(list(FUNNEL_SCHEMA)).sort("play", "simulated"))


@dg.asset(group_name="analytics", kinds={"duckdb", "polars"},
          deps=["send_ledger", "reply_classifications", "raw_replies", "suppression_events", "enriched_accounts",
                "meetings", "escalations", "play_approvals", "play_versions"],
          metadata=defined_columns(SCHEMA, PERFORMANCE_COLUMNS))
def reply_performance(config: LayerConfig, warehouse: Warehouse, paths: PipelinePaths) -> dg.MaterializeResult:
    """Sent, delivered, replies, positives, negatives, objections by reason, unsubscribes, complaints,
    meetings and time to first reply per play, version, variant, signal type, segment, step, mailbox and week.

    Each contact's sequence counts once more, on her first email of the play (``contacts``): reached
    if any of its emails was delivered, replied if she answered any step, positive if her latest reply, to
    any step, is (``latest_positive``). The variant A/B test counts these, one trial per person, not one
    per email.

    A renamed play's sends under its former names count as its own, under its name now.

    Computed again only when the sends, replies, opt-outs, segments, meetings or play names it counts changed.
    """
    with warehouse.connect() as con:
        renamed = names_now(con, paths.plays)
        inputs = _performance_inputs(con, renamed)
        if not config.full_refresh and _performance_holds(con, inputs):
            return _unchanged(con, "reply_performance")
        frame = performance(_per_send(con, renamed))
        replace_rows(con, "reply_performance", frame)
        record_mark(con, "reply_performance", inputs, clock.now())
    simulated = int(frame.filter(pl.col("simulated"))["sent"].sum()) if frame.height else 0
    return dg.MaterializeResult(metadata=table_metadata(frame, rebuilt="yes",
                                                        sends_with_simulated_outcomes=simulated))


@dg.asset(group_name="analytics", kinds={"duckdb", "polars"},
          deps=["qualified_signals", "enriched_accounts", "message_drafts", "send_ledger", "reply_classifications",
                "raw_replies", "meetings", "escalations", "play_versions", "play_approvals", "suppression_events"],
          metadata=defined_columns(FUNNEL_SCHEMA, FUNNEL_COLUMNS))
def outreach_funnel(config: LayerConfig, warehouse: Warehouse, paths: PipelinePaths) -> dg.MaterializeResult:
    """Per play, how many signals became accounts, drafts, emailed contacts, replies, positives and meetings.

    Computed again only when a table it counts, or a play's name, changed.
    """
    with warehouse.connect() as con:
        renamed = names_now(con, paths.plays)
        inputs = _funnel_inputs(con, renamed)
        if not config.full_refresh and unchanged(con, "outreach_funnel", inputs, clock.now()):
            return _unchanged(con, "outreach_funnel")
        frame = funnel(con, _per_send(con, renamed), renamed)
        replace_rows(con, "outreach_funnel", frame)
        record_mark(con, "outreach_funnel", inputs, clock.now())
    return dg.MaterializeResult(metadata=table_metadata(frame, rebuilt="yes"))


def counts_unchanged(con: duckdb.DuckDBPyConnection, paths: PipelinePaths) -> bool:
    """Whether ``reply_performance`` and ``outreach_funnel`` would each stand as last computed: neither
    counts by the clock."""
    renamed = names_now(con, paths.plays)
    return (_performance_holds(con, _performance_inputs(con, renamed))
            and unchanged(con, "outreach_funnel", _funnel_inputs(con, renamed), clock.now()))


def _performance_holds(con: duckdb.DuckDBPyConnection, inputs: str) -> bool:
    """Whether the stored table, of this version's columns (one an earlier version stored is computed
    again), was computed from ``inputs``."""
    return (set(columns_of(con, "reply_performance")) == set(SCHEMA)
            and unchanged(con, "reply_performance", inputs, clock.now()))


# The code that counts (this module and all it imports, ``REPLY_SQL`` among them) is part of each mark:
# a release that counts otherwise computes the stored tables again once, as their inputs alone would not.
def _performance_inputs(con: duckdb.DuckDBPyConnection, renamed: Mapping[str, str]) -> str:
    return digest([_inputs_mark(con, PER_SEND_INPUTS), _simulated_counted(con), _counting_digest(),
                   sorted(renamed.items())])


def _funnel_inputs(con: duckdb.DuckDBPyConnection, renamed: Mapping[str, str]) -> str:
    return digest([_inputs_mark(con, PER_SEND_INPUTS), _inputs_mark(con, FUNNEL_INPUTS), _simulated_counted(con),
                   _counting_digest(), sorted(renamed.items())])


@cache
def _counting_digest() -> str:
    """The digest of the code that counts, as this process runs it (read once)."""
    return source_digest(__name__)


def _simulated_counted(con: duckdb.DuckDBPyConnection) -> str:
    """Whether a send's outcome may count as simulated here: only in the demo's own folder, which the file
    beside the warehouse marks (``_per_send``), not a table."""
    return counted_mode(con, DEMO_MODE)


# The columns the analytics read, by table (``[table]``: all of them). A column read and not listed
# here is a change the analytics never see (tests/test_lineage.py holds the two together).
PER_SEND_INPUTS = {
    "send_ledger": ["send_key", "status", "play", "play_version", "mailbox", "contact_email", "company_domain",
                    "sent_at", "variant", "signal_type", "step", "approved_by", "segment"],
    "reply_classifications": ["send_key", "kind", "label", "hard", "message_id", "sub_reason", "received_at",
                              "simulated", "optout_via", "reason", "recipients", "dsn"],
    # When a report matched to no send was read: it dates an unmatched bounce (``unmatched_bounces``).
    "raw_replies": ["message_id", "fetched_at"],
    "suppression_events": ["target", "action", "reason", "source", "recorded_at"],
    "enriched_accounts": ["play", "company_domain", "industry"],
    "meetings": ["meeting_id", "contact_email", "play", "escalation_id"],
    "meeting_cancellations": ["meeting_id"],
    "escalations": ["escalation_id", "contact_email"],
    "play_approvals": ["play_approvals"],
}
FUNNEL_INPUTS = {
    "qualified_signals": ["play", "company_domain"],
    "enriched_accounts": ["play", "status", "company_domain"],
    "message_drafts": ["play", "step", "grounded", "contact_email"],
    "play_versions": ["play"],
}


def _inputs_mark(con: duckdb.DuckDBPyConnection, inputs: dict[str, list[str]]) -> list[str]:
    """``tables_mark`` of ``inputs``, over the columns each table has: a table kept by an earlier
    version may lack a later column (a ledger without ``segment``), which cannot change until added."""
    present = {}
    for table, columns in inputs.items():
        stored = set(columns_of(con, table))
        kept = [c for c in columns if c in stored]
        present[table] = columns if columns == [table] or not stored else kept or [table]
    return tables_mark(con, present)


def _unchanged(con: duckdb.DuckDBPyConnection, table: str) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"dagster/row_count": one(con, f"select count(*) from {table}")[0],
                                          "rebuilt": "no: nothing it counts changed since the last run"})
