"""Leaving one reminder, event or thread in other words than "unsubscribe me from" ("I'd like to unsubscribe from the
webinar reminders", "Opt me out of the event reminders", "I'd like to opt out of the webinar", "take me off this email
chain") asks no stop of our mail: a person reads it, where every play was stopped for good. The same words about our
mail ("opt out of your mailing list", "to be removed from your list", "Opt us out of all future emails") or about
nothing named ("Opt me out.", "How do I unsubscribe?") are recorded as opt-outs, and so is "your email group", which
names our mail."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "I'd like to unsubscribe from the webinar reminders.",
    "How do I unsubscribe from the webinar reminders?",
    "I'd like to opt out of the webinar.",
    "Opt me out of the event reminders.",
    "We'd like to be removed from the meeting invite, Dana will go.",
    "Remove me from this email thread, Dana is handling it.",
    "Please take me off this email chain, Dana will reply.",
])
def test_leaving_one_other_thing_goes_to_a_person(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "I'd like to opt out of your mailing list.",
    "I'd like to unsubscribe from your emails.",
    "We'd like to be removed from your list.",
    "Opt us out of all future emails.",
    "Opt me out.",
    "How do I unsubscribe?",
    "Remove me from your email group.",
    "I'd like to opt out of the webinar and your mailing list.",
])
def test_leaving_our_mail_is_recorded(text):
    assert_recorded(text)
