"""A plain request to leave all our mail, worded with "all" before whose mail it is ("Count me out of all your
emails", "I want out of all these mailings"), is recorded as the opt-out that "Count me out of these emails" is:
the word "all" asks more, not less; so is "I'd like out." as "I want out." is. Out of one event ("I'd like out of the
webinar") a person reads."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Count me out of all your emails.",
    "Count us out of any your future emails, thanks.",
    "I want out of all these mailings.",
    "We'd like out of all of your emails.",
    "Count me out of all emails.",
    "I'd like out, thanks.",
])
def test_out_of_all_our_mail_is_recorded(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "I'd like out of the webinar, Dana will go.",
    "We'd like out of all the webinar reminders, thanks.",
])
def test_out_of_one_event_goes_to_a_person(text):
    assert_read_by_a_person(text)
