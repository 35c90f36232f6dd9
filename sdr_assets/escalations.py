"""Escalations: conversations a person owns, kept across runs and never overwritten by one.

A run adds new conversations, folds later replies into the ones it has (a reply event in the log
opens a handled or snoozed one again) and refreshes what it knows about the contact. It never
deletes a row and never writes a person's claim, note, snooze or outcome: those live in
``escalation_events`` and the queue state is derived from them (``sdr_assets.inbox``).
"""

from __future__ import annotations

import json
from datetime import datetime

import dagster as dg
import polars as pl

from resources.model import ModelClient
from resources.model_stage import ResponseCache
from resources.settings import EscalationPolicy, PipelinePaths, SendPolicy
from resources.warehouse import Warehouse, read_table, replace_rows
from sdr_assets.domain import escalations as esc
from sdr_assets.domain.facts import facts_from_json
from sdr_assets.playbook import load_plays
from sdr_assets.domain.routing import route
from sdr_assets.inbox import ensure_tables, load_queue, oldest_waiting
from sdr_assets.metadata import table_metadata

ESCALATION_SCHEMA = {
    "escalation_id": pl.String, "thread_key": pl.String, "play": pl.String, "contact_email": pl.String,
    "from_addr": pl.String, "first_name": pl.String, "last_name": pl.String, "contact_name": pl.String,
    "title": pl.String, "company_name": pl.String, "company_domain": pl.String, "industry": pl.String,
    "country": pl.String, "signal_id": pl.String, "signal_type": pl.String, "why_now": pl.String,
    "label": pl.String, "sub_reason": pl.String, "priority": pl.Int64, "confidence": pl.Float64,
    "needs_review": pl.Boolean, "message_id": pl.String, "reply_count": pl.Int64, "reply_text": pl.String,
    "thread": pl.String, "proposed_contacts": pl.String, "suggested_response": pl.String,
    "routed_to": pl.String, "first_reply_at": pl.Datetime("us", "UTC"), "received_at": pl.Datetime("us", "UTC"),
    "escalated_at": pl.Datetime("us", "UTC"), "updated_at": pl.Datetime("us", "UTC"), "simulated": pl.Boolean,
}
# What a person reads in the CSV next to the table: the queue as it stood at the end of the run.
CSV_COLUMNS = ["escalation_id", "status", "owner", "priority", "label", "play", "contact_name", "contact_email",
               "title", "company_name", "signal_type", "received_at", "waiting_business_hours", "reply_text",
               "suggested_response"]
# Contact and account facts that may be missing on a later run (a signal aged out): keep the old value.
STICKY = ("first_name", "last_name", "contact_name", "title", "company_name", "company_domain", "industry",
          "country", "signal_id", "signal_type", "why_now")


def suggested_answer(model: ModelClient, conversation: dict, cache: ResponseCache | None = None) -> str:
    """The single call into the model for an answer, so a change to its signature changes this function only."""
    referrals = conversation["referrals"]
    thread = "\n\n".join(f"{'We wrote' if m['direction'] == 'out' else 'They wrote'} ({m['at'][:16]}): {m['text']}"
                         for m in conversation["thread"])
    return model.suggest_response(conversation["label"], conversation["sub_reason"], conversation["first_name"],
                                  referrals[0] if referrals else None, thread=thread,
                                  facts=_facts(conversation["facts"]),
                                  play_description=conversation["play_description"], cache=cache)


def _facts(text: str) -> list:
    try:
        return facts_from_json(text)
    except (TypeError, ValueError):  # facts stored by an earlier version, before they were records
        return []


def _by_contact(frame: pl.DataFrame) -> dict[tuple[str, str], dict]:
    if frame.is_empty():
        return {}
    return {(r["play"], (r.get("email") or r.get("contact_email") or "").lower()): r
            for r in frame.iter_rows(named=True)}


def _outbound(ledger: pl.DataFrame, drafts: pl.DataFrame) -> dict[tuple[str, str], list[dict]]:
    bodies = {r["draft_id"]: r["body"] for r in drafts.iter_rows(named=True)} if drafts.height else {}
    sent: dict[tuple[str, str], list[dict]] = {}
    if ledger.is_empty():
        return sent
    for r in ledger.filter(pl.col("status") == "sent").sort("sent_at").iter_rows(named=True):
        sent.setdefault((r["play"], r["contact_email"].lower()), []).append({
            "direction": "out", "at": r["sent_at"].isoformat(), "from": r["mailbox"], "subject": r["subject"],
            "text": bodies.get(r["draft_id"], ""), "step": r["step"],
        })
    return sent


def _names(enriched: dict | None, from_addr: str | None, draft_name: str) -> tuple[str, str]:
    if enriched and enriched.get("first_name"):
        return enriched["first_name"], enriched.get("last_name") or ""
    if draft_name:
        first, _, last = draft_name.partition(" ")
        return first, last
    local = (from_addr or "").split("@")[0].replace("_", ".")
    parts = [p.title() for p in local.split(".") if p]
    return (parts[0] if parts else ""), (" ".join(parts[1:]) if len(parts) > 1 else "")


