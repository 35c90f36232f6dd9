"""The addresses of every play's drafts that one LinkedIn profile, or one full name at an account, joins
into one person (``domain/sequencing.linked_people``): the send plan and `sdr status` ask it alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import duckdb

from resources.tables import columns_of, frame_of, table_exists
from sdr_assets.domain.addresses import person_key
from sdr_assets.domain.sequencing import linked_people
from sdr_assets.domain.suppression import Entry, covering, stops_person

# Why an address is refused whose own is not suppressed, but another address of hers unsubscribed.
OPTED_OUT_ELSEWHERE = ("unsubscribed, complained or suppressed by hand at another address of hers (her LinkedIn "
                       "profile, or her name at the account)")
# Whether enrichment names a drafted address as an account's contact now: two such of one name are two people.
CURRENT_SQL = ("lower(trim(contact_email)) in (select lower(trim(email)) from enriched_accounts "
               "where status = 'ready')")
# Every address drafted, and every one a first email no longer drafted went to (``sent_texts``, with her
# name and profile; each sequence begins with one): with her account, profile and name, each once.
DRAFTED_SQL = ("select distinct contact_email, company_domain, linkedin_url, contact_name, "
               "{current} as current from message_drafts")
SENT_SQL = ("select distinct l.contact_email, l.company_domain, {profile} as linkedin_url, t.contact_name, "
            "false as current "
            "from sent_message_texts t join (select draft_id, contact_email, company_domain from send_ledger "
            "where step = 1) l using (draft_id) where t.contact_name is not null")
# The addresses whose LinkedIn profile name (after ``/in/`` or ``/pub/``, its escapes read), or whose full
# name at an account (its spaces and accents left out, 'ß' and 'ς' as ``name_key`` case-folds them), more
# than one address gives: only these can make two addresses one person (``linked_people`` reads them exactly).
SHARED_SQL = r"""
with people as materialized (
    select contact_email, linkedin_url, contact_name, company_domain, current,
           rtrim(split_part(split_part(coalesce(nullif(split_part(lower(linkedin_url), '/in/', 2), ''),
                                                split_part(lower(linkedin_url), '/pub/', 2)), '?', 1), '#', 1), '/')
               as escaped,
           coalesce(try(url_decode(escaped)), escaped) as name,
           lower(trim(company_domain)) || '|' || replace(replace(lower(strip_accents(
               regexp_replace(contact_name, '[\s\pZ]+', '', 'g'))), 'ß', 'ss'), 'ς', 'σ') as named,
           regexp_matches(contact_name, '[^\s\pZ][\s\pZ]+[^\s\pZ]') as full_name
    from ({rows}) where contact_email is not null and (linkedin_url is not null or full_name)
)
select distinct contact_email, linkedin_url, contact_name, company_domain, current from people
where (name <> '' and name in (select name from people group by all having count(distinct lower(contact_email)) > 1))
   or named in (select named from people where full_name group by all
                having count(distinct lower(contact_email)) > 1)
"""


class People(NamedTuple):
    """Per ``person_key`` joined to another, the key they all go by: ``threads`` as the send plan waits on
    her conversation; ``opt_outs`` as her unsubscribe stops her, also where two addresses of her name at an
    account are current at once (two namesakes, or one person's old and new address: stopping both is the
    safe error)."""

    threads: dict[str, str]
    opt_outs: dict[str, str]


def people(con: duckdb.DuckDBPyConnection) -> People:
    """Who shares a profile, or a full name at an account, with another (``linked_people``), read once."""
    if not {"linkedin_url", "contact_name", "company_domain"} <= set(columns_of(con, "message_drafts")):
        return People({}, {})
    enriched = {"email", "status"} <= set(columns_of(con, "enriched_accounts"))
    rows = DRAFTED_SQL.format(current=CURRENT_SQL if enriched else "false")
    kept = columns_of(con, "sent_message_texts")
    if "contact_name" in kept and table_exists(con, "send_ledger"):
        rows = f"{rows} union {SENT_SQL.format(profile='t.linkedin_url' if 'linkedin_url' in kept else 'null')}"
    shared = frame_of(con, SHARED_SQL.format(rows=rows)).to_dicts()
    return People(linked_people(shared), linked_people(shared, current_apart=False))


def same_people(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Per ``person_key`` that shares a profile, or a full name at an account, with another, the one key
    they all go by, as the send plan waits on her conversation (``People.threads``)."""
    return people(con).threads


def person_of(linked: dict[str, str], address: str) -> str:
    """Who ``address`` is: its ``person_key``, or the key of the profile that joins it to others."""
    key = person_key(address)
    return linked.get(key, key)


def suppressed_people(linked: dict[str, str], reason_for: Callable[[str], str | None],
                      stops: Callable[[str], bool]) -> Callable[[str], str | None]:
    """Why an address may not be contacted: its own suppression (``reason_for``), or an unsubscribe, a
    complaint or a person's entry (``stops``: ``Suppressions.stops_person``) at another address her profile
    joins (``OPTED_OUT_ELSEWHERE``); a bounce stays the address's. Asked anew each time: a click logged
    since counts."""
    addresses = her_addresses(linked)

    def why(address: str) -> str | None:
        own = reason_for(address)
        if own or not any(stops(key) for key in addresses(address)):
            return own
        return OPTED_OUT_ELSEWHERE

    return why


def her_addresses(linked: dict[str, str]) -> Callable[[str], list[str]]:
    """Every ``person_key`` that ``linked`` joins to an address into one person, its own among them
    (none for an address it joins to no other)."""
    members: dict[str, list[str]] = {}
    for key, person in linked.items():
        members.setdefault(person, []).append(key)
    return lambda address: members.get(person_of(linked, address), [])


def covering_people(addresses: set[str], entries: dict[str, list[Entry]],
                    linked: dict[str, str]) -> dict[str, list[Entry]]:
    """The entries covering each address (``covering``), and those at another address ``linked``
    (``People.opt_outs``) joins to it that stop her as a person (``stops_person``: a bounce stays its
    address's), oldest first; addresses no entry covers are left out."""
    joined = her_addresses(linked)
    own = covering(addresses, entries)
    others = covering({key for a in addresses for key in joined(a) if key != person_key(a)}, entries)
    found = {}
    for a in addresses:
        elsewhere = [e for key in joined(a) if key != person_key(a) for e in others.get(key, ()) if stops_person(e)]
        if entries_of_hers := sorted([*own.get(a, ()), *elsewhere], key=lambda e: e.added_at):
            found[a] = entries_of_hers
    return found
