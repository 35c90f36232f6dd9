"""Replies layer: raw mail in, every message classified, mechanical actions taken.

Conversations for a person are kept in ``sdr_assets.escalations``.

Triage joins replies to sends through ``send_ledger``, a declared upstream. Sends read what triage
learned (suppressions, holds, bounces) at send time, as later events, not as upstream assets.
"""

import json
from bisect import bisect_right
from contextlib import closing
from collections.abc import Container, Iterator, Mapping
from datetime import UTC, timedelta

import dagster as dg
import polars as pl

from resources.imap import ImapError
from resources.mailbox import Mailbox
from resources.model import ModelClient
from resources.model_stage import ResponseCache
from resources.secret import load_secrets
from resources.settings import PipelinePaths, SendPolicy
from resources.store.approvals import in_demo_folder
from resources.tables import columns_of, registered, rewrite_rows, transaction
from resources.warehouse import Warehouse, frame_of, insert_rows, one, table_exists
from sdr_assets.domain import escalations as esc
from sdr_assets.domain.addresses import person_mailbox
from sdr_assets.domain.complaint_tokens import complaint_by_token
from sdr_assets.domain.conversations import BY_SENDER, FETCHED_AT, REPLIED_SCHEMA, RULE_COLUMNS, in_conversations
from sdr_assets.domain.holds import HOLD_SCHEMA
from sdr_assets.hold_fold import fold_holds, holds_current
from sdr_assets.domain.mail_dates import received_by
from sdr_assets.domain.mail_optouts import optout_columns
from sdr_assets.domain.reply_ids import new_messages
from sdr_assets.incremental import LayerConfig, merge_rows, record_mark, table_mark, unchanged
from sdr_assets.mailbox_seen import forget_gone, one_row_under, store_position, stored_position
from sdr_assets.metadata import defined_columns, table_metadata
from sdr_assets.reply_intake import record_attempt, replies_behind, replies_unread, stored_digests
from sdr_assets.reply_quarantine import ADDED, QUARANTINE_SCHEMA, ensure_table, quarantined, review_holds
from sdr_assets.reply_sends import LEDGER_COLUMNS, LedgerKeys
from sdr_assets.reply_rereads import (
    HANDLED_REPLIES_SQL, by_rules_alone, found_again, handled_replies, judged_elsewhere, record_reread, rules_moved,
)
from sdr_assets.reply_wait_records import clear_waits, waits_recorded
from sdr_assets.rule_digest import triage_digest
from sdr_assets.triage import classify_message
from sdr_assets.triage.classify import in_server_form, our_message_ids
from sdr_assets.triage.data_requests import read_request
from sdr_assets.triage.parse import UnparsableMessage, gives_up_alone, parser_version
from sdr_assets.unparsable_replies import known_unparsable, message_digest, remember_unparsable
from sdr_assets.withheld_replies import describe, record_withheld, withheld_replies

RAW_REPLY_DDL = """
create table if not exists raw_replies (
    message_id varchar primary key,
    message_key varchar not null,
    raw blob not null,
    fetched_at timestamptz not null
)
"""
RAW_REPLY_SCHEMA = {"message_id": pl.String, "message_key": pl.String, "raw": pl.Binary,
                    "fetched_at": pl.Datetime("us", "UTC")}
