"""The person a suggested answer asks to be introduced to is the one the reply pointed to first, and never
one of our own mailboxes: a reply's addresses come in the order she wrote them (her pointer, then her
signature's assistant), and an attribution line a quote left behind ("Op ... schreef Alex
<alex@sdr.example>:") names our sender, who is nobody to be introduced to or to propose as a contact."""

import json

import polars as pl

from sdr_assets.domain.answers import answer_ask, fallback_answer
from sdr_assets.domain.escalation_rows import build_rows
from tests.domain.test_conversation_rows import CONTACT, NOW, message

SENT = {"direction": "out", "at": "2026-11-20T09:00:00+00:00", "from": "Alex@SDR.example", "subject": "Hello",
        "text": "Hi Ann, worth a chat?", "step": 1}


def _row(referrals: list[str]) -> dict:
    context = {"enriched": {}, "angles": {}, "outbound": {("p", CONTACT): [SENT]}, "draft_names": {}, "domains": {},
               "signal_types": {}, "plays": {}, "logged": set(), "answered": set()}
    reply = {**message(1, CONTACT, label="wrong_person", text="Not me, please contact maria@acme.example."),
             "referrals": json.dumps(referrals)}
    rows, _ = build_rows(pl.DataFrame([reply], infer_schema_length=None), pl.DataFrame(), context,
                         lambda asks: [(fallback_answer(answer_ask(a), ""), True) for a in asks], NOW)
    [row] = rows
    return row


def test_the_address_she_pointed_to_first_is_the_one_asked_for():
    row = _row(["maria@acme.example", "ann.lee.private@acme.example", "eva@acme.example"])
    assert "introducing me to maria@acme.example" in row["suggested_response"], row["suggested_response"]


def test_our_own_sender_is_never_a_referral():
    row = _row(["maria@acme.example", "alex@sdr.example"])
    assert "alex@sdr.example" not in row["proposed_contacts"].lower(), row["proposed_contacts"]
    assert "introducing me to maria@acme.example" in row["suggested_response"], row["suggested_response"]
