"""Out-of-office detection and return dates in English, German, French and Spanish."""

from datetime import date
from unittest import mock

import pytest

from sdr_assets.domain.said_outright import SENTENCE_BREAKS
from sdr_assets.triage import classify_message
from sdr_assets.triage.autoreply import beyond_notice, is_challenge, return_date

from .helpers import make_message

MONDAY = date(2024, 6, 3)  # the message Date below is Monday 3 June 2024


@pytest.mark.parametrize("text,expected", [
    # English
    ("I am out of the office until 14 June 2024 with limited access to email.", date(2024, 6, 14)),
    ("I'm on vacation and will be back on June 12th.", date(2024, 6, 12)),
    ("Away at a conference, back Monday.", date(2024, 6, 10)),
    ("I'm out today, back tomorrow.", date(2024, 6, 4)),
    ("Out of office. Returning 2024-06-20.", date(2024, 6, 20)),
    ("I am away until 05/07/2024 and unable to read your message.", date(2024, 7, 5)),
    # German
    ("Ich bin bis zum 14. Juni nicht im Büro.", date(2024, 6, 14)),
    ("Vielen Dank für Ihre Nachricht. Ab dem 17.06.2024 bin ich wieder erreichbar.", date(2024, 6, 17)),
    ("Ich bin im Urlaub und ab Donnerstag wieder da.", date(2024, 6, 6)),
    ("Ich bin nächste Woche wieder im Büro.", date(2024, 6, 10)),
    # French
    ("Je suis absent jusqu'au 21 juin inclus.", date(2024, 6, 21)),
    ("Je serai de retour le lundi 1er juillet 2024.", date(2024, 7, 1)),
    ("En congés, de retour mercredi.", date(2024, 6, 5)),
    ("Je suis absente, retour la semaine prochaine.", date(2024, 6, 10)),
    # Spanish
    ("Estoy fuera de la oficina hasta el 20 de junio.", date(2024, 6, 20)),
    ("Estaré de vacaciones. Regreso el 1 de julio de 2024.", date(2024, 7, 1)),
    ("Estoy de viaje, vuelvo el viernes.", date(2024, 6, 7)),
    ("Ausente hasta mañana.", date(2024, 6, 4)),
])
def test_return_date(text, expected):
    assert return_date(text, MONDAY) == expected


def test_no_date_no_guess():
    assert return_date("I am out of the office with limited access to email.", MONDAY) is None


def test_year_rolls_over_for_january_return():
    assert return_date("Out of office until 6 January.", date(2024, 12, 20)) == date(2025, 1, 6)


@pytest.mark.parametrize("headers,subject", [
    ({"Auto-Submitted": "auto-replied"}, "Out of Office: Quick question"),
    ({"X-Autoreply": "yes"}, "Re: Quick question"),
    ({"Precedence": "auto_reply"}, "Abwesenheitsnotiz: Quick question"),
    ({"X-Autorespond": "1"}, "Réponse automatique : Quick question"),
    ({}, "Respuesta automática: Quick question"),
])
def test_out_of_office_message(headers, subject):
    raw = make_message("Estoy fuera de la oficina / out of office until June 14, 2024.", subject=subject,
                       headers=headers)
    result = classify_message(raw)
    assert result.kind == "out_of_office"
    assert result.return_date == date(2024, 6, 14)
    assert result.label is None


@pytest.mark.parametrize("body", [
    "Thank you for contacting support. Your ticket #48213 has been created and we will respond shortly.",
    "This mailbox is not monitored. Please contact support@customer.example instead.",
])
def test_other_auto_replies(body):
    raw = make_message(body, subject="Automatic reply: Quick question", headers={"Auto-Submitted": "auto-replied"})
    result = classify_message(raw)
    assert result.kind == "auto_reply"
    assert result.return_date is None


def test_relative_date_uses_message_date_header():
    raw = make_message("I'm out of the office, back Monday.", subject="Out of office",
                       date="Thu, 13 Jun 2024 08:00:00 +0000", headers={"Auto-Submitted": "auto-replied"})
    assert classify_message(raw).return_date == date(2024, 6, 17)


@pytest.mark.parametrize("body,expected", [
    ("I'm out of the office, back tomorrow.", None), ("Away until Monday.", None),
    ("Out of office, back next week.", None), ("Back on 31.12.9999.", date(9999, 12, 31))])
def test_an_away_message_dated_at_the_end_of_the_calendar_is_still_classified(body, expected):
    # A day after 31 December 9999 is no date: it is left out, not raised.
    raw = make_message(body, subject="Out of office", date="Fri, 31 Dec 9999 23:00:00 +0000",
                       headers={"Auto-Submitted": "auto-replied"})
    result = classify_message(raw)
    assert (result.kind, result.return_date) == ("out_of_office", expected)


