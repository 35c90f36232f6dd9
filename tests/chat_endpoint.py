"""An OpenAI-compatible chat endpoint on 127.0.0.1 whose answers a test writes: ``chat_endpoint(answer)``
serves ``answer(messages)`` (a dict, sent as JSON text) as every completion's content; an ``int`` it
returns is sent instead as that HTTP status, with an error body (an outage, a refused key)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@contextmanager
def chat_endpoint(answer: Callable[[list[dict[str, str]]], dict[str, Any] | int]) -> Iterator[str]:
    """The endpoint's base URL (``.../v1``) while the block runs."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
            pass

        def do_POST(self):  # noqa: N802 - the stdlib's name
            request = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            answered = answer(request.get("messages", []))
            status = answered if isinstance(answered, int) else 200
            payload = json.dumps({"error": {"message": f"HTTP {status}"}} if status != 200 else {
                "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "test",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": json.dumps(answered)}}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def approved_and_sent_with(url: str, play: str, environ, monkeypatch, instance):
    """The seeded world with the model at ``url`` as its writer: the signals job, ``play`` approved by a
    named person, and its outreach job run. Returns the resources and the definitions."""
    from resources.defaults import build_resources
    from sdr_assets.assembly import build_definitions
    from sdr_assets.play_graph import job_name
    from tests.approving import approve

    settings = {"OPENAI_BASE_URL": url, "SDR_MODEL": "review-model", "OPENAI_API_KEY": "local"}
    for key, value in settings.items():
        monkeypatch.setenv(key, value)  # the play's version reads the same settings as the resources
    resources = build_resources(environ(**settings))
    defs = build_definitions(resources)
    assert defs.resolve_job_def("signals_job").execute_in_process(instance=instance).success
    approve(resources, play)
    assert defs.resolve_job_def(job_name(play)).execute_in_process(instance=instance).success
    return resources, defs
