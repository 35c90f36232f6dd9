"""A request to discontinue some emails of a thing ("Please discontinue the duplicate emails", "Please discontinue the
reminder emails", "Please discontinue the trial emails") asks to stop those, not every mail for good: a person reads
it. Taken for "Please discontinue these emails", each was recorded as a permanent opt-out with nobody told. Our mail
named as a whole or by its kind ("Kindly discontinue your marketing emails", "Please discontinue all further
emails") is still recorded."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Please discontinue the duplicate emails.",
    "Please discontinue the reminder emails.",
    "Please discontinue the trial emails.",
    "Please discontinue the invoice messages.",
])
def test_emails_of_a_thing_discontinued_are_read_by_a_person(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Please discontinue these emails",
    "Kindly discontinue your marketing emails.",
    "Please discontinue all further emails.",
    "Please discontinue the sales emails, thanks.",
    "Please discontinue the automated messages.",
])
def test_our_mail_discontinued_is_recorded(text):
    assert_recorded(text)
