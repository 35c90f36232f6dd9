"""`sdr serve` over real HTTP on 127.0.0.1: one click, the page and its button, forged tokens, replays."""

import base64
import json
import logging
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import unicodedata
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
import uvicorn

from sdr_assets import optout_log
from sdr_assets.domain.unsubscribe import unsubscribe_link, unsubscribe_token
from sdr_assets.startup_bench import DRIVER, HEAVY, SERVE_ONCE
from sdr_assets.unsubscribe_service import build_app
from tests.serve_process import start_serve

SECRET = b"the-project-secret"
SEND_KEY = "0123456789abcdef01234567"
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
ONE_CLICK = {"List-Unsubscribe": "One-Click"}
FORGED_TOKENS = int(os.environ.get("SDR_FORGED_TOKENS", "1000"))


class Service:
    """uvicorn serving the app in a thread, on a port the kernel chose, for links under ``path``."""

    def __init__(self, data_dir, path="/unsubscribe", **options):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.origin = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.base = self.origin + path
        app = build_app(data_dir, SECRET, lambda: NOW, path, **options)
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture
def service(tmp_path):
    with Service(tmp_path) as running:
        yield running


@pytest.fixture
def client():
    with httpx.Client(follow_redirects=False, timeout=10) as http:
        yield http


def link(service, address="jane@acme.example", secret=SECRET):
    return unsubscribe_link(service.base, unsubscribe_token(secret, SEND_KEY, address))


def logged(tmp_path) -> list[tuple[str, str]]:
    return [(r.send_key, r.address) for r in optout_log.read(tmp_path).records]


def test_one_click_post_records_once_and_answers_200_without_redirect(service, client, tmp_path):
    url = link(service)
    for _ in range(3):  # repeats are idempotent
        response = client.post(url, data=ONE_CLICK)
        assert response.status_code == 200 and "location" not in response.headers
        assert "jane@acme.example" in response.text
    assert logged(tmp_path) == [(SEND_KEY, "jane@acme.example")]
    assert client.post(link(service, "ann@acme.example"), files={"List-Unsubscribe": (None, "One-Click")}
                       ).status_code == 200, "a multipart body is one-click too (RFC 8058)"
    assert logged(tmp_path)[-1] == (SEND_KEY, "ann@acme.example")
    body = b'--XyZ\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--XyZ--\r\n'
    assert client.post(link(service, "bob@acme.example"), content=body,
                       headers={"Content-Type": "Multipart/Form-Data; boundary=XyZ"}).status_code == 200, \
        "a media type in capitals is the same media type"
    assert logged(tmp_path)[-1] == (SEND_KEY, "bob@acme.example")


@pytest.mark.parametrize("path", ["", "/", "/unsubscribe"])
def test_the_health_check_answers_beside_links_at_the_root_or_under_a_path(tmp_path, client, path):
    """SDR_UNSUBSCRIBE_URL without a path puts the links at the root, where /healthz is too."""
    with Service(tmp_path, path) as service:
        health = client.get(f"{service.origin}/healthz")
        assert (health.status_code, health.text) == (200, "ok")
        assert client.post(link(service), data=ONE_CLICK).status_code == 200
        assert client.get(link(service)).status_code == 200
    assert logged(tmp_path) == [(SEND_KEY, "jane@acme.example")]


@pytest.mark.parametrize("path", ["/d%C3%A9sinscription", "/opt%2Dout/links"])
def test_links_under_a_percent_encoded_path_are_answered(tmp_path, client, path):
    """SDR_UNSUBSCRIBE_URL is ASCII, so a route with other letters is percent-encoded in it; the
    request arrives with that path, which the service reads decoded."""
    with Service(tmp_path, path) as service:
        assert link(service).startswith(f"{service.origin}{path}/")
        assert client.get(link(service)).status_code == 200
        assert client.post(link(service), data=ONE_CLICK).status_code == 200
    assert logged(tmp_path) == [(SEND_KEY, "jane@acme.example")]


def test_a_repeat_click_after_the_log_was_rotated_is_written_to_the_new_log(service, client, tmp_path):
    assert client.post(link(service), data=ONE_CLICK).status_code == 200
    log = optout_log.log_path(tmp_path)
    log.rename(log.with_name("optouts.jsonl.1"))
    assert client.post(link(service), data=ONE_CLICK).status_code == 200
    assert logged(tmp_path) == [(SEND_KEY, "jane@acme.example")], "the click stands in the log read from now on"
    assert client.post(link(service), data=ONE_CLICK).status_code == 200
    assert logged(tmp_path) == [(SEND_KEY, "jane@acme.example")], "and once"


