"""IMAP connections whose every answer must end in time: a server that trickles an answer a few bytes
at a time cannot hold the reader, as each read would reset the socket's timeout."""

from __future__ import annotations

import imaplib
import time

from resources.answer_deadline import deadline_file, is_deadline_file

__all__ = ["ALLOWANCE_BYTES", "AnswerTimeout", "ImapConnection", "ImapSSLConnection"]

# Bytes of an answer that earn it one more second: a large message comes in at a fair pace, a
# trickle does not (64 KiB/s, half a megabit).
ALLOWANCE_BYTES = 64 * 1024


class AnswerTimeout(TimeoutError):
    """The server did not end its answer in time."""


class _Deadline:
    """Each answer (the greeting, then whatever follows a command) must end within ``timeout``
    seconds of the command, and one more second for each ``ALLOWANCE_BYTES`` of it. Once an answer is
    late, or the connection broke (``abort``: dropped mid-answer), it is only closed: a LOGOUT would wait
    on the same server, or fail and hide the command that broke."""

    deadline = 0.0
    late = False

    def open(self, host: str = "", port: int = imaplib.IMAP4_PORT, timeout: float | None = None) -> None:
        if not timeout:
            raise ValueError("an IMAP connection needs a timeout")
        self.answer_seconds = timeout
        super().open(host, port, timeout)
        self.deadline = time.monotonic() + timeout

    def read(self, size: int) -> bytes:
        self._bound_reads()
        return super().read(size)

    def readline(self) -> bytes:
        self._bound_reads()
        return super().readline()

    def send(self, data: bytes) -> None:
        self.deadline = time.monotonic() + self.answer_seconds
        self.sock.settimeout(self.answer_seconds)
        super().send(data)

    def timed_out(self) -> AnswerTimeout:
        self.late = True
        return AnswerTimeout(f"did not end its answer within {self.answer_seconds:g} s")

    def received(self, count: int) -> None:
        self.deadline += count / ALLOWANCE_BYTES

    def __exit__(self, *exc) -> None:
        if self.late or isinstance(exc[1], imaplib.IMAP4.abort):
            self.shutdown()
            return
        super().__exit__(*exc)

    def _bound_reads(self) -> None:
        """The file ``open`` or ``starttls`` made is swapped for a bounded one before its first read."""
        if not is_deadline_file(self.file):
            self.file.close()
            self.file = deadline_file(self.sock, self)


class ImapConnection(_Deadline, imaplib.IMAP4):
    pass


class ImapSSLConnection(_Deadline, imaplib.IMAP4_SSL):
    pass
