"""Reading a mail server's answer before one deadline: the socket's timeout, which every read would
reset, is cut to the time left before each one, so an answer trickled in a byte at a time ends on
time as surely as one that stalls."""

from __future__ import annotations

import io
import socket
import time
from typing import Protocol

__all__ = ["Deadline", "deadline_file", "is_deadline_file"]


class Deadline(Protocol):
    """The connection whose answers are bounded: when the current one must end, what a late one raises,
    and what each read brought (an allowance may push the deadline back)."""

    deadline: float

    def timed_out(self) -> TimeoutError: ...

    def received(self, count: int) -> None: ...


class _DeadlineIO(socket.SocketIO):
    def __init__(self, sock: socket.socket, owner: Deadline):
        super().__init__(sock, "rb")
        self._owner = owner

    def readinto(self, buffer) -> int:
        left = self._owner.deadline - time.monotonic()
        if left <= 0:
            raise self._owner.timed_out()
        self._sock.settimeout(left)
        try:
            count = super().readinto(buffer)
        except TimeoutError:
            raise self._owner.timed_out() from None
        self._owner.received(count or 0)
        return count


def deadline_file(sock: socket.socket, owner: Deadline) -> io.BufferedReader:
    """A buffered reader of ``sock`` whose every read ends by ``owner.deadline``."""
    return io.BufferedReader(_DeadlineIO(sock, owner))


def is_deadline_file(file: object) -> bool:
    return isinstance(getattr(file, "raw", None), _DeadlineIO)
