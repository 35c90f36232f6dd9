"""The DKIM signer on its own: bodies whose whitespace relaxed canonicalisation rewrites still verify
with dkimpy, an implementation written apart from ours."""

import dkim
import pytest

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from resources.dkim import DkimKeyError, DkimSigningError, aligned, create_key, dns_record, sign

HEAD = (b"From: Sam Carter <sam@outreach.example>\r\nTo: Ana <ana@acme.example>\r\n"
        b"Subject: A  question\t about\r\n  your team\r\nDate: Sun, 29 Nov 2026 09:06:31 +0000\r\n"
        b"Message-ID: <a@outreach.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n")
BODIES = {
    "plain": b"Hi Ana,\r\n\r\nA line.\r\n",
    "runs of spaces and tabs": b"Hi \t Ana,  \r\n\tindented\t\r\n  \r\nend",
    "trailing empty lines": b"Hi Ana,\r\n\r\n\r\n \r\n\t\r\n",
    "bare carriage returns": b"one\rtwo \r\nthree \r \r\n",
    "bare line feeds": b"Hi Ana,\n\nA line.  \n\n",
    "no body": b"",
    "only whitespace": b" \t \r\n\r\n",
}
ED25519 = ed25519.Ed25519PrivateKey.generate().private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    path = tmp_path_factory.mktemp("dkim") / "sdr.private.pem"
    create_key(path)
    record = dns_record(path, "sdr", "outreach.example")
    return path.read_bytes(), lambda name, timeout=5: record.value.encode() if name == b"sdr._domainkey.outreach.example." else None


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_a_signature_over_any_body_verifies_and_covers_the_body(key, body):
    pem, dns = key
    newline = b"\n" if b"\r" not in body else b"\r\n"
    raw = HEAD.replace(b"\r\n", newline) + newline + body
    signed = sign(raw, selector="sdr", domain="outreach.example", key_pem=pem)
    assert dkim.verify(signed, dnsfunc=dns)
    assert not dkim.verify(signed + b"changed\r\n", dnsfunc=dns), "the body is covered"


SIGNED = (HEAD + b"In-Reply-To: <first@outreach.example>\r\nReferences: <first@outreach.example>\r\n"
          b"List-Unsubscribe: <https://outreach.example/u/token>,\r\n <mailto:unsubscribe@outreach.example>\r\n"
          b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\r\nHi Ana,\r\n")
ADDED = {
    "Subject": b"Subject: Your invoice is overdue\r\n",
    "List-Unsubscribe": b"List-Unsubscribe: <https://elsewhere.example/u>\r\n",
    "To": b"To: Ana <ana@elsewhere.example>\r\n",
    "References": b"References: <other@outreach.example>\r\n",
    "Content-Type": b"Content-Type: text/html; charset=utf-8\r\n",
}


@pytest.mark.parametrize("added", ADDED.values(), ids=ADDED.keys())
def test_a_second_signed_header_added_above_the_signature_breaks_it(key, added):
    """Mail programs show the topmost of two Subjects: h= names each signed header once more than the
    message has it, so a verifier counts the added one in (RFC 6376 8.15)."""
    pem, dns = key
    signed = sign(SIGNED, selector="sdr", domain="outreach.example", key_pem=pem)
    assert dkim.verify(signed, dnsfunc=dns)
    assert dkim.verify(b"Received: from relay.example by mx.example; Sun, 29 Nov 2026 09:06:32 +0000\r\n" + signed,
                       dnsfunc=dns), "a header the signature does not cover may still be added on the way"
    assert not dkim.verify(added + signed, dnsfunc=dns)


UNUSABLE = {
    "truncated": (ED25519[:40], "not a readable unencrypted PEM private key"),
    "ed25519": (ED25519, "the key is Ed25519, not RSA"),
}


@pytest.mark.parametrize(("pem", "why"), UNUSABLE.values(), ids=UNUSABLE.keys())
def test_a_key_that_cannot_sign_gets_no_dns_record_and_signs_nothing(tmp_path, pem, why):
    """`sdr dkim record` prints a DkimKeyError in one line: no traceback, and no k=rsa record for another key."""
    path = tmp_path / "sdr.private.pem"
    path.write_bytes(pem)
    with pytest.raises(DkimKeyError, match=why):
        dns_record(path, "sdr", "outreach.example")
    with pytest.raises(DkimSigningError, match=why) as raised:
        sign(SIGNED, selector="sdr", domain="outreach.example", key_pem=pem)
    assert raised.value.transient, "nothing was delivered: the send loop may try the message again"


ORGANISATIONS = {
    "one domain": ("outreach.example", "outreach.example", True),
    "one domain, in either case and with a final dot": ("Outreach.Example", "outreach.example.", True),
    "a subdomain of the signing domain": ("news.outreach.example", "outreach.example", True),
    "signed by a subdomain": ("outreach.example", "mail.outreach.example", True),
    "two organisations": ("outreach.example", "acme-sales.example", False),
    "a name that ends like the other": ("evil-outreach.example", "outreach.example", False),
    "the other's name under another organisation": ("outreach.example", "outreach.example.evil.example", False),
    "a name that is no domain": ("outreach example", "outreach example", False),
    "siblings share their organisation": ("news.acme.com", "mail.acme.com", True),
    "siblings under a two-label suffix": ("news.acme.co.uk", "mail.acme.co.uk", True),
    "a public suffix is no organisation": ("acme.co.uk", "co.uk", False),
    "two organisations under one suffix": ("acme.co.uk", "other.co.uk", False),
    "siblings, either spelling of an IDN": ("news.bücher.example", "mail.xn--bcher-kva.example", True),
    "an IDN suffix of two labels": ("shop.個人.香港", "mail.shop.xn--gmqw5a.xn--j6w193g", True),
    "the IDN suffix itself": ("shop.個人.香港", "個人.香港", False),
    "a wildcard rule": ("a.b.kawasaki.jp", "c.b.kawasaki.jp", False),
    "its exception": ("www.city.kawasaki.jp", "mail.city.kawasaki.jp", True),
    "sites under a private suffix": ("alice.github.io", "bob.github.io", False),
    "a private suffix itself": ("alice.github.io", "github.io", False),
    "a private site's own names": ("www.alice.github.io", "alice.github.io", True),
}


@pytest.mark.parametrize(("from_domain", "signing_domain", "expected"), ORGANISATIONS.values(),
                         ids=ORGANISATIONS.keys())
def test_relaxed_alignment_compares_organisational_domains_by_the_public_suffix_list(
        from_domain, signing_domain, expected):
    """RFC 7489 3.2, with the list as published (its private section too), read offline."""
    assert aligned(from_domain, signing_domain) is expected
    assert aligned(signing_domain, from_domain) is expected


@pytest.mark.parametrize(("selector", "domain", "why"), [
    ("sdr", "outreach.example; s=evil", "the signing domain 'outreach.example; s=evil' is not a domain mail can use"),
    ("sdr", "co.uk", "the signing domain 'co.uk' is a public suffix"),
    ("sdr; d=evil.example", "outreach.example", "a DKIM selector is .*, not 'sdr; d=evil.example'"),
])
def test_a_selector_or_domain_no_dns_record_could_have_signs_nothing(key, selector, domain, why):
    """A transport configured by hand, past the settings' checks, still never writes a tag it cannot
    stand behind into the signature: the probe before a batch fails with the reason."""
    pem, _ = key
    with pytest.raises(DkimSigningError, match=why):
        sign(SIGNED, selector=selector, domain=domain, key_pem=pem)
