"""Two people of the same full name at one account whose LinkedIn profiles differ are two people: the
name joins an address whose profile is unknown (her address changed), never two profiles apart, so
neither is left unmailed as the other's duplicate, nor stopped by the other's unsubscribe. That holds
after one's research is let go, as the text sent to her keeps her profile with her name."""

from __future__ import annotations

import duckdb

from sdr_assets.domain.sequencing import linked_people
from sdr_assets.sent_texts import keep_sent
from sdr_assets.shared_profiles import OPTED_OUT_ELSEWHERE, same_people, suppressed_people

VP = {"contact_email": "john.smith@acme.example", "company_domain": "acme.example",
      "linkedin_url": "https://www.linkedin.com/in/john-smith-vp", "contact_name": "John Smith"}
CFO = {"contact_email": "jsmith@acme.example", "company_domain": "acme.example",
       "linkedin_url": "https://www.linkedin.com/in/john-smith-cfo-8812", "contact_name": "John Smith"}


def test_two_profiles_of_one_name_at_an_account_join_nobody():
    assert linked_people([VP, CFO]) == {}


def test_her_changed_address_without_a_profile_still_joins_her():
    moved = {**VP, "contact_email": "j.smith@acme.example", "linkedin_url": None}
    assert linked_people([VP, moved]) == {"j.smith@acme.example": "j.smith@acme.example",
                                          "john.smith@acme.example": "j.smith@acme.example"}


def test_a_namesakes_unsubscribe_stops_only_him_after_his_research_is_let_go():
    con = duckdb.connect()
    con.execute("create table message_drafts (draft_id varchar, play varchar, contact_email varchar, "
                "company_domain varchar, linkedin_url varchar, contact_name varchar, subject varchar, body varchar)")
    con.execute("create table send_ledger (draft_id varchar, play varchar, contact_email varchar, "
                "company_domain varchar, step integer, status varchar, content_digest varchar)")
    con.execute("insert into message_drafts values ('d-vp', 'p', ?, ?, ?, ?, 's', 'b'), "
                "('d-cfo', 'q', ?, ?, ?, ?, 's', 'b')", [*VP.values(), *CFO.values()])
    con.execute("insert into send_ledger select draft_id, play, contact_email, company_domain, 1, 'sent', "
                "left(sha256(subject || chr(10) || body), 24) from message_drafts")
    keep_sent(con, "p", "d.draft_id = ?", ["d-vp"])
    con.execute("delete from message_drafts where draft_id = 'd-vp'")  # his sequence ended: research let go

    linked = same_people(con)
    why = suppressed_people(linked, lambda a: "unsubscribed" if a == VP["contact_email"] else None,
                            lambda key: key == VP["contact_email"])
    assert why(CFO["contact_email"]) is None, f"{OPTED_OUT_ELSEWHERE}: his namesake's unsubscribe stopped him"
