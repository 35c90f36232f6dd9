"""The OpenAI-compatible client against misbehaving servers on 127.0.0.1: redirects, dated Retry-After."""

import json
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler

import pytest

from resources.model import OpenAICompatibleModel
from resources.model_stage import OK, ModelCall
from sdr_assets.local_http import LocalHTTPServer

COMPLETION = {"id": "c1", "object": "chat.completion", "created": 0, "model": "m",
              "choices": [{"index": 0, "finish_reason": "stop",
                           "message": {"role": "assistant", "content": '{"label": "interested"}'}}],
              "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}


class Server:
    """``answer(n, path) -> (status, headers, body)`` for the n-th request (from 0); arrivals recorded."""

    def __init__(self, answer):
        self.arrivals: list[tuple[float, str, bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                n = len(outer.arrivals)
                outer.arrivals.append((time.monotonic(), self.path, body))
                status, headers, data = answer(n, self.path)
                self.send_response(status)
                for k, v in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = LocalHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _call():
    return ModelCall([{"role": "user", "content": "Classify: yes please, send me times"}], {"type": "json_object"}, 50)


def test_a_429_whose_retry_after_is_an_http_date_is_waited_for():
    """RFC 9110 allows Retry-After as an HTTP-date; the README says the model stage honours Retry-After."""
    def answer(n, path):
        if n == 0:
            return 429, {"Retry-After": formatdate(time.time() + 2, usegmt=True)}, \
                json.dumps({"error": {"message": "slow down", "type": "rate_limit"}}).encode()
        return 200, {}, json.dumps(COMPLETION).encode()

    with Server(answer) as server:
        model = OpenAICompatibleModel(base_url=server.base + "/v1", model="m", timeout_seconds=5,
                                      backoff_seconds=0.05, max_attempts=4)
        try:
            [result] = model.stage().run([_call()])
        finally:
            model.close()
    assert result.status == OK
    gap = server.arrivals[1][0] - server.arrivals[0][0]
    # A date has whole seconds: 2 s ahead is 1 to 2 s away; without it the wait is the 0.05 s backoff.
    assert gap >= 0.9, f"asked again {gap:.2f} s after a 429 that said to wait until a date ~2 s ahead"


def test_a_redirect_to_another_host_is_not_followed_with_the_prompt():
    """A 307/308 from the configured endpoint must not carry the prompt (prospect data) to a host the user
    never configured, as the enrichment provider and the signal feed never follow one either."""
    with Server(lambda n, path: (200, {}, json.dumps(COMPLETION).encode())) as elsewhere:
        target = elsewhere.base + "/v1/chat/completions"
        with Server(lambda n, path: (307, {"Location": target}, b"")) as configured:
            model = OpenAICompatibleModel(base_url=configured.base + "/v1", model="m", timeout_seconds=5,
                                          backoff_seconds=0.01, max_attempts=1)
            try:
                [result] = model.stage().run([_call()])
            finally:
                model.close()
    assert len(configured.arrivals) == 1
    assert elsewhere.arrivals == [], (f"the prompt went to {elsewhere.base}, which no setting names: "
                                      f"{elsewhere.arrivals[0][2][:80]!r}")
    assert result.status != OK
