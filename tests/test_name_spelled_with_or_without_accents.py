"""One person whom enrichment names once with an accent and once without ('Zoë Lee', 'Zoe Lee'), or with
a non-breaking space between her names, is one person: her LinkedIn profile, or her full name at the
account once her address changed, joins her two addresses, so her unsubscribe at one stops the other and
she gets one thread. Before, the names compared letter for letter: her opt-out left her new address
mailed, and the play's first email reached her again there."""

from __future__ import annotations

import duckdb

from sdr_assets.shared_profiles import people

PROFILE = "https://www.linkedin.com/in/zoe-lee-7"


def _warehouse(rows: list[tuple[str, str | None, str]], current: str) -> duckdb.DuckDBPyConnection:
    """Her drafts, old address first; ``current`` the address enrichment names now."""
    con = duckdb.connect()
    con.execute("create table message_drafts (play varchar, contact_email varchar, company_domain varchar, "
                "linkedin_url varchar, contact_name varchar)")
    for email, profile, name in rows:
        con.execute("insert into message_drafts values ('p', ?, 'acme.example', ?, ?)", [email, profile, name])
    con.execute("create table enriched_accounts (play varchar, company_domain varchar, status varchar, "
                "email varchar)")
    con.execute("insert into enriched_accounts values ('p', 'acme.example', 'ready', ?)", [current])
    return con


def test_her_profile_joins_her_name_spelled_with_and_without_its_accent():
    joined = people(_warehouse([("zoe@acme.example", PROFILE, "Zoë Lee"), ("z.lee@acme.example", PROFILE, "Zoe Lee")],
                               "z.lee@acme.example"))
    assert joined.threads == joined.opt_outs == {"zoe@acme.example": "z.lee@acme.example",
                                                 "z.lee@acme.example": "z.lee@acme.example"}


def test_her_name_at_the_account_joins_her_address_changed_whatever_space_it_is_written_with():
    joined = people(_warehouse([("ann@acme.example", None, "Ann Lee"), ("a.lee@acme.example", None, "Ann\u00a0Lee")],
                               "a.lee@acme.example"))
    assert joined.threads == {"ann@acme.example": "a.lee@acme.example", "a.lee@acme.example": "a.lee@acme.example"}
