"""Escalations: conversations a person owns, kept across runs and never overwritten by one.

A run adds new conversations, folds later replies into the ones it has (a reply event in the log
opens a handled or snoozed one again) and refreshes what it knows about the contact. It never
deletes a row and never writes a person's claim, note, snooze or outcome: those live in
``escalation_events`` and the queue state is derived from them (``sdr_assets.inbox``).
"""

import json
from datetime import datetime

import dagster as dg
import duckdb
import polars as pl

from resources.model import ModelClient
from resources.model_stage import ResponseCache
from resources.settings import EscalationPolicy, PipelinePaths, SendPolicy
from resources.tables import columns_of, frame_of, insert_rows, rewrite_rows, table_exists, take_sequence, transaction
from resources.warehouse import Warehouse, one, read_table
from sdr_assets import escalation_log
from sdr_assets import escalation_scope as scope_marks
from sdr_assets.csv_files import csv_holds, write_csv
from sdr_assets.domain import escalations as esc
from sdr_assets.domain.escalation_rows import build_rows, by_contact, for_contacts, outbound_messages, reply_contacts
from sdr_assets.domain.answers import answer_ask
from sdr_assets.domain.plays import PlayBook
from sdr_assets.incremental import LayerConfig, digest, record_mark, recorded_mark, table_mark, unchanged
from sdr_assets.rule_digest import answer_digest, verifier_digest
from sdr_assets.sent_texts import sent_texts
from sdr_assets.playbook import load_plays
from sdr_assets.inbox import (
    FOLD_COLUMNS, QUEUE_TABLES, ensure_tables, events_by_escalation, load_queue, oldest_waiting, to_close,
    with_suppressions,
)
from sdr_assets.metadata import defined_columns, table_metadata
from sdr_assets.reply_quarantine import as_conversations

ESCALATION_SCHEMA = {
    "escalation_id": pl.String, "thread_key": pl.String, "play": pl.String, "contact_email": pl.String,
    "from_addr": pl.String, "first_name": pl.String, "last_name": pl.String, "contact_name": pl.String,
    "title": pl.String, "company_name": pl.String, "company_domain": pl.String, "industry": pl.String,
    "country": pl.String, "signal_id": pl.String, "signal_type": pl.String, "why_now": pl.String,
    "label": pl.String, "sub_reason": pl.String, "priority": pl.Int64, "confidence": pl.Float64,
    "needs_review": pl.Boolean, "may_ask_to_stop": pl.Boolean, "message_id": pl.String,
    "reply_count": pl.Int64, "reply_text": pl.String, "thread": pl.String, "proposed_contacts": pl.String,
    "suggested_response": pl.String, "routed_to": pl.String, "first_reply_at": pl.Datetime("us", "UTC"),
    "received_at": pl.Datetime("us", "UTC"), "escalated_at": pl.Datetime("us", "UTC"),
    "updated_at": pl.Datetime("us", "UTC"), "simulated": pl.Boolean,
    "data_request_due": pl.Date,  # the day a data request in it must be answered by (``esc.answer_due``)
    "answer_rules": pl.String,  # the rules and research facts its answer was written under (``written_under``)
}
# What a person reads in the CSV next to the table: the queue as it stood at the end of the run. It is
# also the queue's one copy outside the warehouse: `sdr handled ID --outcome opted_out` reads the
# contact and the reply (``message_id``) there while a send batch holds the warehouse.
CSV_COLUMNS = ["escalation_id", "status", "owner", "priority", "label", "may_ask_to_stop", "suppressed", "play",
               "contact_name", "contact_email", "title", "company_name", "signal_type", "received_at",
               "data_request_due", "waiting_business_hours", "reply_text", "suggested_response", "message_id",
               "held_by"]
