"""The model client reaches its endpoint through the proxy the environment names (``HTTPS_PROXY``,
``HTTP_PROXY``, ``ALL_PROXY``, minus ``NO_PROXY``), as every other HTTP client of the pipeline does: a
deployment whose only way out is its proxy still drafts with the model."""

import pytest

from resources.model import OpenAICompatibleModel
from resources.model_stage import OK, ModelCall
from tests.chat_endpoint import chat_endpoint

CALL = ModelCall([{"role": "user", "content": "Classify: yes please"}], {"type": "json_object"}, 50)


def _answer(monkeypatch, proxy: str | None, no_proxy: str = ""):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                 "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    if proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy)
    if no_proxy:
        monkeypatch.setenv("NO_PROXY", no_proxy)
    # The endpoint's host resolves nowhere: only the proxy can carry the call.
    model = OpenAICompatibleModel(base_url="http://model.invalid/v1", model="m", timeout_seconds=5.0,
                                  max_attempts=1)
    try:
        return model.stage().run([CALL])[0]
    finally:
        model.close()


@pytest.mark.parametrize("scheme", ["http://", ""])  # also as often written, without its scheme
def test_the_model_is_reached_through_the_proxy_of_the_environment(monkeypatch, scheme):
    with chat_endpoint(lambda messages: {"label": "interested"}) as url:
        result = _answer(monkeypatch, scheme + url.removesuffix("/v1").removeprefix("http://"))
    assert result.status == OK, result.error


def test_a_host_no_proxy_names_is_reached_directly(monkeypatch):
    with chat_endpoint(lambda messages: {"label": "interested"}) as url:
        result = _answer(monkeypatch, url.removesuffix("/v1"), no_proxy="model.invalid")
    assert result.status != OK
