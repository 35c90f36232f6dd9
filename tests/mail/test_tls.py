"""The clients' shared TLS context."""

import ssl

from resources.tls import client_context


def test_clients_share_one_context_until_the_trusted_certificates_change(monkeypatch, tmp_path):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    first = client_context()
    assert client_context() is first
    assert first.verify_mode == ssl.CERT_REQUIRED and first.check_hostname
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
    assert client_context() is not first
    monkeypatch.delenv("SSL_CERT_FILE")
    assert client_context() is first
