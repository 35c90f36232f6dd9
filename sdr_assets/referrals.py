"""Referrals: "I'm not the right person, try jane@..." becomes a contact only when a person accepts it."""

from __future__ import annotations

from datetime import datetime

import duckdb

from resources import clock
from resources.config import WarehouseFile
from resources.tables import frame_of, one, table_exists
from sdr_assets.domain.addresses import InvalidAddressError, normalise_address
from sdr_assets.domain.approvals import nobody_named

ACCEPTED_DDL = """
create table if not exists accepted_referrals (
    play varchar not null,
    company_domain varchar not null,
    email varchar not null,
    referred_by varchar,
    accepted_by varchar not null,
    accepted_at timestamptz not null,
    source_message_id varchar,
    primary key (play, email)
)
"""
PROPOSALS_SQL = """
with proposed as (
    select e.play, e.contact_email as referred_by, e.message_id,
           trim(unnest(string_split(e.proposed_contacts, ','))) as email
    from escalations e where e.proposed_contacts <> ''
)
select p.play, l.company_domain, p.email, p.referred_by, p.message_id,
       a.accepted_by is not null as accepted
from proposed p
left join (select distinct play, contact_email, company_domain from send_ledger) l
       on l.play = p.play and l.contact_email = p.referred_by
left join accepted_referrals a on a.play = p.play and a.email = p.email
order by p.play, p.email
"""


class ReferralError(ValueError):
    pass


def proposals(con: duckdb.DuckDBPyConnection):
    """Referral addresses found in replies, with the play, the account and whether accepted."""
    con.execute(ACCEPTED_DDL)
    if not (table_exists(con, "escalations") and table_exists(con, "send_ledger")):
        return frame_of(con, "select * from accepted_referrals limit 0")
    return frame_of(con, PROPOSALS_SQL)


def accept(warehouse: WarehouseFile, email: str, accepted_by: str, now: datetime | None = None,
           mode: str = "live") -> dict:
    """Accept a proposed referral as a new contact for the play it came from: the one person's
    decision before she is mailed, so ``accepted_by`` must name a person by the gate's rule in the
    run ``mode``. The account's contact is its latest accepted referral: a second one is refused while
    the first is not mailed yet, and ``replaces`` names the one whose place it takes."""
    refusal = nobody_named(accepted_by, mode)
    if refusal:
        raise ReferralError(refusal)
    try:
        address = normalise_address(email)
    except InvalidAddressError as exc:
        raise ReferralError(str(exc)) from None
    with warehouse.connect() as con:
        candidates = [r for r in proposals(con).iter_rows(named=True) if r["email"].lower() == address]
        if not candidates or candidates[0]["company_domain"] is None:
            raise ReferralError(f"{address} was not proposed by any reply; see `sdr referrals list`")
        row = candidates[0]
        if one(con, "select 1 from accepted_referrals where play = ? and email = ?", [row["play"], address]):
            raise ReferralError(f"{address} is already accepted for {row['play']}")
        waiting = _unreached(con, row["play"], row["company_domain"])
        if waiting:
            raise ReferralError(
                f"{waiting} is already accepted for {row['play']} at {row['company_domain']} and not mailed yet: the "
                f"play writes to one accepted referral an account at a time, so {address} would take her place "
                f"and she would never be mailed. Once her first email has gone, `sdr referrals accept {address}` "
                "starts a sequence of its own")
        replaces = one(con, "select email from accepted_referrals where play = ? and company_domain = ? "
                            "order by accepted_at desc limit 1", [row["play"], row["company_domain"]])
        con.execute(
            "insert into accepted_referrals values (?, ?, ?, ?, ?, ?, ?)",
            [row["play"], row["company_domain"], address, row["referred_by"], accepted_by.strip(),
             now or clock.now(), row["message_id"]],
        )
    return {**row, "email": address, "accepted_by": accepted_by.strip(), "replaces": replaces[0] if replaces else None}


def _unreached(con: duckdb.DuckDBPyConnection, play: str, domain: str) -> str | None:
    """An accepted referral of ``play`` at ``domain`` the send step has not reached yet: no ledger row, or
    a held one (a first email the server deferred, or that waits for another play or fresh research)."""
    ledger = ("and not exists (select 1 from send_ledger s where s.play = a.play and lower(s.contact_email) = a.email "
              "and s.status <> 'held')") if table_exists(con, "send_ledger") else ""
    found = one(con, f"select email from accepted_referrals a where play = ? and company_domain = ? {ledger} "
                     "order by accepted_at limit 1", [play, domain])
    return found[0] if found else None


def accepted_contacts(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], dict]:
    """Accepted referrals by (play, company domain), shaped like enrichment contacts."""
    if not table_exists(con, "accepted_referrals"):
        return {}
    contacts = {}
    for r in frame_of(con, "select * from accepted_referrals order by accepted_at").iter_rows(named=True):
        local = r["email"].split("@")[0]
        first = local.replace("_", ".").split(".")[0].title()
        contacts[(r["play"], r["company_domain"])] = {
            "contact_id": f"referral:{r['email']}", "first_name": first,
            "last_name": local.split(".")[-1].title() if "." in local else "",
            "title": f"referred by {r['referred_by']}", "seniority": None, "department": None,
            "email": r["email"], "linkedin_url": None,
            "reason": f"referral accepted by {r['accepted_by']}",
        }
    return contacts
