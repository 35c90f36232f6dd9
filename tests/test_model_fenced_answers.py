"""An answer whose JSON comes inside a Markdown code fence is read as that JSON.

Servers that take ``response_format`` without enforcing it (older Ollama, many proxies in front of
local models) often wrap the object in ```json ... ```. Read strictly, every such answer was "not
valid JSON": every draft of every play fell back to the template, for good (the answer is cached),
with the model configured and answering. What is inside the fence is verified like any answer."""

from __future__ import annotations

import pytest

from resources.model import OpenAICompatibleModel
from resources.model_stage import ResponseCache
from resources.warehouse import Warehouse
from sdr_assets.domain.prompts import AnswerError, parse_answer
from tests.test_model_stage import _answering, _requests

FENCES = {
    "json fence": lambda body, message, content: message.update(content=f"```json\n{content}\n```") or body,
    "bare fence": lambda body, message, content: message.update(content=f"```\n{content}\n```\n") or body,
}


@pytest.mark.parametrize("shape", FENCES.values(), ids=FENCES.keys())
def test_a_fenced_answer_is_the_models_draft(tmp_path, shape):
    cache = ResponseCache(Warehouse(path=str(tmp_path / "w.duckdb")).connect)
    model = OpenAICompatibleModel(base_url="http://model.invalid/v1", model="local-test", max_attempts=1)
    try:
        [text] = model.write_drafts(_requests(1), cache, transport=_answering(shape))
    finally:
        model.close()
    assert (text.verdict, text.generated_by) == ("written", "openai:local-test"), text.reasons


@pytest.mark.parametrize("content", ['```json\n{"subject": "Hi"}', 'Here it is: ```json\n{"subject": "Hi"}\n```',
                                     '```json\n{"subject": "Hi"}\n```\n```json\n{"subject": "Yo"}\n```'])
def test_anything_but_one_whole_fenced_object_is_still_refused(content):
    with pytest.raises(AnswerError):
        parse_answer(content, {"subject": str})
