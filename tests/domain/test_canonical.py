"""One canonical address everywhere, and tokens nobody else can make."""

import os
import unicodedata

import pytest

from resources.secret import load_secret
from sdr_assets.domain.addresses import InvalidAddressError, canonical_address, canonical_domain, untagged
from sdr_assets.domain.tokens import InvalidTokenError, mac_hex, sign, verify


@pytest.mark.parametrize("spelling", [
    "josé@bücher.example", " JOSÉ@BÜCHER.EXAMPLE ", unicodedata.normalize("NFD", "josé@bücher.example"),
    "josé@xn--bcher-kva.example", "José@XN--BCHER-KVA.example",
])
def test_every_spelling_of_an_address_has_one_canonical_form(spelling):
    assert canonical_address(spelling) == "josé@xn--bcher-kva.example"


@pytest.mark.parametrize("bad", ["", "no-at-sign", "a@localhost", "a b@c.example", "a@@c.example", "a@c.example\r\nBcc: x@y.example"])
def test_invalid_addresses_are_refused(bad):
    with pytest.raises(InvalidAddressError):
        canonical_address(bad)


def test_domains_and_plus_tags():
    assert canonical_domain("@Bücher.Example") == "xn--bcher-kva.example"
    assert untagged("jane+news@acme.example") == "jane@acme.example"
    assert untagged("jane@acme.example") == "jane@acme.example"


def test_tokens_verify_only_when_unaltered():
    secret = b"s3cret"
    token = sign(secret, "abc123")
    assert verify(secret, token) == "abc123"
    for forged in (token[:-1], token + "A", "abc124" + token[6:], token.replace(".", ""), "", "abc123."):
        with pytest.raises(InvalidTokenError):
            verify(secret, forged)
    with pytest.raises(InvalidTokenError):
        verify(b"other", token)
    with pytest.raises(InvalidTokenError):
        verify(secret, token, purpose="reply")
    assert mac_hex(secret, "k", "message-id") != mac_hex(b"other", "k", "message-id")


def test_the_secret_is_made_once_and_kept_private(tmp_path):
    first = load_secret(tmp_path, environ={})
    assert load_secret(tmp_path, environ={}) == first and len(first) == 64
    assert os.stat(tmp_path / "secret.key").st_mode & 0o777 == 0o600
    assert load_secret(tmp_path, environ={"SDR_SECRET": "from-env"}) == b"from-env"


def test_unsubscribe_tokens_name_the_send_and_the_address():
    from sdr_assets.domain.unsubscribe import read_unsubscribe_token, unsubscribe_token

    token = unsubscribe_token(b"k", "a1b2c3", "josé@xn--bcher-kva.example")
    request = read_unsubscribe_token(b"k", token)
    assert (request.send_key, request.address) == ("a1b2c3", "josé@xn--bcher-kva.example")
    with pytest.raises(InvalidTokenError):
        read_unsubscribe_token(b"other", token)
