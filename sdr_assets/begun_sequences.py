"""The research of sequences under way, kept when today's research no longer has their account.

The play's trigger window chooses whom a play starts a conversation with; once its first email went,
the sequence goes on to its follow-ups by its own spacing (``domain/timeliness``). A signals run on a
later day qualifies the signals again and drops an account whose signal aged past the window (or
whose row a rebuild screened out): its stored research is kept while a step of its contact's
sequence is still to go, its why-now worded for the day, so its follow-ups are drafted and sent.
A stop ends the sequence, so its later steps never get a ledger row: a reply, an unsubscribe or a
complaint about a message we sent lets its research go. A pause (out of office, a soft bounce) only
makes it wait, and so does a suppression that a person may lift (a hard bounce, a person's entry, an
unmatched complaint, repeated soft bounces): the send step mails her nothing meanwhile, her research
is kept, and once it is lifted her sequence goes on from its next step, however old her signal. Such
a hold keeps her research ``HELD_RESEARCH_DAYS`` after our last email reached her, no longer: most
are never lifted, and each run would draft her steps again. An email step refused for good ends its emails
(``domain/under_way``: the email steps after it never go); its LinkedIn steps still go.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl

from resources.tables import read_table, table_exists
from sdr_assets.contact_holds import current_holds
from sdr_assets.domain.addresses import mailbox_key, person_key
from sdr_assets.domain.facts import aged_facts, facts_from_json, facts_to_json, template_values
from sdr_assets.domain.plays import PlayBook
from sdr_assets.domain.tasks import RESEARCH_GONE_PREFIX
from sdr_assets.domain.targeting import age_in_days
from sdr_assets.domain.under_way import REACHED, REFUSED, RETRIED, Progress
from sdr_assets.shared_profiles import her_addresses, people, suppressed_people
from sdr_assets.suppression import current_suppressions

HELD_RESEARCH_DAYS = 30  # a sequence held by a suppression a person may lift keeps its research this long

# The LinkedIn steps settled: handed out or decided by a person, or withdrawn as no research words its
# note again (in any wording of that reason). A held task, or one withdrawn while its contact waits
# (a pause), is still to go.
TASKS_DONE_SQL = """
select play, contact_email, step from linkedin_tasks
where status in ('open', 'done', 'skipped') or (status = 'withdrawn' and starts_with(reason, ?))
"""


# Per play of the book and spelling of an address, where its sequence stands (``Progress``): the steps
# that reached her, the steps settled and the last step refused for good; one row a spelling, not one
# a send. Read in two parts, the unfinished spellings (a step of the play the ledger leaves open), then
# the finished ones sharing a local part with one of those: what one spelling settled settles it for
# the others (``merge``), and a finished spelling alone holds nothing, so the rest are never read.
LOCAL_PART = "lower(nfc_normalize(split_part(trim({0}), '@', 1)))"
PROGRESS_SQL = f"""
select play, contact_email,
       list(distinct step) filter (where status in {REACHED}),
       list(distinct step) filter (where status not in {RETRIED}),
       coalesce(max(step) filter (where status in {REFUSED}), 0)
