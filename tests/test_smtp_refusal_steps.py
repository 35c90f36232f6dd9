"""Where in the SMTP transaction a refusal comes decides whose it is: at MAIL FROM it is our sender's
(a 5xx ends the batch and fails the step, a 4xx ends it green, and no prospect is failed either way);
at DATA or at RCPT for one message it is that message's (a 4xx defers that draft alone)."""

import dagster as dg
import pytest

from resources.smtp import SmtpTransport
from sdr_assets import send_deferrals
from tests.mail.smtp_server import RecordingHandler, start_smtp_server
from tests.reachable import REACHABLE_OPTOUTS, service_beat
from tests.send_world import PLAY, World

PEOPLE = [f"p{i}@firm{i}.example" for i in range(4)]


class RefusesSender(RecordingHandler):
    """Answers ``reply`` to every MAIL FROM."""

    def __init__(self, reply: str):
        super().__init__()
        self.reply, self.senders = reply, 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.senders += 1
        return self.reply


class DefersOneAtData(RecordingHandler):
    """Answers a plain 4xx after the data of the message to ``address``, takes the others."""

    def __init__(self, address: str):
        super().__init__()
        self.address = address

    async def handle_DATA(self, server, session, envelope):
        if envelope.rcpt_tos == [self.address]:
            return "451 4.3.0 Local error in processing"
        return await super().handle_DATA(server, session, envelope)


def _world(tmp_path) -> World:
    world = World(tmp_path, PEOPLE, REACHABLE_OPTOUTS)
    world.decide("approve")
    service_beat(tmp_path)
    return world


def _run(world: World, handler: RecordingHandler) -> tuple[dg.MaterializeResult | None, dg.Failure | None]:
    server = start_smtp_server(handler)
    try:
        return world.send_with(SmtpTransport(host="127.0.0.1", port=server.port, security="none",
                                             timeout_seconds=2.0)), None
    except dg.Failure as failure:
        return None, failure
    finally:
        server.stop()


@pytest.mark.parametrize("reply, fails_step", [
    ("550 5.7.1 Sender address rejected: not owned by user", True),
    ("553 5.7.1 <sam@northwind-sales.com>: Sender address rejected", True),
    ("451 4.3.2 System not accepting network messages", False),
])
def test_a_refusal_at_mail_from_ends_the_batch_after_one_try_and_fails_no_prospect(tmp_path, reply, fails_step):
    world = _world(tmp_path)
    handler = RefusesSender(reply)
    result, failure = _run(world, handler)
    assert handler.senders == 1 and handler.rcpts == []
    assert (failure is not None) is fails_step
    if failure is not None:
        assert reply[4:] in failure.description
    else:
        assert result.metadata["halted"].startswith("the mail server ended the batch after 0 sent")
    assert world.statuses() == {}
    healthy = RecordingHandler()
    _run(world, healthy)
    assert sorted(d["rcpt_tos"][0] for d in healthy.delivered) == PEOPLE


def test_a_4xx_after_one_messages_data_defers_that_draft_alone(tmp_path):
    world = _world(tmp_path)
    handler = DefersOneAtData(PEOPLE[1])
    result, failure = _run(world, handler)
    assert failure is None
    assert sorted(d["rcpt_tos"][0] for d in handler.delivered) == sorted(set(PEOPLE) - {PEOPLE[1]})
    assert world.statuses() == {p: "sent" for p in PEOPLE if p != PEOPLE[1]}
    assert result.metadata["deferred_by_server_this_run"] == 1
    with world.warehouse.connect() as con:
        assert set(send_deferrals.counts(con, PLAY, world.now, by_server=True).values()) == {1}