CLASSIFICATION_SCHEMA = {
    "message_id": pl.String, "message_key": pl.String, "send_key": pl.String, "play": pl.String,
    "contact_email": pl.String, "kind": pl.String, "label": pl.String, "sub_reason": pl.String,
    "hard": pl.Boolean, "recipients": pl.String, "return_date": pl.Date, "referrals": pl.String,
    "confidence": pl.Float64, "needs_review": pl.Boolean, "reason": pl.String, "from_addr": pl.String,
    "subject": pl.String, "visible_text": pl.String, "received_at": pl.Datetime("us", "UTC"),
    "simulated": pl.Boolean, "optout_targets": pl.String, "optout_via": pl.String,
    # For a reply that matched no send: our Message-IDs it names (JSON), what matching it again reads.
    "refers_to": pl.String,
    # A bounce in a mail server's form (``TriageResult.dsn``): one matched to no send counts only then.
    "dsn": pl.Boolean,
    # A data-protection request (``TriageResult.data_request``), kept apart from a sub-reason or reason it shares.
    "data_request": pl.Boolean,
    # The digest of the triage rules that judged it (``rule_digest.triage_digest``): others read it again.
    "read_by": pl.String,
}
# The stored replies that matched no send are matched again whenever what matching reads of the
# ledger (``LEDGER_COLUMNS``) moved.
LEDGER_MARK = "reply_classifications/send_ledger"
# The stored replies that matched no send, without their raw text: who wrote, when, and what each
# names (``refers_to``, null for a row stored before it was kept).
UNMATCHED_SQL = """
select c.message_id, r.fetched_at, c.from_addr, c.refers_to
from reply_classifications c join raw_replies r using (message_id) where c.send_key is null order by c.message_id
"""
# The raw text and stored label of the unmatched replies in ``_candidates``.
CANDIDATES_SQL = """
select c.message_id, c.message_key, r.raw, r.fetched_at, c.from_addr, c.label, c.sub_reason, c.confidence
from reply_classifications c join raw_replies r using (message_id)
where c.message_id in (select message_id from _candidates) order by r.fetched_at, c.message_id
"""
# The raw text of the stored bounces matched to no send whose form was not kept (``_add_forms``).
FORMLESS_SQL = """
select c.message_id, r.raw from reply_classifications c join raw_replies r using (message_id)
where c.kind = 'bounce' and c.send_key is null and c.dsn is null
"""
# The stored replies an upgrade left unmarked (``_add_data_requests``) whose text may ask to erase her data:
# read again on every run until triage stores them with the mark, so a run that fails first loses none.
UNMARKED_SQL = """
select message_id, visible_text, label from reply_classifications
where kind in ('human', 'other') and data_request is null and coalesce(label, '') <> 'unsubscribe'
  and visible_text is not null
  and regexp_matches(visible_text,
                     '(?i)delet|eras|remov|purg|wipe|destro|scrub|forg|lösch|vergessen|supprim|effac|oubli|borr|elimin|olvid|supresi')
"""
# Of those, the ones whose conversation went on since: the sender wrote again, or a person handled it after.
MOVED_ON_SQL = """
select c.message_id, c.label, c.sub_reason from reply_classifications c join raw_replies r using (message_id)
where list_contains(?, c.message_id) and exists (
  select 1 from reply_classifications l join raw_replies lr using (message_id)
  where l.kind = 'human' and l.message_id <> c.message_id
    and coalesce(l.contact_email, l.from_addr) = coalesce(c.contact_email, c.from_addr)
    and coalesce(l.received_at, lr.fetched_at) > coalesce(c.received_at, r.fetched_at))
"""
HANDLED_SINCE_SQL = f"""
select c.message_id, c.label, c.sub_reason from reply_classifications c
where list_contains(?, c.message_id) and c.message_id in ({HANDLED_REPLIES_SQL})
"""
# Kinds of message written by their sender (or the sender's mail server on their behalf): only these
# may be tied to a send by who sent them.
SENDER_KINDS = ("human", "out_of_office", "auto_reply")


@dg.asset(group_name="replies", kinds={"duckdb", "email"}, metadata=defined_columns(RAW_REPLY_SCHEMA))
def raw_replies(warehouse: Warehouse, mailbox: Mailbox, policy: SendPolicy) -> dg.MaterializeResult:
    """Every inbound message kept raw, once each, read incrementally from the mailbox.

    A message is stored under its Message-ID; one whose Message-ID a different message already
    holds is stored under an id derived from it and its content (see ``domain.reply_ids``).
    """
    name = mailbox.position_name()
    with warehouse.connect() as con:
        con.execute(RAW_REPLY_DDL)
        con.execute("create table if not exists mailbox_cursors (mailbox varchar primary key, cursor varchar)")
        position = stored_position(con, mailbox)
        before = one(con, "select count(*) from raw_replies")[0]
    now, fetched = policy.now(), 0
    with closing(mailbox.read_batches(position)) as batches:
        while True:
            try:
                messages, cursor = next(batches)
            except StopIteration:
                break
            except Exception as exc:  # recorded so the send step stops until replies are read again
                with warehouse.connect() as con:
                    record_attempt(con, name, now, f"{type(exc).__name__}: {exc}")
                if isinstance(exc, ImapError):  # the server's refusal, or its garbage: its one line, no stack trace
                    raise dg.Failure(description=f"replies could not be read from {name}: {exc}") from None
                raise
            # A message is dated read when its batch was: one that answers a send made while it ran (an
            # out-of-office back at once) joins that send (``_SentBy``).
            read_at = max(now, policy.now())
            fetched += len(messages)
            with warehouse.connect() as con, transaction(con):  # a read broken later keeps this batch
                _store_batch(con, mailbox, messages, read_at, cursor)
    with warehouse.connect() as con:
        forget_gone(con, mailbox)
        if mailbox.keyed:  # its files this user may not open, against every key read
            record_withheld(con, name, mailbox.withheld(stored_position(con, mailbox)), now)
        # Mail the reply sensor saw before ``now`` counts as read only once every batch is stored.
        record_attempt(con, name, now)
        total = one(con, "select count(*) from raw_replies")[0]
        preview = frame_of(con, "select message_id, message_key, fetched_at from raw_replies order by fetched_at desc limit 5")
        withheld = withheld_replies(con)
    return dg.MaterializeResult(metadata={**table_metadata(preview), "dagster/row_count": total,
                                          "new_messages": total - before, "fetched": fetched,
                                          "withheld_messages": len(withheld),
                                          "withheld": dg.MetadataValue.text(describe(withheld) or "none")})


