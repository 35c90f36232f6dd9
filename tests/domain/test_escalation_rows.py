"""Escalation lookups built from the rows of the replying contacts equal those built from whole tables."""

import polars as pl

from sdr_assets.domain.escalation_rows import by_contact, for_contacts, reply_contacts

EMAILS = ["ann@acme.example", "ANN@Acme.example", "bob@acme.example", "İdris@acme.example", "i̇dris@acme.example",
          "KELVIN\u212a@acme.example", "kelvink@acme.example", "", None, "zoë@acme.example", "ZOË@ACME.EXAMPLE"]


def test_lookups_from_the_replying_contacts_equal_lookups_from_the_whole_table():
    frame = pl.DataFrame({"play": ["p", "q"] * len(EMAILS), "email": [e for e in EMAILS for _ in "pq"],
                          "n": list(range(2 * len(EMAILS)))})
    replies = pl.DataFrame({"kind": ["human", "human", "bounce", "human"],
                            "contact_email": ["Ann@ACME.example", None, "bob@acme.example", "zoë@acme.example"],
                            "from_addr": ["x@y.example", "İDRIS@acme.example", "bob@acme.example", None]})
    contacts = reply_contacts(replies)
    assert contacts == {"ann@acme.example", "x@y.example", "", "i̇dris@acme.example", "zoë@acme.example"}
    whole, kept = by_contact(frame), by_contact(for_contacts(frame, "email", contacts))
    assert len(kept) < len(whole)
    for play in ("p", "q"):
        for contact in contacts:
            assert kept.get((play, contact)) == whole.get((play, contact))
    assert ("p", "bob@acme.example") not in kept  # a bounce opens no conversation
