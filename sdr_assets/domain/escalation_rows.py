"""Escalation rows from classified replies: one conversation per thread, with its contact and its thread."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

import polars as pl

from sdr_assets.domain import escalations as esc
from sdr_assets.domain.addresses import person_mailbox, untagged
from sdr_assets.domain.routing import route

# Contact and account facts that may be missing on a later run (a signal aged out): keep the old value.
STICKY = ("first_name", "last_name", "contact_name", "title", "company_name", "company_domain", "industry",
          "country", "signal_id", "signal_type", "why_now")


def by_contact(frame: pl.DataFrame) -> dict[tuple[str, str], dict]:
    if frame.is_empty():
        return {}
    return {(r["play"], (r.get("email") or r.get("contact_email") or "").lower()): r
            for r in frame.iter_rows(named=True)}


def for_contacts(frame: pl.DataFrame, column: str, contacts: set[str]) -> pl.DataFrame:
    """The rows whose ``column``, lower-cased, is one of ``contacts``, and every row whose value is missing
    or not ASCII (on ASCII alone is polars' lower case Python's): a superset of the rows a lookup by
    contact can reach, so the lookups built from it give what the whole frame gives."""
    if frame.is_empty() or column not in frame.columns:
        return frame
    value = pl.col(column)
    return frame.filter(value.is_null() | value.str.contains(r"[^\x00-\x7f]")
                        | value.str.to_lowercase().is_in(sorted(contacts)))


def conversational(classified: pl.DataFrame) -> list[dict]:
    """The messages conversations are made of (``esc.in_conversation``), in the frame's order."""
    if classified.is_empty():
        return []
    candidates = classified.filter(pl.col("kind").is_in(["human", esc.UNPLACED_KIND, "bounce"]))
    return [r for r in candidates.iter_rows(named=True)
            if esc.in_conversation(r["kind"], r.get("needs_review"), r.get("reason"))]


def reply_contacts(classified: pl.DataFrame) -> set[str]:
    """Every address a conversation of these replies can be looked up by: its contact's or its sender's."""
    return {(r[column] or "").lower() for r in conversational(classified) for column in ("contact_email", "from_addr")}