def _store_batch(con, mailbox: Mailbox, messages: list[tuple[str, bytes]], read_at, cursor: str | None) -> None:
    """The batch's messages not stored yet and ``cursor``, the position that covers them, kept under the
    mailbox's name (``mailbox_seen``: a maildir's batch adds its keys alone). The messages ``cursor``
    names as withheld are recorded with it (``withheld_replies``; a maildir's once all its batches are read)."""
    fresh = new_messages(messages, lambda ids: stored_digests(con, ids)) if messages else []
    if fresh:
        insert_rows(con, "raw_replies", ("message_id", "message_key", "raw", "fetched_at"),
                    [[message_id, key, raw, read_at] for message_id, key, raw in fresh], "message_id", "nothing")
    if not mailbox.keyed:
        record_withheld(con, mailbox.position_name(), mailbox.withheld(cursor), read_at)
    store_position(con, mailbox, cursor)


def mail_unchanged(con, mailbox: Mailbox) -> bool:
    """Whether a read of ``mailbox`` now would store nothing: no message after the position stored under
    its name alone, the last read of this mailbox a success, and no mail the reply sensor saw unread
    since. Such a read moves only the time of the last read, which nothing counts from while it
    succeeded (``reply_intake``); mail that arrives later is read by the next run."""
    name = mailbox.position_name()
    if not all(table_exists(con, t) for t in ("raw_replies", "mailbox_cursors", "reply_intake")):
        return False
    intake = con.execute("select mailbox, last_error is null from reply_intake").fetchall()
    if not one_row_under(con, mailbox) or intake != [(name, True)] or replies_unread(con):
        return False
    try:
        held = mailbox.position_now()  # the keys alone: a message is read by the run, not here as well
    except OSError:  # the run reads it, and records why it could not
        return False
    seen = stored_position(con, mailbox)
    return held is None or (seen is not None and set(json.loads(held)) <= set(json.loads(seen)))


class _SentBy(Mapping):
    """Each contact's latest send that went out by ``at``, by her mailbox (``person_mailbox``: any plus tag,
    Gmail's dots): a message matched by its sender joins the send it followed, on its first reading, on a
    full refresh and on a re-read alike, never one made after it was read."""

    def __init__(self, history: Mapping[str, tuple[list, list[dict]]], at) -> None:
        self._history, self._at = history, at

    def __getitem__(self, mailbox: str) -> dict:
        times, rows = self._history.get(mailbox, ((), ()))
        i = bisect_right(times, self._at)
        if i == 0:
            raise KeyError(mailbox)
        return rows[i - 1]

    def __iter__(self) -> Iterator[str]:
        return (m for m, (times, _) in self._history.items() if times and times[0] <= self._at)

    def written(self, mailbox: str, at) -> dict:
        """Her latest send that went out by ``at`` (when she wrote, if before the read), else by the
        read: a clock so wrong it dates her message before all of ours misplaces nothing."""
        earlier = _SentBy(self._history, min(self._at, at)) if at is not None else self
        return earlier.get(mailbox) or self.get(mailbox, {})

    def __len__(self) -> int:
        return sum(1 for _ in self)


