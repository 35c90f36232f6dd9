"""A rotation done as the README says ("move the old value to SDR_SECRET_PREVIOUS") keeps the
links already delivered working, whatever characters the old value holds.

``load_secret`` signs with ``SDR_SECRET`` byte for byte, but ``load_secrets`` strips each item of
``SDR_SECRET_PREVIOUS``. A secret with white space at an end (a Kubernetes or Docker secret made
from a file written by ``echo`` ends in a newline) signs every link with it; moved to
SDR_SECRET_PREVIOUS the very same value verifies none of them, and every click on mail sent before
the rotation gets a 400 ("This unsubscribe link is not valid"). Nothing says so: `sdr serve` counts
one previous secret, and the send step's heartbeat check compares the new signing secret only.
"""

import signal

import httpx

from resources.secret import load_secret, load_secrets
from sdr_assets import optout_log
from sdr_assets.domain.mail_optouts import token_address
from sdr_assets.domain.unsubscribe import unsubscribe_link, unsubscribe_token
from tests.serve_process import read_line, start_serve

SEND_KEY = "0123456789abcdef01234567"
OLD = "vault-secret-2026-q1\n"  # as a secret mounted from a file written by `echo` arrives in the environment
NEW = "vault-secret-2026-q2\n"


def test_a_click_on_mail_signed_before_the_rotation_is_recorded(tmp_path):
    data = tmp_path / "data"
    signed_with = load_secret(data, {"SDR_SECRET": OLD})  # what the send step signed the delivered mail with
    token = unsubscribe_token(signed_with, SEND_KEY, "ann@acme.example")
    server, base = start_serve(data, "--host", "127.0.0.1", SDR_UNSUBSCRIBE_URL="http://127.0.0.1/unsubscribe",
                               SDR_SECRET=NEW, SDR_SECRET_PREVIOUS=OLD)
    try:
        read_line(server)
        answer = httpx.post(unsubscribe_link(base, token), data={"List-Unsubscribe": "One-Click"}, timeout=10)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
        server.stdout.close()
    assert answer.status_code == 200, answer.text
    assert [r.address for r in optout_log.read(data).records] == ["ann@acme.example"]


def test_the_mailto_token_of_mail_signed_before_the_rotation_still_proves_the_address(tmp_path):
    token = unsubscribe_token(load_secret(tmp_path, {"SDR_SECRET": OLD}), SEND_KEY, "ann@acme.example")
    keys = load_secrets(tmp_path, {"SDR_SECRET": NEW, "SDR_SECRET_PREVIOUS": OLD})
    assert token_address(keys.verifying, [token]) == "ann@acme.example"
