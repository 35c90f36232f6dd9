"""Mailboxes: where replies are read from."""

from __future__ import annotations

import json
import logging
import mailbox
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import dagster as dg

_log = logging.getLogger(__name__)


class Mailbox(dg.ConfigurableResource, ABC):
    """A source of inbound messages read incrementally through an opaque cursor."""

    # Whether the cursor is the JSON list of the keys read: ``read_batches`` then gives each batch's
    # cursor as the keys it adds alone, and the warehouse keeps them a row each (``sdr_assets.mailbox_seen``).
    keyed: ClassVar[bool] = False

    @abstractmethod
    def fetch_new(self, cursor: str | None) -> tuple[list[tuple[str, bytes]], str | None]:
        """Return (message key, raw bytes) for messages after ``cursor``, and the new cursor."""

    def read_batches(self, cursor: str | None) -> Iterator[tuple[list[tuple[str, bytes]], str | None]]:
        """The messages after ``cursor`` a batch at a time, each with the cursor that covers it and the
        batches before it; at least one batch, empty when nothing is new."""
        yield self.fetch_new(cursor)

    def waiting(self, cursor: str | None) -> list[str]:
        """The keys of the messages a read from ``cursor`` would hand over now."""
        return [key for key, _ in self.fetch_new(cursor)[0]]

    def withheld(self, cursor: str | None) -> dict[str, str]:
        """The messages ``cursor`` names as listed by the server but not handed over, by key, each with
        what names it to a person (its UID); none for a mailbox whose every message is read."""
        return {}

    def position_now(self) -> str | None:
        """The cursor after every message the mailbox holds now: what arrives later is read from it."""
        return self.fetch_new(None)[1]

    def position_name(self) -> str:
        """The name the position read to is kept under: a mailbox of another name starts from its first message."""
        return type(self).__name__


class MaildirMailbox(Mailbox):
    """Local default: a maildir folder. Maildir names do not sort by arrival, so the cursor is
    the JSON list of keys already seen (``keyed``). A backlog is read ``BATCH`` messages at a time,
    each batch with the keys it adds to the cursor, as over IMAP; the reply sensor's tick opens no
    message (``waiting``)."""

    keyed: ClassVar[bool] = True
    path: str

    def position_now(self) -> str | None:
        """The keys the maildir holds now, none of its messages read."""
        if not (Path(self.path) / "new").exists():
            return None
        return json.dumps(sorted(mailbox.Maildir(self.path, create=False).keys()))

    def fetch_new(self, cursor: str | None) -> tuple[list[tuple[str, bytes]], str | None]:
        messages: list[tuple[str, bytes]] = []
        added: set[str] | None = None
        for batch, keys in self.read_batches(cursor):
            messages += batch
            if keys is not None:
                added = (added or set()).union(json.loads(keys))
        seen = set(json.loads(cursor)) if cursor else set()
        if added is None or (cursor is not None and seen.issuperset(added)):
            return messages, cursor  # no maildir yet, or nothing new: the same position
        return messages, json.dumps(sorted(seen | added))

    def waiting(self, cursor: str | None) -> list[str]:
        """The keys not seen before, of the messages this user may read: none is read here."""
        if not (Path(self.path) / "new").exists():
            return []
        box = mailbox.Maildir(self.path, create=False)
        seen = set(json.loads(cursor)) if cursor else set()
        return [key for key in sorted(box.keys()) if key not in seen and _opens(box, key) is True]

    def withheld(self, cursor: str | None) -> dict[str, str]:
        """The files not read in ``cursor`` (every key read, not a batch's) that this user may not open, by key."""
        if not (Path(self.path) / "new").exists():
            return {}
        box = mailbox.Maildir(self.path, create=False)
        seen = set(json.loads(cursor)) if cursor else set()
        return {key: f"file {key} in {self.path}" for key in sorted(box.keys())
                if key not in seen and _opens(box, key) is False}

    def read_batches(self, cursor: str | None) -> Iterator[tuple[list[tuple[str, bytes]], str | None]]:
        if not (Path(self.path) / "new").exists():
            yield [], None if cursor is None else "[]"
            return
        box = mailbox.Maildir(self.path, create=False)
        seen = set(json.loads(cursor)) if cursor else set()
        fresh = [key for key in sorted(box.keys()) if key not in seen]
        if cursor is not None and not fresh:
            yield [], "[]"  # nothing new: the same position
            return
        for start in range(0, max(len(fresh), 1), BATCH):
            batch = fresh[start : start + BATCH]
            messages, unreadable = [], []
            for key in batch:
                try:
                    raw = _bytes(box, key)
                except OSError as exc:  # not this user's to read: the others go on, this one is asked for again
                    unreadable.append(key)
                    _log.warning("reply %s in %s cannot be read (%s): read again next time", key, self.path,
                                 exc.strerror or exc)
                    continue
                if raw is not None:
                    messages.append((key, raw))
            yield messages, json.dumps([key for key in batch if key not in unreadable])


BATCH = 100


def _bytes(box: mailbox.Maildir, key: str) -> bytes | None:
    """``key``'s message, None when its file is gone since the listing (Maildir's KeyError). A file a mail
    client moved (new/ to cur/, flags added to its name) as it was opened is looked up again and read."""
    for _ in range(2):
        try:
            return box.get_bytes(key)
        except (FileNotFoundError, KeyError):
            continue
    return None


def _opens(box: mailbox.Maildir, key: str) -> bool | None:
    """Whether this user may open ``key``'s message (it is not read); None when its file is gone since."""
    try:
        box.get_file(key).close()
    except (FileNotFoundError, KeyError):
        return None
    except OSError:
        return False
    return True