# Each reply a contact wrote that matched a send, when it came and when it was read: the
# conversations she is in (``domain.conversations``).
CONVERSATIONS_SQL = """
select c.message_id, c.contact_email, c.send_key, coalesce(c.received_at, r.fetched_at) as replied_at, r.fetched_at
from reply_classifications c join raw_replies r using (message_id)
where c.send_key is not null and c.kind = 'human'
"""


def _classification_row(message_id: str, message_key: str, raw: bytes, fetched_at, labeller, by_message_id: Mapping,
                        by_send_key: Mapping, latest: _SentBy, secret: tuple[bytes, ...], known: Container[str],
                        demo: bool) -> dict:
    result = classify_message(raw, reply_labeller=labeller, strict=True,
                              is_contact=lambda address: person_mailbox(address) in latest)
    # A message belongs to a send through the whole Message-ID the ledger recorded, whose HMAC part
    # nobody outside can compute: a forged reply naming a send key matches nothing.
    answered = by_message_id.get(result.reference or "", {})
    recipients = result.recipients
    if result.kind == "complaint" and not answered:  # or through the signed token of the attached original
        answered, recipients = complaint_by_token(secret, result.unsubscribe_tokens, recipients, by_send_key)
    # One that answers none of ours (written anew, or answering a rep's own mail) from a contact's
    # address joins her latest send when she wrote it (a send made between her writing and our read
    # is one she had not seen), or once the batch is classified, the conversation she is in
    # (``domain.conversations``): its label, her hold and her conversation. Her opt-out is still
    # decided on the Message-ID match alone, below.
    received = received_by(result.sent_at, fetched_at) if result.sent_at else None
    by_sender = ({} if answered or result.kind not in SENDER_KINDS
                 else latest.written(person_mailbox(result.from_addr), received))
    send = answered or by_sender
    refers_to = None if send else json.dumps(sorted(our_message_ids(raw)))
    return {
        "message_id": message_id, "message_key": message_key, "send_key": send.get("send_key"),
        "play": send.get("play"), "contact_email": send.get("contact_email"), "kind": result.kind,
        "label": result.label, "sub_reason": result.sub_reason, "hard": result.hard,
        "recipients": json.dumps(recipients), "return_date": result.return_date,
        "referrals": json.dumps(result.referrals), "confidence": result.confidence,
        "needs_review": result.needs_review,
        "reason": result.reason or ("matched by the sender's address to her latest send or conversation" if by_sender else None),
        "from_addr": result.from_addr,
        "subject": result.subject, "visible_text": result.visible_text[:4000],
        # The Date header, unless it is further ahead of the fetch than a clock can be wrong.
        "received_at": received.astimezone(UTC) if received else None,
        # The demo's market marks its mail; anyone may write that header, so it counts only in the demo.
        "simulated": result.simulated and demo,
        **optout_columns(result, answered.get("contact_email"), secret, known),
        "refers_to": refers_to, "dsn": result.dsn, "data_request": result.data_request,
        "read_by": triage_digest(),
        BY_SENDER: bool(by_sender), FETCHED_AT: fetched_at.astimezone(UTC),
    }


def _candidates(unmatched: list[tuple], by_message_id: Mapping, latest: Mapping) -> tuple[list[str], list[str]]:
    """Of the stored replies that matched no send, the ones the ledger may match now (one naming a
    send it holds, or from a contact it has mailed), and those stored before they kept what they
    name, which are read whole once; by message id."""
    candidates, unknown = [], []
    for message_id, _fetched_at, from_addr, refers_to in unmatched:
        if refers_to is None:
            unknown.append(message_id)
        elif any(i in by_message_id for i in json.loads(refers_to)) or person_mailbox(from_addr) in latest:
            candidates.append(message_id)
    return candidates, unknown


