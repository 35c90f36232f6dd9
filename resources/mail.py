"""Mail transports: where outbound messages go."""

from __future__ import annotations

import mailbox
from abc import ABC, abstractmethod
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path

import dagster as dg

_headers = BytesHeaderParser(policy=compat32)


class MailTransport(dg.ConfigurableResource, ABC):
    """Delivers one outbound message and returns an identifier for the ledger."""

    @abstractmethod
    def send(self, message: EmailMessage) -> str: ...

    def delivered(self, message_ids: set[str]) -> set[str] | None:
        """Which of these Message-IDs the transport holds, or None when it cannot tell (SMTP)."""
        return None

    def discard_partial(self) -> int:
        """Remove half-written messages a crash left behind; how many. Only call under the send lock."""
        return 0


class MaildirOutbox(MailTransport):
    """Local default: every sent message lands in a maildir that a person can open.

    A maildir delivery is atomic (written to ``tmp/``, then renamed into ``new/``), so after a crash
    a message is either in ``new/``/``cur/`` or not delivered at all.
    """

    path: str

    def send(self, message: EmailMessage) -> str:
        for sub in ("cur", "new", "tmp"):
            (Path(self.path) / sub).mkdir(parents=True, exist_ok=True)
        box = mailbox.Maildir(self.path, create=False)
        return f"maildir:{box.add(message)}"

    def delivered(self, message_ids: set[str]) -> set[str] | None:
        found: set[str] = set()
        for sub in ("new", "cur"):
            folder = Path(self.path) / sub
            for item in sorted(folder.iterdir()) if folder.exists() else []:
                with item.open("rb") as handle:
                    value = _headers.parse(handle, headersonly=True).get("Message-ID")
                if value and str(value).strip() in message_ids:
                    found.add(str(value).strip())
        return found

    def discard_partial(self) -> int:
        tmp = Path(self.path) / "tmp"
        leftovers = [p for p in tmp.iterdir() if p.is_file()] if tmp.exists() else []
        for item in leftovers:
            item.unlink(missing_ok=True)
        return len(leftovers)
