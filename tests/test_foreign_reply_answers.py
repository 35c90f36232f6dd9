"""A suggested answer the project's checks cannot read is never offered as checked: the checks of a model's
answer (a promise to stop our mail, a free trial or a discount, customers, numbers in words) read English,
so a model's answer in French, German or Spanish is refused and the offline answer in her language is
offered; a reply in another language than English is not sent to the model at all, whose answer would
be refused, and its offline answer is final. An English reply is still asked of the model."""

import json

import httpx
import pytest

from resources.model import OpenAICompatibleModel
from sdr_assets.domain.answers import checked_answer, fallback_answer

FR = "Bonjour, merci mais ce n'est pas pour nous en ce moment. Cordialement"
ES = "Hola, gracias pero no es para nosotros en este momento. Saludos"
EN = "Thanks, but this is not for us right now."


def _ask(reply: str) -> dict:
    return {"label": "not_interested", "sub_reason": None, "first_name": "Jana", "referral": None,
            "thread": ("We wrote (2026-11-20T09:00): Hi Jana,\n\nWe help RevOps teams keep pipeline data clean. "
                       f"Worth a chat?\n\nSam\n\nThey wrote (2026-11-21T10:00): {reply}"),
            "facts": [], "play_description": "RevOps hiring", "reply": reply}


@pytest.mark.parametrize(("reply", "text"), [
    (FR, "Merci Jana, c'est compris. Nous ne vous contacterons plus."),
    (FR, "Merci Jana, c'est compris. Nous pouvons vous offrir un essai gratuit et une remise de vingt pour cent."),
    (ES, "Entendido, Jana. Le quitamos de nuestra lista y no le escribiremos más."),
    (EN, "Thanks Jana, understood. Nous ne vous contacterons plus."),
])
def test_a_model_answer_in_a_language_the_checks_do_not_read_is_not_offered(reply, text):
    ask = _ask(reply)
    assert checked_answer(ask, json.dumps({"text": text, "fact_ids": []}), "", "lexicon") == fallback_answer(ask, "")


def _model_answering(text: str, asked: list) -> tuple[OpenAICompatibleModel, httpx.MockTransport]:
    def reply(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        return httpx.Response(200, json={
            "id": "c", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {
                "role": "assistant", "content": json.dumps({"text": text, "fact_ids": []})}}]})
    model = OpenAICompatibleModel(base_url="http://127.0.0.1:9/v1", model="m", max_attempts=1, timeout_seconds=2.0)
    return model, httpx.MockTransport(reply)


def test_a_reply_in_another_language_is_answered_offline_in_hers_without_a_model_call():
    asked: list = []
    model, transport = _model_answering("Thanks Jana, understood. All the best to the team.", asked)
    try:
        answers = model.suggest_responses([_ask(FR), _ask(EN)], None, transport)
    finally:
        model.close()
    assert len(asked) == 1 and EN in asked[0].content.decode()
    assert answers == [(fallback_answer(_ask(FR), ""), True),
                       ("Thanks Jana, understood. All the best to the team.", True)]
