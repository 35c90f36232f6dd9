"""Replies nested deeper than the email parser goes, and the lower recursion limit tests read them under.

The standard parser recurses once per nested part, checks each line against the boundary of every
part enclosing it and compiles a pattern for each boundary (more than the ``re`` module caches), so
a parse it gives up on costs time in proportion to the square of the depth it reaches. Under
Python's default limit (1,000) that is 0.1 to 0.3 s a parse, paid by every run that reads such a
reply from a stack of its own (``gives_up_alone``). Under ``RECURSION_LIMIT`` the same code gives
up at a few hundred levels. The parser's verdicts are kept under the limit they were reached at
(``parser_version``), so a test reads its poison replies under one limit from start to end.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tests.send_world import SENDER

# Twice the lowest limit under which every test reading a poison reply passed.
RECURSION_LIMIT = 400


@contextmanager
def recursion_limit(limit: int = RECURSION_LIMIT) -> Iterator[None]:
    """The interpreter's recursion limit set to ``limit`` within the block, and put back after it."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def poison(sender: str | None, in_reply_to: str | None, n: int = 1) -> bytes:
    """A reply to ``SENDER`` whose MIME parts nest 200 deeper than the recursion limit in force, which
    no stack reads; its header block is plain."""
    head = (f"From: Ann Lee <{sender}>\r\n" if sender else "") + f"To: {SENDER}\r\nSubject: Re: hello\r\n"
    head += f"Message-ID: <poison-{n}@acme.example>\r\n"
    head += f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n" if in_reply_to else ""
    depth = sys.getrecursionlimit() + 200
    parts = "".join(f'--b{i}\r\nContent-Type: multipart/mixed; boundary="b{i + 1}"\r\n\r\n' for i in range(depth))
    return (head + 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n' + parts
            + "Please stop writing to me.\r\n").encode()
