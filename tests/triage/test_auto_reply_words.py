"""A reply to our message is a person's unless its headers or its own text say it is automatic; an
automatic reply's own text is still read for an opt-out."""

import pytest

from sdr_assets.demo.catalog import OUT_OF_OFFICE
from sdr_assets.triage import classify_message
from sdr_assets.triage.result import AUTO_MAY_ASK_TO_STOP

from .helpers import make_message


@pytest.mark.parametrize("prefix", ["Antwort:", "R:", "Odp:", "VS:", "RIF:", "回复：", "Re[2]:", "SV:", "RES:",
                                    "Vá:", "Ynt:", "TR:", "RV:"])
def test_words_of_our_subject_after_any_clients_reply_prefix_are_ours(prefix):
    result = classify_message(make_message("Interested - can you send pricing for 50 seats?",
                                           subject=f"{prefix} Your ticketing stack at Acme"))
    assert result.kind == "human", prefix


@pytest.mark.parametrize("subject,body,label", [
    ("Out of office - Re: Quick question", "I'm back now. Please stop emailing me.", "unsubscribe"),
    ("R: Absence management for Acme", "Please remove me from your list.", "unsubscribe"),
    ("Vacation policy software - remove me", "Please take me off your list.", "unsubscribe"),
    ("Away this week, but interested", "Can we meet on the 14th? Send pricing please.", None),
    ("Thank you for your email - let's talk", "Sounds great, I'm interested. Can you do a demo Thursday?", None),
    ("Ticket pricing question", "Interested - can you send pricing for 50 seats?", None),
])
def test_a_reply_to_our_message_without_auto_headers_is_not_automatic_by_its_subject(subject, body, label):
    result = classify_message(make_message(body, subject=subject))
    assert result.kind == "human", (subject, result.kind)
    if label:
        assert result.label == label


@pytest.mark.parametrize("subject,body", [
    ("Out of office", "I am on vacation until 14 June 2024 with limited access to email."),
    ("Automatic reply: Quick question", "Thank you. Your ticket #48213 has been created."),
])
def test_an_away_or_automatic_text_with_such_a_subject_is_still_automatic(subject, body):
    assert classify_message(make_message(body, subject=subject)).kind in ("out_of_office", "auto_reply")


def test_a_subject_alone_still_marks_mail_that_answers_none_of_ours():
    result = classify_message(make_message("We will get back to you.", subject="Out of office", reply=False))
    assert result.kind in ("out_of_office", "auto_reply")


@pytest.mark.parametrize("headers,body", [
    ({"Auto-Submitted": "auto-replied"},
     "I am out of the office until 10 June 2024.\nAlso: please remove me from your mailing list, I am not interested."),
    ({"X-Autoreply": "yes"}, "Please unsubscribe me from all your emails."),
    ({"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"},
     "Thank you for your email. I do not accept unsolicited sales emails; please remove me from your mailing list."),
    ({"X-MS-Exchange-Inbox-Rules-Loop": "pat@customer.example"}, "Please unsubscribe me."),
])
def test_an_auto_reply_whose_own_text_asks_to_stop_is_an_opt_out(headers, body):
    result = classify_message(make_message(body, subject="Automatic reply: Quick question", headers=headers))
    assert (result.kind, result.label) == ("human", "unsubscribe")


def test_an_opt_out_quoted_under_an_auto_reply_is_not_its_own():
    body = ("I am out of the office until 10 June 2024.\n\nOn Mon, Alex <alex@sdr.example> wrote:\n"
            "> Reply STOP or ask us to remove you from our mailing list.\n")
    result = classify_message(make_message(body, subject="Automatic reply: Quick question",
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert result.kind == "out_of_office"


def test_a_persons_reply_asking_to_verify_us_is_no_challenge_response():
    text = ("Interested. Can you verify that you are a real company? Click the link to confirm our meeting: "
            "https://cal.example/x and confirm that you can do Thursday.")
    result = classify_message(make_message(text, subject="Re: Quick question about your pipeline"))
    assert (result.kind, result.label) == ("human", "interested")


def test_a_challenge_naming_its_system_is_one_even_in_reply_to_our_message():
    result = classify_message(make_message("This account is protected by Boxbe. Please verify your message.",
                                           subject="Re: Quick question"))
    assert result.kind == "auto_reply"


@pytest.mark.parametrize("headers", [{"Auto-Submitted": "auto-replied"},
                                     {"X-MS-Exchange-Inbox-Rules-Loop": "pat@customer.example"}])
def test_interest_in_an_auto_replys_own_text_goes_to_a_person(headers):
    body = "I am away until Monday. Actually yes, I'm interested - can you send pricing? Let's book a call next week."
    result = classify_message(make_message(body, subject="Automatic reply: Quick question", headers=headers))
    assert (result.kind, result.label, result.needs_review) == ("human", "interested", True)


def test_words_of_opting_out_in_an_auto_replys_own_text_go_to_a_person():
    body = "I am out of the office until 10 June 2024. Who added me to this list? Opt-out options?"
    result = classify_message(make_message(body, subject="Automatic reply: Quick question",
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.needs_review, result.reason) == ("human", True, AUTO_MAY_ASK_TO_STOP)


@pytest.mark.parametrize("body", [
    *(text.format(date="14 June 2024", alt_name="Jane Doe", alt_email="jane.doe@customer.example")
      for texts in OUT_OF_OFFICE.values() for text in texts),
    "I am out of the office until 14 June 2024. Questions? Contact my team at team@customer.example.",
    "I'm on vacation and will be back on June 12th. If urgent, can you call my colleague?",
])
def test_an_ordinary_away_message_stays_one(body):
    result = classify_message(make_message(body, subject="Automatic reply: Quick question",
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.needs_review) == ("out_of_office", False)
