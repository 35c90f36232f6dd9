"""An auto-reply whose own text may ask us to stop (triage's ``AUTO_MAY_ASK_TO_STOP``) shows in the queue as what it
is, a message for a person to read, not under the label the labeller gave its words: shown "interested" beside its
may-ask-to-stop marking, it told the person reading `sdr inbox` that the prospect was interested, ranked first and
timed by the service level, when nobody had read our mail. Her own reply on the thread still labels it."""

import json
from datetime import UTC, datetime, timedelta

import polars as pl

from sdr_assets.domain import escalations as esc
from sdr_assets.domain.escalation_rows import build_rows

NOW = datetime(2026, 11, 24, 15, tzinfo=UTC)
CONTACT = "ann.lee@acme.example"


def _message(n: int, label: str, reason: str | None, text: str) -> dict:
    return {"message_id": f"<m{n}@x.example>", "kind": "human", "label": label, "sub_reason": None, "confidence": 0.9,
            "needs_review": reason is not None, "play": "p", "contact_email": CONTACT, "from_addr": CONTACT,
            "received_at": NOW - timedelta(hours=10 - n), "subject": "Automatic reply: Hello", "visible_text": text,
            "referrals": "[]", "simulated": False, "reason": reason}


def _row(messages: list[dict]) -> dict:
    context = {"enriched": {}, "angles": {}, "outbound": {}, "draft_names": {}, "domains": {}, "signal_types": {},
               "plays": {}, "logged": set(), "answered": set()}
    rows, _ = build_rows(pl.DataFrame(messages, infer_schema_length=None), pl.DataFrame(), context,
                         lambda conversations: [("Thanks.", True) for _ in conversations], NOW)
    return rows[0]


AWAY = "Ik ben met vakantie tot 7 januari. Ik wil hier verder niets meer over ontvangen."


def test_the_auto_reply_shows_as_one_to_read_not_under_the_labellers_label():
    row = _row([_message(1, "interested", esc.AUTO_MAY_ASK_TO_STOP, AWAY)])
    assert (row["label"], row["priority"], row["may_ask_to_stop"]) == (esc.REVIEW_LABEL, esc.REVIEW_PRIORITY, True)
    assert [m["label"] for m in json.loads(row["thread"])] == [esc.REVIEW_LABEL]
    assert row["suggested_response"] == ""


def test_her_own_reply_on_the_thread_still_labels_it():
    row = _row([_message(1, "interested", esc.AUTO_MAY_ASK_TO_STOP, AWAY),
                _message(2, "question", None, "Back now. What does it cost?")])
    assert (row["label"], row["may_ask_to_stop"]) == ("question", True)
