"""A suggested answer rests on the research it was written from: once the account's facts change (a
funding round retracted, a hire withdrawn), an open conversation's answer is written again from the
facts as they are now, so nobody sends a claim the research no longer holds; unchanged facts ask
nothing, and a handled conversation keeps the answer it was handled with."""

import json

import polars as pl

from sdr_assets.domain.escalation_rows import build_rows
from tests.domain.test_conversation_rows import CONTACT, NOW, message

ROUND = {"id": "f1", "field": "funding_round", "value": "Series B", "kind": "signal", "source": "feed"}
HIRE = {"id": "f2", "field": "role", "value": "Head of RevOps", "kind": "signal", "source": "feed"}
OTHER = "bo.kim@acme.example"


def _context(facts: list[dict], **more) -> dict:
    angles = {("p", c): {"facts": json.dumps(facts)} for c in (CONTACT, OTHER)}
    return {"enriched": {}, "angles": angles, "outbound": {}, "draft_names": {}, "domains": {}, "signal_types": {},
            "plays": {}, "logged": set(), "answered": set(), "answer_rules": "rules", **more}


def _answering(asked: list[list[tuple[str, str]]]):
    def write(conversations: list[dict]) -> list[tuple[str, bool]]:
        asked.append([(c["escalation_id"], c["facts"]) for c in conversations])
        return [(f"Answer from {len(json.loads(c['facts']))} facts.", True) for c in conversations]
    return write


def test_an_open_answer_is_written_again_when_its_facts_change_and_not_otherwise():
    messages = pl.DataFrame([message(1, CONTACT), message(2, OTHER, contact=OTHER)], infer_schema_length=None)
    asked: list[list[tuple[str, str]]] = []
    first, events = build_rows(messages, pl.DataFrame(), _context([ROUND, HIRE]), _answering(asked), NOW)
    logged = {(e["escalation_id"], e["message_id"]) for e in events}
    handled = next(r["escalation_id"] for r in first if r["contact_email"] == OTHER)
    opened = next(r["escalation_id"] for r in first if r["contact_email"] == CONTACT)
    retracted = _context([HIRE], logged=logged, handled={handled})
    second, _ = build_rows(messages, pl.DataFrame(first), retracted, _answering(asked), NOW)
    third, _ = build_rows(messages, pl.DataFrame(second), retracted, _answering(asked), NOW)
    assert [sorted(e for e, _ in call) for call in asked[1:]] == [[opened]], \
        f"asked after the research changed: {asked[1:]} (the open answer still rests on the retracted round)"
    assert {r["escalation_id"]: r["suggested_response"] for r in third} == {
        opened: "Answer from 1 facts.", handled: "Answer from 2 facts."}
