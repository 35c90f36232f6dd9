"""Whether triage has anything new to read since its last run: what decides if the replies run that
counts the plays' sends (``runner.run_due``) triages again, or counts them alone.

Triage reads the mailbox, the opt-out and entries logs, what people record (queue actions,
suppressions) and, for the people who wrote us, what we sent and drafted: a reply is matched to a
send by the Message-ID it names or by who wrote it, and a conversation shows what its contact was
sent; a row that sent nothing (held, suppressed) shows nothing. A send to anyone else changes none of
its rows. Whatever cannot be read counts as changed.
"""

from __future__ import annotations

import duckdb

from sdr_assets.incremental import digest, table_marks
from sdr_assets.person_keys import person_key_sql
from sdr_assets.reply_intake import POSITION_SQL
from resources.tables import columns_of, table_exists

# Everyone who wrote us, by person key, and every Message-ID of ours an unmatched reply names.
_WROTE_US = ("(select k from (select {c} as k from reply_classifications union select {f} from reply_classifications) "
             "where k is not null)").format(c=person_key_sql("contact_email"), f=person_key_sql("from_addr"))
_NAMED = ("(select lower(unnest(from_json(refers_to, '[\"VARCHAR\"]'))) from reply_classifications "
          "where send_key is null and refers_to is not null)")
_UNNAMED = "select count(*) from reply_classifications where send_key is null and refers_to is null"
# Rows about someone who wrote us; an address the SQL cannot key counts as hers.
_ABOUT = "coalesce({key} in (select k from wrote), true)"
# The tables triage reads whole that a person or a play's run may write, with the columns that say so.
_WHOLE = {"reply_classifications": ["message_id", "send_key", "kind", "label", "needs_review"],
          "raw_replies": ["message_id"], "quarantined_replies": ["message_id"],
          "escalation_events": ["escalation_events"], "suppression_events": ["suppression_events"]}
# The tables it reads for the people who wrote us, by the column naming the person.
_ABOUT_PEOPLE = {"send_ledger": "contact_email", "message_drafts": "contact_email", "enriched_accounts": "email",
                 "research_angles": "contact_email"}
_REPLY_COLUMNS = {"contact_email", "from_addr", "send_key", "refers_to"}


def triage_mark(con: duckdb.DuckDBPyConnection) -> str | None:
    """A fingerprint of what triage read from the warehouse; None where it cannot be taken (an older
    layout, a reply whose names were not kept yet): then triage counts as due."""
    if not _REPLY_COLUMNS <= set(columns_of(con, "reply_classifications")):
        return None
    if con.execute(_UNNAMED).fetchone()[0]:
        return None
    marks = table_marks(con, _WHOLE)
    # One statement for every table read for the people who wrote us: one each cost four times as much.
    parts, read = [], []
    for table, person in _ABOUT_PEOPLE.items():
        if person not in columns_of(con, table):  # absent, or of a layout without the person
            marks[table] = "absent" if table_exists(con, table) else ""
            continue
        where = _ABOUT.format(key=person_key_sql(f"t.{person}"))
        if table == "send_ledger":  # a row that went nowhere (held, suppressed) matches and shows nothing
            where = (f"(t.status = 'sent' or t.message_id is not null) and {where} "
                     "or lower(t.message_id) in (select * from named)")
        parts.append(f"select {len(read)}, count(*), sum(hash(t)) from {table} t where {where}")
        read.append(table)
    if parts:
        sql = f"with wrote as materialized {_WROTE_US}, named as materialized {_NAMED} " + " union all ".join(parts)
        for part, count, total in con.execute(sql).fetchall():
            marks[read[part]] = f"{count}:{total}" if count else ""  # none of their rows: as if absent
    return digest(sorted(marks.items()))


def mail_waiting(con: duckdb.DuckDBPyConnection, mailbox, data_dir: str) -> bool:
    """Whether the mailbox holds mail after the position the last read stored (as the reply sensor
    asks it), or a log has lines not ingested; a mailbox that cannot be asked counts as holding some."""
    from sdr_assets.suppression import logs_read

    if not table_exists(con, "mailbox_cursors"):
        return True
    row = con.execute(POSITION_SQL, [mailbox.position_name(), type(mailbox).__name__]).fetchone()
    try:
        messages, _ = mailbox.fetch_new(row[0] if row else None)
    except Exception:  # the server is down or refuses: triage tries, and says why
        return True
    return bool(messages) or not logs_read(con, data_dir)


def triage_due(before: str | None, after: str | None, waiting: bool) -> bool:
    """Triage is due again unless both marks were taken and agree, and no mail waits."""
    return waiting or before is None or before != after
