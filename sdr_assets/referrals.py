"""Referrals: "I'm not the right person, try jane@..." becomes a contact only when a person accepts it."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb

from resources import clock
from resources.config import WarehouseFile
from resources.tables import frame_of, one, table_exists, transaction
from sdr_assets.domain.addresses import InvalidAddressError, normalise_address
from sdr_assets.domain.approvals import nobody_named
from sdr_assets.domain.under_way import REACHED

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
# A message handed over whose server's answer was lost (``send_loop.UNRESOLVED``): it may have reached her.
UNRESOLVED = "sending"
# An acceptance a person took back, with the acceptance as it stood: the play no longer writes to her.
WITHDRAWN_DDL = """
create table if not exists withdrawn_referrals (
    play varchar not null,
    company_domain varchar not null,
    email varchar not null,
    referred_by varchar,
    accepted_by varchar not null,
    accepted_at timestamptz not null,
    source_message_id varchar,
    withdrawn_by varchar not null,
    withdrawn_at timestamptz not null,
    note varchar
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
    address = _decision_on(accepted_by, email, mode)
    with warehouse.connect() as con:
        candidates = [r for r in proposals(con).iter_rows(named=True) if r["email"].lower() == address]
        if not candidates or candidates[0]["company_domain"] is None:
            raise ReferralError(f"{address} was not proposed by any reply; see `sdr referrals list`")
        row = candidates[0]
        if one(con, "select 1 from accepted_referrals where play = ? and email = ?", [row["play"], address]):
            raise ReferralError(f"{address} is already accepted for {row['play']}")
        waiting = _unreached(con, row["play"], row["company_domain"])
        if waiting:
            held = held_first_drafts(con).get((row["play"], waiting))
            why = (f"the verifier held her first email ({held}), so it may never go" if held is not None
                   else "not mailed yet")
            raise ReferralError(
                f"{waiting} is already accepted for {row['play']} at {row['company_domain']} and {why}: the "
                f"play writes to one accepted referral an account at a time, so {address} would take her place "
                f"and she would never be mailed. Once her first email has gone, `sdr referrals accept {address}` "
                f"starts a sequence of its own; or take hers back first: `sdr referrals withdraw {waiting} --by NAME`")
        replaces = one(con, "select email from accepted_referrals where play = ? and company_domain = ? "
                            "order by accepted_at desc limit 1", [row["play"], row["company_domain"]])
        con.execute(
            "insert into accepted_referrals values (?, ?, ?, ?, ?, ?, ?)",
            [row["play"], row["company_domain"], address, row["referred_by"], accepted_by.strip(),
             now or clock.now(), row["message_id"]],
        )
    return {**row, "email": address, "accepted_by": accepted_by.strip(), "replaces": replaces[0] if replaces else None}


def withdraw(warehouse: WarehouseFile, email: str, withdrawn_by: str, now: datetime | None = None,
             mode: str = "live", note: str = "") -> dict:
    """Take back the acceptance of a referral not mailed yet (one whose first draft the verifier held
    may never be): the play no longer writes to her, and another referral at her account may be
    accepted. The acceptance is kept in ``withdrawn_referrals`` with who took it back. One whose email
    reached her, or may have, is refused, as her sequence is under way (`sdr suppress add` stops it); one
    whose first email reached no one (refused for good, an invalid address, suppressed) is withdrawn."""
    address = _decision_on(withdrawn_by, email, mode)
    with warehouse.connect() as con:
        con.execute(ACCEPTED_DDL)
        con.execute(WITHDRAWN_DDL)
        accepted = frame_of(con, "select * from accepted_referrals where email = ? order by accepted_at",
                            [address]).to_dicts()
        if not accepted:
            raise ReferralError(f"{address} is not an accepted referral; see `sdr referrals list`")
        reached = _reached(con, address, [r["play"] for r in accepted])
        if reached:
            went = [play for play, status in reached.items() if status != UNRESOLVED]
            said = (f"her first email went in {', '.join(went)}: her sequence is under way" if went else
                    f"her first email may have reached her in {', '.join(reached)} (its delivery is unresolved: "
                    "`sdr sends resolve`)")
            raise ReferralError(f"{address}: {said}. To stop mailing her: "
                                f"`sdr suppress add {address} --by NAME --reason WHY`")
        at = now or clock.now()
        with transaction(con):
            for r in accepted:
                con.execute("insert into withdrawn_referrals values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [*(r[c] for c in ("play", "company_domain", "email", "referred_by", "accepted_by",
                                              "accepted_at", "source_message_id")),
                             withdrawn_by.strip(), at, note.strip() or None])
            con.execute("delete from accepted_referrals where email = ?", [address])
    return {"email": address, "plays": [r["play"] for r in accepted], "withdrawn_by": withdrawn_by.strip()}


def _decision_on(person: str, email: str, mode: str) -> str:
    """``email`` normalised, once ``person`` names someone by the gate's rule in ``mode``; else ReferralError."""
    refusal = nobody_named(person, mode)
    if refusal:
        raise ReferralError(refusal)
    try:
        return normalise_address(email)
    except InvalidAddressError as exc:
        raise ReferralError(str(exc)) from None


def _reached(con: duckdb.DuckDBPyConnection, address: str, plays: list[str]) -> dict[str, str]:
    """Per play of ``plays`` whose email to ``address`` reached her or may have (``under_way.REACHED``), the
    status saying so; a refusal for good, an invalid address or a suppression reached no one."""
    if not table_exists(con, "send_ledger"):
        return {}
    found: dict[str, str] = {}
    for play, status in con.execute(
            "select play, status from send_ledger where lower(contact_email) = ? and list_contains(?, play) "
            "and list_contains(?, status) order by play, status = ?", [address, plays, list(REACHED), UNRESOLVED]
    ).fetchall():
        found.setdefault(play, status)
    return found


def held_first_drafts(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """Per (play, address) of an accepted referral not mailed yet whose first email's draft the verifier
    held (it may be sent neither as written nor as the template), its reasons: she waits on a fact the
    research lacks, and holds her account's place for the play until a person withdraws her."""
    if not (table_exists(con, "accepted_referrals") and table_exists(con, "message_drafts")):
        return {}
    held = con.execute(
        "select a.play, a.email, a.company_domain, any_value(d.verifier_reasons) from accepted_referrals a "
        "join message_drafts d on d.play = a.play and lower(d.contact_email) = a.email "
        "where d.step = 1 and d.verdict = 'held' group by all").fetchall()
    return {(play, email): "; ".join(_reasons(reasons)) or "no reason given"
            for play, email, domain, reasons in held if _unreached(con, play, domain, email) == email}


def _reasons(stored: str | None) -> list[str]:
    try:
        found = json.loads(stored or "[]")
    except ValueError:
        return [stored]
    return [str(r) for r in found] if isinstance(found, list) else [str(found)]


def _unreached(con: duckdb.DuckDBPyConnection, play: str, domain: str, email: str | None = None) -> str | None:
    """An accepted referral of ``play`` at ``domain`` the send step has not reached yet: no ledger row, or
    a held one (a first email the server deferred, or that waits for another play or fresh research);
    ``email``: that one only."""
    ledger = ("and not exists (select 1 from send_ledger s where s.play = a.play and lower(s.contact_email) = a.email "
              "and s.status <> 'held')") if table_exists(con, "send_ledger") else ""
    found = one(con, f"select email from accepted_referrals a where play = ? and company_domain = ? {ledger} "
                     "and (? is null or email = ?) order by accepted_at limit 1", [play, domain, email, email])
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
