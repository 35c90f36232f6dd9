"""A small OpenAI-compatible chat server on 127.0.0.1 that stands in for a model.

    python -m sdr_assets.model_server [--port 0] [--latency 0.2] [--mode faithful|embellish|obedient]

It answers the project's prompts (drafts, angles, suggested answers, reply labels) the way a model
would, with added latency, and can misbehave on purpose: a script of faults (``429`` with
Retry-After, ``500``, ``timeout``, ``malformed`` JSON, ``garbage`` instead of JSON, ``truncated``
answers, ``invent``) served in
order, or a mode that embellishes every answer with invented claims (``embellish``) or obeys
instructions hidden in signal text (``obedient``). Tests, the benchmark and the demo point
``OPENAI_BASE_URL`` at it; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from sdr_assets.local_http import LocalHTTPServer

INVENTIONS = (
    "Congrats on the acquisition by a large cloud vendor.",
    "Congrats on your ninety million dollar Series D.",
    "I saw you partnered with a big logistics firm last month.",
    "Teams like Stripe and Notion already rely on us.",
    "As your new VP of Sales, you will want a quick win.",
    "See how others did it at https://bit.ly/3xYz.",
    "I hope this email finds you well.",
)


@dataclass
class Behaviour:
    latency: float = 0.0
    mode: str = "faithful"
    script: list[str] = field(default_factory=list)
    retry_after: float = 0.2
    hang_seconds: float = 5.0


def _data(messages: list[dict[str, str]]) -> dict[str, Any]:
    text = messages[-1].get("content", "") if messages else ""
    match = re.search(r"<<<DATA\n(.*)\nDATA>>>", text, re.S)
    if not match:
        return {"task": "label", "text": text}
    return json.loads(match.group(1))


def _facts(data: dict[str, Any]) -> dict[str, str]:
    return {f["id"]: f["value"] for f in data.get("facts", [])}


def answer_for(data: dict[str, Any], mode: str, counter: int) -> dict[str, Any]:
    """What a cooperative (or, by mode, embellishing or gullible) model would answer."""
    task = data.get("task")
    invention = INVENTIONS[counter % len(INVENTIONS)] if mode == "embellish" else ""
    if mode == "obedient" and "ignore previous instructions" in json.dumps(data).lower():
        invention = "As you asked, we can offer a 50 % discount on the first year."
    facts = _facts(data)
    if task == "draft":
        body = re.sub(r"^Hi ", "Hello ", data["approved_body"].strip())
        if invention:
            body = body.replace("\n\n", f"\n\n{invention} ", 1)
        cited = [fid for fid, value in facts.items() if value and value.lower() in body.lower()]
        return {"subject": data["approved_subject"], "body": body, "fact_ids": cited}
    if task == "angle":
        name, why = facts.get("company.name", "The account"), facts.get("research.why_now", "")
        angle = f"{name} is worth a note now because {why}." if why else f"{name} fits the segment."
        cited = [i for i in ("company.name", "research.why_now") if i in facts]
        return {"angle": f"{angle} {invention}".strip(), "fact_ids": cited}
    if task == "suggest":
        text = f"Thanks {data.get('first_name') or 'there'}, happy to help with that."
        if invention or mode == "embellish":
            text += " How about Tuesday 10:00 or Thursday 15:00?"
        return {"text": text, "fact_ids": []}
    return {"label": "question", "sub_reason": None, "confidence": 0.9}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: with Nagle's algorithm on, a kept-alive connection
    # waits for the client's delayed ACK (about 40 ms) before the body, on top of the latency asked for.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        return

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path.rstrip("/").endswith("/requests"):
            self._send(200, str(self.server.requests).encode())
        else:
            self._send(404, b'{"error": {"message": "not found"}}')

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        length = int(self.headers.get("Content-Length") or 0)
        request = json.loads(self.rfile.read(length) or b"{}")
        fault, number = self.server.next_fault(request)
        try:
            self._answer(request, fault, number)
        finally:
            self.server.done()

    def _answer(self, request: dict[str, Any], fault: str, number: int) -> None:
        time.sleep(self.server.behaviour.latency)
        if fault == "429":
            self._send(429, b'{"error": {"message": "slow down", "type": "rate_limit"}}',
                       {"Retry-After": str(self.server.behaviour.retry_after)})
            return
        if fault == "500":
            self._send(500, b'{"error": {"message": "internal error"}}')
            return
        if fault == "garbage":
            self._send(200, b"<html>upstream proxy error</html>")
            return
        if fault == "timeout":
            time.sleep(self.server.behaviour.hang_seconds)
            self._send(504, b'{"error": {"message": "too late"}}')
            return
        data = _data(request.get("messages", []))
        mode = "embellish" if fault == "invent" else self.server.behaviour.mode
        content = json.dumps(answer_for(data, mode, number))
        finish = "stop"
        if fault == "malformed":
            content = content[: len(content) // 2] + "}}"
        elif fault == "truncated":
            content, finish = content[: len(content) // 2], "length"
        prompt_tokens = sum(len(m.get("content", "")) for m in request.get("messages", [])) // 4
        self.server.count(data.get("task", "label"))
        body = json.dumps({
            "id": f"chatcmpl-local-{number}", "object": "chat.completion", "created": 0,
            "model": request.get("model", "local"),
            "choices": [{"index": 0, "finish_reason": finish, "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(content) // 4,
                      "total_tokens": prompt_tokens + len(content) // 4},
        }).encode()
        self._send(200, body)


class _Server(LocalHTTPServer):

    def __init__(self, behaviour: Behaviour, port: int = 0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.behaviour = behaviour
        self.requests = 0
        self.in_flight = self.max_in_flight = 0
        self.last_request: dict[str, Any] = {}
        self.answered: Counter[str] = Counter()
        self._lock = threading.Lock()

    def next_fault(self, request: dict[str, Any]) -> tuple[str, int]:
        with self._lock:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self.last_request = request
            fault = self.behaviour.script.pop(0) if self.behaviour.script else "ok"
            return fault, self.requests

    def done(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def count(self, task: str) -> None:
        with self._lock:
            self.answered[task] += 1


class LocalModelServer:
    """``with LocalModelServer(Behaviour(latency=0.05)) as server: server.base_url``"""

    def __init__(self, behaviour: Behaviour | None = None, port: int = 0):
        self.behaviour = behaviour or Behaviour()
        self._server = _Server(self.behaviour, port)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def requests(self) -> int:
        return self._server.requests

    @property
    def answered(self) -> Counter[str]:
        return self._server.answered

    @property
    def max_in_flight(self) -> int:
        return self._server.max_in_flight

    @property
    def last_request(self) -> dict[str, Any]:
        return self._server.last_request

    def __enter__(self) -> LocalModelServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    parser.add_argument("--mode", choices=("faithful", "embellish", "obedient"), default="faithful")
    args = parser.parse_args(argv)
    with LocalModelServer(Behaviour(latency=args.latency, mode=args.mode), port=args.port) as server:
        print(f"OPENAI_BASE_URL={server.base_url}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
