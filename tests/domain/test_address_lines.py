"""The greeting names the contact and the signature the sender: another name the facts give (the
sender, an investor, the person a signal names, the contact herself signing) is a reason, while
the contact's and the sender's names in their usual forms, and a draft with neither line, pass."""

import pytest

from sdr_assets.domain.address_lines import Roles, address_line_reasons

FACTS = ("Dana", "Park", "VP Sales", "Initech", "Software", "Series B", "Accel", "Maria Lopez",
         "Chief Revenue Officer", "Jordan Lee")
ROLES = Roles("Dana Park", "Jordan Lee", FACTS)
TEMPLATE = ("Hi Dana,\n\nCongrats on Initech's Series B. Open to a short call next week?\n\nJordan Lee\n"
            "Congrats on the Series B\n")
GROUNDS = "\n".join([TEMPLATE, *FACTS])
MIDDLE = "Congratulations on the Series B at Initech. Open to a short call next week?"


def _reasons(first: str, last: str, roles: Roles | None = ROLES) -> list[str]:
    return address_line_reasons(f"{first}\n\n{MIDDLE}\n\n{last}\n", GROUNDS, roles)


@pytest.mark.parametrize(("first", "last", "reason"), [
    ("Hi Jordan,", "Jordan Lee", "greets Jordan, not the contact Dana Park"),
    ("Hi Accel,", "Jordan Lee", "greets Accel, not the contact Dana Park"),
    ("hi maria,", "Jordan Lee", "greets maria, not the contact Dana Park"),
    ("Dear Maria Lopez,", "Jordan Lee", "greets Maria Lopez, not the contact Dana Park"),
    ("Jordan,", "Jordan Lee", "greets Jordan, not the contact Dana Park"),
    ("Hi Initech team,", "Jordan Lee", "greets Initech team, not the contact Dana Park"),
    ("Hi Dana,", "Dana Park", "signed by Dana Park, not the sender Jordan Lee"),
    ("Hi Dana,", "Best,\nDana", "signed by Dana, not the sender Jordan Lee"),
    ("Hi Dana,", "- accel", "signed by accel, not the sender Jordan Lee"),
    ("Hi Dana,", "Maria", "signed by Maria, not the sender Jordan Lee"),
])
def test_a_name_the_facts_give_someone_else_is_a_reason(first, last, reason):
    assert _reasons(first, last) == [reason]


@pytest.mark.parametrize(("first", "last"), [
    ("Hi Dana,", "Jordan Lee"),
    ("Hello Dana Park,", "Jordan"),
    ("Dear Ms. Park,", "Best regards,\nJordan Lee"),
    ("hi dana,", "- jordan"),
    ("Dana,", "Thanks,\nJordan"),
    ("Hi there,", "Jordan Lee"),
    ("Good morning Dana!", "Cheers,\nJordan"),
    ("Hi Dana, congrats on the round.", "Congrats again!"),  # the template's own word ends the draft
    ("Congratulations on the Series B.", "Open to it?"),  # no greeting, no signature
])
def test_the_contact_greeted_and_the_sender_signing_pass(first, last):
    assert _reasons(first, last) == []


def test_a_contact_the_facts_give_no_name_is_greeted_by_none():
    roles = Roles("", "Jordan Lee", tuple(f for f in FACTS if f not in ("Dana", "Park")))
    assert _reasons("Hi Dana,", "Jordan Lee", roles) == ["greets Dana, not the contact (the facts give no name)"]
    assert _reasons("Hi there,", "Jordan Lee", roles) == []


def test_a_name_nowhere_in_the_facts_keeps_its_reason():
    assert _reasons("Hi Danny,", "Jordan Lee") == ["greeting names someone not in the facts: Danny"]
    assert _reasons("Hi Dana,", "Will") == ["signed by someone not in the facts: Will (Will)"]


def test_without_roles_any_name_the_grounds_give_passes_as_before():
    """Text that is no email to a contact (an angle, a suggested answer) has no roles to check."""
    assert _reasons("Hi Jordan,", "Dana Park", roles=None) == []
    assert _reasons("Hi Danny,", "Jordan Lee", roles=None) == ["greeting names someone not in the facts: Danny"]
