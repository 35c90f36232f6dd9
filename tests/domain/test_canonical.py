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


@pytest.mark.parametrize("bad", ["jane@10.0.0.1", "jane@127.0.0.1", "jane@1.2.3.4", "jane@acme.123",
                                 "jane@0x7f.0x1", "jane@[10.0.0.1]", "jane@acme.9lives"])
def test_an_ip_address_or_a_top_level_domain_not_starting_with_a_letter_is_refused_everywhere(bad):
    from sdr_assets.domain.address_checks import AddressRules, check_address

    with pytest.raises(InvalidAddressError, match="top-level domain|IP address"):
        canonical_address(bad)
    assert check_address(bad, AddressRules()).refusal.startswith("invalid address: "), "enrichment refuses it"
    with pytest.raises(InvalidAddressError):
        canonical_domain(bad.partition("@")[2])


@pytest.mark.parametrize(("spelling", "canonical"), [
    ("jane@пример.рф", "jane@xn--e1afmkfd.xn--p1ai"), ("jane@acme.xn--p1ai", "jane@acme.xn--p1ai"),
    ("jane@10-0-0-1.acme.io", "jane@10-0-0-1.acme.io"), ("jane@1.acme.c0m", "jane@1.acme.c0m"),
])
def test_idn_top_level_domains_and_numbers_below_the_top_are_kept(spelling, canonical):
    assert canonical_address(spelling) == canonical


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
