"""Mail transports: where outbound messages go."""

from __future__ import annotations

import mailbox
from abc import ABC, abstractmethod
from email.message import EmailMessage
from pathlib import Path

import dagster as dg


class MailTransport(dg.ConfigurableResource, ABC):
    """Delivers one outbound message and returns an identifier for the ledger."""

    @abstractmethod
    def send(self, message: EmailMessage) -> str: ...


class MaildirOutbox(MailTransport):
    """Local default: every sent message lands in a maildir that a person can open."""

    path: str

    def send(self, message: EmailMessage) -> str:
        for sub in ("cur", "new", "tmp"):
            (Path(self.path) / sub).mkdir(parents=True, exist_ok=True)
        box = mailbox.Maildir(self.path, create=False)
        return f"maildir:{box.add(message)}"
