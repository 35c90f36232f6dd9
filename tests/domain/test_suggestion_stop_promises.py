"""A model's suggested answer to a decline promises no stop of our mail in any of the ways a writer says it:
"you won't receive further emails", "this will be my last email", "you've been unsubscribed", "no more
emails from me", "I'll pause all outreach to you". A decline is no opt-out, other plays may still write;
only a recorded opt-out stops them all, so each promises what nobody decided and the offline answer is
offered instead. An answer that only declines to pitch stays."""

import json

import pytest

from sdr_assets.domain.answers import checked_answer, fallback_answer

REPLY = "Thanks, but this is not for us."
ASK = {"label": "not_interested", "sub_reason": None, "first_name": "Maya", "referral": None,
       "thread": f"We wrote (2026-11-20T09:00): Hi Maya, worth a chat?\n\nSam\n\n"
                 f"They wrote (2026-11-21T10:00): {REPLY}",
       "facts": [], "play_description": "", "reply": REPLY}


def _offered(text: str) -> str:
    return checked_answer(ASK, json.dumps({"text": text, "fact_ids": []}), "", "lexicon")


@pytest.mark.parametrize("text", [
    "Understood, Maya. I'll make sure you don't receive any further emails.",
    "Understood, Maya. You won't get any more emails from us.",
    "Understood, Maya. This will be my last email.",
    "Understood, Maya, so this is our final message.",
    "Understood, Maya. You've been unsubscribed.",
    "Understood, Maya. Consider yourself removed.",
    "Understood, Maya. No more emails from me.",
    "Understood, Maya. I'll pause all outreach to you.",
    "Understood, Maya. I've marked you as do not contact.",
    "Understood, Maya. I'll take you off.",
    "Understood, Maya. We'll leave you in peace.",
])
def test_a_promise_to_stop_our_mail_is_not_offered(text):
    assert _offered(text) == fallback_answer(ASK, ""), text


@pytest.mark.parametrize("text", [
    "Understood, Maya, and thank you for letting me know. All the best.",
    "Thanks Maya, understood. If anything changes, a reply here reaches me.",
    "Thanks Maya, no more questions from me. All the best.",
])
def test_a_decline_answered_without_a_promise_is_offered(text):
    assert _offered(text) == text, text
