"""A contact whose address enrichment changes (the same name at the same account, no LinkedIn profile to
join the two) is the same person: her sequence goes on where it began, and she never gets the play's
first email again at the new address, during her sequence or after it completed and its research was
let go. Before, the new address was a new contact at the account: it waited for her old sequence to
end, then got step 1 again."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from resources.defaults import build_resources
from sdr_assets.domain.sequencing import linked_people
from tests.follow_up_world import FOLLOW_UP_DAY, PLAY, rows
from tests.test_one_thread_per_account import DAY, START, _day, _earlier_contact


def _new_address(data_dir: Path, old: str) -> str:
    """The provider's contacts with ``old``'s address changed, her name and account as they were, no profile."""
    path = data_dir / "reference" / "contacts.csv"
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, contacts = reader.fieldnames, list(reader)
    (hers,) = [c for c in contacts if c["email"].lower() == old.lower()]
    hers.update(email=f"{hers['first_name']}.{hers['last_name']}.new@{hers['company_domain']}".lower(),
                linkedin_url="")
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(contacts)
    return hers["email"]


def _firsts(resources, addresses: list[str]) -> list[tuple]:
    return rows(resources, "select contact_email, step from send_ledger where play = ? and status = 'sent' and "
                           "contact_email in (select unnest(?::varchar[])) order by 2, 1", [PLAY, addresses])


@pytest.mark.opening("series_b_sent")
def test_her_new_address_never_gets_the_first_email_again(environ, instance, data_dir):
    old, _ = _earlier_contact(build_resources(environ()))
    new = _new_address(data_dir, old)

    during = _day(environ, instance, START + 2 * DAY)
    assert rows(during, "select count(*) from message_drafts where play = ? and contact_email = ?", [PLAY, new]) \
        != [(0,)], "her new address is drafted"
    assert _firsts(during, [old, new]) == [(old, 1)]
    during = _day(environ, instance, FOLLOW_UP_DAY)
    assert _firsts(during, [old, new]) == [(old, 1), (old, 2)], "her sequence goes on where it began"
    for day in (FOLLOW_UP_DAY + DAY, FOLLOW_UP_DAY + 2 * DAY):
        after = _day(environ, instance, day)
    assert rows(after, "select count(*) from message_drafts where play = ? and contact_email = ?", [PLAY, old]) \
        == [(0,)], "her completed sequence's research was let go"
    assert _firsts(after, [old, new]) == [(old, 1), (old, 2)], "no second first email at her new address"


def test_the_same_name_at_the_same_account_is_one_person_and_a_first_name_alone_is_not():
    rows_ = [{"contact_email": "ann@acme.example", "company_domain": "acme.example", "contact_name": "Ann Lee"},
             {"contact_email": "ann.lee@acme.example", "company_domain": "ACME.example", "contact_name": "ann  lee"},
             {"contact_email": "ann@beta.example", "company_domain": "beta.example", "contact_name": "Ann Lee"},
             {"contact_email": "alex@acme.example", "company_domain": "acme.example", "contact_name": "Alex"},
             {"contact_email": "alex.b@acme.example", "company_domain": "acme.example", "contact_name": "Alex"}]
    assert linked_people(rows_) == {"ann.lee@acme.example": "ann.lee@acme.example",
                                    "ann@acme.example": "ann.lee@acme.example"}