def test_a_date_past_the_calendar_in_utc_is_no_date():
    raw = make_message("Out of office.", subject="Out of office", date="Fri, 31 Dec 9999 23:00:00 -2359",
                       headers={"Auto-Submitted": "auto-replied"})
    assert classify_message(raw).sent_at is None


@pytest.mark.parametrize("body,referrals", [
    ("Thank you for your email. Pat Doe is no longer with Customer Inc. For revenue operations please "
     "contact jane.doe@customer.example instead.", ["jane.doe@customer.example"]),
    ("Pat Doe hat das Unternehmen verlassen. Bitte wenden Sie sich an ops@customer.example.", ["ops@customer.example"]),
    ("Pat has left the company and this mailbox is not monitored.", []),
])
def test_an_auto_reply_saying_the_contact_left_is_a_wrong_person_answer_with_its_referral(body, referrals):
    result = classify_message(make_message(body, subject="Automatic reply: Quick question",
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.label, result.referrals) == ("human", "wrong_person", referrals)
    assert result.needs_review == (not referrals), "with nobody named, a person looks for the successor"


def test_an_away_message_naming_a_deputy_stays_an_away_message():
    result = classify_message(make_message(
        "I am out of the office until 14 June 2024. For anything urgent please contact jane.doe@customer.example.",
        subject="Out of Office: Quick question", headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.return_date) == ("out_of_office", date(2024, 6, 14))


@pytest.mark.parametrize("subject", ["Re: Head of Ticketing at Acme", "RE: Revenue Operations Manager at Away",
                                     "AW: Congrats on the Series B - Absence.io", "Re: Request received at Acme"])
def test_words_of_our_own_subject_after_re_do_not_make_a_reply_an_auto_reply(subject):
    result = classify_message(make_message("Please unsubscribe me.", subject=subject))
    assert (result.kind, result.label) == ("human", "unsubscribe")


@pytest.mark.parametrize("subject", ["Automatic reply: Re: Head of Ticketing at Acme", "Out of Office: RE: Hello",
                                     "Abwesenheitsnotiz: AW: Hallo"])
def test_an_auto_reply_marker_before_the_re_still_makes_an_auto_reply(subject):
    result = classify_message(make_message("I am out of the office until Monday.", subject=subject))
    assert result.kind in ("out_of_office", "auto_reply")


def test_our_own_message_quoted_under_a_reply_is_no_challenge_response():
    quoted = "> Hi Pat, we audited 40 RevOps teams.\n> Click the link to get your copy of the report.\n"
    body = f"Please unsubscribe me.\n\nOn Mon, 3 Jun 2024 at 09:00, Alex <alex@sdr.example> wrote:\n{quoted}"
    result = classify_message(make_message(body))
    assert (result.kind, result.label) == ("human", "unsubscribe")


@pytest.mark.parametrize("text", [
    "Yes, interested! Our budget for this is already pre-approved. Can we talk on Thursday?",
    "Sounds good. Please click the link to get a slot on my calendar: https://cal.example/jane",
    "We'd love a demo. The purchase requires confirmation from our CFO, so what does it cost?",
    "Happy to talk. You are on the guest list for our launch event too.",
])
def test_one_phrase_of_a_challenge_response_in_a_persons_reply_leaves_it_a_reply(text):
    result = classify_message(make_message(text))
    assert result.kind == "human", (result.kind, result.label)


@pytest.mark.parametrize("text", [
    "This account is protected by Bluebottle. Your message is held.",
    "Click the following link to have your address added to the allowed list.",
    "Your message requires confirmation: click the link to confirm delivery.",
])
def test_a_challenge_names_its_system_or_asks_twice(text):
    assert is_challenge(text)


def test_what_a_person_adds_to_an_away_notice_is_kept_sentence_by_sentence():
    notice = "I am out of the office until Monday.\nActually yes, send pricing! For urgent matters contact Bo."
    assert beyond_notice(notice) == "Actually yes, send pricing!"


def test_an_away_notice_is_split_by_the_sentence_breaks_the_truth_checks_hold_not_a_copy():
    """A copy, under any name or spelling, would drift from the truth checks' breaks: the notice is split by theirs."""
    notice = "I am out of the office until Monday.\nActually yes, send pricing! For urgent matters contact Bo."
    with mock.patch.object(SENTENCE_BREAKS, "split", wraps=SENTENCE_BREAKS.split) as split:
        assert beyond_notice(notice) == "Actually yes, send pricing!"
    split.assert_called_once_with(notice)
