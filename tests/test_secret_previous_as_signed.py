"""A previous secret that differs from the signing one only by white space at an end is another
secret: HMAC signs byte for byte. ``load_secrets`` now drops every previous secret whose *stripped*
value equals the stripped signing secret, so:

- the generated ``secret.key`` (read stripped) moved into ``SDR_SECRET`` through a secret file
  written by ``echo`` (a final newline, the very case the README names) no longer verifies the links
  the key file signed: before this change ``b"abc" != b"abc\\n"`` kept it;
- an ``SDR_SECRET`` that carried a final newline, corrected to the value without it, with the old
  value moved to ``SDR_SECRET_PREVIOUS`` as documented, verifies none of the links it signed.
"""

from resources.secret import SECRET_FILE, load_secret, load_secrets
from sdr_assets.domain.mail_optouts import token_address
from sdr_assets.domain.unsubscribe import unsubscribe_token

SEND_KEY = "0123456789abcdef01234567"
KEY = "4f1c0ffee4f1c0ffee4f1c0ffee4f1c0ffee4f1c0ffee4f1c0ffee4f1c0ffee00"


def test_the_key_file_still_verifies_once_its_value_signs_from_sdr_secret_with_a_newline(tmp_path):
    (tmp_path / SECRET_FILE).write_text(KEY)  # written by the first send, as _key_file writes it
    signed_with = load_secret(tmp_path, {})  # what signed the mail delivered before SDR_SECRET was set
    token = unsubscribe_token(signed_with, SEND_KEY, "ann@acme.example")
    keys = load_secrets(tmp_path, {"SDR_SECRET": KEY + "\n"})  # `echo "$(cat secret.key)" > sdr_secret`
    assert token_address(keys.verifying, [token]) == "ann@acme.example"


def test_a_signing_value_corrected_of_its_newline_keeps_verifying_what_it_signed(tmp_path):
    old = "vault-secret-2026-q1\n"
    token = unsubscribe_token(load_secret(tmp_path, {"SDR_SECRET": old}), SEND_KEY, "ann@acme.example")
    keys = load_secrets(tmp_path, {"SDR_SECRET": old.strip(), "SDR_SECRET_PREVIOUS": old})
    assert token_address(keys.verifying, [token]) == "ann@acme.example"
