"""A removal from another thing asked together with one from our mail ("this conversation and all future emails",
"the loop and any further emails", "aus der Unterhaltung und aus allen weiteren E-Mails") is the opt-out it is, as
one together with our list is; a reminder of our campaign or sequence ("your drip campaign reminders") is our mail,
and "stop emailing me reminders or anything else" asks for no mail at all: each was recorded before the lists of
other things grew, and then waited for a person to record what she had said. Our list or mail kept on ("this thread
and keep me on your list") is no opt-out: a person reads it."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Take me off this conversation and all future emails, please.",
    "Remove me from this conversation and any future emails.",
    "Please remove me from these reminders and all your emails.",
    "Remove me from the loop and from any further emails.",
    "Bitte nehmen Sie mich aus der Unterhaltung und aus allen weiteren E-Mails.",
    "Retirez-moi de cette conversation et de tous vos envois.",
    "Please remove me from your drip campaign reminders.",
    "Remove me from your sequence reminders, thanks.",
    "Stop emailing me reminders or anything else.",
])
def test_a_removal_with_our_mail_is_recorded(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Remove me from the calendar invite and the emails about it, Dana will attend.",
    "Please remove me from the shared doc and email Dana instead.",
    "Stop emailing me reminders for the demo, I'll be there.",
])
def test_a_removal_from_another_thing_alone_goes_to_a_person(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Remove me from this thread and keep me on your mailing list, please.",
    "Please remove me from the meeting invite and keep sending your emails, Dana will attend.",
    "Remove me from the calendar invite and send future emails to dana@customer.example.",
])
def test_a_removal_from_another_thing_that_keeps_our_mail_goes_to_a_person(text):
    assert_read_by_a_person(text)