def _matched_again(stored: list[tuple], labeller, history: Mapping, by_message_id: Mapping, by_send_key: Mapping,
                   latest: Mapping, secret: tuple[bytes, ...], known: Container[str],
                   demo: bool) -> tuple[list[dict], dict[str, str]]:
    """Of ``stored`` (the candidates' raw text and labels), the replies the ledger matches now,
    classified again with the label each was given, the offline opt-out rule over it (``by_rules_alone``):
    the labeller is asked only about one that never
    had a label. One matched by its sender joins her latest send of those before it was read (and
    then her conversation, as in first matching). Also what each one that still matches nothing
    names, for the rows stored without it."""
    rows, names = [], {}
    for message_id, message_key, blob, fetched_at, from_addr, *label in stored:
        raw = bytes(blob)
        named = our_message_ids(raw)
        if not (any(i in by_message_id for i in named) or person_mailbox(from_addr) in latest):
            names[message_id] = json.dumps(sorted(named))
            continue
        given = tuple(label) if label[0] is not None else None
        try:
            row = _storable(_classification_row(message_id, message_key, raw, fetched_at,
                                                by_rules_alone(*given) if given else labeller,
                                                by_message_id, by_send_key, _SentBy(history, fetched_at), secret,
                                                known, demo))
        except Exception:  # classified once already: it stays as it was stored
            continue
        if row["send_key"] is not None:
            rows.append(row)
        else:
            names[message_id] = row["refers_to"]
    return rows, names


def _stored_candidates(warehouse: Warehouse, ledger: LedgerKeys, message_ids: list[str]) -> list[tuple]:
    """The raw text and labels of the stored replies ``message_ids``, with the sends they name read ahead."""
    if not message_ids:
        return []
    with warehouse.connect() as con:
        con.register("_candidates", pl.DataFrame({"message_id": message_ids}, schema={"message_id": pl.String}))
        try:
            stored = con.execute(CANDIDATES_SQL).fetchall()
        finally:
            con.unregister("_candidates")
        ledger.read_ahead(con, [bytes(r[2]) for r in stored])
    return stored


def _set_stored(con, column: str, dtype: pl.DataType, values: list[tuple[str, object]], only: str = "true") -> None:
    """Set ``column`` of the stored classifications from (message id, value) pairs, in the rows ``only``
    (a condition on ``c``) holds for."""
    if not values:
        return
    with registered(con, "_values", pl.DataFrame(values, schema={"message_id": pl.String, column: dtype}, orient="row")):
        con.execute(f"update reply_classifications c set {column} = v.{column} from _values v "
                    f"where c.message_id = v.message_id and {only}")


def _add_data_requests(con) -> None:
    """Add ``data_request`` to a table stored before triage kept it, set from each stored reply's text, but left
    null for those that ask to erase her data and were not taken as opt-outs: :func:`_unmarked_erasures` has
    triage read them again (else an upgrade never suppresses a "please delete my data" read before it)."""
    with transaction(con):
        con.execute("alter table reply_classifications add column data_request boolean")
        _read_marks(con, con.execute("select message_id, visible_text, label from reply_classifications "
                                     "where kind in ('human', 'other') and visible_text is not null").fetchall())


def _unmarked_erasures(con) -> list[str]:
    """The stored replies left unmarked that ask to erase her data, for triage to read again; the others
    left unmarked get their mark now."""
    return _read_marks(con, con.execute(UNMARKED_SQL).fetchall())


def _read_marks(con, stored: list[tuple[str, str, str | None]]) -> list[str]:
    """Each stored reply (message id, text, label) marked as the data request its text makes, but for an
    erasure request not taken as an opt-out: those stay unmarked, and are returned."""
    erasures, marks = [], []
    for message_id, text, label in stored:
        asks, erases = read_request(text)
        if erases and label != "unsubscribe":
            erasures.append(message_id)
        else:
            marks.append((message_id, asks))
    _set_stored(con, "data_request", pl.Boolean, marks)
    return erasures


def _moved_on(con, erasures: list[str]) -> dict[str, tuple]:
    """The erasures read again whose conversation went on since (a later reply, or handled after it), with
    their stored label and sub-reason: a person decides on their opt-out rather than it being recorded now."""
    if not erasures:
        return {}
    found = con.execute(MOVED_ON_SQL, [erasures]).fetchall()
    if table_exists(con, "escalation_events"):
        found += con.execute(HANDLED_SINCE_SQL, [erasures]).fetchall()
    return {message_id: (label, sub_reason) for message_id, label, sub_reason in found}


def _to_a_person(row: dict, stored: tuple) -> dict:
    """An erasure request read late, its conversation gone on since: marked for a person with its old label."""
    if row["label"] != "unsubscribe":
        return row
    label, sub_reason = stored
    return {**row, "label": label, "sub_reason": sub_reason or esc.DATA_REQUEST, "needs_review": True,
            "data_request": True, "reason": "an erasure request read again after an upgrade; the conversation "
                                             "went on since: a person decides on the opt-out"}


