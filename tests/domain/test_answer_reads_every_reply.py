"""A suggested answer answers every reply of its conversation nobody has answered yet, not the latest
alone: a prospect who proposed a time and then asked a question in a second message is told her time will
be checked, not asked again which times suit her; the conversation keeps its label from the first."""

import polars as pl

from sdr_assets.domain.answers import answer_ask, fallback_answer
from sdr_assets.domain.escalation_rows import build_rows
from tests.domain.test_conversation_rows import CONTACT, NOW, message


def _answer_of(messages: list[dict]) -> tuple[dict, str]:
    context = {"enriched": {}, "angles": {}, "outbound": {}, "draft_names": {}, "domains": {}, "signal_types": {},
               "plays": {}, "logged": set(), "answered": set()}
    rows, _ = build_rows(pl.DataFrame(messages, infer_schema_length=None), pl.DataFrame(), context,
                         lambda asks: [(fallback_answer(answer_ask(a), ""), True) for a in asks], NOW)
    [row] = rows
    return row, row["suggested_response"]


def test_a_time_proposed_before_a_later_question_is_taken_up():
    row, answer = _answer_of([
        message(1, CONTACT, label="interested", text="Yes, this is relevant. Could we talk Thursday at 10?"),
        message(2, CONTACT, label="question", text="Also, does it work with HubSpot?"),
    ])
    assert row["label"] == "interested" and row["reply_text"] == "Also, does it work with HubSpot?"
    assert "time you suggested" in answer and "Which times" not in answer, answer


def test_a_time_she_took_back_is_not_taken_up():
    _, answer = _answer_of([
        message(1, CONTACT, label="interested", text="Could we talk Thursday at 10?"),
        message(2, CONTACT, label="not_interested", text="Scratch that, we went with another vendor."),
    ])
    assert "time you suggested" not in answer, answer