def build_rows(classified: pl.DataFrame, existing: pl.DataFrame, context: dict, model: ModelClient,
               now: datetime, cache: ResponseCache | None = None) -> tuple[list[dict], list[dict]]:
    """Escalation rows after this run, and the reply events to append (for replies not yet logged)."""
    old = {r["thread_key"]: r for r in existing.iter_rows(named=True)} if existing.height else {}
    taken = {r["escalation_id"] for r in old.values()}
    logged: set[tuple[str, str]] = context["logged"]
    human = classified.filter(pl.col("kind") == "human") if classified.height else classified
    threads: dict[str, list[dict]] = {}
    for r in human.sort("received_at", "message_id", nulls_last=True).iter_rows(named=True) if human.height else []:
        threads.setdefault(esc.thread_key(r["play"], r["contact_email"], r["from_addr"]), []).append(r)
    rows = dict(old)
    events = []
    for key, replies in sorted(threads.items()):
        if key not in old and not any(esc.escalates(r["kind"], r["label"], r["needs_review"]) for r in replies):
            continue
        before = old.get(key, {})
        escalation_id = before.get("escalation_id") or esc.short_id(key, taken)
        taken.add(escalation_id)
        latest = replies[-1]
        play_name, contact = latest["play"], (latest["contact_email"] or latest["from_addr"] or "").lower()
        enriched = context["enriched"].get((play_name, contact))
        angle = context["angles"].get((play_name, contact)) or {}
        sent = context["outbound"].get((play_name, contact), [])
        first, last = _names(enriched, latest["from_addr"], context["draft_names"].get(contact, ""))
        referrals = sorted({a for r in replies for a in json.loads(r["referrals"] or "[]")})
        thread = sorted(sent + [{"direction": "in", "at": r["received_at"].isoformat() if r["received_at"] else "",
                                 "from": r["from_addr"], "subject": r["subject"], "text": r["visible_text"],
                                 "label": r["label"], "message_id": r["message_id"]} for r in replies],
                        key=lambda m: m["at"])
        play = context["plays"].get(play_name)
        company = {"industry": (enriched or {}).get("industry"), "country": (enriched or {}).get("country"),
                   "employees": (enriched or {}).get("employees")}
        row = {
            "escalation_id": escalation_id, "thread_key": key, "play": play_name, "contact_email": contact or None,
            "from_addr": latest["from_addr"], "first_name": first, "last_name": last,
            "contact_name": f"{first} {last}".strip(), "title": (enriched or {}).get("title"),
            "company_name": (enriched or {}).get("company_name"),
            "company_domain": (enriched or {}).get("company_domain") or context["domains"].get((play_name, contact)),
            "industry": company["industry"], "country": company["country"],
            "signal_id": angle.get("signal_id") or (enriched or {}).get("signal_id"),
            "signal_type": angle.get("signal_type") or context["signal_types"].get((play_name, contact)),
            "why_now": angle.get("why_now"),
            "label": latest["label"], "sub_reason": latest["sub_reason"], "priority": esc.priority(latest["label"]),
            "confidence": latest["confidence"], "needs_review": latest["needs_review"],
            "message_id": latest["message_id"], "reply_count": len(replies), "reply_text": latest["visible_text"],
            "thread": json.dumps(thread, ensure_ascii=False), "proposed_contacts": ", ".join(referrals),
            "first_reply_at": replies[0]["received_at"], "received_at": latest["received_at"],
            "escalated_at": before.get("escalated_at") or now, "simulated": bool(latest["simulated"]),
        }
        for column in STICKY:
            if row[column] in (None, "") and before.get(column):
                row[column] = before[column]
        company.update(industry=row["industry"], country=row["country"])
        row["routed_to"] = route(play.owner, play.routing, company) if play else before.get("routed_to")
        changed = before.get("message_id") != row["message_id"] or not before.get("suggested_response")
        row["suggested_response"] = suggested_answer(model, {
            **row, "referrals": referrals, "thread": thread, "facts": angle.get("facts") or "[]",
            "play_description": play.description if play else "",
        }, cache) if changed else before["suggested_response"]
        row["updated_at"] = now if changed else before.get("updated_at") or now
        rows[key] = row
        events += [{"escalation_id": escalation_id, "at": r["received_at"] or now, "message_id": r["message_id"]}
                   for r in replies if (escalation_id, r["message_id"]) not in logged]
    return list(rows.values()), events


