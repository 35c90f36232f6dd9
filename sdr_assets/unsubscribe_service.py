"""The unsubscribe service behind `sdr serve`: one-click opt-outs (RFC 8058) into the durable log.

``POST`` with the body ``List-Unsubscribe=One-Click`` records the opt-out and answers 200, no
redirect (in any letter case, with white space around it: the signed token is what authorises); a
click the log could not take (disk full) answers 503 and is not remembered, so a retry records it;
a body too large answers 413, one too slow to arrive 408.
``GET`` shows a page naming the address with one button that posts: mail scanners fetch links, so a
GET alone never unsubscribes. A token that does not verify gets a 400 and records
nothing. The service never opens the warehouse: the pipeline ingests the log. Given a
:class:`~sdr_assets.serve_heartbeat.Beat`, it keeps the heartbeat the send step reads.
"""

from __future__ import annotations

import asyncio
import errno
import html
import logging
import os
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from sdr_assets import line_log, optout_log
from sdr_assets.domain.addresses import InvalidAddressError, canonical_address
from sdr_assets.domain.tokens import InvalidTokenError, Secrets
from sdr_assets.domain.unsubscribe import UnsubscribeRequest, read_unsubscribe_token, route_of
from sdr_assets.serve_heartbeat import Beat

# A client may send other fields beside List-Unsubscribe (tracking fields, an empty file part): they are
# read past, however many the body holds within this bound, not refused.
MAX_BODY_BYTES = 4096
# How long a POST's body may take to arrive once its headers did: a mail provider sends its few bytes
# at once, and a client that stalls must not hold its connection for ever.
BODY_SECONDS = 30.0
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the token is in the URL
    "X-Robots-Tag": "noindex",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
}
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title}</title><style>body{{font-family:sans-serif;max-width:32em;margin:4em auto;padding:0 1em}}</style>
</head><body><h1>{title}</h1>{body}</body></html>
"""
ASK = """<p>Stop all messages to <strong>{address}</strong>?</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form>"""
RETRY = "<p>We could not record this just now. Please try the link again in a few minutes.</p>"
DONE = "<p><strong>{address}</strong> is unsubscribed. You will not hear from us again at this address.</p>"


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(PAGE.format(title=title, body=body), status_code=status, headers=HEADERS)


async def _one_click_value(request: Request, body: bytes) -> str | None:
    """The List-Unsubscribe field of a form body, url-encoded or multipart as RFC 8058 allows, its name
    and value in lower case and stripped: a client that ends the body with a line break, or writes
    ``list-unsubscribe=one-click``, asks the same, and the signed token is what authorises it. A body
    labelled multipart that holds no such part is read url-encoded too, as a body of any other type is."""
    fields = []
    if request.headers.get("content-type", "").strip().lower().startswith("multipart/form-data"):  # any case
        async def replay() -> AsyncGenerator[bytes, None]:
            yield body

        with suppress(MultiPartException):
            form = await MultiPartParser(request.headers, replay()).parse()
            fields = [(name, value) for name, value in form.multi_items() if isinstance(value, str)]
            await form.close()  # a file part is read past, and its spooled file closed
    fields += parse_qsl(body.decode("latin-1").strip())
    values = [value.strip().lower() for name, value in fields if name.strip().lower() == "list-unsubscribe"]
    return values[0] if values else None


def _invalid() -> Response:
    return _page("Link not valid", "<p>This unsubscribe link is not valid. Reply to the message with "
                 "\"unsubscribe\" and a person will remove you.</p>", 400)


class OptOutRecorder:
    """Appends each opt-out once; repeats of the same link answer the same and write nothing.

    What it has written is known for the log file it is in: once the log is rotated, moved aside or
    replaced, a repeat is written again to the new file, so a click lost with the old one is not
    answered as recorded."""

    def __init__(self, data_dir: str | Path, now: Callable[[], datetime]) -> None:
        self.data_dir = data_dir
        self.now = now
        self._lock = threading.Lock()
        self._log = optout_log.log_path(data_dir)
        self._file: tuple | None = None
        self._seen: set[str] = set()

    def check_writable(self) -> None:
        """Raise OSError unless the log could take a line: the file opens to append, or, while there is
        none yet, its nearest folder may be written in. Nothing is created."""
        if os.path.exists(self._log):
            os.close(os.open(self._log, os.O_WRONLY | os.O_APPEND))
            return
        folder = self._log.parent
        if os.path.lexists(self._log):  # a link to a file not written yet: the first click creates it there
            folder = Path(os.path.realpath(self._log)).parent
            if not folder.is_dir():
                raise FileNotFoundError(errno.ENOENT, "it links to nothing", str(self._log))
        while not folder.exists():
            folder = folder.parent
        if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, "its folder cannot be written in", str(folder))

    def record(self, request: UnsubscribeRequest) -> bool:
        """True when newly appended; raises OSError, remembering nothing, when the log took no line."""
        key = optout_log.optout_id(request.send_key, request.address)
        with self._lock:
            current = line_log.identity(self._log)
            if current != self._file:
                self._seen = {r.optout_id for r in optout_log.read(self.data_dir).records} if current else set()
                self._file = current
            if key in self._seen:
                return False
            optout_log.append(self.data_dir, request.send_key, request.address, self.now())
            self._seen.add(key)
            self._file = line_log.identity(self._log)
            return True


def build_app(data_dir: str | Path, secrets: Secrets, now: Callable[[], datetime],
              path: str = "/unsubscribe", heartbeat: Beat | None = None,
              body_seconds: float = BODY_SECONDS) -> Starlette:
    """The service for links ``{base}/{token}`` where ``path`` is the path of the base URL, as written
    in it (``/d%C3%A9sinscription``): requests are routed by their decoded path (``/désinscription``).
    A token verifies under any of ``secrets``: the current one and those it replaced. While it runs,
    ``heartbeat`` beats from its event loop; it is removed when the service stops. A POST whose body
    has not arrived ``body_seconds`` after its headers is answered 408."""
    recorder = OptOutRecorder(data_dir, now)
    route = route_of(path)
    prefix = f"/{route}" if route else ""

    def verified(token: str) -> UnsubscribeRequest | None:
        try:
            request = read_unsubscribe_token(secrets, token)
            return UnsubscribeRequest(request.send_key, canonical_address(request.address))
        except (InvalidTokenError, InvalidAddressError):
            return None

    async def ask(request: Request) -> Response:
        found = verified(request.path_params["token"])
        if found is None:
            return _invalid()
        return _page("Unsubscribe", ASK.format(address=html.escape(found.address)))

    async def one_click(request: Request) -> Response:
        found = verified(request.path_params["token"])
        if found is None:
            return _invalid()
        body = b""
        try:
            async with asyncio.timeout(body_seconds):
                async for chunk in request.stream():
                    body += chunk
                    if len(body) > MAX_BODY_BYTES:
                        return PlainTextResponse("request body too large", 413, headers=HEADERS)
        except ClientDisconnect:  # gone before its body ended: it asked nothing, and nobody reads an answer
            return Response(status_code=400)
        except TimeoutError:
            return PlainTextResponse("request body not received in time", 408, headers=HEADERS)
        if await _one_click_value(request, body) != "one-click":
            return PlainTextResponse("expected the body List-Unsubscribe=One-Click", 400, headers=HEADERS)
        try:
            await run_in_threadpool(recorder.record, found)  # fsync blocks: keep it off the event loop
        except OSError as exc:
            logging.getLogger(__name__).error("opt-out not recorded, answered 503: %s", exc)
            return _page("Not recorded", RETRY, 503)
        return _page("Unsubscribed", DONE.format(address=html.escape(found.address)))

    async def health(_: Request) -> Response:
        # "ok" only while the log can take a click: the send step holds mail over SMTP otherwise.
        try:
            await run_in_threadpool(recorder.check_writable)
        except OSError as exc:
            return PlainTextResponse(f"the opt-out log cannot take a click: {exc.strerror or exc}", 503)
        return PlainTextResponse("ok")

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        beating = asyncio.create_task(heartbeat.keep_beating()) if heartbeat else None
        try:
            yield
        finally:
            if beating:
                beating.cancel()
                with suppress(asyncio.CancelledError):
                    await beating
                heartbeat.stop()

    # /healthz first: with links at the root (a base URL without a path) the token route matches it too.
    return Starlette(lifespan=lifespan, routes=[
        Route("/healthz", health, methods=["GET"]),
        Route(f"{prefix}/{{token}}", ask, methods=["GET"]),
        Route(f"{prefix}/{{token}}", one_click, methods=["POST"]),
    ])
