"""Hand-over files for the CRMs' own import wizards: column names, value mappings, the note text.

HubSpot: two files imported together ("multiple files with associations", matched on Email): the
contacts, and the conversation as a note on each. Salesforce: one Lead file for the Data Import
Wizard or Data Loader, the conversation in Description. Column names are the CRMs' own field
names so the wizards map them without help.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from datetime import datetime

from sdr_assets.domain.addresses import mailbox_key, person_key
from sdr_assets.domain.days import as_utc
from sdr_assets.domain.full_stops import with_full_stop
from sdr_assets.domain.suppression import NOT_OPTED_OUT, Entry

HUBSPOT_CONTACT_COLUMNS = ("First Name", "Last Name", "Email", "Company Name", "Job Title", "Website URL",
                           "Industry", "Country/Region", "Lifecycle Stage", "Lead Status", "Contact owner",
                           "Outbound Play", "Outbound Signal")
HUBSPOT_NOTE_COLUMNS = ("Email", "Note body", "Activity date")
SAME_PERSON = "Same Person As"  # the records under her other addresses: which record is hers
HUBSPOT_OTHER_ADDRESS_COLUMNS = (*HUBSPOT_CONTACT_COLUMNS, SAME_PERSON)
SALESFORCE_LEAD_COLUMNS = ("FirstName", "LastName", "Email", "Company", "Title", "Website", "Industry", "Country",
                           "Status", "Rating", "LeadSource", "HasOptedOutOfEmail", "Description", "SDR_Play__c",
                           "SDR_Signal__c")
CSV_COLUMNS = ("escalation_id", "status", "outcome", "owner", "priority", "label", "play", "signal_type", "why_now",
               "first_name", "last_name", "email", "company", "company_domain", "title", "first_reply_at",
               "last_reply_at", "data_request_due", "replies", "handled_at", "meeting_booked_at", "notes", "thread",
               "suggested_response")
LEAD_SOURCE = "Outbound"
NOT_PROVIDED = "[not provided]"  # Salesforce requires a last name; this is its own placeholder (web-to-lead)

# (HubSpot lifecycle stage, HubSpot lead status, Salesforce status, Salesforce rating) by outcome,
# or by queue status while the conversation is still open. Internal values, which both wizards accept.
OUTCOME_MAP = {
    "meeting": ("salesqualifiedlead", "CONNECTED", "Working - Contacted", "Hot"),
    "disqualified": ("other", "UNQUALIFIED", "Closed - Not Converted", "Cold"),
    "nurture": ("lead", "BAD_TIMING", "Open - Not Contacted", "Warm"),
    "other": ("lead", "CONNECTED", "Working - Contacted", "Warm"),
    "opted_out": ("other", "UNQUALIFIED", "Closed - Not Converted", "Cold"),
    "open": ("lead", "NEW", "Open - Not Contacted", "Warm"),
    "claimed": ("lead", "IN_PROGRESS", "Working - Contacted", "Warm"),
    "snoozed": ("lead", "IN_PROGRESS", "Working - Contacted", "Warm"),
}
HOT_LABELS = ("interested",)
# How a note to the CRM names each suppression reason (sdr_assets.domain.suppression.REASONS).
STOP_WORDS = {"unsubscribe_link": "unsubscribe link", "unsubscribe_mail": "mail to the opt-out address",
              "unsubscribe_reply": "reply read as an opt-out", "complaint": "spam complaint",
              "unmatched_complaint": "spam complaint naming her address", "hard_bounce": "hard bounce",
              "repeated_soft_bounce": "third soft bounce", "manual": "do-not-contact entry"}
# Who records an entry when no person does: the recipient (a click, a mail) or the pipeline (a reply).
NOBODY = ("recipient", "system")
# How far each row of OUTCOME_MAP is from "never contacted": a conversation that is not handled now
# keeps the row of its earlier outcome, or a meeting's once one is recorded, over a lower one.
REACHED = {"open": 0, "claimed": 1, "snoozed": 1, "nurture": 1, "other": 1, "disqualified": 1, "opted_out": 1,
           "meeting": 2}


def _stage_key(row: dict) -> str:
    """The row of OUTCOME_MAP for a conversation: the outcome once handled; while it is open again,
    its queue status, never below a recorded meeting or the outcome it had before."""
    if row["outcome"] == "opted_out":  # whatever the queue says: she asked us to stop
        return "opted_out"
    key = row["outcome"] if row["status"] == "handled" else row["status"]
    if row["status"] != "handled":
        earlier = "meeting" if row.get("meeting_booked_at") else row.get("last_outcome")
        if earlier and REACHED[earlier] > REACHED[key]:
            key = earlier
    return key


def stage(row: dict) -> tuple[str, str, str, str]:
    """The CRM's stage, status and rating of a conversation (:func:`_stage_key`); an open one whose
    label is hot is rated Hot."""
    key = _stage_key(row)
    hub_stage, hub_status, sf_status, rating = OUTCOME_MAP[key]
    if key != "opted_out" and row["status"] != "handled" and row["label"] in HOT_LABELS:
        rating = "Hot"
    return hub_stage, hub_status, sf_status, rating


def by_person(rows: list[dict], person: Callable[[str], str]) -> list[list[dict]]:
    """The conversations of each contact (``person`` names her by the address), the one that speaks
    for her first: one who asked us to stop in any of them is opted out; else the one furthest
    along (a meeting over an open reply), the hot one among equals, then the latest. A CRM keeps
    one contact or lead per address."""
    people: dict[str, list[dict]] = {}
    for row in rows:
        people.setdefault(person(row["email"]), []).append(row)
    return [sorted(_one_address(group), key=_speaks_first) for group in people.values()]


def _one_address(group: list[dict]) -> list[dict]:
    """A person's conversations under one address, the one she was first escalated at (``jane@`` and
    ``jane+news@`` are one person): each import updates the same record, as a CRM matches by Email.
    Each keeps the address it was at as ``spelled``."""
    first = min(group, key=_escalated)["email"]
    return [{**r, "email": first, "spelled": r["email"]} for r in group]


def _escalated(row: dict) -> tuple:
    return as_utc(row["escalated_at"]), row["escalation_id"]


def other_records(group: list[dict]) -> list[str]:
    """The other addresses a person (``group``, from :func:`by_person`) may have a CRM record under:
    each other mailbox her conversations were at, as first written, in the order she was escalated
    at them. An export made before one person was one record made her one under each."""
    spellings: dict[str, str] = {}
    for row in sorted(group, key=_escalated):
        spellings.setdefault(mailbox_key(row["spelled"]), row["spelled"])
    spellings.pop(mailbox_key(group[0]["email"]), None)
    return list(spellings.values())


def same_person(address: str) -> str:
    """What a record under another address of hers says: which record is hers, and what to do."""
    return (f"Same person as {address}, whose record this one repeats: merge it into that one "
            "(the CRM's merge keeps both records' notes).")


def _speaks_first(row: dict) -> tuple:
    key = _stage_key(row)
    latest = max((as_utc(t) for t in (row.get("last_reply_at"), row.get("escalated_at")) if t), default=None)
    return (key != "opted_out", -REACHED[key], row["label"] not in HOT_LABELS,
            -(latest.timestamp() if latest else 0), row["escalation_id"])


def joined(rows: list[dict], field: str) -> str:
    """The distinct non-empty values of ``field`` across a person's conversations, in their order."""
    return ", ".join(dict.fromkeys(str(r[field]) for r in rows if r.get(field)))