def outbound_messages(ledger: pl.DataFrame, drafts: pl.DataFrame,
                      kept: dict[tuple[str, str], str] | None = None) -> dict[tuple[str, str], list[dict]]:
    """Each contact's messages sent, by play and address, oldest first. A message's text is the one kept
    as it went out (``kept``, by its draft and the ledger's ``content_digest``) where its draft changed
    since, else its draft's."""
    bodies = {r["draft_id"]: r["body"] for r in drafts.iter_rows(named=True)} if drafts.height else {}
    kept = kept or {}
    sent: dict[tuple[str, str], list[dict]] = {}
    if ledger.is_empty():
        return sent
    for r in ledger.filter(pl.col("status") == "sent").sort("sent_at").iter_rows(named=True):
        sent.setdefault((r["play"], r["contact_email"].lower()), []).append({
            "direction": "out", "at": r["sent_at"].isoformat(), "from": r["mailbox"], "subject": r["subject"],
            "text": kept.get((r["draft_id"], r.get("content_digest")), bodies.get(r["draft_id"], "")),
            "step": r["step"],
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


def _writer_names(message: dict, contact: str, contact_names: tuple[str, str], context: dict) -> tuple[str, str]:
    """Who wrote ``message``: the contact, or someone else on her thread (a colleague), named as we
    know them or as their address reads. A sender of mail triage could not place (a provider's
    report) is named by address alone."""
    sender = (message["from_addr"] or "").lower()
    mailbox = person_mailbox(sender)
    if not sender or sender == contact or (mailbox and mailbox == person_mailbox(contact)):  # any case or tag
        return contact_names
    if message["kind"] != "human":
        return "", ""
    # Named by the address without its tag (bo+eu@acme.example is Bo), dots kept: at Gmail they are no
    # part of the mailbox, but they still part her names.
    return _names(context["enriched"].get((message["play"], sender)), untagged(sender),
                  context["draft_names"].get(sender, ""))


def _last_person(replies: list[dict]) -> dict:
    """The reply an answer greets the writer of: the latest a person wrote, a report after it aside."""
    return next((r for r in reversed(replies) if r["kind"] == "human"), replies[-1])


def _queued(message: dict) -> dict:
    """A message as its conversation shows it: one triage could not place is labelled for review (``queue_label``),
    and says why when it has no text of its own (a provider's report)."""
    text = message["visible_text"]
    if message["kind"] == esc.UNPLACED_KIND and not (text or "").strip():
        text = f"[{message.get('reason') or 'triage could not place this message'}]"
    label = esc.queue_label(message["kind"], message["label"], message.get("reason"))
    return {**message, "label": label, "visible_text": text}


def _arrived(reply: dict) -> str:
    """When a reply arrived, for its place in the thread: its Date, else when it was read."""
    at = reply["received_at"] or reply.get("fetched_at")
    return at.isoformat() if at else ""


def _received(reply: dict, escalated_at: datetime) -> datetime:
    """When we received a reply, from which its month runs: its Date (never later than when it was read from
    the mailbox, ``received_by``), else when it was read, else when it was escalated; a late read delays nothing."""
    return esc.as_utc(reply["received_at"] or reply.get("fetched_at") or escalated_at)


LABEL_FIELDS = ("label", "sub_reason", "confidence", "needs_review")


def _writer(reply: dict) -> str:
    return _mailbox(reply["from_addr"])


def _mailbox(address: str | None) -> str:
    """Whose mailbox ``address`` is, in any case or with any ``+tag``."""
    return person_mailbox(address) or (address or "").strip().lower()


def _standing(replies: list[dict]) -> list[dict]:
    """``replies`` less what their writers took back: a later decline or request to stop withdraws
    what the same person wrote before it ("scratch that, not interested"); a colleague's withdraws
    nothing of hers."""
    withdrawn = {_writer(r): i for i, r in enumerate(replies) if r["label"] in esc.WITHDRAWING_LABELS}
    return [r for i, r in enumerate(replies) if i >= withdrawn.get(_writer(r), -1)]


def _labelled_by(replies: list[dict], unanswered: list[dict], before: dict) -> dict:
    """The label fields of the conversation: those of its most urgent reply nobody has answered yet
    (the latest among equals), so a nudge cannot demote an interested reply, though its writer's
    later decline does (:func:`_standing`). With every reply answered, the label stays as it was
    when they were not.

    A message triage could not place (a report of an unknown type about our mail) labels a
    conversation only when it holds nothing else: it never turns a prospect's reply into one left
    for review."""
    placed = [r for r in replies if r["label"] != esc.REVIEW_LABEL]
    if placed:
        unanswered = [r for r in unanswered if r["label"] != esc.REVIEW_LABEL]
    if not unanswered and before.get("label") and (before["label"] != esc.REVIEW_LABEL or not placed):
        return {f: before.get(f) for f in LABEL_FIELDS}
    deciding = min(reversed(_standing(unanswered or placed or replies)), key=lambda r: esc.priority(r["label"]))
    return {f: deciding[f] for f in LABEL_FIELDS}


def _may_ask_to_stop(replies: list[dict], unanswered: list[dict], before: dict) -> bool:
    """Whether a reply nobody has answered yet may ask us to stop in words the opt-out rule did not take
    for a request, or asks it in words the rule left to a person (a colleague's "please unsubscribe
    her"), whatever the conversation's label; with every reply answered, as it was. An opt-out the rule
    took (a hostile one too) needs nobody to record it."""
    if not unanswered and "may_ask_to_stop" in before:
        return bool(before["may_ask_to_stop"])
    return any(_asks_a_person(r) for r in unanswered or replies)


def _asks_a_person(reply: dict) -> bool:
    reason = reply.get("reason")
    if (reply["label"] == "unsubscribe" and _asks_for_data(reply)
            and (reason not in esc.OPTING_OUT_REASONS or reason == esc.HOSTILE)):
        return False  # the opt-out is recorded: the person answers the data request, not the opt-out
    if reply["label"] == "unsubscribe" and reason == esc.ASKS_BESIDES:
        return False  # recorded: the person answers what else it asks, not the opt-out
    if reply["label"] == "unsubscribe":
        return bool(reply.get("needs_review")) or (reason in esc.OPTING_OUT_REASONS and reason != esc.HOSTILE)
    return reason in esc.OPTING_OUT_REASONS


def _asks_for_data(reply: dict) -> bool:
    """A data-protection request (``esc.DATA_REQUEST``, or triage's mark beside an objection's sub-reason and
    a hostile reply's reason): a person answers it, never the model."""
    return bool(reply.get("data_request")) or esc.DATA_REQUEST in (reply.get("sub_reason"), reply.get("reason"))


def _placed_since(old: dict[str, dict], threads: dict[str, list[dict]]) -> dict[str, dict]:
    """``old``, with each conversation of no play whose replies were all matched to a send since (the
    ledger lacked it when they were read) under the key of the play's conversation that holds them
    now: the same escalation, its id, owner and history, routed by its play from now on."""
    holder = {r["message_id"]: key for key, replies in threads.items() for r in replies}
    moved = dict(old)
    for key, row in old.items():
        target = holder.get(row["message_id"])
        if row["play"] is None and key not in threads and target and target not in moved:
            moved[target] = {**moved.pop(key), "thread_key": target}
    return moved


def _logged_ids(threads: dict[str, list[dict]], old: dict[str, dict], logged: set[tuple[str, str]],
                taken: set[str]) -> dict[str, str]:
    """The id each conversation without a row had, read from its replies' logged events (a rebuilt
    warehouse restores them): ids collide in their first characters, and the first to arrive kept the
    short one, so assigning them again in key order could swap two conversations' ids and their history."""
    by_message: dict[str, list[str]] = {}
    for escalation_id, message_id in sorted(logged):
        by_message.setdefault(message_id, []).append(escalation_id)
    found: dict[str, str] = {}
    used = set(taken)
    for key, replies in threads.items():
        if key in old:
            continue
        ids = (e for r in replies for e in by_message.get(r["message_id"], []) if e not in used)
        if (escalation_id := next(ids, None)) is not None:
            found[key] = escalation_id
            used.add(escalation_id)
    return found


Answer = Callable[[list[dict]], list[tuple[str, bool]]]


def written_under(rules: str, facts: str | None) -> str:
    """What an answer is written under, as its row's ``answer_rules`` keeps it: the rules, and the digest
    of the research facts it may cite (none: the rules alone)."""
    if not facts or facts == "[]":
        return rules
    return f"{rules}|facts:{hashlib.sha256(facts.encode()).hexdigest()[:16]}"


def build_rows(classified: pl.DataFrame, existing: pl.DataFrame, context: dict, answer: Answer,
               now: datetime) -> tuple[list[dict], list[dict]]:
    """Escalation rows after this run, and the reply events to append (for replies not yet logged).

    ``answer`` suggests a response to each of the conversations it is given, all at once, and says
    whether each is final; it is asked about a conversation that changed, and about one not handled
    whose answer other rules or other research facts wrote (``context["answer_rules"]``, the digest of the
    rules now, with the facts' digest (:func:`written_under`), against each row's ``answer_rules``;
    ``context["handled"]``, the escalations a person handled). A handled
    conversation keeps the answer it was handled with, unless a reply this run logs opens it again: it
    is built as the events will have it, open. An answer that is not final is stamped with
    no rules, so the next run asks again. ``context["answered"]`` holds the (escalation, message)
    pairs logged before a person's last claim, snooze or hand-off of that escalation, and
    ``context["handled_replies"]`` those logged before its last hand-off. ``context["zone"]`` is the
    team's time zone, whose days a data request's due date counts (UTC unless given).
    ``context["other_ids"]`` holds the ids of stored conversations not in ``existing`` (a build of some
    conversations alone): a new conversation takes none of them.
    """
    rules: str = context.get("answer_rules", "")
    handled: set[str] = context.get("handled", set())
    before_handled: set[tuple[str, str]] = context.get("handled_replies", set())
    zone: tzinfo = context.get("zone", UTC)
    asks: dict[str, dict] = {}
    old = {r["thread_key"]: r for r in existing.iter_rows(named=True)} if existing.height else {}
    logged: set[tuple[str, str]] = context["logged"]
    answered: set[tuple[str, str]] = context["answered"]
    threads: dict[str, list[dict]] = {}
    # In the order they arrived: by their Date, or by when they were read where it could not be read.
    arrival = (pl.coalesce("received_at", "fetched_at") if "fetched_at" in classified.columns
               else pl.col("received_at"))
    ordered = classified.sort(arrival, "message_id", nulls_last=True) if classified.height else classified
    for r in conversational(ordered):
        threads.setdefault(esc.thread_key(r["play"], r["contact_email"], r["from_addr"]), []).append(_queued(r))
    old = _placed_since(old, threads)
    taken = {r["escalation_id"] for r in old.values()} | context.get("other_ids", set())
    restored = _logged_ids(threads, old, logged, taken)
    taken |= set(restored.values())
    rows = dict(old)
    events = []
    for key, replies in sorted(threads.items()):
        if key not in old and not any(esc.escalates(r["kind"], r["label"], r["needs_review"], r.get("reason"))
                                      for r in replies):
            continue
        before = old.get(key, {})
        escalation_id = before.get("escalation_id") or restored.get(key) or esc.short_id(key, taken)
        taken.add(escalation_id)
        # What the row shows and a person answers: the latest reply, or of a prospect's conversation
        # the latest she wrote (a report nobody could place joins the thread, never answers it).
        latest = next((r for r in reversed(replies) if r["label"] != esc.REVIEW_LABEL), replies[-1])
        unanswered = [r for r in replies if (escalation_id, r["message_id"]) not in answered]
        # A reply logged now follows the hand-off in the log, and opens the conversation again.
        is_handled = escalation_id in handled and all((escalation_id, r["message_id"]) in logged for r in replies)
        labelled = _labelled_by(replies, unanswered, before)
        play_name, contact = latest["play"], (latest["contact_email"] or latest["from_addr"] or "").lower()
        enriched = context["enriched"].get((play_name, contact))
        angle = context["angles"].get((play_name, contact)) or {}
        sent = context["outbound"].get((play_name, contact), [])
        first, last = _names(enriched, contact, context["draft_names"].get(contact, ""))
        # The addresses she pointed to, first pointed first (her signature's come after), and none of our
        # mailboxes, which an attribution line a quote left behind names ("Op ... schreef Alex <alex@...>:").
        ours = {_mailbox(m["from"]) for m in sent}
        referrals = list(dict.fromkeys(a for r in replies for a in json.loads(r["referrals"] or "[]")
                                       if _mailbox(a) not in ours))
        thread = sorted(sent + [{"direction": "in", "at": _arrived(r),
                                 "from": r["from_addr"],
                                 "name": " ".join(filter(None, _writer_names(r, contact, (first, last), context))),
                                 "subject": r["subject"], "text": r["visible_text"],
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
            **labelled, "priority": esc.priority(labelled["label"]),
            "may_ask_to_stop": _may_ask_to_stop(replies, unanswered, before),
            "message_id": latest["message_id"], "reply_count": len(replies), "reply_text": latest["visible_text"],
            "thread": json.dumps(thread, ensure_ascii=False), "proposed_contacts": ", ".join(referrals),
            "first_reply_at": replies[0]["received_at"], "received_at": latest["received_at"],
            "escalated_at": before.get("escalated_at") or now, "simulated": bool(latest["simulated"]),
        }
        for column in STICKY:
            if row[column] in (None, "") and before.get(column):
                row[column] = before[column]
        company.update(industry=row["industry"], country=row["country"])
        # Routed by the account's facts while they are known; once its research aged out, where it was.
        known = play is not None and (enriched is not None or not before.get("routed_to"))
        row["routed_to"] = route(play.owner, play.routing, company) if known else before.get("routed_to")
        # A message triage could not place is read before anyone answers it, and one that may ask us to
        # stop is decided before anyone writes to its sender again: no answer is suggested for either.
        # Nor for a conversation its opt-out decides, or whose latest writer opted out (the rule took
        # it, hostile or not): a withdrawal gets no sales answer.
        withdrawn = "unsubscribe" in (row["label"], latest["label"])
        # Nor for an auto-reply saying she left: nobody reads her mailbox; the successor it names is proposed.
        departed = latest.get("reason") == esc.DEPARTED
        # Nor for a data-protection request nobody has answered: the row says it is one, whatever decides its label,
        # until a person handles the escalation (a claim or a snooze and a later reply do not answer it).
        # A request a person handled was answered: a conversation it opens again asks only what came since.
        since = [r for r in replies if (escalation_id, r["message_id"]) not in before_handled]
        pending = (unanswered or replies) if is_handled else since
        requests = [r for r in pending if _asks_for_data(r)]
        asks_for_data = bool(requests)
        if asks_for_data:
            row["sub_reason"] = esc.DATA_REQUEST
        # The month the law gives runs from the first request nobody has answered yet, from when we received
        # it (not the Date its sender wrote), a day of the team's time zone.
        row["data_request_due"] = (esc.answer_due(min(_received(r, row["escalated_at"]) for r in requests), zone)
                                   if requests else None)
        answerable = (row["label"] != esc.REVIEW_LABEL and not row["may_ask_to_stop"] and not withdrawn
                      and not asks_for_data and not departed)
        changed = (before.get("message_id") != row["message_id"] or before.get("label") != row["label"]
                   or (answerable and not before.get("suggested_response")))
        # Answered under other rules (an earlier version's, or none yet) or other facts of the account's
        # research (a round retracted since): written again unless handled.
        under = written_under(rules, angle.get("facts"))
        stale = answerable and before.get("answer_rules") != under and not is_handled
        if not answerable:
            row["suggested_response"], row["answer_rules"] = "", under
        elif changed or stale:
            # What the answer answers: every reply nobody answered that its writer did not take back, not
            # the latest alone ("Thursday at 10?", then "Also, does it work with HubSpot?").
            answering = [r for r in _standing(unanswered or replies) if r["label"] != esc.REVIEW_LABEL] or [latest]
            asks[key] = {
                **row, "reply_text": "\n\n".join(r["visible_text"] or "" for r in answering),
                "first_name": _writer_names(_last_person(replies), contact, (first, last), context)[0],
                "referrals": referrals, "thread": thread, "facts": angle.get("facts") or "[]",
                "play_description": play.description if play else "",
            }
        else:
            row["suggested_response"], row["answer_rules"] = before["suggested_response"], before.get("answer_rules")
        row["updated_at"] = now if changed or key in asks else before.get("updated_at") or now
        rows[key] = row
        events += [{"escalation_id": escalation_id, "at": r["received_at"] or now, "message_id": r["message_id"]}
                   for r in replies if (escalation_id, r["message_id"]) not in logged]
    for key, (text, final) in zip(asks, answer(list(asks.values())) if asks else [], strict=True):
        under = written_under(rules, asks[key]["facts"]) if final else ""
        rows[key].update(suggested_response=text, answer_rules=under)
    return list(rows.values()), events
