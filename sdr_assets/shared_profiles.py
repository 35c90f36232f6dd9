"""The addresses of every play's drafts that one LinkedIn profile joins into one person
(``domain/sequencing.linked_people``): the send plan and `sdr status` ask it alike."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from resources.tables import columns_of, frame_of, table_exists
from sdr_assets.domain.addresses import person_key
from sdr_assets.domain.sequencing import linked_people

# Why an address is refused whose own is not suppressed, but another address of her profile unsubscribed.
OPTED_OUT_ELSEWHERE = "unsubscribed at another address of her LinkedIn profile"
# The addresses whose LinkedIn profile name (after ``/in/`` or ``/pub/``) more than one address gives:
# only these can make two addresses one person (``linked_people`` reads them exactly).
SHARED_PROFILES_SQL = """
with profiles as (
    select distinct contact_email, linkedin_url, contact_name,
           rtrim(split_part(split_part(coalesce(nullif(split_part(lower(linkedin_url), '/in/', 2), ''),
                                                split_part(lower(linkedin_url), '/pub/', 2)), '?', 1), '#', 1), '/') as name
    from message_drafts where linkedin_url is not null
)
select contact_email, linkedin_url, contact_name from profiles where name <> '' and name in
    (select name from profiles group by all having count(distinct lower(contact_email)) > 1)
"""


def same_people(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Per ``person_key`` that shares a profile with another, the one key they all go by."""
    if not table_exists(con, "message_drafts") or "linkedin_url" not in columns_of(con, "message_drafts"):
        return {}
    return linked_people(frame_of(con, SHARED_PROFILES_SQL).iter_rows(named=True))


def person_of(linked: dict[str, str], address: str) -> str:
    """Who ``address`` is: its ``person_key``, or the key of the profile that joins it to others."""
    key = person_key(address)
    return linked.get(key, key)


def suppressed_people(linked: dict[str, str], reason_for: Callable[[str], str | None],
                      ends: Callable[[str], bool]) -> Callable[[str], str | None]:
    """Why an address may not be contacted: its own suppression (``reason_for``), or an unsubscribe or a
    complaint (``ends``) at another address her profile joins (``OPTED_OUT_ELSEWHERE``); a bounce or a
    person's entry stays the address's. Asked anew each time: a click logged since counts."""
    members: dict[str, list[str]] = {}
    for key, person in linked.items():
        members.setdefault(person, []).append(key)

    def why(address: str) -> str | None:
        own = reason_for(address)
        if own or not any(ends(key) for key in members.get(person_of(linked, address), ())):
            return own
        return OPTED_OUT_ELSEWHERE

    return why
