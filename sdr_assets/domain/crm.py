"""Hand-over files for the CRMs' own import wizards: column names, value mappings, the note text.

HubSpot: two files imported together ("multiple files with associations", matched on Email): the
contacts, and the conversation as a note on each. Salesforce: one Lead file for the Data Import
Wizard or Data Loader, the conversation in Description. Column names are the CRMs' own field
names so the wizards map them without help.
"""

from __future__ import annotations

from datetime import datetime

from sdr_assets.domain.days import as_utc

HUBSPOT_CONTACT_COLUMNS = ("First Name", "Last Name", "Email", "Company Name", "Job Title", "Website URL",
                           "Industry", "Country/Region", "Lifecycle Stage", "Lead Status", "Contact owner",
                           "Outbound Play", "Outbound Signal")
HUBSPOT_NOTE_COLUMNS = ("Email", "Note body", "Activity date")
SALESFORCE_LEAD_COLUMNS = ("FirstName", "LastName", "Email", "Company", "Title", "Website", "Industry", "Country",
                           "Status", "Rating", "LeadSource", "Description", "SDR_Play__c", "SDR_Signal__c")
CSV_COLUMNS = ("escalation_id", "status", "outcome", "owner", "priority", "label", "play", "signal_type", "why_now",
               "first_name", "last_name", "email", "company", "company_domain", "title", "first_reply_at",
               "last_reply_at", "replies", "handled_at", "meeting_booked_at", "notes", "thread", "suggested_response")
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
# How far each row of OUTCOME_MAP is from "never contacted": a conversation that is not handled now
# keeps the row of its earlier outcome, or a meeting's once one is recorded, over a lower one.
REACHED = {"open": 0, "claimed": 1, "snoozed": 1, "nurture": 1, "other": 1, "disqualified": 1, "opted_out": 1,
           "meeting": 2}


def stage(row: dict) -> tuple[str, str, str, str]:
    """The CRM's stage, status and rating: the outcome once handled; while the conversation is open
    again, its queue status, never below a recorded meeting or the outcome it had before."""
    if row["outcome"] == "opted_out":  # whatever the queue says: she asked us to stop
        return OUTCOME_MAP["opted_out"]
    key = row["outcome"] if row["status"] == "handled" else row["status"]
    if row["status"] != "handled":
        earlier = "meeting" if row.get("meeting_booked_at") else row.get("last_outcome")
        if earlier and REACHED[earlier] > REACHED[key]:
            key = earlier
    hub_stage, hub_status, sf_status, rating = OUTCOME_MAP[key]
    if row["status"] != "handled" and row["label"] in HOT_LABELS:
        rating = "Hot"
    return hub_stage, hub_status, sf_status, rating


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
             + f", owner {row['owner'] or 'nobody'}.", ""]
    for m in messages:
        arrow = "Sent" if m["direction"] == "out" else "Reply"
        lines += [f"--- {arrow} {_when(m['at'])} from {m['from']}: {m['subject']}", (m["text"] or "").strip(), ""]
    for n in row["notes"]:
        lines.append(f"Note by {n['by']} ({_when(n['at'])}, {n['action']}): {n['text']}")
    return "\n".join(lines).strip()


def hubspot_rows(row: dict, messages: list[dict], website: str) -> tuple[dict, dict]:
    hub_stage, hub_status, _, _ = stage(row)
    contact = {
        "First Name": row["first_name"], "Last Name": row["last_name"], "Email": row["email"],
        "Company Name": row["company"], "Job Title": row["title"], "Website URL": website,
        "Industry": row["industry"] or "", "Country/Region": row["country"] or "", "Lifecycle Stage": hub_stage,
        "Lead Status": hub_status, "Contact owner": row["owner"] or "", "Outbound Play": row["play"] or "",
        "Outbound Signal": _signal(row),
    }
    # A reply without a readable Date header has no time of its own: the escalation's is the next best.
    when = row["last_reply_at"] or row["first_reply_at"] or row["escalated_at"]
    note = {"Email": row["email"], "Note body": note_text(row, messages),
            "Activity date": as_utc(when).strftime("%Y-%m-%dT%H:%M:%SZ")}
    return contact, note


def salesforce_row(row: dict, messages: list[dict], website: str) -> dict:
    _, _, sf_status, rating = stage(row)
    return {
        "FirstName": row["first_name"], "LastName": row["last_name"] or NOT_PROVIDED, "Email": row["email"],
        "Company": row["company"], "Title": row["title"], "Website": website, "Industry": row["industry"] or "",
        "Country": row["country"] or "", "Status": sf_status, "Rating": rating, "LeadSource": LEAD_SOURCE,
        "Description": note_text(row, messages)[:32000], "SDR_Play__c": row["play"] or "",
        "SDR_Signal__c": _signal(row),
    }


def _signal(row: dict) -> str:
    return f"{row['signal_type']}: {row['why_now']}" if row["why_now"] else (row["signal_type"] or "")
