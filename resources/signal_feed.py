"""Signal feeds bought as APIs: pages of JSON records read with httpx, resumed from a cursor."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

import dagster as dg
import httpx

from resources.http_retry import FetchError, HttpRetry


@dataclass
class FeedPage:
    number: int
    position: str = ""
    records: list[Any] = field(default_factory=list)
    error: str = ""


@dataclass
class FeedPull:
    """What one run read: the pages in order, the state to resume from, and why it stopped; ``error``
    when it stopped because the feed failed (no answer, an error status, a malformed page)."""

    pages: list[FeedPage] = field(default_factory=list)
    state: str | None = None
    stopped: str = ""
    requests: int = 0
    error: str = ""


class SignalFeed(dg.ConfigurableResource, ABC):
    """A source of signal records other than the inbox folder."""

    @property
    @abstractmethod
    def label(self) -> str: ...

    @abstractmethod
    def pull(self, state: str | None) -> FeedPull:
        """Records after ``state`` (the value a previous pull returned), up to the per-run limit."""


class NoSignalFeed(SignalFeed):
    """The local default: every signal comes from the inbox folder."""

    @property
    def label(self) -> str:
        return ""

    def pull(self, state: str | None) -> FeedPull:
        return FeedPull(state=state, stopped="no feed configured")


class HttpSignalFeed(SignalFeed, HttpRetry):
    """``GET url?cursor=…`` (or ``?page=N``) returning ``{"data": [...], "next_cursor": "…"}``.

    Cursor mode follows ``next_cursor`` until it is empty, a page comes back empty (the next run
    starts from the cursor that page gave) or the cursor is one already requested in this run;
    page mode counts pages until one is empty. The last page read is read again on the next run
    (new records land there first), as is a short page where a per-run limit stopped the run;
    records seen before are merged away by their keys. A run reads up to ``max_records_per_run``
    records in up to ``max_requests_per_run`` requests.
    """

    name: str = "http-feed"
    url: str
    auth_header: str = "Authorization"
    auth_value: str = ""
    pagination: str = "cursor"
    items_key: str = "data"
    cursor_key: str = "next_cursor"
    cursor_param: str = "cursor"
    page_param: str = "page"
    page_size: int = 100
    size_param: str = "limit"
    max_records_per_run: int = 5000
    max_requests_per_run: int = 1000

    @property
    def label(self) -> str:
        return f"http:{self.name}"

    def _client(self) -> httpx.Client:
        headers = {self.auth_header: self.auth_value} if self.auth_value else {}
        return self.client(headers=headers)

    def _params(self, position: str | None) -> dict[str, Any]:
        params: dict[str, Any] = {self.size_param: self.page_size} if self.size_param else {}
        if self.pagination == "page":
            params[self.page_param] = int(position or 1)
        elif position:
            params[self.cursor_param] = position
        return params

    def _next(self, position: str | None, body: dict, records: list) -> str | None:
        if self.pagination == "page":
            return str(int(position or 1) + 1) if records else None
        nxt = body.get(self.cursor_key)
        return str(nxt) if nxt not in (None, "") else None

    def _limit(self, taken: int, requests: int) -> str:
        """The per-run limit this run has reached, if any."""
        if taken >= self.max_records_per_run:
            return f"per-run limit of {self.max_records_per_run} records"
        if requests >= self.max_requests_per_run:
            return f"per-run limit of {self.max_requests_per_run} requests"
        return ""

    def pull(self, state: str | None) -> FeedPull:
        result = FeedPull(state=state)
        position = state or ("1" if self.pagination == "page" else None)
        taken, number, requested = 0, 0, set()
        with self._client() as client:
            while True:
                number += 1
                result.requests += 1
                requested.add(position)
                try:
                    response = self.get(client, self.url, self._params(position))
                    response.raise_for_status()
                    body = json.loads(response.text.removeprefix("\ufeff"))  # a byte-order mark some servers write
                except (FetchError, httpx.HTTPStatusError) as exc:
                    result.stopped = f"page {number}: {exc}"
                    result.error = result.stopped.splitlines()[0]  # httpx adds a line linking to MDN
                    return result
                except (ValueError, RecursionError):
                    result.pages.append(FeedPage(number, position or "", error=f"page {number} is not valid JSON"))
                    result.stopped, result.error = "malformed page", f"page {number} is not valid JSON"
                    return result
                records = body.get(self.items_key) if isinstance(body, dict) else None
                if not isinstance(records, list):
                    result.error = f"page {number} has no '{self.items_key}' list"
                    result.pages.append(FeedPage(number, position or "", error=result.error))
                    result.stopped = "malformed page"
                    return result
                result.pages.append(FeedPage(number, position or "", records))
                taken += len(records)
                nxt = self._next(position, body, records)
                if nxt is not None and not _storable(nxt):
                    # JSON may escape a lone surrogate ("\\ud800"), which no store holds: this page's
                    # records count, and the feed waits here, failing, until it gives a cursor that can be kept.
                    if position:
                        result.state = position
                    result.stopped = result.error = (f"the page at {position or 'the start'}: its {self.cursor_key} "
                                                     "cannot be stored (not valid Unicode)")
                    return result
                # The page just read is where the next run starts, unless there is a later one.
                if position and (records or self.pagination == "cursor"):
                    result.state = position
                if nxt is None:
                    result.stopped = "caught up"
                    return result
                if self.pagination == "cursor" and (not records or nxt in requested):
                    # A caught-up feed may hand back a cursor with an empty page, or one it gave before.
                    if nxt not in requested:
                        result.state = nxt
                    result.stopped = "caught up"
                    return result
                position = nxt
                limit = self._limit(taken, result.requests)
                if limit:
                    # A short page is read again: records that arrive later fill it before the next one.
                    if self.pagination == "cursor" or len(records) >= self.page_size:
                        result.state = position
                    result.stopped = limit
                    return result


def _storable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
