"""A suggested answer to an escalated conversation, from the ask to the text offered.

What the model is asked (the thread as it reads it, the prompt) and what of its answer may be
offered (the check, the fallback) live here and in the modules this one imports; the thread itself
(its messages, who wrote them, the facts) is built in ``escalation_rows``. The digest of the rules an
answer was written under (``rule_digest.answer_digest``) moves with every one of them.
"""

from __future__ import annotations

from sdr_assets.domain.answer_lines import reply_language
from sdr_assets.domain.address_lines import Roles
from sdr_assets.domain.facts import facts_from_json, grounds_lines, template_values
from sdr_assets.domain.prompts import AnswerError, parse_answer, suggestion_messages
from sdr_assets.domain.suggestions import offline_suggestion, suggestion_reasons

# The most tokens the model may spend on one answer.
ANSWER_TOKENS = 400


def answer_ask(conversation: dict) -> dict:
    """What the model is asked of a conversation: its label, names, thread, facts and reply."""
    referrals = conversation["referrals"]
    thread = "\n\n".join(f"{'We wrote' if m['direction'] == 'out' else 'They wrote'} ({m['at'][:16]}): {m['text']}"
                         for m in conversation["thread"])
    return {"label": conversation["label"], "sub_reason": conversation["sub_reason"],
            "first_name": conversation["first_name"], "referral": referrals[0] if referrals else None,
            "thread": thread, "facts": _facts(conversation["facts"]),
            "play_description": conversation["play_description"], "reply": conversation.get("reply_text") or ""}


def _facts(text: str) -> list:
    try:
        return facts_from_json(text)
    except (TypeError, ValueError):  # facts stored by an earlier version, before they were records
        return []


def answer_messages(ask: dict, booking_url: str) -> list[dict[str, str]]:
    """The prompt for one ask."""
    return suggestion_messages(
        label=ask["label"], sub_reason=ask["sub_reason"], first_name=ask["first_name"], thread=ask.get("thread", ""),
        play_description=ask.get("play_description", ""), facts=list(ask.get("facts") or []),
        booking_url=booking_url, referral=ask["referral"])


def model_answers(ask: dict) -> bool:
    """Whether the model is asked to answer: the checks of its answer read English, so a reply in another
    language gets the offline answer, in hers (``answer_lines``)."""
    return reply_language(ask.get("reply", "")) == "en"


def fallback_answer(ask: dict, booking_url: str) -> str:
    """The offline answer to an ask: what is offered when the model's is not."""
    return offline_suggestion(ask["label"], ask["sub_reason"], ask["first_name"], ask["referral"], booking_url,
                              ask.get("reply", ""))


def checked_answer(ask: dict, content: str | None, booking_url: str, mode: str) -> str:
    """The model's answer (``content``, None when the call failed) when the verifier lets it
    through, else the offline one."""
    fallback = fallback_answer(ask, booking_url)
    if content is None:
        return fallback
    try:
        answer = parse_answer(content, {"text": str, "fact_ids": list})
    except AnswerError:
        return fallback
    referral = ask["referral"]
    grounds = "\n".join([ask.get("thread", ""), fallback, ask["first_name"], referral or "",
                         *grounds_lines(list(ask.get("facts") or []))])
    if suggestion_reasons(answer["text"], grounds, booking_url, mode, ask.get("reply", ""), _roles(ask)):
        return fallback
    return answer["text"].strip()


def _roles(ask: dict) -> Roles:
    """Whom an answer greets, the writer of the reply it answers (the contact, or a colleague writing for
    her), and who signs it, the sender the facts name: no other name of the thread or the facts."""
    values = template_values(list(ask.get("facts") or []))
    writer = ask["first_name"] or ""
    if writer and writer == values.get("first_name"):
        writer = " ".join(values[f] for f in ("first_name", "last_name") if f in values)
    return Roles(writer, values.get("sender_name", ""), tuple(values.values()), tuple(values.items()))
