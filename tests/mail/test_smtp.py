"""SmtpTransport against a real aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

import socket
import time
from email.message import EmailMessage

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from resources.smtp import (
    InvalidRecipientError,
    MailDeliveryError,
    PartialDeliveryError,
    SmtpTransport,
    UnknownDeliveryError,
)
from smtp_server import LostAnswerHandler, RecordingHandler, start_smtp_server


@pytest.fixture
def server():
    controller = start_smtp_server(RecordingHandler())
    yield controller
    controller.stop()


def _transport(controller, **overrides) -> SmtpTransport:
    settings = dict(
        host="127.0.0.1",
        port=controller.port,
        security="none",
        timeout_seconds=5.0,
        local_hostname="sdr.test.example",
    )
    return SmtpTransport(**(settings | overrides))


def _message(to: str = "ada@example.com", body: str = "Hello Ada,\n\nShort note.\n", **headers):
    message = EmailMessage()
    message["From"] = "Sam Seller <sam@example.org>"
    message["To"] = to
    message["Subject"] = "Quick question"
    for name, value in headers.items():
        del message[name.replace("_", "-")]
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def _wire(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def test_messages_arrive_byte_for_byte(server):
    handler = server.handler
    messages = [
        _message(Message_ID="<first@example.org>"),
        _message(
            to="Grace Hopper <grace@example.net>",
            # Lines a careless transport rewrites: dot-stuffing and mbox "From " mangling.
            body="From our call last week:\n.leading dot\n..two dots\nGrüße, naïve café\n",
            Subject="Grüße aus Köln",
            Message_ID="<second@example.org>",
            In_Reply_To="<thread@example.net>",
        ),
        _message(to="linus@example.com, ken@example.com", Message_ID="<third@example.org>"),
    ]

    with _transport(server).session() as session:
        ids = [session.send(m) for m in messages]

    assert ids == [f"smtp:<{name}@example.org>" for name in ("first", "second", "third")]
    assert [d["raw"] for d in handler.delivered] == [_wire(m) for m in messages]
    raw = handler.delivered[1]["raw"]
    assert b"\r\n\r\nFrom our call last week:\r\n.leading dot\r\n..two dots\r\n" in raw
    assert "Grüße, naïve café".encode() in raw
    assert [d["mail_from"] for d in handler.delivered] == ["sam@example.org"] * 3
    assert [d["rcpt_tos"] for d in handler.delivered] == [
        ["ada@example.com"],
        ["grace@example.net"],
        ["linus@example.com", "ken@example.com"],
    ]


def test_bcc_is_an_envelope_recipient_but_not_a_header(server):
    message = _message(Cc="cc@example.com", Bcc="hidden@example.com")

    _transport(server).send(message)

    (delivered,) = server.handler.delivered
    assert delivered["rcpt_tos"] == ["ada@example.com", "cc@example.com", "hidden@example.com"]
    assert b"hidden@example.com" not in delivered["raw"]
    assert b"\r\nCc: cc@example.com\r\n" in delivered["raw"]
    assert message["Bcc"] == "hidden@example.com", "the caller's message is left intact"


def test_a_missing_message_id_is_added_and_returned(server):
    message = _message()
    assert message["Message-ID"] is None

    sent_id = _transport(server).send(message)

    assert sent_id == f"smtp:{message['Message-ID']}"
    assert message["Message-ID"].endswith("@example.org>")
    (delivered,) = server.handler.delivered
    assert f"\r\nMessage-ID: {message['Message-ID']}\r\n".encode() in delivered["raw"]


def test_a_session_reuses_one_connection(server):
    with _transport(server).session() as session:
        for i in range(5):
            session.send(_message(Message_ID=f"<m{i}@example.org>"))

    assert len(server.handler.delivered) == 5
    assert len(server.handler.connections) == 1
    assert len(server.handler.ehlo_peers) == 1


def test_send_outside_a_session_opens_a_connection_each_time(server):
    transport = _transport(server)
    transport.send(_message())
    transport.send(_message())

    assert len(server.handler.connections) == 2


@pytest.mark.parametrize(
    ("recipient", "transient", "code"),
    [("reject@example.com", False, 550), ("later@example.com", True, 451)],
)
def test_refused_recipient_raises_typed_error(server, recipient, transient, code):
    with _transport(server).session() as session:
        with pytest.raises(MailDeliveryError) as caught:
            session.send(_message(to=recipient))
        # The refusal leaves the connection usable for the next message.
        session.send(_message())

    assert caught.value.transient is transient
    assert caught.value.code == code
    assert recipient in str(caught.value)
    assert [d["rcpt_tos"] for d in server.handler.delivered] == [["ada@example.com"]]
    assert len(server.handler.connections) == 1


def test_mixed_refusals_are_transient_only_if_all_are(server):
    with pytest.raises(MailDeliveryError) as caught:
        _transport(server).send(_message(to="later@example.com, reject@example.com"))

    assert caught.value.transient is False
    assert server.handler.delivered == []


def test_partial_refusal_reports_what_went_out_and_is_not_retryable(server):
    message = _message(to="ada@example.com, later@example.com", Message_ID="<part@example.org>")

    with pytest.raises(PartialDeliveryError) as caught:
        _transport(server).send(message)

    # Retrying would mail ada twice, so the error is permanent and names the sent message.
    assert caught.value.transient is False
    assert caught.value.message_id == "smtp:<part@example.org>"
    assert list(caught.value.refused) == ["later@example.com"]
    assert [d["rcpt_tos"] for d in server.handler.delivered] == [["ada@example.com"]]


def test_rejected_content_is_permanent(server):
    with pytest.raises(MailDeliveryError) as caught:
        _transport(server).send(_message(X_Test="reject-data"))

    assert (caught.value.transient, caught.value.code) == (False, 554)
    assert "content rejected" in caught.value.text


@pytest.mark.parametrize(
    "bad",
    [
        "not-an-address",
        "ada@.example.com",
        "ada@@example.com",
        "ada@localhost",
        "ada@exa mple.com",
        "ada.@example.com",
        "ada@10.0.0.1",
        "ada@example.123",
    ],
)
def test_invalid_recipient_never_reaches_the_server(server, bad):
    message = _message()
    message.replace_header("To", "ok@example.com")
    message["Cc"] = bad

    with pytest.raises(InvalidRecipientError) as caught:
        _transport(server).send(message)

    assert caught.value.transient is False
    assert server.handler.ehlo_peers == [], "no connection was even opened"
    assert server.handler.rcpts == []


def test_invalid_recipient_mid_session_sends_no_rcpt(server):
    with _transport(server).session() as session:
        session.send(_message())
        with pytest.raises(InvalidRecipientError):
            session.send(_message(to="bob@invalid"))
        session.send(_message())

    assert server.handler.rcpts == ["ada@example.com", "ada@example.com"]


@pytest.mark.parametrize("bad", ["sam@outreach", '"sam@"@outreach.example', '"sam@outreach.example victim"@x.example'])
def test_an_invalid_sender_never_reaches_the_server(server, bad):
    message = _message()
    message.replace_header("From", bad)

    with pytest.raises(ValueError, match="the sender address cannot be used"):
        _transport(server).send(message)
    assert server.handler.ehlo_peers == [], "no connection was even opened"


def test_a_message_without_recipients_is_refused_before_connecting(server):
    message = _message()
    del message["To"]

    with pytest.raises(InvalidRecipientError, match="no To, Cc or Bcc"):
        _transport(server).send(message)
    assert server.handler.ehlo_peers == []


def test_session_reconnects_after_the_server_drops_an_idle_connection():
    controller = start_smtp_server(RecordingHandler(), timeout=0.2)
    try:
        with _transport(controller).session() as session:
            session.send(_message(Message_ID="<before@example.org>"))
            time.sleep(0.5)  # the server closes connections idle for 0.2 s
            session.send(_message(Message_ID="<after@example.org>"))
    finally:
        controller.stop()

    assert len(controller.handler.delivered) == 2
    assert len(controller.handler.connections) == 2


@pytest.mark.parametrize("how", ["close", "late"])
def test_an_answer_lost_after_data_leaves_the_outcome_unknown(how):
    """The server took the message, but its 250 never came (dropped, or later than the timeout)."""
    controller = start_smtp_server(LostAnswerHandler("data", how))
    try:
        with _transport(controller, timeout_seconds=1.0).session() as session:
            with pytest.raises(UnknownDeliveryError) as caught:
                session.send(_message(Message_ID="<lost@example.org>"))
            session.send(_message(Message_ID="<next@example.org>"))  # the session connects again
    finally:
        controller.stop()

    assert caught.value.outcome_unknown and caught.value.transient is False, "neither retried nor failed"
    assert caught.value.message_id == "smtp:<lost@example.org>"
    assert str(caught.value).startswith("SMTP outcome unknown: connection lost after DATA began")
    delivered = [d["raw"] for d in controller.handler.delivered]
    assert len(delivered) == 2 and b"<lost@example.org>" in delivered[0], "the server did take it"


@pytest.mark.parametrize("how", ["close", "late"])
def test_an_answer_lost_before_data_is_transient(how):
    controller = start_smtp_server(LostAnswerHandler("rcpt", how))
    try:
        with pytest.raises(MailDeliveryError) as caught:
            _transport(controller, timeout_seconds=1.0).send(_message())
    finally:
        controller.stop()

    assert caught.value.transient is True and not isinstance(caught.value, UnknownDeliveryError)
    assert controller.handler.delivered == []


def test_connection_refused_is_transient():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    transport = SmtpTransport(
        host="127.0.0.1", port=closed_port, security="none", timeout_seconds=2
    )
    with pytest.raises(MailDeliveryError) as caught:
        transport.send(_message())

    assert caught.value.transient is True
    assert caught.value.code is None


def test_starttls_is_required_when_configured(server):
    # This server offers no STARTTLS: the transport must not fall back to plaintext.
    with pytest.raises(MailDeliveryError) as caught:
        _transport(server, security="starttls").send(_message())

    assert caught.value.transient is False
    assert "STARTTLS" in str(caught.value)
    assert server.handler.rcpts == []


def test_unknown_security_mode_is_rejected():
    with pytest.raises(ValueError, match="security must be one of"):
        SmtpTransport(host="127.0.0.1", security="tls").send(_message())


# The test server offers AUTH over plain TCP on 127.0.0.1, which aiosmtpd rightly warns about.
plain_auth = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


@pytest.fixture
def auth_server():
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            b"sam",
            b"s3cret",
        )
        # handled=False: aiosmtpd then replies 535 itself instead of staying silent.
        return AuthResult(success=ok, handled=False)

    controller = start_smtp_server(
        RecordingHandler(), authenticator=authenticator, auth_required=True, auth_require_tls=False
    )
    yield controller
    controller.stop()


@plain_auth
def test_login_with_username_and_password(auth_server):
    _transport(auth_server, username="sam", password="s3cret").send(_message())

    assert len(auth_server.handler.delivered) == 1


@plain_auth
def test_wrong_password_is_permanent(auth_server):
    with pytest.raises(MailDeliveryError) as caught:
        _transport(auth_server, username="sam", password="wrong").send(_message())

    assert (caught.value.transient, caught.value.code) == (False, 535)
    assert "wrong" not in str(caught.value)
    assert auth_server.handler.rcpts == []


def test_starttls_with_a_trusted_certificate(loopback_tls, monkeypatch):
    cert, context = loopback_tls
    monkeypatch.setenv("SSL_CERT_FILE", cert)  # what ssl.create_default_context() trusts
    # require_starttls: the server answers 530 to MAIL FROM sent in plaintext.
    controller = start_smtp_server(RecordingHandler(), tls_context=context, require_starttls=True)
    try:
        _transport(controller, security="starttls").send(_message())
    finally:
        controller.stop()

    assert len(controller.handler.delivered) == 1
    assert len(controller.handler.ehlo_peers) == 2, "EHLO again after STARTTLS"


def test_implicit_tls_with_a_trusted_certificate(loopback_tls, monkeypatch):
    cert, context = loopback_tls
    monkeypatch.setenv("SSL_CERT_FILE", cert)
    controller = start_smtp_server(RecordingHandler(), ssl_context=context)
    try:
        _transport(controller, security="ssl").send(_message())
    finally:
        controller.stop()

    assert len(controller.handler.delivered) == 1


def test_untrusted_certificate_is_permanent(loopback_tls):
    _, context = loopback_tls
    controller = start_smtp_server(RecordingHandler(), tls_context=context, require_starttls=True)
    try:
        with pytest.raises(MailDeliveryError, match="certificate") as caught:
            _transport(controller, security="starttls").send(_message())
    finally:
        controller.stop()

    assert caught.value.transient is False
    assert controller.handler.rcpts == []