def _context(con, paths: PipelinePaths) -> dict:
    ledger = read_table(con, "send_ledger")
    drafts = read_table(con, "message_drafts")
    logged = {(e, m) for e, m in con.execute(
        "select escalation_id, message_id from escalation_events where action = 'reply'").fetchall()}
    sent = ledger.filter(pl.col("status") == "sent") if ledger.height else ledger
    return {
        "enriched": _by_contact(read_table(con, "enriched_accounts", "where status = 'ready'")),
        "angles": _by_contact(read_table(con, "research_angles")),
        "outbound": _outbound(ledger, drafts),
        "draft_names": {r["contact_email"].lower(): r["contact_name"] for r in drafts.iter_rows(named=True)}
        if drafts.height else {},
        "domains": {(r["play"], r["contact_email"].lower()): r["company_domain"] for r in sent.iter_rows(named=True)},
        "signal_types": {(r["play"], r["contact_email"].lower()): r["signal_type"] for r in sent.iter_rows(named=True)},
        "plays": load_plays(paths.plays).plays,
        "logged": logged,
    }


@dg.asset(group_name="replies", kinds={"duckdb", "csv"},
          deps=["reply_classifications", "message_drafts", "enriched_accounts", "research_angles", "send_ledger"],
          metadata={"sdr/reads_later_events": "escalation_events"})
def escalations(warehouse: Warehouse, model: ModelClient, paths: PipelinePaths, policy: SendPolicy,
                escalation_policy: EscalationPolicy) -> dg.MaterializeResult:
    """Conversations for a person, one per thread: interest, questions, objections, referrals and unsure labels,
    with the contact, the whole thread, a suggested answer and the owner it is routed to."""
    now = policy.now()
    with warehouse.connect() as con:
        ensure_tables(con)
        existing = read_table(con, "escalations")
        if existing.height and "thread_key" not in existing.columns:
            # The per-message layout of earlier versions held nothing a person wrote: rebuild it.
            existing = pl.DataFrame(schema=ESCALATION_SCHEMA)
        classified, context = read_table(con, "reply_classifications"), _context(con, paths)
    # The model's response cache opens its own connections: none is held while it answers.
    rows, events = build_rows(classified, existing, context, model, now, ResponseCache(warehouse.connect))
    with warehouse.connect() as con:
        frame = pl.DataFrame(rows, schema=ESCALATION_SCHEMA).sort("escalation_id")
        replace_rows(con, "escalations", frame)
        for e in sorted(events, key=lambda e: (e["at"], e["message_id"])):
            con.execute("insert into escalation_events (escalation_id, action, actor, acted_at, recorded_at, message_id) "
                        "values (?, 'reply', 'pipeline', ?, ?, ?)", [e["escalation_id"], e["at"], now, e["message_id"]])
        queue = load_queue(con, now, escalation_policy)
    paths.exports.mkdir(parents=True, exist_ok=True)
    csv_path = paths.exports / "escalations.csv"
    pl.DataFrame([{c: r[c] for c in CSV_COLUMNS} for r in queue],
                 schema={c: (pl.String if c not in ("priority", "received_at", "waiting_business_hours")
                             else ESCALATION_SCHEMA.get(c, pl.Float64)) for c in CSV_COLUMNS}).write_csv(csv_path)
    by_status = {s: sum(r["status"] == s for r in queue) for s in esc.STATUSES}
    return dg.MaterializeResult(metadata=table_metadata(
        frame.drop("thread", "reply_text", "suggested_response"), csv_export=dg.MetadataValue.path(str(csv_path)),
        by_status=dg.MetadataValue.json(by_status), new_replies_logged=len(events),
        oldest_waiting=dg.MetadataValue.json(json.loads(json.dumps(oldest_waiting(queue) or {}, default=str)))))


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


@dg.asset_check(asset=escalations, metadata={"sdr/reads_later_events": "escalation_events"},
                description="Interested and question replies get a person within the service level.")
def escalation_sla(warehouse: Warehouse, policy: SendPolicy, escalation_policy: EscalationPolicy) -> dg.AssetCheckResult:
    """Warn when an interested or question reply has waited unclaimed longer than the service level."""
    now = policy.now()
    with warehouse.connect() as con:
        queue = load_queue(con, now, escalation_policy)
    late = [r for r in queue if r["over_sla"]]
    oldest = oldest_waiting(queue)
    return dg.AssetCheckResult(
        passed=not late,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "sla_business_hours": escalation_policy.sla_hours,
            "over_sla": len(late),
            "waiting_unclaimed": sum(r["waiting_business_hours"] is not None for r in queue),
            "oldest_waiting": dg.MetadataValue.json(json.loads(json.dumps(oldest, default=str)) if oldest else {}),
            "late": dg.MetadataValue.md("\n".join(
                f"- `{r['escalation_id']}` {r['label']} from {r['contact_name'] or r['contact_email']} "
                f"({r['company_name'] or '?'}), {r['waiting_business_hours']:.1f} business hours, owner "
                f"{r['owner'] or 'nobody'}" for r in late[:20]) or "_none_"),
            "what_to_do": "`sdr inbox` lists them; `sdr claim ID --by NAME` takes one (or the work_escalation job).",
        },
    )
