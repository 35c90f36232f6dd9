"""A message larger than the mail server takes (RFC 1870 SIZE, a 552) is no recipient's failure: any
copy of it would meet the limit. It was recorded ``failed`` for the person, ending her sequence. Now
it is held with the reason, shown in ``sdr status``, and tried after the others next run; a 552 for the
size from the server stops the play's batch for the run (its message is what a person must shorten),
while a message over an advertised SIZE never reaches MAIL FROM and the shorter ones still go, as they
do past one mailbox's limit (5.2.3). A 552 at RCPT that is no size limit is taken as 452 (RFC 5321
4.5.3.1.10): deferred, not failed, unless it is about our account; a 552 after the data whose enhanced
code is not about size (content refused) stays a refusal, and one at MAIL FROM is the size only where
the server advertises SIZE or says so."""

from email.message import EmailMessage

import pytest

from resources.smtp import MailDeliveryError, MessageTooLargeError, SessionRefusedError, SmtpTransport
from sdr_assets import send_deferrals
from sdr_assets.status import collect_status
from tests.mail.smtp_server import RecordingHandler, start_smtp_server
from tests.reachable import REACHABLE_OPTOUTS, service_beat
from tests.send_world import PLAY, World

PEOPLE = [f"p{i}@firm{i}.example" for i in range(4)]
TOO_LARGE = "552 5.3.4 Message size exceeds fixed maximum message size"
MAILBOX_FULL = "552 5.2.2 Mailbox full"


BIG = PEOPLE[-1]  # whose message is long: the best fit, the first the plan sends
PADDING = " Our notes run long." * 150


class Refusing(RecordingHandler):
    """Answers ``reply`` at ``step`` (``"mail"``, ``"rcpt"`` or ``"data"``), recording each MAIL FROM;
    with ``over``, after the data only to a message longer than ``over`` bytes."""

    def __init__(self, step: str | None = None, reply: str = "", over: int | None = None):
        super().__init__()
        self.step, self.reply, self.over, self.mail_froms = step, reply, over, []

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.mail_froms.append(address)
        if self.step == "mail":
            return self.reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.step == "rcpt":
            self.rcpts.append(address)
            return self.reply
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    async def handle_DATA(self, server, session, envelope):
        if self.step == "data" and (self.over is None or len(envelope.original_content) > self.over):
            return self.reply
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def world(tmp_path) -> World:
    world = World(tmp_path, PEOPLE, REACHABLE_OPTOUTS)
    world.decide("approve")
    service_beat(tmp_path)
    return world


def _send(world: World, handler: Refusing, **server_options):
    server = start_smtp_server(handler, **server_options)
    try:
        return world.send_with(SmtpTransport(host="127.0.0.1", port=server.port, security="none",
                                             timeout_seconds=2.0))
    finally:
        server.stop()


def _held_and_stopped(world: World, result, words: str, held: int = 1, stopped: bool = True) -> str:
    """The ``held`` messages handed over are held with ``words`` in their reasons, none failed, the batch
    stopped there (``stopped``) or went on, and `sdr status` shows them; the first one's reason."""
    assert list(world.statuses().values()) == ["held"] * held, world.statuses()
    with world.warehouse.connect() as con:
        reasons = [r for (r,) in con.execute("select reason from send_ledger order by send_key").fetchall()]
        assert send_deferrals.counts(con, PLAY, world.now, by_server=True) == {}, "not the server's deferral"
    for reason in reasons:
        assert reason.startswith(send_deferrals.RELAY_PREFIX + "too large for the mail server: ") and words in reason
    assert result.metadata["failed_this_run"] == 0 and result.metadata["sent_this_run"] == 0
    assert "too large" in result.metadata["held_too_large"] and result.metadata["held_too_large_this_run"] == held
    assert ("too large" in result.metadata["halted"]) if stopped else result.metadata["halted"] == ""
    status = collect_status(world.warehouse, world.resources["paths"], world.now, policy=world.resources["policy"])
    assert sorted(h["reason"] for h in status["held_by_server"]) == sorted(reasons)
    return reasons[0]


def test_messages_over_the_advertised_size_are_held_before_mail_from_then_go_where_they_fit(world):
    handler = Refusing()
    result = _send(world, handler, data_size_limit=300)
    assert handler.mail_froms == [], "nothing offered to a server that said it takes less"
    reason = _held_and_stopped(world, result, "over its 300 byte limit", held=len(PEOPLE), stopped=False)
    size = int(reason.split("too large for the mail server: ")[1].split()[0]) + 300
    assert size > 300
    handler = Refusing()
    _send(world, handler)  # a server that takes them: the held ones go, their sequences intact
    assert sorted(world.statuses().values()) == ["sent"] * len(PEOPLE)


def _lengthen(world: World, address: str) -> None:
    with world.warehouse.connect() as con:
        con.execute("update message_drafts set body = body || ? where contact_email = ?", [PADDING, address])


@pytest.mark.parametrize("server_options, handler", [
    ({"data_size_limit": 2500}, Refusing()),
    ({"data_size_limit": None}, Refusing("data", "552 5.3.4 Message size exceeds fixed maximum message size", 2500)),
], ids=["over the advertised SIZE", "refused for its size after DATA"])
def test_one_long_message_does_not_keep_the_others_of_its_play_from_going(world, server_options, handler):
    _lengthen(world, BIG)
    for _ in range(2):
        _send(world, handler, **server_options)
    statuses = world.statuses()
    assert statuses.pop(BIG) == "held", "the long one stays held, nobody's failure"
    assert sorted(statuses.values()) == ["sent"] * (len(PEOPLE) - 1), "the ones that fit went"
    assert len(handler.delivered) == len(PEOPLE) - 1
    with world.warehouse.connect() as con:
        assert send_deferrals.counts(con, PLAY, world.now, by_server=True) == {}, "never held as the server's deferral"


