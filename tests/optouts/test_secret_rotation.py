"""A new secret (SDR_SECRET set on a folder that signed with data/secret.key, a rotation, a service
started with another environment) keeps every link already delivered working, and still accepts no
token that none of the project's secrets signed. `sdr run` and `sdr serve` name the signing secret by
a fingerprint, so that a mismatch between them shows."""

import signal

import httpx

from resources.secret import load_secret, load_secrets, secret_note
from sdr_assets import optout_log
from sdr_assets.domain.mail_optouts import token_address
from sdr_assets.domain.tokens import fingerprint
from sdr_assets.domain.unsubscribe import unsubscribe_link, unsubscribe_token
from tests.serve_process import read_line, start_serve

SEND_KEY = "0123456789abcdef01234567"
NEW = "a-new-secret-from-the-vault"
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def test_links_signed_before_sdr_secret_was_set_or_rotated_are_honoured_and_no_stranger_is(tmp_path):
    data = tmp_path / "data"
    old = load_secret(data, environ={})  # what signed the mail already delivered, before SDR_SECRET
    token = {"ann@acme.example": unsubscribe_token(old, SEND_KEY, "ann@acme.example"),
             "bob@acme.example": unsubscribe_token(b"rotated-out", SEND_KEY, "bob@acme.example"),
             "eve@acme.example": unsubscribe_token(b"not-ours", SEND_KEY, "eve@acme.example")}
    server, base = start_serve(data, "--host", "127.0.0.1", SDR_UNSUBSCRIBE_URL="http://127.0.0.1/unsubscribe",
                               SDR_SECRET=NEW, SDR_SECRET_PREVIOUS="rotated-out, older-still")
    try:
        named = read_line(server)
        status = {who: httpx.post(unsubscribe_link(base, t), data=ONE_CLICK, timeout=10).status_code
                  for who, t in token.items()}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
        server.stdout.close()
    assert status == {"ann@acme.example": 200, "bob@acme.example": 200, "eve@acme.example": 400}
    assert sorted(r.address for r in optout_log.read(data).records) == ["ann@acme.example", "bob@acme.example"]
    assert f"secret {fingerprint(NEW.encode())} (from SDR_SECRET), 3 previous secret(s)" in named, named
    assert NEW not in named and "rotated-out" not in named


def test_the_secret_signs_and_the_previous_ones_only_verify(tmp_path):
    old = load_secret(tmp_path, environ={})
    keys = load_secrets(tmp_path, {"SDR_SECRET": NEW, "SDR_SECRET_PREVIOUS": f" {NEW},rotated-out,,rotated-out"})
    assert keys.signing == NEW.encode() == load_secret(tmp_path, {"SDR_SECRET": NEW})
    # Secrets are bytes: " NEW" as given is another key than NEW (a value that signed with its blank),
    # kept to verify; NEW itself is no previous one.
    assert NEW.encode() not in keys.previous and keys.previous.count(b"rotated-out") == 1 and old in keys.previous, \
        "the current one is no previous one; each once"
    assert load_secrets(tmp_path, {}).verifying == (old,), "without SDR_SECRET the key file signs alone"
    mailed = [unsubscribe_token(b"not-ours", SEND_KEY, "eve@acme.example"),
              unsubscribe_token(old, SEND_KEY, "ann@acme.example")]
    assert token_address(keys.verifying, mailed) == "ann@acme.example"
    assert token_address(keys.verifying, mailed[:1]) is None


def test_sdr_run_and_sdr_serve_name_the_same_secret_only_when_it_is_the_same(tmp_path):
    assert secret_note(tmp_path, {}) == f"no secret yet (the first send writes {tmp_path / 'secret.key'})"
    assert not (tmp_path / "secret.key").exists(), "saying so writes no key"
    from_file = load_secrets(tmp_path, {}).describe()
    assert secret_note(tmp_path, {}) == from_file
    assert secret_note(tmp_path, {"SDR_SECRET": NEW}).split(" (")[0] != from_file.split(" (")[0]
