"""Stored replies read again when triage's rules change, for the opt-outs the rules they were read by missed.

Each classified reply keeps the digest of the triage rules that judged it (``read_by``,
``rule_digest.triage_digest``). On the first replies run after the digest moved, the stored replies
judged by another version are read again by the rules alone: the label each was given stands in for
the labeller, so a model is never asked again, and the offline opt-out rule overrides it as it
overrides a model's answer. It is one-way: a bounce, a delay, a complaint and a stored opt-out are not read,
and of the rest only a reply now read as an opt-out, or as one that may ask to stop, is written, as a fresh one
would be; an auto-reply an earlier release gave a person's reason that may ask to stop takes the auto-reply's,
and no reply rate counts it. One a person handled keeps its handling and is only counted. A run under the same
rules reads nothing again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime

import duckdb

from resources.tables import columns_of, table_exists
from sdr_assets.incremental import record_mark, unchanged
from sdr_assets.reread_records import ensure_rereads
from sdr_assets.triage.classify import ReplyLabeller
from sdr_assets.triage.labels import is_unsubscribe, label_reply
from sdr_assets.triage.result import AUTO_MAY_ASK_TO_STOP, MAY_ASK_TO_STOP

RULES_LAYER = "reply_classifications/rules"
# A person's reply, or an auto-reply's own text, that may ask us to stop: a person reads either.
MAY_ASK_TO_STOP_REASONS = (MAY_ASK_TO_STOP, AUTO_MAY_ASK_TO_STOP)
# The stored replies judged by other rules that may turn out opt-outs: no bounce, delay, complaint or opt-out,
# and none triage reads whole this run anyway (``skipped``). With the label each was given, and its reason.
JUDGED_ELSEWHERE_SQL = """
select c.message_id, c.message_key, r.raw, r.fetched_at, c.label, c.sub_reason, c.confidence, c.reason
from reply_classifications c join raw_replies r using (message_id)
where c.read_by is distinct from ? and c.kind not in ('bounce', 'delay', 'complaint')
  and coalesce(c.label, '') <> 'unsubscribe' and not list_contains(?, c.message_id)
order by c.message_id
"""
# The replies a person handled: logged in an escalation that a hand-off closed after them.
HANDLED_REPLIES_SQL = """
select q.message_id from escalation_events q join escalation_events h
  on h.escalation_id = q.escalation_id and h.event_id > q.event_id and h.action = 'handle'
where q.action = 'reply'
"""
Classify = Callable[[str, str, bytes, datetime, ReplyLabeller], dict]


def rules_moved(con: duckdb.DuckDBPyConnection, rules: str, now: datetime) -> bool:
    """Whether the stored replies were last looked over under rules other than ``rules``."""
    return not unchanged(con, RULES_LAYER, rules, now, "reply_classifications")


def judged_elsewhere(con: duckdb.DuckDBPyConnection, rules: str, skipped: list[str]) -> list[tuple]:
    """The stored replies judged by rules other than ``rules`` (or before the rules were kept) that may now
    read as opt-outs, with their raw text and the label each was given; none of ``skipped``."""
    if "read_by" not in columns_of(con, "reply_classifications"):
        con.execute("alter table reply_classifications add column read_by varchar")
    if not table_exists(con, "raw_replies"):
        return []
    return con.execute(JUDGED_ELSEWHERE_SQL, [rules, skipped]).fetchall()


def handled_replies(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The message ids of the replies a person handled."""
    if not table_exists(con, "escalation_events"):
        return set()
    return {message_id for (message_id,) in con.execute(HANDLED_REPLIES_SQL).fetchall()}


def by_rules_alone(label: str | None, sub_reason: str | None, confidence: float | None) -> ReplyLabeller:
    """The labeller of a stored reply read again: the label it was given, unless the offline opt-out rule
    takes its text for a request to stop; the offline labeller for one never given a label."""

    def labelled(text: str) -> tuple[str, str | None, float]:
        if label is None or is_unsubscribe(text):
            return label_reply(text)
        return label, sub_reason, confidence

    return labelled


def found_again(stored: list[tuple], classify: Classify) -> tuple[list[dict], list[dict], list[tuple[str, str]]]:
    """Of ``stored`` (:func:`judged_elsewhere`), the rows of those ``classify`` now reads as opt-outs, and of those
    it now reads as possibly asking to stop (``MAY_ASK_TO_STOP``: words the rule does not take, a reply that takes
    up the offer over words of opting out below her sign-off) that were not read so before: a person reads each,
    her mail held, as on a first reading. Then (message id, reason) of those stored with a person's reason that
    may ask to stop which are auto-replies (``AUTO_MAY_ASK_TO_STOP``, which an earlier release did not give):
    with a person still, but no reply in any rate."""
    optouts, to_a_person, automatic = [], [], []
    for message_id, message_key, blob, fetched_at, label, sub_reason, confidence, reason in stored:
        try:
            row = classify(message_id, message_key, bytes(blob), fetched_at, by_rules_alone(label, sub_reason, confidence))
        except Exception:  # classified once already: it stays as it was stored
            continue
        if row["kind"] == "human" and row["label"] == "unsubscribe":
            optouts.append(row)
        elif row["reason"] in MAY_ASK_TO_STOP_REASONS and reason not in MAY_ASK_TO_STOP_REASONS:
            to_a_person.append(row)
        elif row["reason"] == AUTO_MAY_ASK_TO_STOP and reason == MAY_ASK_TO_STOP:
            automatic.append((message_id, AUTO_MAY_ASK_TO_STOP))
    return optouts, to_a_person, automatic


def record_reread(con: duckdb.DuckDBPyConnection, rules: str, now: datetime, read_again: int,
                  recorded: list[str], kept: list[str], to_a_person: Sequence[str] = ()) -> None:
    """Remember that the stored replies were looked over under ``rules``, and what a re-read found: the opt-outs
    recorded, those kept as a person handled them, and the replies sent to a person as possibly asking to stop."""
    record_mark(con, RULES_LAYER, rules, now)
    if read_again:
        ensure_rereads(con)
        con.execute("insert or replace into reply_rereads (rules, read_at, read_again, optouts_found, kept_as_handled, "
                    "message_ids, may_ask_to_stop_found, may_ask_to_stop_ids) values (?, ?, ?, ?, ?, ?, ?, ?)",
                    [rules, now, read_again, len(recorded), len(kept), json.dumps(sorted(recorded)), len(to_a_person),
                     json.dumps(sorted(to_a_person))])
