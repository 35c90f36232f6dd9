"""The clients' shared TLS contexts."""

import ssl

import certifi
import pytest

from resources.tls import http_context, mail_context


@pytest.mark.parametrize("context", [mail_context, http_context])
def test_clients_share_one_context_until_the_trusted_certificates_change(context, monkeypatch, tmp_path):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    first = context()
    assert context() is first
    assert first.verify_mode == ssl.CERT_REQUIRED and first.check_hostname
    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())
    assert context() is not first
    monkeypatch.delenv("SSL_CERT_FILE")
    assert context() is first


def test_http_clients_trust_what_httpx_trusts_and_mail_clients_what_ssl_does(monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    bundle = ssl.create_default_context(cafile=certifi.where())
    assert http_context().get_ca_certs() == bundle.get_ca_certs()
    assert mail_context() is not http_context()