from send_ledger join (select unnest(?::varchar[]) as play, unnest(?::integer[]) as steps) using (play)
where {{where}}
group by play, contact_email, steps
having (count(distinct step) filter (where status not in {RETRIED} and step <= steps) < steps) = ?
"""
UNFINISHED_SQL = PROGRESS_SQL.format(where="true")
FINISHED_SQL = PROGRESS_SQL.format(where=f"{LOCAL_PART.format('contact_email')} in "
                                         f"(select {LOCAL_PART.format('e')} from unnest(?::varchar[]) t(e))")


def under_way(con: duckdb.DuckDBPyConnection, book: PlayBook, data_dir: str | Path,
              now: datetime, leaving_out: Collection[tuple[str, str]] = ()) -> set[tuple[str, str]]:
    """(play, contact's mailbox_key) of every sequence begun (``domain/under_way``) with a step of the play
    still to go that no stop ended: an email step no ledger row settles, unless a refusal cut its emails
    short, or a LinkedIn step whose task is not settled (a refused email makes no LinkedIn touch wrong).
    The ledger keeps the draft's spelling of her address and a task the canonical form of one
    spelling (one task per person): a task settles her step under any spelling (``person_key``).
    The sequences of ``leaving_out`` (play and ``person_key``) are left out before any stop is looked for."""
    if not book.plays or not table_exists(con, "send_ledger"):
        return set()
    tasks: dict[tuple[str, str], set[int]] = {}
    if table_exists(con, "linkedin_tasks"):
        for play, email, step in con.execute(TASKS_DONE_SQL, [RESEARCH_GONE_PREFIX]).fetchall():
            tasks.setdefault((play, person_key(email)), set()).add(int(step))
    plays = sorted(book.plays)
    steps = [len(book.plays[p].sequence) for p in plays]
    unfinished = con.execute(UNFINISHED_SQL, [plays, steps, True]).fetchall()
    spellings = sorted({row[1] for row in unfinished})
    finished = con.execute(FINISHED_SQL, [plays, steps, spellings, False]).fetchall() if spellings else []
    sequences: dict[tuple[str, str], Progress] = {}
    for name, email, reached, settled, refused in [*unfinished, *finished]:
        sequences.setdefault((name, mailbox_key(email)), Progress()).merge(
            Progress(reached=set(reached or ()), refused=refused, settled=set(settled or ())))
    begun = set()
    for key, sequence in sequences.items():
        play, person = book.plays[key[0]], (key[0], person_key(key[1]))
        if not sequence.begun or person in leaving_out:
            continue
        done, emails = sequence.settled | tasks.get(person, set()), sequence.emails_go_on()
        if any(number not in done and (emails or step["channel"] != "email")
               for number, step in enumerate(play.sequence, start=1)):
            begun.add(key)
    ended = _ended(con, data_dir, now, {email for _, email in begun})
    return {(play, email) for play, email in begun if email not in ended}


def _ended(con: duckdb.DuckDBPyConnection, data_dir: str | Path, now: datetime, emails: set[str]) -> set[str]:
    """The contacts of ``emails`` whose sequence a stop ended, as the send step reads them: suppressed
    for good (``Suppressions.ends``: an unsubscribe, a complaint about our send), at her address or at
    another ``People.opt_outs`` joins to it, or stopped by a reply. A reply a person has still to read,
    or a suppression a person may lift (at another address of hers, a person's entry), only holds her:
    the sequence may go on, until ``HELD_RESEARCH_DAYS`` after our last email reached her."""
    if not emails:
        return set()
    holds = current_holds(con, now)
    ended = {e for e in emails if (hold := holds.get(person_key(e))) and hold.ends}
    try:
        suppressions = current_suppressions(con, data_dir)
    except OSError:  # an opt-out log this user may not read: the send step refuses to send meanwhile
        return ended
    linked = people(con).opt_outs
    joined, why = her_addresses(linked), suppressed_people(linked, suppressions.reason_for, suppressions.stops_person)
    gone = {e for e in emails if suppressions.ends(e) or any(suppressions.ends(k) and suppressions.stops_person(k)
                                                             for k in joined(e))}
    held = {e for e in emails if why(e)} - gone
    return ended | gone | _held_too_long(con, held, now)


def _held_too_long(con: duckdb.DuckDBPyConnection, emails: set[str], now: datetime) -> set[str]:
    """Of ``emails`` (mailbox keys), those our last email reached more than ``HELD_RESEARCH_DAYS`` ago."""
    if not emails:
        return set()
    last: dict[str, datetime] = {}
    for email, at in con.execute(
            f"select contact_email, max(sent_at) from send_ledger where status in {REACHED} and "
            f"{LOCAL_PART.format('contact_email')} in (select {LOCAL_PART.format('e')} from unnest(?::varchar[]) t(e)) "
            "group by contact_email", [sorted(emails)]).fetchall():
        key = mailbox_key(email)
        if at is not None and key in emails:
            last[key] = max(last.get(key, at), at)
    return {e for e, at in last.items() if at < now - timedelta(days=HELD_RESEARCH_DAYS)}


def kept_research(con: duckdb.DuckDBPyConnection, book: PlayBook, data_dir: str | Path,
                  now: datetime, researched: Collection[tuple[str, str]] = ()) -> list[dict]:
    """The stored research rows of the sequences under way, their signal's facts as its row reads now and
    their why-now worded for ``now`` from its age (as stored where the signal is no longer stored). A
    sequence whose person today's research has (``researched``: play and ``person_key``) keeps nothing:
    today's row words her."""
    begun = under_way(con, book, data_dir, now, researched)
    if not begun or not table_exists(con, "research_angles"):
        return []
    plays = sorted({p for p, _ in begun})
    # Narrowed in SQL to the ledger's spellings of their addresses (and their keys), then keyed exactly.
    ledger = con.execute("select distinct play, contact_email from send_ledger where list_contains(?, play)",
                         [plays]).fetchall()
    spellings = sorted({e.lower() for p, e in ledger if (p, mailbox_key(e)) in begun} | {e for _, e in begun})
    stored = read_table(con, "research_angles",
                        "where list_contains(?, play) and lower(contact_email) in (select unnest(?::varchar[]))"
                        " order by play, company_domain, contact_email",
                        [plays, spellings])
    stored = stored.filter(pl.Series([(p, mailbox_key(e)) in begun for p, e in
                                      zip(stored["play"], stored["contact_email"], strict=True)], dtype=pl.Boolean))
    ids = stored["signal_id"].unique().to_list() if stored.height else []
    # Each signal's row as it reads now (the latest observed of an id stored twice): a file that corrected it
    # corrects what a follow-up states.
    signals = {r["signal_id"]: r for r in read_table(
        con, "raw_signals", "where signal_id in (select unnest(?::varchar[])) order by observed_at",
        [ids]).iter_rows(named=True)} if ids else {}
    rows, seen = [], set()
    for row in stored.iter_rows(named=True):
        key = (row["play"], mailbox_key(row["contact_email"]))
        if key in seen:
            continue
        seen.add(key)
        facts = facts_from_json(row["facts"])
        signal = signals.get(row["signal_id"])
        if signal is None:
            rows.append({**row, "facts": facts_to_json(aged_facts(facts, str(row["signal_type"]), None))})
            continue
        age = age_in_days(signal["observed_at"], now)
        if signal["company_domain"] != row["company_domain"]:  # corrected to name another company: none is hers
            signal = {"signal_id": signal["signal_id"], "signal_type": signal["signal_type"]}
        facts = aged_facts(facts, signal["signal_type"], age, signal)
        rows.append({**row, "signal_type": signal["signal_type"], "facts": facts_to_json(facts),
                     "why_now": template_values(facts).get("why_now", "")})
    return rows