class _Form(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self.fields, self.buttons = [], {}, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(attrs)
        elif tag == "input" and attrs.get("type") == "hidden":
            self.fields[attrs["name"]] = attrs["value"]
        elif tag == "button":
            self.buttons += 1


def test_the_page_names_the_address_and_only_its_button_unsubscribes(service, client, tmp_path):
    address = unicodedata.normalize("NFD", "José@Bücher.example")
    url = link(service, address)
    for _ in range(3):  # mail scanners prefetch links: a GET or a HEAD records nothing
        page = client.get(url)
        assert client.head(url).status_code == 200
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "josé@xn--bcher-kva.example" in page.text
    assert not optout_log.log_path(tmp_path).exists()
    form = _Form()
    form.feed(page.text)
    assert [f.get("method") for f in form.forms] == ["post"] and form.buttons == 1
    action = form.forms[0].get("action") or url
    assert client.post(action, data=form.fields).status_code == 200
    assert logged(tmp_path) == [(SEND_KEY, "josé@xn--bcher-kva.example")]


@pytest.mark.parametrize("body", [{}, {"List-Unsubscribe": "yes"}, {"List-Unsubscribe": "One-Click-Now"},
                                  {"unsubscribe": "1"}])
def test_a_post_without_the_one_click_body_records_nothing(service, client, tmp_path, body):
    assert client.post(link(service), data=body).status_code == 400
    assert client.post(link(service), content=b"x" * 10_000,
                       headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 413
    assert not optout_log.log_path(tmp_path).exists()


FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize("body", [b"List-Unsubscribe=One-Click\r\n", b"List-Unsubscribe=One-Click\n",
                                  b"List-Unsubscribe=One-Click ", b"list-unsubscribe=one-click",
                                  b"LIST-UNSUBSCRIBE=ONE-CLICK\r\n", b" List-Unsubscribe = One-Click\t"])
def test_a_one_click_body_with_white_space_around_it_or_in_another_case_is_honoured(service, client, tmp_path,
                                                                                    body):
    """RFC 8058's body as some clients send it: the signed token authorises, not the body's exact bytes."""
    forged = unsubscribe_link(service.base, unsubscribe_token(b"another-secret", SEND_KEY, "ann@acme.example"))
    assert client.post(forged, content=body, headers=FORM).status_code == 400, "still no opt-out without a token"
    assert client.post(link(service), content=body, headers=FORM).status_code == 200
    multipart = (b'--XyZ\r\nContent-Disposition: form-data; name="list-unsubscribe"\r\n\r\n'
                 + body.split(b"=")[1] + b"\r\n--XyZ--\r\n")
    assert client.post(link(service, "bob@acme.example"), content=multipart,
                       headers={"Content-Type": "multipart/form-data; boundary=XyZ"}).status_code == 200
    assert logged(tmp_path) == [(SEND_KEY, "jane@acme.example"), (SEND_KEY, "bob@acme.example")]


MULTIPART = {"Content-Type": "multipart/form-data; boundary=XyZ"}


def _part(name: str, value: str) -> bytes:
    return f'--XyZ\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()


@pytest.mark.parametrize("body,headers", [
    (b"utm_source=x&utm_medium=y&utm_campaign=z&ref=q&List-Unsubscribe=One-Click", FORM),
    (b'--XyZ\r\nContent-Disposition: form-data; name="attachment"; filename="a.txt"\r\n\r\n\r\n'
     b'--XyZ\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--XyZ--\r\n',
     MULTIPART),
    # Many small fields, still within the 4 KB bound on the body.
    ("&".join(f"f{i}=1" for i in range(70)).encode() + b"&List-Unsubscribe=One-Click", FORM),
    (b"".join(_part(f"f{i}", "1") for i in range(70)) + _part("List-Unsubscribe", "One-Click") + b"--XyZ--\r\n",
     MULTIPART),
    (b"List-Unsubscribe=One-Click", MULTIPART),  # a url-encoded body labelled multipart
])
def test_a_one_click_body_with_other_fields_or_an_empty_file_part_is_honoured(service, client, tmp_path, body,
                                                                              headers):
    """The other fields are read past: refusing them would lose the opt-out of a client that adds them."""
    assert client.post(link(service), content=body, headers=headers).status_code == 200
    assert logged(tmp_path) == [(SEND_KEY, "jane@acme.example")]

def _tampered(token: str) -> list[str]:
    payload, _, signature = token.rpartition(".")
    key, _, encoded = payload.partition("-")
    other = base64.urlsafe_b64encode(b"mallory@acme.example").decode().rstrip("=")
    flipped = [token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:] for i in range(len(token))
               if token[i] != "."]
    return [f"{key}-{other}.{signature}", f"{SEND_KEY[::-1]}-{encoded}.{signature}", *flipped]


def test_forged_tampered_and_truncated_tokens_get_a_4xx_and_record_nothing(service, client, tmp_path):
    token = unsubscribe_token(SECRET, SEND_KEY, "jane@acme.example")
    bad = [unsubscribe_token(b"another-secret", SEND_KEY, "jane@acme.example"),  # forged
           *_tampered(token),  # altered, one character at a time
           *[token[:n] for n in range(1, len(token))],  # truncated
           token + "A", token.replace(".", "")]
    for candidate in bad:
        url = unsubscribe_link(service.base, candidate)
        assert 400 <= client.post(url, data=ONE_CLICK).status_code < 500, candidate
        assert 400 <= client.get(url).status_code < 500, candidate
    assert not optout_log.log_path(tmp_path).exists()


def _random_forgery(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    address = f"user{rng.randrange(10**6)}@acme.example"
    encoded = base64.urlsafe_b64encode(address.encode()).decode().rstrip("=")
    key = "".join(rng.choice("0123456789abcdef") for _ in range(24))
    signature = "".join(rng.choice(alphabet) for _ in range(22))
    return rng.choice([
        f"{key}-{encoded}.{signature}",  # a well-formed token with a guessed signature
        f"{key}-{encoded}.{signature[:rng.randrange(1, 22)]}",
        "".join(rng.choice(alphabet + ".") for _ in range(rng.randrange(1, 120))),
        unsubscribe_token(rng.randbytes(16), key, address),  # signed under a guessed secret
    ])


def test_random_forged_tokens_are_never_accepted(service, client, tmp_path):
    rng = random.Random(20261120)
    accepted = 0
    for _ in range(FORGED_TOKENS):
        token = _random_forgery(rng)
        response = client.post(f"{service.base}/{token}", data=ONE_CLICK)
        assert response.status_code in (400, 404, 405), (token, response.status_code)
        accepted += response.status_code < 400
    assert accepted == 0
    assert not optout_log.log_path(tmp_path).exists()


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def _half_a_click(url: httpx.URL) -> socket.socket:
    """A connection that sent a one-click POST's headers and the first third of its body."""
    conn = socket.create_connection((url.host, url.port))
    conn.sendall(f"POST {url.raw_path.decode()} HTTP/1.1\r\nHost: {url.host}\r\nContent-Type: "
                 f"application/x-www-form-urlencoded\r\nContent-Length: 26\r\n\r\nList-Unsub".encode())
    return conn


def test_a_client_gone_before_its_body_ended_records_nothing_and_logs_no_error(service, client, tmp_path):
    """A client that hangs up half-way through its POST is no fault of the service: no traceback in its log."""
    errors = _Records()
    logging.getLogger("uvicorn.error").addHandler(errors)
    try:
        with _half_a_click(httpx.URL(link(service))):
            time.sleep(0.2)  # the request is under way when the client leaves
        deadline = time.monotonic() + 10
        while service.server.server_state.tasks or service.server.server_state.connections:
            assert time.monotonic() < deadline, "the request was never done with"
            time.sleep(0.02)
        assert [r.getMessage() for r in errors.records] == []
    finally:
        logging.getLogger("uvicorn.error").removeHandler(errors)
    assert not optout_log.log_path(tmp_path).exists()
    assert client.post(link(service), data=ONE_CLICK).status_code == 200, "and the next click is recorded"
    assert logged(tmp_path) == [(SEND_KEY, "jane@acme.example")]


def test_a_body_that_stops_coming_is_answered_408_and_a_slow_one_in_time_is_recorded(tmp_path, client):
    """A client that sends its headers and then too little of its body in time (a stalled or hostile
    one) gets an answer instead of holding the connection for ever; one that trickles it in time is heard."""
    with Service(tmp_path, body_seconds=1.0) as service:
        with _half_a_click(httpx.URL(link(service))) as conn:
            conn.settimeout(10)
            started = time.monotonic()
            answer = conn.recv(4096)
            assert answer.startswith(b"HTTP/1.1 408 ") and time.monotonic() - started < 5, answer[:80]
        url = httpx.URL(link(service, "ann@acme.example"))
        with _half_a_click(url) as conn:
            time.sleep(0.4)
            conn.sendall(b"scribe=One-Click")
            conn.settimeout(10)
            assert conn.recv(4096).startswith(b"HTTP/1.1 200 ")
    assert logged(tmp_path) == [(SEND_KEY, "ann@acme.example")]


# Clicks through the app while the disk fills up and frees again; prints each answer's status.
CLICKS_ON_A_FULL_DISK = """
import json, resource, signal, sys
from datetime import UTC, datetime
from starlette.testclient import TestClient
from sdr_assets import optout_log
from sdr_assets.domain.unsubscribe import unsubscribe_token
from sdr_assets.unsubscribe_service import build_app
from tests.serve_process import start_serve

data_dir, secret = sys.argv[1], sys.argv[2].encode()
client = TestClient(build_app(data_dir, secret, lambda: datetime(2026, 11, 20, 9, tzinfo=UTC), "/u"))
limit = resource.getrlimit(resource.RLIMIT_FSIZE)
answers = []

def click(address, room=None):
    if room is not None:  # room for ``room`` more bytes in the log; SIGXFSZ ignored, the write fails
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        size = optout_log.log_path(data_dir).stat().st_size
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + room, limit[1]))
    url = "/u/" + unsubscribe_token(secret, "k" * 24, address)
    response = client.post(url, data={"List-Unsubscribe": "One-Click"})
    resource.setrlimit(resource.RLIMIT_FSIZE, limit)
    answers.append([address, response.status_code, "is unsubscribed" in response.text])

click("ann@acme.example")
click("bob@acme.example", room=40)
click("cat@acme.example")
click("bob@acme.example")
click("bob@acme.example")
print(json.dumps(answers))
"""


def test_a_click_the_log_cannot_take_gets_a_503_and_its_retry_records_it(tmp_path):
    done = subprocess.run([sys.executable, "-c", CLICKS_ON_A_FULL_DISK, str(tmp_path), SECRET.decode()],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == [
        ["ann@acme.example", 200, True],
        ["bob@acme.example", 503, False],  # the disk is full: not acknowledged
        ["cat@acme.example", 200, True],
        ["bob@acme.example", 200, True],  # the retry is not taken for a repeat
        ["bob@acme.example", 200, True],
    ]
    assert "opt-out not recorded" in done.stderr, "the operator hears of it"
    assert logged(tmp_path) == [("k" * 24, a) for a in
                                ("ann@acme.example", "cat@acme.example", "bob@acme.example")]
    assert optout_log.read(tmp_path).bad_lines == []


def test_sdr_serve_takes_its_address_from_the_environment(tmp_path):
    server, base = start_serve(tmp_path, SDR_SERVE_HOST="127.0.0.1", SDR_UNSUBSCRIBE_URL="https://mail.acme.example/u/")
    try:
        assert base.startswith("http://127.0.0.1:") and base.endswith("/u/") and not base.endswith(":0/u/"), base
        secret = (tmp_path / "secret.key").read_bytes().strip()
        url = unsubscribe_link(base, unsubscribe_token(secret, SEND_KEY, "jane@acme.example"))
        assert httpx.post(url, data=ONE_CLICK, timeout=10).status_code == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
        server.stdout.close()
    assert logged(tmp_path) == [(SEND_KEY, "jane@acme.example")]
    assert oct((tmp_path / "secret.key").stat().st_mode & 0o777) == "0o600"


def test_sdr_serve_starts_without_dagster_or_polars(tmp_path):
    """The service stays up for days beside the pipeline: it reads the plain settings, not the resources."""
    env = {**os.environ, "SDR_DATA_DIR": str(tmp_path), "SDR_SERVE_PORT": "0"}
    done = subprocess.run([sys.executable, "-c", SERVE_ONCE + DRIVER, "serve"], capture_output=True, text=True,
                          env=env, cwd=Path(__file__).resolve().parents[2], timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "sdr serve: listening on http://127.0.0.1:" in done.stdout, done.stdout
    assert f"(opt-outs to {optout_log.log_path(tmp_path)}, pid " in done.stdout, "where the clicks go"
    imported = set(json.loads(done.stderr.rpartition("IMPORTED ")[2]))
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


@pytest.mark.parametrize("port", ["70000", "-1"])
def test_sdr_serve_refuses_a_port_no_socket_has_in_one_line(tmp_path, port):
    from tests.command_line import CommandLine

    from sdr_assets.cli import app

    result = CommandLine().invoke(app, ["serve", "--port", port], env={"SDR_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 1, result.output
    assert result.output == f"error: cannot listen on 127.0.0.1:{port}: a port is a number from 0 to 65535\n"


@pytest.mark.parametrize("port", ["70000", "-1", "abc", "80.5"])
def test_sdr_serve_refuses_a_serve_port_setting_by_name_in_one_line(tmp_path, monkeypatch, capsys, port):
    from sdr_assets import cli

    monkeypatch.setenv("SDR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SDR_SERVE_PORT", port)
    with pytest.raises(SystemExit) as exited:
        cli.main(["serve"])
    assert exited.value.code == 1
    out = capsys.readouterr()
    assert out.err.startswith("error: SDR_SERVE_PORT must be ") and f"not '{port}'" in out.err, out
    assert out.err.count("\n") == 1 and out.out == "" and "Traceback" not in out.err, out
