"""An auto-reply saying the contact has gone, in the words such notices commonly use, is a wrong-person
answer: her sequence stops (``holds_from``) and the successor it names goes to a person as a referral.
An away message that only says the person left the office, or for a trip, stays an away message."""

from datetime import UTC, datetime

import polars as pl
import pytest

from sdr_assets.domain.holds import holds_from
from sdr_assets.triage import classify_message

from .helpers import make_message

AUTO = {"Auto-Submitted": "auto-replied"}


@pytest.mark.parametrize("body", [
    "Thank you for your email. I have left Customer Inc. For any questions please contact Jane Doe at "
    "jane.doe@customer.example.",
    "Hello, I've moved on from Customer Inc. Please contact jane.doe@customer.example instead.",
    "Thank you for your message. Pat's last day at Customer Inc was November 30. Please reach out to "
    "jane.doe@customer.example going forward.",
    "Pat Doe has retired. Please contact jane.doe@customer.example.",
    "This mailbox is no longer monitored. Please write to jane.doe@customer.example.",
])
def test_a_departure_notice_is_a_wrong_person_answer_that_stops_the_sequence(body):
    result = classify_message(make_message(body, subject="Automatic reply: Quick question", headers=AUTO))
    assert (result.kind, result.label, result.referrals) == ("human", "wrong_person", ["jane.doe@customer.example"])
    row = {"received_at": result.sent_at, "contact_email": "pat@customer.example", "from_addr": result.from_addr,
           "kind": result.kind, "label": result.label, "hard": None, "return_date": None,
           "message_id": "m1", "optout_targets": "[]"}
    holds = holds_from(pl.DataFrame([row]), datetime(2024, 6, 3, 12, tzinfo=UTC))
    assert holds.select("email", "hold").rows() == [("pat@customer.example", "stop")]


@pytest.mark.parametrize("body", [
    "I have left the office for the holidays and will be back on 14 June 2024.",
    "I have left London for a conference and am back on 14 June 2024.",
    "My last day at the office before my leave is Friday; I return on 14 June 2024.",
])
def test_an_away_message_that_left_the_office_stays_an_away_message(body):
    result = classify_message(make_message(body, subject="Automatic reply: Quick question", headers=AUTO))
    assert result.kind == "out_of_office", (body, result.kind, result.label)


@pytest.mark.parametrize("body", [
    "I have left Paris and will be back on 14 June 2024.",
    "I have left NYC. Back in the office on 14 June 2024.",
    "My last day at Customer Inc before parental leave was Friday; I return on 1 September 2024.",
    "Pat has retired for the day. Back tomorrow.",
    "My inbox is no longer being checked while I am on leave; I return on 14 June 2024.",
    "This mailbox is no longer monitored on weekends. I will reply on Monday.",
])
def test_an_away_message_in_words_of_leaving_that_gives_a_return_stays_an_away_message(body):
    """Words that say she left, where the message says when she is back or when the mailbox is read, are an
    away message's: her sequence waits for her, and no successor is proposed."""
    result = classify_message(make_message(body, subject="Automatic reply: Quick question", headers=AUTO))
    assert result.kind in ("out_of_office", "auto_reply"), (body, result.kind, result.label)
