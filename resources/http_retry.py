"""GET with retries: backoff on 429, 5xx, timeouts, dropped connections and undecodable bodies,
honouring Retry-After.

``HttpRetry`` holds the settings every HTTP resource shares (attempts, backoff, timeout); the
enrichment provider and the signal feed inherit them instead of declaring them again. A
``Breaker`` stops a run's further requests once one says the rest cannot succeed either. An error
never carries a header's value: it may be an API key.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime

import dagster as dg
import httpx

from resources.tls import http_context

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(RuntimeError):
    """A request that still failed after every attempt, or one the server put off for longer than the
    client waits, with the reason. ``kind`` is ``rate_limited`` (put off), ``unreachable`` (the last
    attempt timed out or found no connection), ``unsendable`` (no request with these headers or this
    URL scheme can be made) or ``failed``."""

    def __init__(self, reason: str, kind: str = "failed"):
        super().__init__(reason)
        self.kind = kind


def retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks to wait (Retry-After in seconds or an HTTP date); None without one."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return max(0.0, seconds) if math.isfinite(seconds) else None


def get_with_retries(
    client: httpx.Client,
    url: str,
    *,
    params: dict | None = None,
    attempts: int = 4,
    backoff_seconds: float = 0.5,
    max_backoff_seconds: float = 30.0,
    sleep: Callable[[float], None] = time.sleep,
    within_seconds: float | None = None,
) -> httpx.Response:
    """The first response that is neither 429 nor 5xx; FetchError once ``attempts`` are spent.

    Other statuses (200, 404, 401...) are returned for the caller to judge. A request that fails
    in any other way (a timeout, a dropped connection, a body that cannot be decoded) is a failed
    attempt. A Retry-After longer than ``max_backoff_seconds`` is a FetchError at once: coming back
    earlier than the server asked would only spend attempts inside its penalty. With
    ``within_seconds`` an answer not whole by then is a timeout, however steadily it trickles in.
    A request that cannot be made is a FetchError at once, without the header or URL at fault.
    """
    reason, kind = "", "failed"
    for attempt in range(1, attempts + 1):
        delay = min(backoff_seconds * 2 ** (attempt - 1), max_backoff_seconds)
        try:
            response = _get(client, url, params, within_seconds)
        except httpx.InvalidURL as exc:  # a cursor too long for a URL, say: asking again changes nothing
            raise FetchError(f"{url}: the request cannot be made ({exc})") from None
        except (httpx.LocalProtocolError, UnicodeEncodeError):  # their text quotes the header, key and all
            raise FetchError(f"{url}: the request cannot be made: a header holds a character HTTP does not "
                             "allow (a line break, say; its value is not shown)", "unsendable") from None
        except httpx.UnsupportedProtocol:
            raise FetchError(f"{url}: the request cannot be made: not an http:// or https:// URL",
                             "unsendable") from None
        except httpx.TimeoutException as exc:
            reason, kind = f"timeout ({type(exc).__name__})", "unreachable"
        except httpx.TransportError as exc:
            reason, kind = f"connection failed ({type(exc).__name__}: {exc})", "unreachable"
        except httpx.RequestError as exc:
            reason, kind = f"request failed ({type(exc).__name__}: {exc})", "failed"  # a body that cannot be decoded
        else:
            if response.status_code not in RETRY_STATUSES:
                return response
            reason, kind = f"HTTP {response.status_code}", "failed"
            wait = retry_after(response)
            if wait is not None and wait > max_backoff_seconds:
                raise FetchError(f"{url}: {reason}, rate limited for {math.ceil(wait)} s "
                                 f"(longer than the {max_backoff_seconds:g} s this client waits)", "rate_limited")
            if wait is not None:
                delay = wait
        if attempt < attempts:
            sleep(delay)
    raise FetchError(f"{url}: {reason} after {attempts} attempts", kind)


def _get(client: httpx.Client, url: str, params: dict | None, within_seconds: float | None) -> httpx.Response:
    """The whole answer, read by ``within_seconds`` if given (a client's timeout bounds each read only)."""
    if within_seconds is None:
        return client.get(url, params=params)
    deadline = time.monotonic() + within_seconds
    with client.stream("GET", url, params=params) as streamed:
        body = bytearray()
        for chunk in streamed.iter_raw():
            body += chunk
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout(f"no whole answer within {within_seconds:g} s", request=streamed.request)
    response = httpx.Response(streamed.status_code, headers=streamed.headers, content=bytes(body),
                              request=streamed.request)
    response.read()  # decoded here, so a body that cannot be decoded is a failed attempt like the others
    return response


class Breaker:
    """One run's requests, stopped for good once the server puts them off for longer than the client
    waits, no request can be made, or ``limit`` requests in a row end unreachable; every request
    after that is the same FetchError, without a call."""

    def __init__(self, limit: int):
        self.limit, self.reason, self._in_a_row, self._lock = limit, "", 0, threading.Lock()

    def check(self) -> None:
        """FetchError, without a call, once the run's requests are stopped."""
        if self.reason:
            raise FetchError(f"not asked, this run's calls stopped after {self.reason}", "stopped")

    def answered(self) -> None:
        with self._lock:
            self._in_a_row = 0

    def failed(self, exc: FetchError) -> None:
        with self._lock:
            self._in_a_row = self._in_a_row + 1 if exc.kind == "unreachable" else 0
            if self.reason:
                return
            if exc.kind in ("rate_limited", "unsendable"):
                self.reason = str(exc)
            elif exc.kind == "unreachable" and self._in_a_row >= self.limit:
                self.reason = f"{self._in_a_row} requests in a row timed out or found no connection, the last: {exc}"


class HttpRetry(dg.ConfigurableResource):
    """Retry and timeout settings of a resource that reads an HTTP API, and the GET that honours them."""

    max_attempts: int = 4
    backoff_seconds: float = 0.5
    max_backoff_seconds: float = 30.0
    timeout_seconds: float = 10.0

    def client(self, **settings) -> httpx.Client:
        """A client with this resource's timeout (headers, base URL and hooks as given)."""
        return httpx.Client(timeout=self.timeout_seconds, verify=http_context(), **settings)

    def get(self, client: httpx.Client, url: str, params: dict | None = None,
            breaker: Breaker | None = None) -> httpx.Response:
        """``get_with_retries`` with this resource's settings; with ``breaker``, none once it stopped the run."""
        if breaker is not None:
            breaker.check()
        try:
            response = get_with_retries(client, url, params=params, attempts=self.max_attempts,
                                        backoff_seconds=self.backoff_seconds,
                                        max_backoff_seconds=self.max_backoff_seconds,
                                        within_seconds=self.timeout_seconds)
        except FetchError as exc:
            if breaker is not None:
                breaker.failed(exc)
            raise
        if breaker is not None:
            breaker.answered()
        return response