def _add_forms(con) -> None:
    """Add ``dsn`` to a table stored before triage kept it, filled for the stored bounces matched to no
    send from their raw text: else an upgrade drops them from the bounce rate (only a match re-triages)."""
    with transaction(con):
        con.execute("alter table reply_classifications add column dsn boolean")
        stored = con.execute(FORMLESS_SQL).fetchall() if table_exists(con, "raw_replies") else []
        _set_stored(con, "dsn", pl.Boolean, [(message_id, in_server_form(bytes(raw))) for message_id, raw in stored])


def _storable(row: dict) -> dict:
    """The row, once each of its texts can be stored: one a decoder left a lone surrogate in fails here,
    for its own message alone, and not the whole table's write."""
    for value in row.values():
        if isinstance(value, str):
            value.encode("utf-8")
    return row


@dg.asset(group_name="replies", kinds={"duckdb", "polars"}, deps=[raw_replies, "send_ledger"],
          metadata=defined_columns(CLASSIFICATION_SCHEMA))
def reply_classifications(warehouse: Warehouse, model: ModelClient, paths: PipelinePaths,
                          policy: SendPolicy, config: LayerConfig) -> dg.MaterializeResult:
    """Each inbound message's kind (bounce, complaint, out_of_office, human ...) and, for people, a label.

    Only messages not classified yet are read and classified (a historic reply never costs another
    model call); ``full_refresh`` classifies every stored message again. A quarantined message is
    tried again on every run, but one the parser gave up on is parsed again only by another parser
    version or a full refresh (``unparsable_replies``): until then its verdict quarantines it again.
    Once the ledger moved, the stored replies that matched no send (read while their send was
    missing from it) are matched again, with the labels they have: only those naming a send the
    ledger holds, or from a contact it mailed, are read again. On the first run under new triage rules,
    the stored replies judged by others are read again for the opt-outs those missed, and for the replies a
    person must now read as possibly asking to stop (``reply_rereads``).
    """
    labeller = model.reply_labeller(ResponseCache(warehouse.connect))
    now = policy.now()
    parser = parser_version()
    rules = triage_digest()
    with warehouse.connect() as con:
        incremental = not config.full_refresh and table_exists(con, "reply_classifications")
        unparsable = known_unparsable(con, parser) if incremental and parser else {}
        erasures: list[str] = []
        moved_on: dict[str, tuple] = {}
        if incremental:  # columns a table stored by an earlier version lacks (its rows keep a null refers_to)
            con.execute("alter table reply_classifications add column if not exists refers_to varchar")
            if "data_request" not in columns_of(con, "reply_classifications"):
                _add_data_requests(con)
            erasures = _unmarked_erasures(con)
            moved_on = _moved_on(con, erasures)
            if "dsn" not in columns_of(con, "reply_classifications"):
                _add_forms(con)
        look_over = not incremental or rules_moved(con, rules, now)
        reread = judged_elsewhere(con, rules, erasures) if incremental and look_over else []
        handled = handled_replies(con) if reread else set()
        new_only = (" where message_id not in (select message_id from reply_classifications)"
                    " or list_contains(?, message_id)" if incremental else "")
        query = f"select message_id, message_key, raw, fetched_at from raw_replies{new_only} order by message_id"
        raw = (con.execute(query, [erasures] if incremental else None).fetchall()
               if table_exists(con, "raw_replies") else [])
        ledger_mark = table_mark(con, "send_ledger", LEDGER_COLUMNS)  # taken before the ledger is read
        ledger_moved = not unchanged(con, LEDGER_MARK, ledger_mark, now, "reply_classifications")
        unmatched = [r for r in (con.execute(UNMATCHED_SQL).fetchall()
                                 if incremental and ledger_moved and table_exists(con, "raw_replies") else [])
                     if r[0] not in erasures]  # read again in full already
        # Only the sends these messages can match are read from the ledger (``reply_sends``), and none
        # when there is nothing to classify or match.
        ledger = LedgerKeys(warehouse.connect)
        if raw or unmatched or reread:
            ledger.read_ahead(con, [bytes(r[2]) for r in [*raw, *reread]],
                              [i for r in unmatched if r[3] for i in json.loads(r[3])], [r[2] for r in unmatched])
        # Read before a full refresh replaces the table: the conversations stand as they were.
        earlier = table_exists(con, "reply_classifications") and table_exists(con, "raw_replies")
        replied = (frame_of(con, CONVERSATIONS_SQL).cast(REPLIED_SCHEMA)
                   if (raw or unmatched or reread) and earlier else pl.DataFrame(schema=REPLIED_SCHEMA))
    by_message_id, by_send_key = ledger.by_message_id, ledger.by_send_key
    history = ledger.history  # a message joins the sends made by its read, not later ones (``_SentBy``)
    latest = history  # whose messages to match again: anyone a send went out to
    candidates, unknown = _candidates(unmatched, by_message_id, latest)
    stored = _stored_candidates(warehouse, ledger, [*candidates, *unknown])
    # Opt-outs by mail count from the recipient's own address or with a valid signed token.
    secret = load_secrets(paths.data_dir).verifying
    known = ledger.mailed
    demo = warehouse.path != ":memory:" and in_demo_folder(warehouse.path)
    rows, poisoned, verdicts = [], [], {}
    for message_id, message_key, blob, fetched_at in raw:
        message = bytes(blob)
        digest = message_digest(message)
        try:
            if digest in unparsable:  # the same parser gave up on these bytes before: it would again
                raise UnparsableMessage(unparsable[digest])
            row = _storable(_classification_row(message_id, message_key, message, fetched_at, labeller,
                                                by_message_id, by_send_key, _SentBy(history, fetched_at), secret,
                                                known, demo))
            rows.append(_to_a_person(row, moved_on[message_id]) if message_id in moved_on else row)
        except Exception as exc:  # one poison message is set aside with its reason; the rest go on
            # Its sender and the send it answers, read without the parser, hold her mail for a person.
            reason = unparsable.get(digest) or f"{type(exc).__name__}: {exc}"
            if parser and isinstance(exc, UnparsableMessage) and (digest in unparsable or gives_up_alone(message)):
                verdicts[digest] = reason
            poisoned.append(quarantined(message_id, message_key, message, reason, now,
                                        our_message_ids(message), by_message_id, _SentBy(history, fetched_at)))
    matched, names = _matched_again(stored, labeller, history, by_message_id, by_send_key, latest, secret, known,
                                    demo)
    again_ids = {r["message_id"] for r in matched}
    found, unsure, automatic = found_again([r for r in reread if r[0] not in again_ids], lambda *read: _storable(
        _classification_row(*read, by_message_id, by_send_key, _SentBy(history, read[3]), secret, known, demo)))
    optouts = [r for r in found if r["message_id"] not in handled]
    to_a_person = [r for r in unsure if r["message_id"] not in handled]
    kept = sorted(r["message_id"] for r in found if r["message_id"] in handled)
    # Matched together, so each message sees the conversation the others of its read or an earlier one opened.
    settled = in_conversations(pl.DataFrame([*rows, *matched, *optouts, *to_a_person],
                                            schema={**CLASSIFICATION_SCHEMA, **RULE_COLUMNS}), replied,
                              ledger.frame())
    frame, again = settled.head(len(rows)), settled.slice(len(rows), len(matched))
    held = pl.DataFrame(poisoned, schema=QUARANTINE_SCHEMA)
    # One transaction: no interrupt leaves the replies classified without their quarantine, marks or waits.
    with warehouse.connect() as con, transaction(con):
        if incremental:
            merge_rows(con, "reply_classifications", settled, ["message_id"])
            # Names what was stored before ``refers_to`` was kept, so each is read whole only once.
            _set_stored(con, "refers_to", pl.String, [(k, v) for k, v in names.items() if k in set(unknown)],
                        "c.send_key is null")
        else:
            rewrite_rows(con, "reply_classifications", frame)
        ensure_table(con)
        rewrite_rows(con, "quarantined_replies", held, "true")
        if parser:
            remember_unparsable(con, verdicts, parser)
        if ledger_moved:
            record_mark(con, LEDGER_MARK, ledger_mark, now)
        _set_stored(con, "reason", pl.String, automatic)  # the reason alone: a person's handling stands
        if look_over:
            record_reread(con, rules, now, len(reread), [r["message_id"] for r in optouts], kept,
                          [r["message_id"] for r in to_a_person])
        if not replies_behind(con, now, timedelta(minutes=policy.reply_max_lag_minutes)):
            clear_waits(con)  # caught up: a step that waited, run since or not, waits no more
        total = one(con, "select count(*) from reply_classifications")[0]
    kinds = {k: int(n) for k, n in frame.group_by("kind").len().iter_rows()}
    labels = {str(k): int(n) for k, n in frame.filter(pl.col("kind") == "human").group_by("label").len().iter_rows()}
    return dg.MaterializeResult(metadata={**table_metadata(
        frame.drop("visible_text"), kinds_new=dg.MetadataValue.json(kinds), labels_new=dg.MetadataValue.json(labels),
        unmatched_new=int(frame["play"].is_null().sum()), quarantined=held.height,
        quarantine_reasons=dg.MetadataValue.json({r["message_id"]: r["reason"] for r in held.head(20).iter_rows(named=True)})),
        "dagster/row_count": total, "new_rows": frame.height, "matched_again": again.height,
        "ledger_rows_read": ledger.rows_read,
        "quarantined_by_verdict": sum(digest in unparsable for digest in verdicts),
        "unmatched_read_again": len(stored), "erasures_read_again": len(erasures), "erasures_left_to_a_person": len(moved_on),
        "erasures_read_again_ids": dg.MetadataValue.json(sorted(erasures)[:20]),
        "read_again_under_new_rules": len(reread), "optouts_found_under_new_rules": len(optouts),
        "optouts_found_kept_as_handled": len(kept),
        "optouts_found_ids": dg.MetadataValue.json(sorted(r["message_id"] for r in optouts)[:20]),
        "may_ask_to_stop_found_under_new_rules": len(to_a_person),
        "may_ask_to_stop_found_ids": dg.MetadataValue.json(sorted(r["message_id"] for r in to_a_person)[:20]),
        "full_refresh": not incremental})