@pytest.mark.parametrize("step, reply", [("mail", TOO_LARGE), ("rcpt", TOO_LARGE), ("data", TOO_LARGE),
                                         ("data", "552 Error: Too much mail data")],
                         ids=["at MAIL FROM", "at RCPT", "after DATA", "after DATA, aiosmtpd's words"])
def test_a_552_for_the_size_holds_the_message_and_stops_the_batch_failing_no_one(world, step, reply):
    handler = Refusing(step, reply)
    result = _send(world, handler, data_size_limit=None)  # no SIZE advertised: the server's answer tells
    assert len(handler.mail_froms) == 1 and handler.delivered == []
    _held_and_stopped(world, result, "5.3.4" if "5.3.4" in reply else "Too much mail data")


def test_a_552_for_one_mailboxs_length_limit_holds_that_message_and_the_batch_goes_on(world):
    handler = Refusing("rcpt", "552 5.2.3 Message length exceeds administrative limit for this mailbox")
    result = _send(world, handler)
    assert len(handler.mail_froms) == len(PEOPLE), "each message offered: another mailbox may take its length"
    _held_and_stopped(world, result, "5.2.3", held=len(PEOPLE), stopped=False)


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "sam@northwind-sales.com", "ann@acme.example", "Hi"
    message.set_content("Hello")
    return message


def _hand_over(handler: Refusing, **server_options) -> None:
    server = start_smtp_server(handler, **server_options)
    try:
        SmtpTransport(host="127.0.0.1", port=server.port, security="none", timeout_seconds=2.0).send(_message())
    finally:
        server.stop()


CONTENT_REFUSED = [
    "552-5.7.0 This message was blocked because its content presents a potential\r\n"
    "552-5.7.0 security issue. Please visit https://support.google.com/mail/?p=BlockedMessage\r\n"
    "552 5.7.0 to review our message content and attachment content guidelines.",
    "552 5.7.1 Message rejected as spam by Content Filtering",
]


@pytest.mark.parametrize("reply", CONTENT_REFUSED, ids=["Gmail's security issue", "a spam filter"])
def test_a_552_after_data_for_its_content_is_a_refusal_not_a_size_hold(reply):
    with pytest.raises(MailDeliveryError) as raised:
        _hand_over(Refusing("data", reply))
    assert not isinstance(raised.value, MessageTooLargeError), raised.value
    assert (raised.value.code, raised.value.transient) == (552, False)
    assert "5.7." in raised.value.text


@pytest.mark.parametrize("reply", [
    "552 5.7.60 SMTP; Client does not have permissions to send as this sender",
    "552 5.4.5 Daily user sending quota exceeded",
], ids=["send-as refused", "sending quota"])
def test_a_552_at_rcpt_about_our_account_refuses_the_session(reply):
    with pytest.raises(SessionRefusedError) as raised:
        _hand_over(Refusing("rcpt", reply))
    assert (raised.value.code, raised.value.transient) == (552, False), raised.value


def test_a_552_at_rcpt_for_one_mailboxs_length_limit_ends_no_batch():
    with pytest.raises(MessageTooLargeError) as raised:
        _hand_over(Refusing("rcpt", "552 5.2.3 Message length exceeds administrative limit"))
    assert not raised.value.ends_batch


@pytest.mark.parametrize("advertised, reply, size", [
    (None, "552 Mailbox storage allocation exceeded for this account", False),
    (2**25, "552 Mailbox storage allocation exceeded for this account", False),
    (2**25, "552 Requested mail action aborted: exceeded storage allocation", True),
    (None, "552 5.3.4 Message size exceeds fixed maximum message size", True),
], ids=["no SIZE, no size words", "SIZE advertised, the account's storage", "SIZE advertised", "size words"])
def test_a_552_at_mail_from_is_the_size_only_where_the_server_advertises_size_or_says_so(advertised, reply, size):
    with pytest.raises(MailDeliveryError) as raised:
        _hand_over(Refusing("mail", reply), data_size_limit=advertised)
    assert isinstance(raised.value, MessageTooLargeError if size else SessionRefusedError), raised.value


def test_a_multi_line_552_for_the_size_at_rcpt_is_held_with_its_reason_on_one_line():
    with pytest.raises(MessageTooLargeError) as raised:
        _hand_over(Refusing("rcpt", "552-5.3.4 Message size exceeds\r\n552 5.3.4 fixed maximum message size"))
    assert "\n" not in raised.value.text and "exceeds 5.3.4 fixed" in raised.value.text


@pytest.mark.parametrize("reply", [MAILBOX_FULL, "552 5.2.2 Mailbox size limit exceeded"],
                         ids=["full", "Exchange's size words under 5.2.2"])
@pytest.mark.parametrize("step", ["rcpt", "data"])
def test_a_552_for_a_full_mailbox_is_a_deferral_as_452_not_a_failure(world, step, reply):
    handler = Refusing(step, reply)
    result = _send(world, handler)
    assert world.statuses() == {}, "released for the next run, none failed"
    assert result.metadata["deferred_by_server_this_run"] == len(PEOPLE)
    with world.warehouse.connect() as con:
        assert sorted(send_deferrals.counts(con, PLAY, world.now).values()) == [1] * len(PEOPLE), "counted once each"
