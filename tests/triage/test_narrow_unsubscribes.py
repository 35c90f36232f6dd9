"""A request to be unsubscribed from one thing that is not our mail (the demo reminders, a meeting invite, the emails
about one webinar) is no opt-out: an opt-out stops every play for good and nobody reads it, while she asked to leave
one reminder or one event, so a person reads what she asked. "Unsubscribe me" from our mail, our newsletter, or from
the invite "and any future emails" (all our mail, named with no subject that narrows it) is recorded as the opt-out
it is."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Unsubscribe me from the demo reminders",
    "Please unsubscribe me from the webinar reminders, I'll be there.",
    "Unsubscribe me from the meeting invite, Dana will attend.",
    "Kindly unsubscribe me from the calendar invite.",
    "remove me from the calendar invite and any future emails about the webinar",
    "Take me off the invite and all future emails regarding the event, I can't attend.",
])
def test_an_unsubscribe_from_one_other_thing_goes_to_a_person(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Unsubscribe me from your emails.",
    "Please unsubscribe me.",
    "Unsubscribe me from the newsletter.",
    "Unsubscribe me from your mailing list and the demo reminders.",
    "remove me from the calendar invite and any future emails",
    "Remove me from this thread and all future emails from you.",
])
def test_an_unsubscribe_from_our_mail_is_recorded(text):
    assert_recorded(text)
