"""Which suppressions end a contact's sequence and which only hold it until a person lifts them.

An unsubscribe (any channel) and a complaint about a message we sent end it; a hard bounce, a
person's entry, an unmatched complaint and repeated soft bounces hold it. Where several entries
cover one address, the ending one is the answer, whichever was recorded first."""

from datetime import UTC, datetime, timedelta

import pytest

from sdr_assets.domain.suppression import ADD, LIFT, Event, Suppressions, active_entries

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
ANN = "ann.lee@acme.example"


def _event(n: int, target: str, reason: str, action: str = ADD) -> Event:
    return Event(f"e{n}", target, action, reason, None, "Dana Whitfield", "", T0 + timedelta(minutes=n))


@pytest.mark.parametrize("reason", ["unsubscribe_link", "unsubscribe_mail", "unsubscribe_reply", "complaint"])
def test_an_unsubscribe_or_a_matched_complaint_ends_the_sequence(reason):
    suppressions = Suppressions(active_entries([_event(1, ANN, reason)]))
    assert suppressions.reason_for(ANN) == reason and suppressions.ends(ANN)


@pytest.mark.parametrize("reason", ["hard_bounce", "manual", "unmatched_complaint", "repeated_soft_bounce"])
def test_an_entry_a_person_may_lift_only_holds_the_sequence(reason):
    suppressions = Suppressions(active_entries([_event(1, ANN, reason)]))
    assert suppressions.reason_for(ANN) == reason, "never mailed meanwhile"
    assert not suppressions.ends(ANN)


@pytest.mark.parametrize("first", ["manual", "unsubscribe_link"])
def test_an_ending_reason_wins_over_a_hand_entry_whichever_came_first(first):
    second = "unsubscribe_link" if first == "manual" else "manual"
    suppressions = Suppressions(active_entries([_event(1, "Ann.Lee+news@acme.example", first), _event(2, ANN, second)]))
    assert suppressions.reason_for(ANN) == "unsubscribe_link"
    assert suppressions.ends(ANN)


def test_an_unsubscribe_added_after_a_hand_entry_is_the_answer_of_a_list_read_before():
    suppressions = Suppressions(active_entries([_event(1, ANN, "manual")]))
    suppressions.add(ANN, "unsubscribe_link")  # as a click in the log reaches a batch under way
    assert suppressions.reason_for(ANN) == "unsubscribe_link" and suppressions.ends(ANN)
    suppressions.add(ANN, "manual")
    assert suppressions.reason_for(ANN) == "unsubscribe_link"


def test_a_domain_entry_holds_while_a_mailbox_unsubscribe_under_it_ends():
    suppressions = Suppressions(active_entries([_event(1, "@acme.example", "manual"),
                                                _event(2, "ben@acme.example", "unsubscribe_mail")]))
    assert suppressions.reason_for(ANN) == "manual (domain @acme.example)" and not suppressions.ends(ANN)
    assert suppressions.reason_for("ben@acme.example") == "unsubscribe_mail"
    assert suppressions.ends("ben@acme.example")


def test_a_lifted_hand_entry_leaves_the_unsubscribe_that_ends_the_sequence():
    events = [_event(1, ANN, "manual"), _event(2, ANN, "unsubscribe_reply"), _event(3, ANN, "lift", LIFT)]
    suppressions = Suppressions(active_entries(events))
    assert suppressions.reason_for(ANN) == "unsubscribe_reply" and suppressions.ends(ANN)
    assert not Suppressions(active_entries([_event(1, ANN, "manual"), _event(3, ANN, "lift", LIFT)])).reason_for(ANN)
