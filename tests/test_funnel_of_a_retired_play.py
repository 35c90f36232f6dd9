"""The outreach funnel keeps the history of a play whose file was taken out of the play book."""

import duckdb
import polars as pl

from sdr_assets.performance import funnel


def _sends(*rows: tuple) -> pl.DataFrame:
    return pl.DataFrame([{"play": play, "contact_email": email, "company_domain": domain, "human": human,
                          "positive": False, "meetings": meetings, "simulated": False}
                         for play, email, domain, human, meetings in rows])


def test_a_play_no_longer_in_the_play_book_keeps_its_emailed_contacts_replies_and_meetings():
    """Play "spring-push" mailed two people and booked a meeting, then its file was removed: its
    funnel row still counts them, as the summary and the performance table do, so the funnel's
    meetings add up to the meetings booked."""
    with duckdb.connect() as con:
        con.execute("create table play_versions as select 'p' as play")  # the play book today
        for table in ("qualified_signals", "enriched_accounts", "message_drafts"):
            con.execute(f"create table {table} (play varchar, company_domain varchar, status varchar, "
                        "contact_email varchar, step integer, grounded boolean)")
        frame = funnel(con, _sends(("p", "ann@acme.example", "acme.example", False, 0),
                                   ("spring-push", "bo@beta.example", "beta.example", True, 1),
                                   ("spring-push", "cy@gamma.example", "gamma.example", False, 0)))
    rows = {row["play"]: row for row in frame.iter_rows(named=True)}
    assert "spring-push" in rows, f"the retired play's history is gone from the funnel: {sorted(rows)}"
    retired = rows["spring-push"]
    assert (retired["contacts_emailed"], retired["contacts_replied"], retired["meetings"]) == (2, 1, 1)
    assert (retired["signals_qualified"], retired["accounts_ready"], retired["contacts_drafted"]) == (2, 2, 2)
    assert frame["meetings"].sum() == 1 and frame["contacts_emailed"].sum() == 3
