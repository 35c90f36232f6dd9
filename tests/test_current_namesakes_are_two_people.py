"""Two people of one full name at one account, neither with a LinkedIn profile, whom enrichment names at
once (one play's persona finds one, another play's the other) are two people: each is mailed in her
own play, and neither waits for the other's conversation. The name joins two threads only where one
address replaced the other as the account's contact (her address changed): an address enrichment no
longer names. One's unsubscribe stops both (they may be one person at two addresses:
``test_optout_reaches_both_current_addresses``)."""

from __future__ import annotations

import duckdb

from sdr_assets.shared_profiles import OPTED_OUT_ELSEWHERE, people, same_people, suppressed_people

ENGINEER = ("chris.lee@acme.example", "VP Engineering")
CONTROLLER = ("clee@acme.example", "Controller")


def _warehouse(current: list[str]) -> duckdb.DuckDBPyConnection:
    """Both namesakes drafted, one a play; ``current`` the addresses enrichment names now."""
    con = duckdb.connect()
    con.execute("create table message_drafts (play varchar, contact_email varchar, company_domain varchar, "
                "linkedin_url varchar, contact_name varchar)")
    con.execute("insert into message_drafts values ('eng-play', ?, 'acme.example', null, 'Chris Lee'), "
                "('finance-play', ?, 'acme.example', null, 'Chris Lee')", [ENGINEER[0], CONTROLLER[0]])
    con.execute("create table enriched_accounts (play varchar, company_domain varchar, status varchar, "
                "email varchar, title varchar)")
    for play, (email, title) in (("eng-play", ENGINEER), ("finance-play", CONTROLLER)):
        if email in current:
            con.execute("insert into enriched_accounts values (?, 'acme.example', 'ready', ?, ?)",
                        [play, email.upper(), title])
    return con


def test_two_current_contacts_of_one_name_are_two_people():
    con = _warehouse([ENGINEER[0], CONTROLLER[0]])
    assert same_people(con) == {}, "namesakes enrichment names at once were joined into one person"
    why = suppressed_people(people(con).opt_outs, lambda a: "unsubscribed" if a == ENGINEER[0] else None,
                            lambda a: a == ENGINEER[0])
    assert why(CONTROLLER[0]) == OPTED_OUT_ELSEWHERE, "an unsubscribe left her other current address mailed"


def test_an_address_enrichment_no_longer_names_still_joins_the_current_one():
    linked = same_people(_warehouse([CONTROLLER[0]]))
    assert linked == {ENGINEER[0]: ENGINEER[0], CONTROLLER[0]: ENGINEER[0]}
