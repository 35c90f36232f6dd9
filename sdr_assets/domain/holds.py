"""Which contacts' sequences a reply stops or pauses."""

import json
from datetime import datetime, timedelta

import polars as pl

from sdr_assets.domain.addresses import person_key, person_mailbox
from sdr_assets.domain.days import utc_day
from sdr_assets.domain.escalations import OPTING_OUT_REASONS
from sdr_assets.domain.mail_dates import bounded_replies

HOLD_SCHEMA = {"email": pl.String, "hold": pl.String, "until": pl.Date, "reason": pl.String,
               "source_message_id": pl.String}
# The columns of reply_classifications a hold is decided from.
HOLD_INPUTS = ("received_at", "contact_email", "from_addr", "kind", "label", "hard", "return_date", "message_id",
               "optout_targets", "reason")
# How the hold of a human reply's sender begins its reason.
REPLIED = "replied: "


def _suppresses_contact(r: dict) -> bool:
    """Whether an unsubscribe reply's opt-out covers the contact it answers (or it answers none).

    One that does not (someone else asking for her, without her token) waits for a person before it
    suppresses her (``domain/mail_optouts.py``); her sequence stops meanwhile, as for any reply."""
    if not r["contact_email"]:
        return True
    targets = json.loads(r.get("optout_targets") or "[]")
    return person_mailbox(r["contact_email"]) in {person_mailbox(t) for t in targets}


def may_have_opted_out(classified: pl.DataFrame) -> list[tuple[str, str]]:
    """The human replies that may stop her mail once a person reads them, as (``person_key`` of the
    address ``holds_from`` stops, message id): an unsubscribe that does not cover her (someone else
    asking for her), and one triage gives a reason of opting out (``OPTING_OUT_REASONS``)."""
    found = []
    for r in classified.filter(pl.col("kind") == "human").iter_rows(named=True):
        asked = r.get("label") == "unsubscribe" and not _suppresses_contact(r)
        key = person_key(r["contact_email"] or r["from_addr"])
        if key and (asked or r.get("reason") in OPTING_OUT_REASONS):
            found.append((key, r["message_id"]))
    return found


def holds_from(classified: pl.DataFrame, now: datetime) -> pl.DataFrame:
    """Stop a sequence on any human reply, except an unsubscribe that suppresses the contact (the
    suppression covers her); pause it for out-of-office and soft bounces.

    A reply without a date counts as received at ``now``.
    """
    holds: dict[str, dict] = {}
    # Dates from mail are bounded first, so the arithmetic below stays in the calendar.
    rows = bounded_replies(classified.select([c for c in HOLD_INPUTS if c in classified.columns]), now)
    rows = rows.sort("received_at", nulls_last=True)
    for r in rows.iter_rows(named=True):
        email = person_key(r["contact_email"] or r["from_addr"])
        if not email:
            continue
        received = utc_day(r["received_at"] or now)
        if r["kind"] == "human" and r["label"] == "unsubscribe" and not _suppresses_contact(r):
            holds[email] = {"hold": "stop", "until": None, "reason": f"{REPLIED}unsubscribe, awaiting review"}
        elif r["kind"] == "human" and r["label"] != "unsubscribe":
            holds[email] = {"hold": "stop", "until": None, "reason": f"{REPLIED}{r['label']}"}
        elif r["kind"] == "out_of_office" and holds.get(email, {}).get("hold") != "stop":
            until = r["return_date"] or received + timedelta(days=7)
            holds[email] = {"hold": "pause", "until": until + timedelta(days=1), "reason": "out of office"}
        elif r["kind"] == "bounce" and not r["hard"] and holds.get(email, {}).get("hold") != "stop":
            holds[email] = {"hold": "pause", "until": received + timedelta(days=2), "reason": "soft bounce"}
        else:
            continue
        holds[email].update(email=email, source_message_id=r["message_id"])
    return pl.DataFrame(list(holds.values()), schema=HOLD_SCHEMA)
