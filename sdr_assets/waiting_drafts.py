"""What of a play's current drafts waits to go, as `sdr status` counts it: first emails for a later
run's allowance (those the mail server holds, ``send_deferrals``, among them), messages the
send step holds for fresh research (``domain/timeliness``), and first emails it holds while another
play mails their person (``domain/play_overlap``) or the play mails another contact at their
account (``domain/account_threads``)."""

from __future__ import annotations

from datetime import datetime

import duckdb

from resources.tables import table_exists
from sdr_assets.current_drafts import current_drafts
from sdr_assets.send_deferrals import servers_hold
from sdr_assets.shared_profiles import person_of, same_people
from sdr_assets.domain.account_threads import OTHER_CONTACT
from sdr_assets.domain.play_overlap import OTHER_PLAY
from sdr_assets.domain.plays import Play
from sdr_assets.domain.timeliness import KINDS, WAITS
from sdr_assets.domain.under_way import REACHED
from sdr_assets.stale_drafts import stale_kinds

# Per contact and step of the play: whether a held row of the ledger waits for fresh research, whether
# one waits for another play, whether one waits for another contact at the account, whether the mail
# server holds one (keeps deferring it, or cannot carry its address), and whether one reached her: then
# a held row of her other address waits for nothing.
LEDGER_SQL = f"""
select contact_email, step, bool_or(status = 'held' and starts_with(coalesce(reason, ''), ?)),
       bool_or(status = 'held' and starts_with(coalesce(reason, ''), ?)),
       bool_or(status = 'held' and starts_with(coalesce(reason, ''), ?)),
       bool_or(status = 'held' and {servers_hold()}), bool_or(status in {REACHED})
from send_ledger where play = ? group by all
"""


def waiting_drafts(con: duckdb.DuckDBPyConnection, play: Play, now: datetime) -> dict:
    """``first_emails``: grounded first emails no ledger row covers yet, or held for fresh research,
    for another play, for another contact at the account or by the mail server (neither sent nor lost),
    one per person (every spelling of her mailbox, every address of her LinkedIn profile:
    ``shared_profiles``);
    ``fresh_research``: the messages of any step that wait for it at ``now`` (held by the send step,
    or first emails it will hold), of them the first emails, and each kind; ``other_play``: the first
    emails held while another play mails their person; ``other_contact``: the first emails held while
    the play mails another contact at their account.

    A held row whose draft fresh research dropped no longer waits: that account no longer qualifies.
    A held row whose draft fresh research wrote again waits for the next send step, as a first email.
    One held for another play whose signal aged since waits for fresh research: the send step asks that first.
    """
    fresh = {"messages": 0, "first_emails": 0, **dict.fromkeys(KINDS, 0)}
    if not table_exists(con, "message_drafts"):
        return {"first_emails": 0, "fresh_research": fresh, "other_play": 0, "other_contact": 0}
    drafts = current_drafts(con, play, "and grounded and channel = 'email'")
    rows = (con.execute(LEDGER_SQL, [WAITS, OTHER_PLAY, OTHER_CONTACT, play.name]).fetchall()
            if table_exists(con, "send_ledger") else [])
    linked = same_people(con)
    recorded: dict[tuple[str, int], tuple[bool, bool, bool, bool]] = {}
    reached: set[tuple[str, int]] = set()
    for email, step, *flags, went in rows:  # every spelling of her mailbox, every address of her profile: one person
        key = (person_of(linked, email), int(step))
        recorded[key] = tuple(a or bool(b) for a, b in zip(recorded.get(key, (False,) * 4), flags,
                                                            strict=True))
        if went:
            reached.add(key)
    for key in reached:
        recorded[key] = (False,) * 4
    stale = stale_kinds(con, play, drafts, now)
    first_emails = other_play = other_contact = 0
    seen: set[tuple[str, int]] = set()
    for d in drafts.iter_rows(named=True):
        key = (person_of(linked, d["contact_email"]), int(d["step"]))
        if key in seen:  # her other address's draft: the send step sends one of them, and counts it once
            continue
        seen.add(key)
        first, unrecorded = key[1] == 1, key not in recorded
        held, elsewhere, at_account, deferred = recorded.get(key, (False,) * 4)
        first_emails += first and (unrecorded or held or elsewhere or at_account or deferred)
        if d["draft_id"] in stale and (held or elsewhere or at_account or (first and unrecorded)):
            fresh["messages"] += 1
            fresh["first_emails"] += first
            fresh[stale[d["draft_id"]].kind] += 1
        else:
            other_play += first and elsewhere
            other_contact += first and at_account
    return {"first_emails": first_emails, "fresh_research": fresh, "other_play": other_play,
            "other_contact": other_contact}