def _when(value: str | datetime | None) -> str:
    if isinstance(value, datetime):
        return as_utc(value).strftime("%Y-%m-%d %H:%M UTC")
    return (value or "")[:16].replace("T", " ")


def note_text(row: dict, messages: list[dict]) -> str:
    """The conversation, the suggested answer, people's notes and the outcome, as one readable note."""
    lines = [f"Outbound play {row['play']}, {row['signal_type'] or 'unknown'} signal: {row['why_now'] or '-'}",
             f"Escalation {row['escalation_id']}: {row['status']}"
             + (f" ({row['outcome']})" if row["outcome"] else "")
             + (f" (earlier outcome: {row['last_outcome']})" if not row["outcome"] and row.get("last_outcome") else "")
             + with_full_stop(f", owner {row['owner'] or 'nobody'}"), ""]
    for m in messages:
        arrow = "Sent" if m["direction"] == "out" else "Reply"
        lines += [f"--- {arrow} {_when(m['at'])} from {m['from']}: {m['subject']}", (m["text"] or "").strip(), ""]
    for n in row["notes"]:
        lines.append(f"Note by {n['by']} ({_when(n['at'])}, {n['action']}): {n['text']}")
    return "\n".join(lines).strip()


def stop_note(entry: Entry, address: str = "") -> str:
    """When and how a contact asked us to stop (or her address failed), as one line for the CRM; an
    entry at another mailbox than her record's ``address`` names it."""
    how = STOP_WORDS.get(entry.reason, entry.reason)
    if entry.target.startswith("@"):
        how += f" for all of {entry.target}"
    elif address and person_key(entry.target) != person_key(address):
        how += f" at {entry.target}"
    if entry.recorded_by not in NOBODY:
        how += f", recorded by {entry.recorded_by}"
    if entry.note:
        how += f": {entry.note}"
    head = "Not to be mailed since" if entry.reason in NOT_OPTED_OUT else "Opted out on"
    return f"{head} {_when(entry.added_at)} ({how})."


