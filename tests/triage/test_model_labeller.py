"""The model path, driven through ``httpx.MockTransport``: no network, the real OpenAI client."""

import json
from pathlib import Path

import httpx
import pytest

from resources.model import OpenAICompatibleModel
from sdr_assets.domain.drafting import DraftRequest
from sdr_assets.domain.escalations import escalates
from sdr_assets.domain.facts import Fact
from sdr_assets.domain.verifier import Bounds
from sdr_assets.triage import classify_message
from sdr_assets.triage.labels import REVIEW_THRESHOLD

from .helpers import make_message


def _chat_transport(content: str, seen: list | None = None) -> httpx.MockTransport:
    """A chat-completions endpoint that answers every request with ``content``."""

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if seen is not None:
            seen.append(body)
        return httpx.Response(200, json={
            "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": body["model"],
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
        })

    return httpx.MockTransport(handler)


@pytest.fixture
def model():
    # Every attempt is still made; only the waits between them are short.
    return OpenAICompatibleModel(base_url="http://model.test/v1", model="test-model", backoff_seconds=0.01)


def test_model_answer_is_used_and_the_request_is_deterministic(model):
    seen = []
    labeller = model.reply_labeller(transport=_chat_transport(
        '{"label": "objection", "sub_reason": "budget", "confidence": 0.82}', seen))
    assert labeller("Looks good but we have no money for this until spring.") == ("objection", "budget", 0.82)
    request = seen[0]
    assert request["temperature"] == 0
    assert request["response_format"] == {"type": "json_object"}
    assert "no money" in request["messages"][-1]["content"]
    assert "wrong_person" in request["messages"][0]["content"]  # the label set is offered


def test_sub_reason_is_normalised(model):
    objection = model.reply_labeller(transport=_chat_transport('{"label": "objection", "sub_reason": "vibes", "confidence": 0.7}'))
    assert objection("We'll pass for now.")[:2] == ("objection", "other")
    question = model.reply_labeller(transport=_chat_transport('{"label": "question", "sub_reason": "budget", "confidence": 2}'))
    assert question("What does it cost?") == ("question", None, 1.0)


@pytest.mark.parametrize("content", [
    '{"label": "maybe_later", "confidence": 0.99}',  # not one of ours
    "Sure! The label is interested.",  # not JSON
    '["interested"]',  # JSON, wrong shape
    "[" * 100_000,  # nested deeper than the JSON parser recurses
])
def test_unknown_or_unparseable_answer_falls_back_offline_for_review(model, content):
    labeller = model.reply_labeller(transport=_chat_transport(content))
    label, _, confidence = labeller("Could we set up a call next week? Keen to see a demo.")
    assert label == "interested"  # the offline labeller's answer
    assert confidence < REVIEW_THRESHOLD


def test_unsubscribe_overrides_the_model_without_asking(model):
    seen = []
    labeller = model.reply_labeller(transport=_chat_transport('{"label": "interested", "confidence": 0.99}', seen))
    assert labeller("Nice pitch, but please remove me from your list.") == ("unsubscribe", None, 0.97)
    assert seen == []


def test_classify_message_uses_the_model_labeller(model):
    labeller = model.reply_labeller(transport=_chat_transport('{"label": "question", "sub_reason": null, "confidence": 0.9}'))
    result = classify_message(make_message("Does this integrate with Pipedrive?"), reply_labeller=labeller)
    assert (result.kind, result.label, result.needs_review) == ("human", "question", False)


REQUESTS = Path(__file__).resolve().parents[1] / "fixtures" / "replies" / "requests_to_stop"


@pytest.mark.parametrize("raw", [
    (REQUESTS / "html_empty_reply_quoting_our_message_in_a_blockquote.eml").read_bytes(),
    make_message(""),
], ids=["html_quoting_our_message", "plain_text"])
def test_a_reply_with_nothing_written_is_asked_of_no_model_and_goes_to_a_person(model, raw):
    """An html reply that only quotes our message is as empty as a plain-text one: never the model's guess of
    interest (here "interested" at 0.99), but the offline labeller's question, nobody sure of it, for a person."""
    seen = []
    labeller = model.reply_labeller(transport=_chat_transport('{"label": "interested", "confidence": 0.99}', seen))
    result = classify_message(raw, reply_labeller=labeller)
    assert (result.kind, result.label, result.confidence, result.needs_review) == ("human", "question", 0.0, True)
    assert escalates(result.kind, result.label, result.needs_review, result.reason)
    assert seen == []


def test_failed_call_falls_back_offline(model):
    def handler(request):
        raise httpx.ConnectError("no route to model", request=request)

    labeller = model.reply_labeller(transport=httpx.MockTransport(handler))
    label, _, confidence = labeller("No thanks, not interested.")
    assert label == "not_interested"
    assert confidence < REVIEW_THRESHOLD


# ---- grounded drafts ----------------------------------------------------------------------------

FACTS = tuple(Fact(f"t.{k}", k, v, "text", "test") for k, v in
              {"company": "Acme", "first_name": "Pat", "role_count": "12"}.items())
REQUEST = DraftRequest(
    play="hiring", variant_id="a",
    subject_template="Hiring at {company}",
    body_template="Hi {first_name}, I saw {company} is hiring {role_count} engineers. Worth a chat?",
    facts=FACTS, bounds=Bounds(min_words=5),
)


def _draft_answer(subject: str, body: str, fact_ids=("t.company",)) -> str:
    return json.dumps({"subject": subject, "body": body, "fact_ids": list(fact_ids)})


def test_grounded_rewrite_is_used(model):
    transport = _chat_transport(_draft_answer(
        "Acme is hiring", "Hi Pat, noticed Acme is hiring 12 engineers. Open to a quick chat?"))
    [draft] = model.write_drafts([REQUEST], transport=transport)
    assert draft.body == "Hi Pat, noticed Acme is hiring 12 engineers. Open to a quick chat?"
    assert (draft.generated_by, draft.verdict, draft.reasons) == ("openai:test-model", "written", ())
    assert set(draft.fact_ids) == {"t.company", "t.first_name", "t.role_count"}


def test_rewrite_with_stray_number_or_name_falls_back_to_the_template(model):
    transport = _chat_transport(_draft_answer(
        "Acme is hiring", "Hi Pat, Acme grew 40% since Microsoft invested. Worth a chat?"))
    [draft] = model.write_drafts([REQUEST], transport=transport)
    assert draft.subject == "Hiring at Acme"
    assert draft.body == "Hi Pat, I saw Acme is hiring 12 engineers. Worth a chat?"
    assert (draft.generated_by, draft.verdict) == ("template (fallback)", "fell_back")
    assert {"number not in the facts: 40", "name not in the facts: Microsoft"} <= set(draft.reasons)


def test_a_cited_fact_that_does_not_exist_is_refused(model):
    transport = _chat_transport(_draft_answer("Acme is hiring", "Hi Pat, Acme is hiring 12 engineers. A chat?",
                                              fact_ids=("t.company", "t.revenue")))
    [draft] = model.write_drafts([REQUEST], transport=transport)
    assert draft.verdict == "fell_back"
    assert "cites a fact that does not exist: t.revenue" in draft.reasons
