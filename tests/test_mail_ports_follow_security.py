"""The mail servers' ports: left unset, each follows its security as mail clients do (SMTP over implicit
TLS on 465, STARTTLS on 587; IMAP over TLS on 993, otherwise 143), and a TLS handshake the SMTP server
does not speak (implicit TLS at a plaintext port) is our configuration's fault, failing the step with why."""

from email.message import EmailMessage

import pytest

from resources.service_config import service_config
from resources.smtp import SessionRefusedError, SmtpTransport
from tests.mail.smtp_server import RecordingHandler, start_smtp_server


@pytest.mark.parametrize("security, port", [("ssl", 465), ("starttls", 587), ("none", 587), ("", 587)])
def test_the_smtp_port_left_unset_follows_its_security(security, port):
    env = {"SDR_SMTP_HOST": "smtp.example.com", "SDR_SMTP_SECURITY": security}
    assert service_config(env, "outreach.example")["smtp"]["port"] == port


@pytest.mark.parametrize("security, port", [("ssl", 993), ("starttls", 143), ("none", 143), ("", 993)])
def test_the_imap_port_left_unset_follows_its_security(security, port):
    env = {"SDR_IMAP_HOST": "imap.example.com", "SDR_IMAP_PASSWORD": "x", "SDR_IMAP_SECURITY": security}
    assert service_config(env, "outreach.example")["imap"]["port"] == port


def test_a_port_that_is_set_is_kept():
    env = {"SDR_SMTP_HOST": "smtp.example.com", "SDR_SMTP_SECURITY": "ssl", "SDR_SMTP_PORT": "2465",
           "SDR_IMAP_HOST": "imap.example.com", "SDR_IMAP_PASSWORD": "x", "SDR_IMAP_SECURITY": "starttls",
           "SDR_IMAP_PORT": "1143"}
    services = service_config(env, "outreach.example")
    assert (services["smtp"]["port"], services["imap"]["port"]) == (2465, 1143)


def test_implicit_tls_at_a_plaintext_port_refuses_the_session_for_good():
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "sam@outreach.example", "ann@acme.example", "Hi"
    message.set_content("Hello")
    server = start_smtp_server(RecordingHandler())
    try:
        with pytest.raises(SessionRefusedError) as refused:
            SmtpTransport(host="127.0.0.1", port=server.port, security="ssl", timeout_seconds=2.0).send(message)
    finally:
        server.stop()
    assert refused.value.transient is False, str(refused.value)
    assert "TLS" in str(refused.value)
    assert server.handler.rcpts == []