def hubspot_rows(threads: list[tuple[dict, list[dict]]], website: str, noted: Container[str] | None = None,
                 stops: Sequence[Entry] = ()) -> tuple[dict, list[dict]]:
    """A person's contact row, spoken for by her first conversation (:func:`by_person`) and naming
    every play, one note for each conversation (``(row, messages)``) whose escalation id is in
    ``noted`` (None: each), and one for each suppression entry in ``stops``, dated when recorded."""
    row = threads[0][0]
    hub_stage, hub_status, _, _ = stage(row)
    rows = [r for r, _ in threads]
    contact = {
        "First Name": row["first_name"], "Last Name": row["last_name"], "Email": row["email"],
        "Company Name": row["company"], "Job Title": row["title"], "Website URL": website,
        "Industry": row["industry"] or "", "Country/Region": row["country"] or "", "Lifecycle Stage": hub_stage,
        "Lead Status": hub_status, "Contact owner": row["owner"] or "", "Outbound Play": joined(rows, "play"),
        "Outbound Signal": "; ".join(dict.fromkeys(filter(None, map(_signal, rows)))),
    }
    notes = []
    for r, messages in threads:
        if noted is not None and r["escalation_id"] not in noted:
            continue
        # A reply without a readable Date header has no time of its own: the escalation's is the next best.
        when = r["last_reply_at"] or r["first_reply_at"] or r["escalated_at"]
        notes.append({"Email": row["email"], "Note body": note_text(r, messages),
                      "Activity date": as_utc(when).strftime("%Y-%m-%dT%H:%M:%SZ")})
    notes += [{"Email": row["email"], "Note body": stop_note(e, row["email"]),
               "Activity date": as_utc(e.added_at).strftime("%Y-%m-%dT%H:%M:%SZ")} for e in stops]
    return contact, notes


def hubspot_duplicates(contact: dict, others: Sequence[str]) -> list[dict]:
    """Her contact row under each address of ``others``, with her current stage, status and plays, and
    the record that is hers (``SAME_PERSON``): imported to update existing contacts only, a record an
    earlier export or a person made under another spelling of her address says what hers does (opted
    out, a meeting) until a person merges it, and none is made where there was none."""
    return [{**contact, "Email": address, SAME_PERSON: same_person(contact["Email"])} for address in others]


def salesforce_duplicates(lead: dict, others: Sequence[str]) -> list[dict]:
    """Her lead under each address of ``others``, as :func:`hubspot_duplicates` has it, its
    description opening with the record that is hers."""
    described = f"{same_person(lead['Email'])}\n\n{lead['Description']}"[:32000]
    return [{**lead, "Email": address, "Description": described} for address in others]


def salesforce_row(threads: list[tuple[dict, list[dict]]], website: str, stops: Sequence[Entry] = ()) -> dict:
    """A person's lead, spoken for by her first conversation (:func:`by_person`); its description
    says first when and how she asked us to stop (each entry of ``stops``), then every conversation."""
    row = threads[0][0]
    _, _, sf_status, rating = stage(row)
    rows = [r for r, _ in threads]
    # Salesforce's standard "Email Opt Out" checkbox: its own email tools then leave her out too.
    opted_out = any(_stage_key(r) == "opted_out" for r in rows) or any(e.reason not in NOT_OPTED_OUT for e in stops)
    return {
        "FirstName": row["first_name"], "LastName": row["last_name"] or NOT_PROVIDED, "Email": row["email"],
        "Company": row["company"], "Title": row["title"], "Website": website, "Industry": row["industry"] or "",
        "Country": row["country"] or "", "Status": sf_status, "Rating": rating, "LeadSource": LEAD_SOURCE,
        "HasOptedOutOfEmail": "true" if opted_out else "false",
        "Description": "\n\n".join([*(stop_note(e, row["email"]) for e in stops),
                                    *(note_text(r, m) for r, m in threads)])[:32000],
        "SDR_Play__c": joined(rows, "play"), "SDR_Signal__c": "; ".join(dict.fromkeys(filter(None, map(_signal, rows)))),
    }


def _signal(row: dict) -> str:
    return f"{row['signal_type']}: {row['why_now']}" if row["why_now"] else (row["signal_type"] or "")
