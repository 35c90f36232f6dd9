"""The conversation rule over a whole batch at once: each message sees the replies read before it."""

from datetime import UTC, datetime, timedelta

import polars as pl

from sdr_assets.domain.conversations import BY_SENDER, FETCHED_AT, REPLIED_SCHEMA, in_conversations

MON = datetime(2026, 11, 23, 9, tzinfo=UTC)
READ = MON + timedelta(days=2)
SENDS = pl.DataFrame({"send_key": ["a1", "a2", "b1", "b2"], "play": ["first", "later"] * 2,
                      "contact_email": ["ann@acme.example"] * 2 + ["bo@beta.example"] * 2,
                      "sent_at": [MON, MON + timedelta(hours=1)] * 2})


def _row(message_id: str, contact: str, send_key: str, at: datetime, by_sender: bool) -> dict:
    return {"message_id": message_id, "send_key": send_key, "play": None, "contact_email": contact,
            "kind": "human", "received_at": at, BY_SENDER: by_sender, FETCHED_AT: READ}


def test_each_contacts_answer_joins_the_conversation_her_earlier_reply_of_the_same_read_opened():
    """Ann replied to the first play, then answered the rep; Bo answered the rep before replying:
    Ann's answer joins her conversation, Bo's stays with our latest mail to him."""
    rows = pl.DataFrame([
        _row("ann-reply", "ann@acme.example", "a1", MON + timedelta(days=1), False),
        _row("ann-answer", "Ann+work@Acme.example", "a2", MON + timedelta(days=1, hours=2), True),
        _row("bo-answer", "bo@beta.example", "b2", MON + timedelta(days=1), True),
        _row("bo-reply", "bo@beta.example", "b1", MON + timedelta(days=1, hours=2), False),
    ])
    settled = in_conversations(rows, pl.DataFrame(schema=REPLIED_SCHEMA), SENDS)
    assert dict(settled.select("message_id", "send_key").iter_rows()) == {
        "ann-reply": "a1", "ann-answer": "a1", "bo-answer": "b2", "bo-reply": "b1"}
    assert BY_SENDER not in settled.columns and FETCHED_AT not in settled.columns


def test_a_reply_read_earlier_counts_whatever_date_it_bears():
    """Her reply stored by an earlier read is before anything read now, as it was when matched then."""
    replied = pl.DataFrame([{"message_id": "ann-reply", "contact_email": "ann@acme.example", "send_key": "a1",
                             "replied_at": MON + timedelta(days=1, hours=5), "fetched_at": READ - timedelta(hours=1)}],
                           schema=REPLIED_SCHEMA)
    rows = pl.DataFrame([_row("ann-answer", "ann@acme.example", "a2", MON + timedelta(days=1), True)])
    assert in_conversations(rows, replied, SENDS)["send_key"].to_list() == ["a1"]
