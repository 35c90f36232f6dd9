"""A removal from a thread that hands our mail on to a colleague ("remove me from this thread and direct any future
emails to Dana", "copy Dana on any future emails", "leiten Sie alle weiteren E-Mails an Frau Koch weiter") or that
leaves only the mail of the other thing ("the invite and all related emails") is no opt-out: a person reads it and
follows the referral. Since 7e5bc3ee 'all future emails' after 'and' read as all our mail, so she was suppressed
for good and her colleague's name was closed with no person told."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Please remove me from this thread and direct any future emails to my colleague Dana.",
    "Please remove me from this thread and copy my colleague Dana on any future emails.",
    "Please remove me from this thread and include Dana on all further messages.",
    "Please take me off this conversation and route any future emails to Dana, she owns this now.",
    "Please remove me from this thread and forward all future emails to Dana Lee.",
    "Bitte nehmen Sie mich aus dem Thread und leiten Sie alle weiteren E-Mails an Frau Koch weiter.",
    "Remove me from the invite and all related emails please, Dana will attend instead.",
])
def test_a_removal_that_hands_our_mail_on_goes_to_a_person(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Remove me from this conversation and any future emails.",
    "Please remove me from this thread and all future emails, no need to forward them.",
])
def test_a_removal_with_all_our_mail_is_still_recorded(text):
    assert_recorded(text)
