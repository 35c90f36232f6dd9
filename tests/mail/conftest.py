"""Shared by the SMTP and IMAP tests: a certificate for 127.0.0.1 that the tests trust."""

import ssl

import pytest
from imap_server import make_loopback_certificate


@pytest.fixture
def loopback_tls(tmp_path):
    pytest.importorskip("cryptography")
    cert, key = make_loopback_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return cert, context
