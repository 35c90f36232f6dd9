"""An empty answer (content null or blank: a refusal, a content filter, a server's glitch) is no answer.

It is a failed call, said as what it is (the refusal's own words when the server gives them), and
nothing is cached: the draft falls back to the approved template for now, and the model is asked
again rather than the empty answer read back as its answer for good."""

from __future__ import annotations

import pytest

from resources.model import OpenAICompatibleModel
from resources.model_stage import ResponseCache
from resources.warehouse import Warehouse
from tests.test_model_stage import _answering, _requests

EMPTY = {
    "refused": lambda body, message, content: message.update(content=None, refusal="I can't help with that.") or body,
    "filtered": lambda body, message, content: (message.update(content=None)
                                                or body["choices"][0].update(finish_reason="content_filter") or body),
    "blank": lambda body, message, content: message.update(content="  ") or body,
}


@pytest.mark.parametrize("shape", EMPTY.values(), ids=EMPTY.keys())
def test_an_empty_answer_is_a_failed_call_and_the_model_is_asked_again(tmp_path, shape):
    cache = ResponseCache(Warehouse(path=str(tmp_path / "w.duckdb")).connect)
    model = OpenAICompatibleModel(base_url="http://model.invalid/v1", model="local-test", max_attempts=1)
    try:
        [text] = model.write_drafts(_requests(1), cache, transport=_answering(shape))
        assert text.verdict == "fell_back" and text.body.startswith("Hi Maya")
        assert text.reasons[0].startswith("model call failed: "), text.reasons
        if shape is EMPTY["refused"]:
            assert "I can't help with that." in text.reasons[0], "the analyst reads why the model gave no draft"
        with cache._connect() as con:
            assert con.execute("select count(*) from model_responses").fetchone() == (0,)
        [later] = model.write_drafts(_requests(1), cache, transport=_answering(lambda body, *_: body))
        assert later.verdict == "written" and later.body.startswith("Hello Maya")
    finally:
        model.close()

