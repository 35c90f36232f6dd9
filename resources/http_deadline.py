"""An HTTP transport whose every answer must be whole within a deadline from its request: httpx's
timeouts bound each read alone, so an answer trickled in a few bytes at a time could hold a call for as
long as the server likes."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx

__all__ = ["DeadlineTransport"]


class DeadlineTransport(httpx.BaseTransport):
    """``inner``'s answers, each cut with ``httpx.ReadTimeout`` once ``seconds`` have passed since its
    request went out and its body is not whole (clients turn that into their own timeout)."""

    def __init__(self, inner: httpx.BaseTransport, seconds: float):
        self._inner, self._seconds = inner, seconds

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = time.monotonic() + self._seconds
        response = self._inner.handle_request(request)
        return httpx.Response(response.status_code, headers=response.headers, extensions=response.extensions,
                              stream=_BoundedStream(response.stream, deadline, self._seconds, request))

    def close(self) -> None:
        self._inner.close()


class _BoundedStream(httpx.SyncByteStream):
    def __init__(self, inner, deadline: float, seconds: float, request: httpx.Request):
        self._inner, self._deadline, self._seconds, self._request = inner, deadline, seconds, request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            if time.monotonic() > self._deadline:
                raise httpx.ReadTimeout(f"no whole answer within {self._seconds:g} s", request=self._request)
            yield chunk

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()
