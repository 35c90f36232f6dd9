"""A message larger than the mail server takes (RFC 1870 SIZE, a 552) is no recipient's failure: any
copy of it would meet the limit. It was recorded ``failed`` for the person, ending her sequence. Now
it is held with the reason, shown in ``sdr status``, the play's batch stops for the run (its message
is what a person must shorten), and a message over an advertised SIZE never reaches MAIL FROM. A 552
at RCPT that is no size limit is taken as 452 (RFC 5321 4.5.3.1.10): deferred, not failed."""

import pytest

from resources.smtp import SmtpTransport
from sdr_assets import send_deferrals
from sdr_assets.status import collect_status
from tests.mail.smtp_server import RecordingHandler, start_smtp_server
from tests.reachable import REACHABLE_OPTOUTS, service_beat
from tests.send_world import PLAY, World

PEOPLE = [f"p{i}@firm{i}.example" for i in range(4)]
TOO_LARGE = "552 5.3.4 Message size exceeds fixed maximum message size"
MAILBOX_FULL = "552 5.2.2 Mailbox full"


class Refusing(RecordingHandler):
    """Answers ``reply`` at ``step`` (``"mail"``, ``"rcpt"`` or ``"data"``), recording each MAIL FROM."""

    def __init__(self, step: str | None = None, reply: str = ""):
        super().__init__()
        self.step, self.reply, self.mail_froms = step, reply, []

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
        if self.step == "data":
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


def _held_one_and_stopped(world: World, result, words: str) -> str:
    """The one message handed over is held with ``words`` in its reason, none failed, the batch stopped
    there, and `sdr status` shows it; its reason."""
    assert list(world.statuses().values()) == ["held"], world.statuses()
    with world.warehouse.connect() as con:
        (reason,) = con.execute("select reason from send_ledger").fetchone()
        assert send_deferrals.counts(con, PLAY, world.now) == {}, "not a deferral"
    assert reason.startswith(send_deferrals.RELAY_PREFIX + "too large for the mail server: ") and words in reason
    assert result.metadata["failed_this_run"] == 0 and result.metadata["sent_this_run"] == 0
    assert "too large" in result.metadata["held_too_large"]
    assert "too large" in result.metadata["halted"]
    status = collect_status(world.warehouse, world.resources["paths"], world.now, policy=world.resources["policy"])
    assert [h["reason"] for h in status["held_by_server"]] == [reason]
    return reason


def test_a_message_over_the_advertised_size_is_held_before_mail_from_then_goes_where_it_fits(world):
    handler = Refusing()
    result = _send(world, handler, data_size_limit=300)
    assert handler.mail_froms == [], "nothing offered to a server that said it takes less"
    reason = _held_one_and_stopped(world, result, "over its 300 byte limit")
    size = int(reason.split("too large for the mail server: ")[1].split()[0]) + 300
    assert size > 300
    handler = Refusing()
    _send(world, handler)  # a server that takes it: the held one and the rest go, her sequence intact
    assert sorted(world.statuses().values()) == ["sent"] * len(PEOPLE)


@pytest.mark.parametrize("step, reply", [("mail", TOO_LARGE), ("rcpt", TOO_LARGE), ("data", TOO_LARGE),
                                         ("data", "552 Error: Too much mail data")],
                         ids=["at MAIL FROM", "at RCPT", "after DATA", "after DATA, aiosmtpd's words"])
def test_a_552_for_the_size_holds_the_message_and_stops_the_batch_failing_no_one(world, step, reply):
    handler = Refusing(step, reply)
    result = _send(world, handler, data_size_limit=None)  # no SIZE advertised: the server's answer tells
    assert len(handler.mail_froms) == 1 and handler.delivered == []
    _held_one_and_stopped(world, result, "5.3.4" if "5.3.4" in reply else "Too much mail data")


@pytest.mark.parametrize("step", ["rcpt", "data"])
def test_a_552_for_a_full_mailbox_is_a_deferral_as_452_not_a_failure(world, step):
    handler = Refusing(step, MAILBOX_FULL)
    result = _send(world, handler)
    assert world.statuses() == {}, "released for the next run, none failed"
    assert result.metadata["deferred_by_server_this_run"] == len(PEOPLE)
    with world.warehouse.connect() as con:
        assert sorted(send_deferrals.counts(con, PLAY, world.now).values()) == [1] * len(PEOPLE), "counted once each"
