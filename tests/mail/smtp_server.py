"""A real SMTP server for tests: aiosmtpd on an ephemeral 127.0.0.1 port, recording what it gets."""

import asyncio

from aiosmtpd.controller import Controller


class _LoopbackController(Controller):
    """aiosmtpd's Controller on an ephemeral port: at start-up it connects to the port it was
    given, so tell it the one the OS picked."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class RecordingHandler:
    """Records every SMTP step; recipients named reject*/later* get 550/451 at RCPT."""

    def __init__(self):
        self.ehlo_peers: list[tuple] = []
        self.rcpts: list[str] = []
        self.delivered: list[dict] = []

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.ehlo_peers.append(session.peer)
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpts.append(address)
        if address.startswith("reject"):
            return "550 5.1.1 No such user here"
        if address.startswith("later"):
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if b"X-Test: reject-data" in envelope.original_content:
            return "554 5.6.0 Message content rejected"
        self.delivered.append(
            {
                "peer": session.peer,
                "mail_from": envelope.mail_from,
                "rcpt_tos": list(envelope.rcpt_tos),
                "raw": envelope.original_content,
            }
        )
        return "250 2.0.0 OK queued"

    @property
    def connections(self) -> set[tuple]:
        return set(self.ehlo_peers)


class LostAnswerHandler(RecordingHandler):
    """Loses its answer once, for the first message, at ``step``: ``"data"`` takes (records) the
    message first, ``"rcpt"`` before any DATA. ``how`` is ``"close"`` (the connection dropped before
    the reply) or ``"late"`` (the reply comes ``delay`` seconds later, after the client's timeout)."""

    def __init__(self, step: str = "data", how: str = "close", delay: float = 2.5):
        super().__init__()
        self.step, self.how, self.delay = step, how, delay
        self.lost = False

    async def _lose(self, server, step: str) -> None:
        if self.lost or step != self.step:
            return
        self.lost = True
        if self.how == "close":
            server.transport.close()
        else:
            await asyncio.sleep(self.delay)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await self._lose(server, "rcpt")
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        await self._lose(server, "data")
        return reply


class SlowServer(RecordingHandler):
    """Takes ``seconds`` over each message (a slow mail server), so something can land mid-batch."""

    def __init__(self, seconds: float):
        super().__init__()
        self.seconds, self.receiving = seconds, 0

    async def handle_DATA(self, server, session, envelope):
        self.receiving += 1
        await asyncio.sleep(self.seconds)
        return await super().handle_DATA(server, session, envelope)


def start_smtp_server(handler, **smtp_kwargs) -> _LoopbackController:
    controller = _LoopbackController(handler, hostname="127.0.0.1", port=0, **smtp_kwargs)
    controller.start()
    return controller