# What the service-level check reports of each late conversation: not the thread, the reply or the answer.
SLA_COLUMNS = ("play", "contact_name", "contact_email", "from_addr", "company_name")
# The stored columns of what a run publishes: the CSV's, and the oldest conversation waiting.
PUBLISHED_COLUMNS = (*(c for c in CSV_COLUMNS if c in ESCALATION_SCHEMA), *SLA_COLUMNS)


def suggested_answers(model: ModelClient, conversations: list[dict],
                      cache: ResponseCache | None = None) -> list[tuple[str, bool]]:
    """The single call into the model for a run's answers, all together so its limits and budget hold
    for them (``ModelClient.suggest_responses``); a change to its signature changes this function only."""
    return model.suggest_responses([answer_ask(c) for c in conversations], cache)


def answer_rules(model: ModelClient) -> str:
    """The digest of the rules an answer is written under: the source of what asks for it, checks it and
    writes it otherwise (``rule_digest.answer_digest``), the verifier's mode and the one link it lets
    through. Open escalations answered under others are answered again."""
    return digest([answer_digest(), model.verifier_mode, model.booking_url])


def _logged(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """The (escalation, message) pairs whose reply is in the log."""
    return {(e, m) for e, m in con.execute(
        "select escalation_id, message_id from escalation_events where action = 'reply'").fetchall()}


def _log_replies(con: duckdb.DuckDBPyConnection, events: list[dict], now: datetime) -> list[int]:
    """Append a reply event for each of ``events`` not logged yet, read again in this transaction: a
    run that overlapped this one's answers may have logged it, and a second event would reopen a
    conversation a person handled since. Each is kept in the log beside the warehouse too
    (``sdr_assets.escalation_log``): put back under its id after a rebuild, it stays before the
    actions that answered it. Inside the caller's transaction, the one that writes the conversations;
    returns the ids of the events appended."""
    logged = _logged(con)
    fresh = sorted((e for e in events if (e["escalation_id"], e["message_id"]) not in logged),
                   key=lambda e: (e["at"], e["message_id"]))
    ids = take_sequence(con, "escalation_event_ids", len(fresh))
    rows = [{"event_id": i, "escalation_id": e["escalation_id"], "action": "reply", "actor": "pipeline",
             "acted_at": e["at"], "recorded_at": now, "message_id": e["message_id"]}
            for i, e in zip(ids, fresh, strict=True)]
    columns = ("event_id", "escalation_id", "action", "actor", "acted_at", "recorded_at", "message_id")
    insert_rows(con, "escalation_events", columns, [[r[c] for c in columns] for r in rows], "event_id", "nothing")
    escalation_log.record(con, escalation_log.log_of(con), rows)
    return list(ids)


def _logged_before(con, actions: tuple[str, ...]) -> set[tuple[str, str]]:
    """The (escalation, message) pairs of replies logged before a person's last of ``actions`` on it."""
    return {(e, m) for e, m in con.execute(
        "select r.escalation_id, r.message_id from escalation_events r join ("
        "  select escalation_id, max(event_id) as last from escalation_events"
        "  where list_contains(?, action) group by all) p"
        " on p.escalation_id = r.escalation_id and r.event_id < p.last where r.action = 'reply'",
        [list(actions)]).fetchall()}


def _read_again_since(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """The (escalation, message) pairs of replies a reading under new triage rules sent to a person as possibly
    asking to stop (``reply_rereads``) after the last claim or snooze of their escalation: it was taken as it
    read before, so the reply stands unanswered, as on a first reading."""
    if not table_exists(con, "reply_rereads") or "may_ask_to_stop_ids" not in columns_of(con, "reply_rereads"):
        return set()
    read: dict[str, datetime] = {}
    for at, ids in con.execute("select read_at, may_ask_to_stop_ids from reply_rereads").fetchall():
        for message_id in json.loads(ids or "[]"):
            read[message_id] = max(read.get(message_id, at), at)
    if not read:
        return set()
    taken = con.execute(
        "select r.escalation_id, r.message_id, max(p.acted_at) from escalation_events r join escalation_events p"
        " on p.escalation_id = r.escalation_id and p.event_id > r.event_id"
        " and p.action in ('claim', 'snooze', 'handle')"
        " where r.action = 'reply' and list_contains(?, r.message_id) group by all", [sorted(read)]).fetchall()
    return {(e, m) for e, m, at in taken if read[m] >= at}


def _context(con, book: PlayBook, contacts: set[str], rules: str, now: datetime) -> dict:
    """What the rows are built from, for the contacts of ``contacts`` only (their lookups are the same).
    Sends, drafts, accounts and research are read only where ``_about`` them, and the sends' drafts."""
    about = sorted(contacts)
    ledger = for_contacts(read_table(con, "send_ledger", f"where {_about('contact_email')}", [about]),
                          "contact_email", contacts)
    condition, params = _drafts_about(con, about)
    drafts = read_table(con, "message_drafts", f"where {condition}", params)
    logged = _logged(con)
    answered = _logged_before(con, ("claim", "snooze", "handle")) - _read_again_since(con)
    sent = ledger.filter(pl.col("status") == "sent") if ledger.height else ledger
    # The bodies of the messages these contacts were sent: the ledger names their drafts.
    bodies = drafts.clear()
    if ledger.height and drafts.height:
        bodies = drafts.filter(pl.col("draft_id").is_in(ledger["draft_id"].implode()))
    named = for_contacts(drafts, "contact_email", contacts)
    return {
        "enriched": by_contact(for_contacts(read_table(con, "enriched_accounts",
                                                       f"where status = 'ready' and {_about('email')}", [about]),
                                            "email", contacts)),
        "angles": by_contact(for_contacts(read_table(con, "research_angles", f"where {_about('contact_email')} "
                                                     "order by play, company_domain, contact_email", [about]),
                                          "contact_email", contacts)),
        "outbound": outbound_messages(ledger, bodies, _sent_texts(con, ledger)),
        "draft_names": {r["contact_email"].lower(): r["contact_name"] for r in named.iter_rows(named=True)}
        if named.height else {},
        "domains": {(r["play"], r["contact_email"].lower()): r["company_domain"] for r in sent.iter_rows(named=True)},
        "signal_types": {(r["play"], r["contact_email"].lower()): r["signal_type"] for r in sent.iter_rows(named=True)},
        "plays": book.plays,
        "logged": logged,
        "answered": answered,
        "handled_replies": _logged_before(con, ("handle",)),
        "answer_rules": rules,
        "handled": {e for e, events in events_by_escalation(con, columns=FOLD_COLUMNS).items()
                    if esc.fold(events, None, now).status == "handled"},
    }


def _reach(con: duckdb.DuckDBPyConnection, existing: pl.DataFrame,
           parts: set[str]) -> tuple[pl.DataFrame, scope_marks.Scope | None]:
    """The replies of the conversations the changed ``parts`` reach, and their scope (``escalation_scope``),
    read in two steps: the replies about a changed address name the conversations reached, then every
    reply of those is read (each holds the address its conversation's key is made of). Every reply, and
    None, when only a whole build can follow the change."""
    if scope_marks.WILD in parts:
        return _classified(con), None
    changed = {p[len(scope_marks.ADDRESS):] for p in parts if p.startswith(scope_marks.ADDRESS)}
    near = _classified(con, changed)
    first = scope_marks.scope(near, existing, parts)
    if first is None:
        return _classified(con), None
    classified = _classified(con, changed | first.addresses | scope_marks.key_addresses(near, existing, first.keys))
    return classified, scope_marks.scope(classified, existing, parts)


def _classified(con: duckdb.DuckDBPyConnection, about: set[str] | None = None) -> pl.DataFrame:
    """The classified replies, each with when it was read from the mailbox (``fetched_at``): a reply
    whose Date could not be read takes its place in the thread by that. The replies that could not
    be triaged come with them, each left for a person to read (``reply_quarantine``). Only those whose
    sender or contact may be one of ``about`` (a superset, ``_keyed``), when given."""
    columns = columns_of(con, "reply_classifications") if table_exists(con, "reply_classifications") else []
    if about is not None and {"contact_email", "from_addr"} <= set(columns):
        where, params = f"where {_keyed('c.contact_email')} or {_keyed('c.from_addr')}", [sorted(about)] * 2
    else:
        where, params, about = "", [], None
    if columns:
        joined = table_exists(con, "raw_replies")
        classified = frame_of(con, f"select c.*{', r.fetched_at' if joined else ''} from reply_classifications c "
                                   f"{'left join raw_replies r using (message_id)' if joined else ''} {where}", params)
    else:
        classified = read_table(con, "reply_classifications")
    untriaged = as_conversations(con)
    if about is not None and untriaged.height:
        untriaged = untriaged.filter(_keyed_frame("contact_email", about) | _keyed_frame("from_addr", about))
    if not untriaged.height:
        return classified
    return pl.concat([classified, untriaged], how="diagonal_relaxed") if classified.height else untriaged


@dg.asset(group_name="replies", kinds={"duckdb", "csv"},
          deps=["reply_classifications", "message_drafts", "enriched_accounts", "research_angles", "send_ledger",
                "suppression_events", "raw_replies"],
          metadata={"sdr/reads_later_events": "escalation_events", **defined_columns(ESCALATION_SCHEMA)})
def escalations(config: LayerConfig, warehouse: Warehouse, model: ModelClient, paths: PipelinePaths,
                policy: SendPolicy, escalation_policy: EscalationPolicy) -> dg.MaterializeResult:
    """Conversations for a person, one per thread: interest, questions, objections, referrals, unsure labels
    and messages triage left for review or could not triage, with the contact, the whole thread, a
    suggested answer and the owner it is routed to.

    The rows are built again only when something they are built from changed; the queue and its CSV,
    whose waiting times move with the clock, are published on every run (the CSV file rewritten only
    when its bytes changed).
    """
    now = policy.now()
    book = load_plays(paths.plays)
    settings = _settings(book, model, escalation_policy)
    with warehouse.connect() as con:
        ensure_tables(con)
        # The marks of what the rows are read from, taken before the read: a change another process writes
        # while the rows are built is not recorded as built.
        marks = scope_marks.read_marks(con)
        parts, whole = _changed(con, marks), config.full_refresh or _whole(con, settings)
        if not whole and not parts:
            total = one(con, "select count(*) from escalations")[0]
            queue = with_suppressions(load_queue(con, now, escalation_policy, columns=PUBLISHED_COLUMNS), con,
                                      paths.data_dir)
            return _published(queue, paths, {"dagster/row_count": total, "new_replies_logged": 0,
                                             "conversations_built": 0,
                                             "rebuilt": "no: replies, sends, drafts, research, plays, model "
                                                        "and verifier unchanged"})
        existing = read_table(con, "escalations")
        if existing.height and "thread_key" not in existing.columns:
            # The per-message layout of earlier versions held nothing a person wrote: rebuild it.
            existing, whole = pl.DataFrame(schema=ESCALATION_SCHEMA), True
        classified, reach = (_classified(con), None) if whole else _reach(con, existing, parts)
        kept = existing.clear()
        if reach is not None and classified.height:
            classified = classified.filter(pl.Series([k in reach.keys for k in scope_marks.thread_keys(classified)],
                                                     dtype=pl.Boolean))
        if reach is not None:
            inside = pl.col("thread_key").is_in(sorted(reach.keys))
            existing, kept = existing.filter(inside), existing.filter(~inside)
        context = _context(con, book, reply_contacts(classified), answer_rules(model), now)
        context["zone"] = escalation_policy.zone()
        context["other_ids"] = set(kept["escalation_id"]) if kept.height else set()
    # The model's response cache opens its own connections: none is held while it answers.
    cache = ResponseCache(warehouse.connect)
    answered: list[bool] = []

    def answer(conversations: list[dict]) -> list[tuple[str, bool]]:
        texts = suggested_answers(model, conversations, cache)
        answered.extend(final for _, final in texts)
        return texts

    rows, events = build_rows(classified, existing, context, answer, now)
    waiting = answered.count(False)
    calls = {"model_calls": dg.MetadataValue.json(model.stats())} if answered else {}
    with warehouse.connect() as con:
        frame = pl.DataFrame(rows, schema=ESCALATION_SCHEMA).sort("escalation_id")
        # One transaction: no interrupt leaves the conversations written without their replies logged or
        # their marks.
        with transaction(con):
            if reach is None:
                rewrite_rows(con, "escalations", frame)
            else:
                rewrite_rows(con, "escalations", frame, "list_contains(?, thread_key)", [sorted(reach.keys)])
            logged = _log_replies(con, events, now)
            acted = _record_marks(con, marks, reach, set(frame["escalation_id"]), logged)
            # Answers the model did not write (its budget spent, its call failed) are asked by a whole build
            # next run.
            record_mark(con, "escalations", "" if waiting else f"{settings}|{_table_mark(con)}", now)
        queue = with_suppressions(load_queue(con, now, escalation_policy, columns=PUBLISHED_COLUMNS), con,
                                  paths.data_dir)
    again = [why for why, due in (("the model did not write some answers (its budget or its calls)", waiting),
                                  ("a person acted while the rows were built", acted)) if due]
    return _published(queue, paths, {**table_metadata(frame.drop("thread", "reply_text", "suggested_response")),
                                     "dagster/row_count": frame.height + kept.height,
                                     "conversations_built": frame.height,
                                     "new_replies_logged": len(logged), "answers_written": answered.count(True),
                                     "answers_asked_again_next_run": waiting, **calls,
                                     "rebuilt": f"yes, and again next run: {'; '.join(again)}" if again else "yes"})


def _settings(book: PlayBook, model: ModelClient, policy: EscalationPolicy) -> str:
    """A digest of what every conversation is built under: the plays, the model and the rules its answers
    are written and checked by, the team's time zone and the rows' columns (a warehouse of an earlier
    layout gets its rows built again). A change to any builds them all again."""
    return digest([sorted((p.name, p.version_hash, p.owner, repr(p.routing), p.description)
                          for p in book.plays.values()),
                   type(model).__name__, sorted(model.identity().items()), model.booking_url, model.verifier_mode,
                   verifier_digest(), answer_digest(), str(policy.zone()), list(ESCALATION_SCHEMA)])


def _whole(con: duckdb.DuckDBPyConnection, settings: str) -> bool:
    """Whether every conversation is to be built again: the settings changed, or the stored rows did since
    the last build wrote them, or it left answers the model did not write."""
    return recorded_mark(con, "escalations") != f"{settings}|{_table_mark(con)}"


def _changed(con: duckdb.DuckDBPyConnection, marks: dict[str, str]) -> set[str]:
    """The addresses and escalations (``escalation_scope``) whose rows or events changed since the last build."""
    return scope_marks.changed(marks, scope_marks.recorded(con))


def _table_mark(con: duckdb.DuckDBPyConnection) -> str:
    """The mark of the stored rows: one changed by anything but a build has them all built again."""
    return table_mark(con, "escalations", ["escalations"])


def _record_marks(con: duckdb.DuckDBPyConnection, marks: dict[str, str], reach: scope_marks.Scope | None,
                  built: set[str], logged: list[int]) -> bool:
    """Record, inside the transaction that wrote the rows, the marks of what the conversations built
    (``reach``; all of them when None) were built from: ``marks``, as read before the build. The events
    of an escalation built take the reply events the build appended (``logged``); one whose events
    changed otherwise meanwhile (a person claimed it) keeps no mark, so the next run builds it again.
    Returns whether one did."""
    inside = set(marks) if reach is None else reach.parts()
    inside |= {scope_marks.EVENTS + e for e in built}
    with_ours, without = scope_marks.event_marks(con), scope_marks.event_marks(con, leaving_out=logged)
    recorded, acted = {}, False
    for part in inside:
        if not part.startswith(scope_marks.EVENTS):
            mark = marks.get(part)
        elif without.get(part) == marks.get(part):
            mark = with_ours.get(part)
        else:
            mark, acted = None, True
        if mark is not None:
            recorded[part] = mark
    scope_marks.record(con, recorded, None if reach is None else inside - recorded.keys())
    return acted


def _sent_texts(con: duckdb.DuckDBPyConnection, ledger: pl.DataFrame) -> dict[tuple[str, str], str]:
    """The kept text of each message of ``ledger`` whose draft was rewritten or removed since it went out."""
    if "content_digest" not in ledger.columns or "draft_id" not in ledger.columns:
        return {}
    return sent_texts(con, ledger["draft_id"].drop_nulls().unique().sort().to_list())


def _drafts_about(con: duckdb.DuckDBPyConnection, addresses: list[str]) -> tuple[str, list]:
    """The condition on the drafts ``_about`` the addresses and those their sends name, with its parameters."""
    drafts, params = _about("contact_email"), [addresses]
    if table_exists(con, "send_ledger"):
        drafts += f" or draft_id in (select draft_id from send_ledger where {_about('contact_email')})"
        params.append(addresses)
    return drafts, params


def _about(column: str) -> str:
    """The rows whose ``column`` is one of the addresses (the parameter), or missing, or not ASCII:
    a superset of the rows ``for_contacts`` keeps (on ASCII alone is DuckDB's lower case Python's)."""
    return (f"({column} is null or {scope_marks.NOT_ASCII.format(column)} "
            f"or lower({column}) in (select unnest(?::varchar[])))")


def _keyed(column: str) -> str:
    """The rows ``_about`` the addresses, and those whose address has a space or a control character
    (``esc.thread_key`` strips them): a superset of the replies a conversation's key or scope reaches."""
    return f"({_about(column)} or regexp_matches({column}, '[\\x00-\\x20]'))"


def _keyed_frame(column: str, about: set[str]) -> pl.Expr:
    """``_keyed`` on a frame."""
    value = pl.col(column).cast(pl.String)
    return (value.is_null() | value.str.contains(r"[^\x00-\x7f]|[\x00-\x20]")
            | value.str.to_lowercase().is_in(sorted(about)))


def _published(queue: list[dict], paths: PipelinePaths, metadata: dict) -> dg.MaterializeResult:
    """The queue as it stands now, written as CSV for a person, with the run's metadata."""
    paths.exports.mkdir(parents=True, exist_ok=True)
    csv_path = paths.exports / "escalations.csv"
    write_csv(csv_path, CSV_COLUMNS, queue)
    by_status = {s: sum(r["status"] == s for r in queue) for s in esc.STATUSES}
    return dg.MaterializeResult(metadata={
        **metadata, "csv_export": dg.MetadataValue.path(str(csv_path)), "by_status": dg.MetadataValue.json(by_status),
        "may_ask_to_stop": sum(bool(r.get("may_ask_to_stop")) and r["status"] != "handled" for r in queue),
        "suppressed_since": to_close(queue),
        "oldest_waiting": dg.MetadataValue.json(json.loads(json.dumps(oldest_waiting(queue) or {}, default=str)))})


escalation_events_spec = dg.AssetSpec(
    "escalation_events", deps=[escalations], group_name="replies", kinds={"duckdb"},
    description="Append-only log of who claimed, noted, snoozed or handled an escalation, and when; "
                "later replies on a thread are logged here too (`sdr inbox`, the work_escalation job).",
)
meetings_spec = dg.AssetSpec(
    "meetings", deps=[escalation_events_spec], group_name="analytics", kinds={"duckdb"},
    description="Meetings booked: escalations handled with outcome 'meeting' and bookings imported from a "
                "scheduling tool (`sdr meetings import`).",
)


# What the service-level check last reported, as a digest: an unchanged re-run that would report the same
# need not launch it (``escalations_unchanged``).
SLA_MARK = "escalations/sla"


def escalations_unchanged(con: duckdb.DuckDBPyConnection, book: PlayBook, model: ModelClient, paths: PipelinePaths,
                          escalation_policy: EscalationPolicy, now: datetime) -> bool:
    """Whether ``escalations`` and its service-level check would change nothing at ``now``: the rows'
    inputs as they were built from, the queue's CSV already holding the queue as it stands now (its
    waiting times included), and the check's report as it last made it. The clock moves both the CSV
    and the check while a conversation waits in business hours: then they are due."""
    if not all(table_exists(con, t) for t in QUEUE_TABLES):
        return False
    if _whole(con, _settings(book, model, escalation_policy)) or _changed(con, scope_marks.read_marks(con)):
        return False
    queue = with_suppressions(load_queue(con, now, escalation_policy, columns=PUBLISHED_COLUMNS), con, paths.data_dir)
    return (csv_holds(paths.exports / "escalations.csv", CSV_COLUMNS, queue)
            and unchanged(con, SLA_MARK, _sla_mark(sla_result(queue, escalation_policy)), now, "escalations"))


def _sla_mark(result: dg.AssetCheckResult) -> str:
    return digest([result.passed, sorted((key, repr(value)) for key, value in result.metadata.items())])


@dg.asset_check(asset=escalations, metadata={"sdr/reads_later_events": "escalation_events"},
                description="Interested and question replies get a person within the service level.")
def escalation_sla(warehouse: Warehouse, policy: SendPolicy, escalation_policy: EscalationPolicy,
                   paths: PipelinePaths) -> dg.AssetCheckResult:
    """Warn when an interested or question reply has waited unclaimed longer than the service level; a
    contact who may no longer be mailed is not late but counted apart, to close."""
    now = policy.now()
    with warehouse.connect() as con:
        queue = with_suppressions(load_queue(con, now, escalation_policy, columns=SLA_COLUMNS), con, paths.data_dir)
        result = sla_result(queue, escalation_policy)
        record_mark(con, SLA_MARK, _sla_mark(result), now)
    return result


def sla_result(queue: list[dict], escalation_policy: EscalationPolicy) -> dg.AssetCheckResult:
    """The check's report on ``queue``, the escalations as they stand now."""
    late = [r for r in queue if r["over_sla"]]
    oldest = oldest_waiting(queue)
    return dg.AssetCheckResult(
        passed=not late,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "sla_business_hours": escalation_policy.sla_hours,
            "over_sla": len(late),
            "waiting_unclaimed": sum(r["waiting_business_hours"] is not None and not r["suppressed"] for r in queue),
            "to_close": to_close(queue),
            "oldest_waiting": dg.MetadataValue.json(json.loads(json.dumps(oldest, default=str)) if oldest else {}),
            "late": dg.MetadataValue.md("\n".join(
                f"- `{r['escalation_id']}` {r['label']} from {r['contact_name'] or r['contact_email']} "
                f"({r['company_name'] or '?'}), {r['waiting_business_hours']:.1f} business hours, owner "
                f"{r['owner'] or 'nobody'}" for r in late[:20]) or "_none_"),
            "what_to_do": "`sdr inbox` lists them; `sdr claim ID --by NAME` takes one (or the work_escalation job). "
                          "Those to close may no longer be mailed: `sdr inbox` names them under the table.",
        },
    )
