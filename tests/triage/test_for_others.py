"""An opt-out written for someone else suppresses nobody on its word; one that includes its writer is hers."""

import pytest

from sdr_assets.domain.mail_optouts import known_mailboxes, mail_optout
from sdr_assets.triage import classify_message

from .helpers import make_message

BOB, ANN = "bob@acme.example", "ann@acme.example"
KNOWN = known_mailboxes([ANN, BOB])


@pytest.mark.parametrize("text", [
    "Hi Sam, Ann asked to be removed from your list, please don't contact her again.\nBob",
    "Hi, my colleague asked to be removed from your list, please don't contact her again.\nBob",
    "Please unsubscribe Ann, she is on leave.",
])
def test_a_request_for_someone_else_is_marked_so(text):
    result = classify_message(make_message(text, from_addr=BOB))
    assert (result.label, result.for_others) == ("unsubscribe", True)


@pytest.mark.parametrize("text", [
    "Please unsubscribe me.",
    "Ann asked to be removed from your list. Please remove me too.",
    "Please stop emailing us.",
    "Unsubscribe",
])
def test_a_request_that_includes_its_writer_or_names_nobody_is_hers(text):
    result = classify_message(make_message(text, from_addr=BOB))
    assert (result.label, result.for_others) == ("unsubscribe", False)


def test_the_writer_who_spoke_for_someone_else_is_not_suppressed_and_a_person_decides():
    decided = mail_optout(from_addr=BOB, contact_email=ANN, verified_address=None, known_mailboxes=KNOWN,
                          to_unsubscribe_address=False, for_others=True)
    assert decided.targets == () and decided.needs_review and "someone else" in decided.reason
    fresh = mail_optout(from_addr=BOB, contact_email=None, verified_address=None, known_mailboxes=KNOWN,
                        to_unsubscribe_address=False, for_others=True)
    assert fresh.targets == () and fresh.needs_review
    proven = mail_optout(from_addr=BOB, contact_email=ANN, verified_address=ANN, known_mailboxes=KNOWN,
                         to_unsubscribe_address=False, for_others=True)
    assert proven.targets == (ANN,) and not proven.needs_review, "her own token still suppresses her"
    own = mail_optout(from_addr=ANN, contact_email=ANN, verified_address=None, known_mailboxes=KNOWN,
                      to_unsubscribe_address=False, for_others=True)
    assert own.targets == (ANN,), "the contact's own reply suppresses her, whatever it says of others"
    mailto = mail_optout(from_addr=BOB, contact_email=None, verified_address=None, known_mailboxes=KNOWN,
                         to_unsubscribe_address=True, for_others=True)
    assert mailto.targets == (BOB,), "mail to the List-Unsubscribe is its writer's own"

