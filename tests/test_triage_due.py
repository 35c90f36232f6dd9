"""What makes triage due again after the plays' sends: a send or draft for someone who wrote us, a
person's action, or mail; a send to anyone else changes nothing triage reads."""

import duckdb

from sdr_assets.sends import LEDGER_DDL
from sdr_assets.triage_due import triage_due, triage_mark


def _warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute(LEDGER_DDL)
    con.execute("create table reply_classifications (message_id varchar, send_key varchar, contact_email varchar, "
                "from_addr varchar, kind varchar, label varchar, needs_review boolean, refers_to varchar)")
    con.execute("create table escalation_events (event_id integer, action varchar)")
    con.execute("insert into reply_classifications values ('<r1@x>', 's1', 'Ann+x@Acme.example', "
                "'ann@acme.example', 'human', 'question', false, null), "
                "('<r2@x>', null, null, 'stranger@else.example', 'human', 'other', true, '[\"<sdr-9@us.example>\"]')")
    _send(con, "s1", "ann@acme.example", "<sdr-1@us.example>")
    return con


def _send(con, key: str, contact: str, message_id: str, status: str = "sent") -> None:
    con.execute("insert into send_ledger (send_key, play, play_version, contact_email, step, status, message_id, "
                "sent_at) values (?, 'p', 'v', ?, 1, ?, ?, now())", [key, contact, status, message_id])


def test_a_send_to_someone_who_never_wrote_or_a_row_that_sent_nothing_leaves_triage_nothing_new():
    con = _warehouse()
    before = triage_mark(con)
    _send(con, "s2", "bob@other.example", "<sdr-2@us.example>")
    _send(con, "s4", "ann@acme.example", None, status="suppressed")
    assert not triage_due(before, triage_mark(con), waiting=False)


def test_a_send_to_someone_who_wrote_us_or_a_message_an_unmatched_reply_names_makes_triage_due():
    con = _warehouse()
    before = triage_mark(con)
    _send(con, "s3", "ANN@acme.example", "<sdr-3@us.example>")
    assert triage_due(before, triage_mark(con), waiting=False), "her conversation shows what she was sent"
    con = _warehouse()
    before = triage_mark(con)
    _send(con, "s9", "carl@third.example", "<SDR-9@us.example>")
    assert triage_due(before, triage_mark(con), waiting=False), "the stored reply may match it now"


def test_a_persons_action_or_waiting_mail_makes_triage_due_and_an_unreadable_state_too():
    con = _warehouse()
    before = triage_mark(con)
    con.execute("insert into escalation_events values (1, 'handle')")
    assert triage_due(before, triage_mark(con), waiting=False)
    assert triage_due(triage_mark(con), triage_mark(con), waiting=True)
    con.execute("update reply_classifications set refers_to = null where send_key is null")
    assert triage_mark(con) is None and triage_due(None, None, waiting=False), "names not kept yet: read them"
