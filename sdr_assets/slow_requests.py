"""Connections that hold `sdr serve` without finishing a request, bounded in time and in number.

uvicorn times a connection out only while it is idle between requests, never while a request's
line and headers arrive: a client that sends them a byte at a time (slowloris) held its connection
for ever, and enough such clients used up the files the process may open, so no one-click opt-out
got in. uvicorn offers no bound on that time, hence this protocol around its own.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.auto import AutoHTTPProtocol

# A mail provider sends its request line and headers in one packet: ten seconds is ample on a slow network.
HEADER_SECONDS = 10.0


def guarded_protocol(most_receiving: int, header_seconds: float = HEADER_SECONDS) -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol, closing a connection whose request line and headers have not arrived
    ``header_seconds`` after it opened or answered its previous request; and, once more than
    ``most_receiving`` connections are still receiving their request (its headers or its body), the
    one that began it longest ago: a request sent at once is never the oldest for long, so clients
    that trickle theirs cannot crowd it out however many they open."""
    opened: dict[Guarded, None] = {}  # in the order their current request began

    class Guarded(AutoHTTPProtocol):
        header_deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._await_request()
            # Only a flood has the connections counted: those receiving are among those open.
            if len(opened) > most_receiving:
                receiving = [c for c in opened if c.receiving()]
                if len(receiving) > most_receiving:
                    receiving[0].transport.close()

        def connection_lost(self, exc: Exception | None) -> None:
            opened.pop(self, None)
            if self.header_deadline:
                self.header_deadline.cancel()
            super().connection_lost(exc)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._await_request()

        def between_requests(self) -> bool:
            return self.cycle is None or self.cycle.response_complete

        def receiving(self) -> bool:
            if self.transport.is_closing():
                return False
            return self.between_requests() or self.cycle.more_body

        def _await_request(self) -> None:
            opened.pop(self, None)
            opened[self] = None
            if self.header_deadline:
                self.header_deadline.cancel()
            self.header_deadline = self.loop.call_later(header_seconds, self._headers_late)

        def _headers_late(self) -> None:
            if self.between_requests():
                self.transport.close()

    return Guarded
