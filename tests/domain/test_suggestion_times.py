"""A model's suggested answer fixes no day, date, time or timeframe the prospect's reply did not give: she
wrote "Tuesday afternoon?" or "sometime next week", and an answer saying "Tuesday morning works", "see
you on the fourteenth" or "would Thursday work?" books what she never offered. The answer the person
is offered instead is the offline one, which asks her for times or takes up the one she gave."""

import json

import pytest

from sdr_assets.domain.answers import checked_answer, fallback_answer

OPENING = ("We wrote (2026-11-20T09:00): Hi Maya,\n\nSaw Acme is hiring a RevOps lead. We help RevOps teams keep "
           "pipeline data clean. Worth a chat?\n\nSam\n\n")


def _ask(reply: str) -> dict:
    return {"label": "interested", "sub_reason": None, "first_name": "Maya", "referral": None,
            "thread": f"{OPENING}They wrote (2026-11-21T10:00): {reply}", "facts": [],
            "play_description": "RevOps hiring", "reply": reply}


def _offered(reply: str, text: str) -> str:
    return checked_answer(_ask(reply), json.dumps({"text": text, "fact_ids": []}), "", "lexicon")


@pytest.mark.parametrize(("reply", "text"), [
    ("Tuesday afternoon?", "Thanks Maya, Tuesday morning works. I'll send an invite."),
    ("Tuesday afternoon?", "Thanks Maya, Tuesday afternoon works. I'll send an invite for the fourteenth."),
    ("Tuesday afternoon?", "Thanks Maya, would Wednesday suit you better?"),
    ("Sometime next week would be good.", "Thanks Maya, let's meet on the fourteenth."),
    ("Sometime next week would be good.", "Thanks Maya, would Thursday work?"),
    ("Sometime next week would be good.", "Thanks Maya, next week works, how about Thursday?"),
    ("Sometime next week would be good.", "Thanks Maya, let's talk tomorrow morning."),
    ("Sometime next week would be good.", "Thanks Maya, I'll send an invite for this afternoon."),
    ("Sometime next week would be good.", "Thanks Maya, I'll send an invite for 11/21."),
    ("Sounds relevant, tell me more.", "Thanks Maya, I'll send an invite for next week."),
    ("Not now, we are mid-migration.", "Understood, Maya. Shall I check back next quarter?"),
])
def test_a_time_she_never_gave_is_not_offered(reply, text):
    assert _offered(reply, text) == fallback_answer(_ask(reply), ""), text


@pytest.mark.parametrize(("reply", "text"), [
    ("Tuesday afternoon?", "Thanks Maya, Tuesday afternoon works. I'll send an invite."),
    ("Could we do Thursday at 3pm?", "Thanks Maya, Thursday at 3pm works. I'll send an invite."),
    ("Sometime next week would be good.", "Thanks Maya, next week works. Which times suit you?"),
    ("Relevant. Can we talk on the 14th?", "Thanks Maya, the 14th works. Which times suit you that day?"),
    ("Happy to talk. Good morning to you, by the way.", "Good morning Maya, happy to talk. Which times suit you?"),
])
def test_a_time_she_gave_is_offered(reply, text):
    assert _offered(reply, text) == text, text