def classifications_unchanged(con, now, max_lag: timedelta) -> bool:
    """Whether triage would read nothing and write nothing: every stored reply classified (so none is
    quarantined and tried again, and no parser verdict is kept), none an upgrade left unmarked, the
    stored replies looked over under these rules, the ledger as matching last read it, and no step's
    wait for the replies left to clear."""
    stored = set(columns_of(con, "reply_classifications"))
    if not ({"refers_to", "data_request", "dsn", "read_by"} <= stored and table_exists(con, "raw_replies")):
        return False
    if not (set(ADDED) <= set(columns_of(con, "quarantined_replies"))
            and (not parser_version() or table_exists(con, "unparsable_replies"))):
        return False
    settled = one(con, "select (select count(*) from raw_replies where message_id not in "
                       "(select message_id from reply_classifications)) + (select count(*) from quarantined_replies)"
                       + (" + (select count(*) from unparsable_replies)" if parser_version() else ""))[0] == 0
    return (settled and not con.execute(UNMARKED_SQL).fetchall() and not rules_moved(con, triage_digest(), now)
            and unchanged(con, LEDGER_MARK, table_mark(con, "send_ledger", LEDGER_COLUMNS), now,
                          "reply_classifications")
            and not (waits_recorded(con) and not replies_behind(con, now, max_lag)))


