"""A conversation in the inbox from one address of a person whose other address (joined by her
LinkedIn profile, or her full name at the account) unsubscribed is marked suppressed and opted out,
with no sales answer suggested and no deadline: the send step stops her mail at both addresses, yet
the inbox offered a sales answer at the other one. A bounce stays the address's."""

from sdr_assets.domain.suppression import Suppressions
from sdr_assets.inbox import marked_suppressed
from sdr_assets.shared_profiles import OPTED_OUT_ELSEWHERE

LINKED = {"jane@acme.example": "jane@acme.example", "jane@acme-io.example": "jane@acme.example"}


def _conversation(address: str) -> dict:
    return {"contact_email": address, "status": "open", "over_sla": True,
            "suggested_response": "Thanks Jane, glad this is timely. Which times suit you?"}


def _marked(reason: str) -> dict:
    suppressions = Suppressions()
    suppressions.add("jane@acme.example", reason)
    [row] = marked_suppressed([_conversation("Jane@Acme-IO.example")], suppressions, LINKED)
    return row


def test_her_unsubscribe_at_one_address_marks_her_conversation_at_the_other():
    row = _marked("unsubscribe_link")
    assert row["suppressed"] == OPTED_OUT_ELSEWHERE and row["opted_out"]
    assert row["suggested_response"] is None and not row["over_sla"]


def test_a_bounce_at_one_address_leaves_her_conversation_at_the_other_as_it_was():
    row = _marked("hard_bounce")
    assert row["suppressed"] is None and not row["opted_out"]
    assert row["suggested_response"] and row["over_sla"]


def test_a_stranger_at_the_same_company_is_not_marked():
    suppressions = Suppressions()
    suppressions.add("jane@acme.example", "unsubscribe_link")
    [row] = marked_suppressed([_conversation("bob@acme-io.example")], suppressions, LINKED)
    assert row["suppressed"] is None and row["suggested_response"]
