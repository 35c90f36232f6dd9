"""The model client against an endpoint on 127.0.0.1 that trickles its answer: each answer must be whole
within the configured timeout, as for SMTP, IMAP and the HTTP feeds, however steadily its bytes come."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler

from resources.model import OpenAICompatibleModel
from resources.model_stage import FAILED, ModelCall
from sdr_assets.local_http import LocalHTTPServer

COMPLETION = json.dumps({"id": "c1", "object": "chat.completion", "created": 0, "model": "m",
                         "choices": [{"index": 0, "finish_reason": "stop",
                                      "message": {"role": "assistant", "content": '{"label": "interested"}'}}],
                         "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}).encode()


def test_an_answer_that_trickles_in_is_cut_at_the_timeout():
    """A byte every 0.1 s never lets a read wait 1 s, but the whole answer would take ~30 s: the call
    ends as timed out within a few seconds, and the run goes on."""
    stop = threading.Event()

    class Trickle(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):  # noqa: N802 - the stdlib's name
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(COMPLETION)))
            self.end_headers()
            for i in range(len(COMPLETION)):
                if stop.is_set():
                    return
                self.wfile.write(COMPLETION[i:i + 1])
                self.wfile.flush()
                time.sleep(0.1)

    httpd = LocalHTTPServer(("127.0.0.1", 0), Trickle)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    model = OpenAICompatibleModel(base_url=f"http://127.0.0.1:{httpd.server_address[1]}/v1", model="m",
                                  timeout_seconds=1.0, max_attempts=1)
    call = ModelCall([{"role": "user", "content": "Classify: yes please"}], {"type": "json_object"}, 50)
    try:
        started = time.monotonic()
        [result] = model.stage().run([call])
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        model.close()
        httpd.shutdown()
        httpd.server_close()
    assert elapsed < 6, f"a trickled answer held the call {elapsed:.1f} s past a 1 s timeout"
    assert result.status == FAILED and "timed out" in result.error