def holds_unchanged(con, now) -> bool:
    """Whether the holds worked out at ``now`` are the stored ones (``hold_fold.holds_current``)."""
    return holds_current(con, now)


@dg.asset(group_name="replies", kinds={"duckdb"}, deps=[reply_classifications],
          metadata={"sdr/reads_later_events": "escalation_events", **defined_columns(HOLD_SCHEMA)})
def sequence_holds(warehouse: Warehouse, policy: SendPolicy) -> dg.MaterializeResult:
    """Contacts whose sequence is stopped (they replied) or paused (out of office, soft bounce).

    A reply that could not be triaged holds its sender's mail too, until a person handles it: that
    hold is read at send time from the quarantine and the queue (``reply_quarantine``), not stored
    here, so the hand-off lifts it at once; the metadata lists who it holds now."""
    with warehouse.connect() as con:
        with transaction(con):  # only the people whose replies changed since the last run
            fold_holds(con, policy.now())
        total = one(con, "select count(*) from sequence_holds")[0]
        preview = frame_of(con, "select * from sequence_holds order by email limit 5")
        untriaged = sorted(review_holds(con))
    return dg.MaterializeResult(metadata={**table_metadata(preview), "dagster/row_count": total,
                                          "held_for_untriaged_reply": len(untriaged),
                                          "held_for_untriaged_reply_list": dg.MetadataValue.json(untriaged[:50])})
