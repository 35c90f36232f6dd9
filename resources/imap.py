"""IMAP reading: the real mailbox behind the local maildir one."""

from __future__ import annotations

import base64
import imaplib
import logging
import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager

from resources.imap_connection import AnswerTimeout, ImapConnection, ImapSSLConnection
from resources.mailbox import Mailbox
from resources.service_config import IMAP_SECURITY as SECURITY_MODES
from resources.tls import mail_context

__all__ = ["ImapAuthenticationError", "ImapError", "ImapMailbox"]

_FETCH_BATCH = 100
# UIDs one UID SEARCH covers: its answer (up to 9 bytes a UID) stays within imaplib's 1 MB line.
SEARCH_SPAN = 50_000
_UID = re.compile(rb"\bUID (\d+)")
# A folder name already in IMAP's modified UTF-7 (RFC 3501 5.1.3): printable ASCII, each "&" opening a
# base64 run of UTF-16 (or "&-", the ampersand itself).
_MODIFIED_UTF7 = re.compile(r"(?:[\x20-\x25\x27-\x7e]|&[A-Za-z0-9+,]*-)*")
_log = logging.getLogger(__name__)


class ImapError(Exception):
    """Reading the mailbox failed. ``transient`` says whether trying again later may help."""

    def __init__(self, message: str, transient: bool):
        self.transient = transient
        super().__init__(message)


class ImapAuthenticationError(ImapError):
    """The server refused the username or password."""

    def __init__(self, message: str):
        super().__init__(message, transient=False)


class ImapMailbox(Mailbox):
    """Reads one IMAP folder incrementally by UID, read-only: it never marks anything seen.

    The cursor is ``"{uidvalidity}:{last_uid}"``, or ``"{uidvalidity}:{last_uid}:{uid},{uid}"`` naming the
    UIDs at or below ``last_uid`` not handed over yet. When the server reports a new UIDVALIDITY
    (the folder was recreated or renumbered) reading restarts from the first message, so a
    consumer must tolerate seeing a message again (dedupe on Message-ID).

    A message the server lists but does not hand over (its FETCH answers ``NO``, or ``BODY[] NIL``)
    is named in the cursor and asked for again, alone, on each read until it is handed over or
    expunged; the messages after it are read once. ``read_batches`` hands a backlog over
    ``_FETCH_BATCH`` messages at a time, each batch with the cursor that covers it, so a read broken
    midway keeps the batches before; ``waiting`` asks by UID alone, fetching only messages not
    handed over before.

    Each answer must end within ``timeout_seconds`` (``imap_connection``), however it trickles in: a
    late one fails the read, transient, and the cursor stays where it was.
    """

    host: str
    port: int = 993
    username: str
    password: str
    folder: str = "INBOX"
    security: str = "ssl"
    timeout_seconds: float = 30.0

    def fetch_new(self, cursor: str | None) -> tuple[list[tuple[str, bytes]], str | None]:
        messages: list[tuple[str, bytes]] = []
        for batch, cursor in self.read_batches(cursor):
            messages += batch
        return messages, cursor

    def read_batches(self, cursor: str | None) -> Iterator[tuple[list[tuple[str, bytes]], str | None]]:
        with self._after(cursor) as (imap, validity, last_uid, held, uids):
            # Messages expunged between SEARCH and FETCH are simply gone: the cursor moves past them.
            batches = _batches(held, _FETCH_BATCH) + _batches(uids, _FETCH_BATCH) or [[]]
            for batch in batches:
                fetched = self._fetch(imap, batch) if batch else []
                withheld = self._still_there(imap, sorted(set(batch) - {uid for uid, _ in fetched}))
                if withheld:
                    _log.warning("%s did not hand over UIDs %s in %r: read again next time", self._where(),
                                 withheld[:10], self.folder)
                held = sorted(set(held).difference(batch).union(withheld))
                last_uid = max(last_uid, *batch) if batch else last_uid
                yield [(f"imap:{validity}:{uid}", raw) for uid, raw in fetched], _cursor(validity, last_uid, held)

    def withheld(self, cursor: str | None) -> dict[str, str]:
        validity, _, held = _parse_cursor(cursor)
        return {f"imap:{validity}:{uid}": f"UID {uid}" for uid in held}

    def waiting(self, cursor: str | None) -> list[str]:
        """The messages after ``cursor`` by UID alone, and those of the first batch of the ones it names
        as not handed over that the server hands over now (the run reads them all): the tick's cost does
        not grow with the mail that waits."""
        with self._after(cursor) as (imap, validity, _, held, uids):
            ready: list[int] = []
            for batch in _batches(held, _FETCH_BATCH):
                if ready := [uid for uid, _ in self._fetch(imap, batch)]:
                    break
        return [f"imap:{validity}:{uid}" for uid in [*ready, *uids]]

    @contextmanager
    def _after(self, cursor: str | None) -> Iterator[tuple[imaplib.IMAP4, int, int, list[int], list[int]]]:
        """The folder opened, with the position ``cursor`` names (from the start once the folder was
        renumbered: a new UIDVALIDITY) and the UIDs after it."""
        known_validity, last_uid, held = _parse_cursor(cursor)
        with self._reading(), self._connect() as imap:
            self._login(imap)
            validity, uidnext = self._examine(imap)
            if validity != known_validity:
                last_uid, held = 0, []
            yield imap, validity, last_uid, held, self._uids_after(imap, last_uid, uidnext)

    def position_now(self) -> str | None:
        """The cursor after the folder's last message, without fetching any."""
        with self._reading():
            with self._connect() as imap:
                self._login(imap)
                validity, uidnext = self._examine(imap)
                last = uidnext - 1 if uidnext else self._highest_uid(imap)
        return f"{validity}:{last}"

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Every failure of a read as one ImapError, transient or not, naming the server."""
        try:
            yield
        except ImapError:
            raise
        except AnswerTimeout as error:
            raise ImapError(f"IMAP server {self._where()} {error}; what it did not hand over is read next time",
                            True) from None
        except imaplib.IMAP4.abort as error:
            raise ImapError(f"IMAP connection to {self._where()} broke: {error}", True) from None
        except imaplib.IMAP4.error as error:
            raise ImapError(f"IMAP server {self._where()} refused: {error}", False) from None
        except ssl.SSLCertVerificationError as error:
            message = f"TLS certificate of {self._where()} rejected: {error}"
            raise ImapError(message, False) from None
        except OSError as error:
            raise ImapError(f"cannot reach IMAP server {self._where()}: {error!r}", True) from None

    def position_name(self) -> str:
        """One folder of one account on one server: another folder's UIDs say nothing of this one's."""
        return f"ImapMailbox {self.username}@{self.host}:{self.port}/{self.folder}"

    def _connect(self) -> imaplib.IMAP4:
        if self.security not in SECURITY_MODES:
            raise ValueError(f"security must be one of {SECURITY_MODES}, got {self.security!r}")
        context = mail_context()
        if self.security == "ssl":
            return ImapSSLConnection(
                self.host, self.port, ssl_context=context, timeout=self.timeout_seconds
            )
        imap = ImapConnection(self.host, self.port, timeout=self.timeout_seconds)
        if self.security == "starttls":
            try:
                if "STARTTLS" not in imap.capabilities:
                    # Never fall back to sending the password in plaintext.
                    raise ImapError(f"{self._where()} does not offer STARTTLS", transient=False)
                imap.starttls(ssl_context=context)
            except BaseException:
                imap.shutdown()
                raise
        return imap

    def _login(self, imap: imaplib.IMAP4) -> None:
        try:
            # imaplib quotes the password but sends the user name verbatim.
            imap.login(_quote(self.username), self.password)
        except imaplib.IMAP4.abort:
            raise
        except imaplib.IMAP4.error as error:
            raise ImapAuthenticationError(
                f"IMAP login as {self.username!r} on {self._where()} failed: {_reply(error)}"
            ) from None
        except UnicodeEncodeError:  # LOGIN carries ASCII alone; the error would quote the character
            raise ImapAuthenticationError(
                f"IMAP login as {self.username!r} on {self._where()} cannot be sent: the user name or password "
                "holds a character that is not ASCII, which IMAP LOGIN cannot carry (its value is not shown)"
            ) from None

    def _examine(self, imap: imaplib.IMAP4) -> tuple[int, int | None]:
        """The folder's UIDVALIDITY, and its UIDNEXT where the server says."""
        status, data = imap.select(_quote(_folder_name(self.folder)), readonly=True)
        if status != "OK":
            raise ImapError(
                f"cannot open folder {self.folder!r} on {self._where()}: {_text(data)}", False
            )
        _, values = imap.response("UIDVALIDITY")
        if not values or not isinstance(values[0], bytes) or not values[0].isdigit():
            raise ImapError(f"{self._where()} reported no UIDVALIDITY (a number) for {self.folder!r}", False)
        _, following = imap.response("UIDNEXT")
        uidnext = following[0] if following and following[0] is not None else None
        return int(values[0]), int(uidnext) if uidnext is not None and uidnext.isdigit() else None

    def _uids_after(self, imap: imaplib.IMAP4, last_uid: int, uidnext: int | None) -> list[int]:
        """The UIDs above ``last_uid``, asked for ``SEARCH_SPAN`` at a time below the folder's UIDNEXT:
        a large folder's UIDs in one answer would pass imaplib's line limit."""
        found: set[int] = set()
        start = last_uid + 1
        while True:
            end = start + SEARCH_SPAN - 1
            last = uidnext is None or end >= uidnext - 1
            status, data = imap.uid("SEARCH", f"UID {start}:{'*' if last else end}")
            if status != "OK":
                raise ImapError(f"UID SEARCH failed on {self._where()}: {_text(data)}", False)
            found |= self._uids(data)
            if last:
                break
            start = end + 1
        # "N:*" always matches the highest UID, even when it is <= last_uid (RFC 3501 6.4.8).
        return sorted(uid for uid in found if uid > last_uid)

    def _highest_uid(self, imap: imaplib.IMAP4) -> int:
        """The folder's highest UID (0 when it is empty), asked for alone: "*" names the last message."""
        status, data = imap.uid("SEARCH", "UID *")
        if status != "OK":
            raise ImapError(f"UID SEARCH failed on {self._where()}: {_text(data)}", False)
        return max(self._uids(data), default=0)

    def _still_there(self, imap: imaplib.IMAP4, uids: list[int]) -> list[int]:
        """Those of ``uids`` (listed, not handed over) that the folder still holds, not expunged since;
        all of a ``_FETCH_BATCH`` the server will not search."""
        there: list[int] = []
        for batch in _batches(uids, _FETCH_BATCH):  # a command line of a few hundred bytes each
            status, data = imap.uid("SEARCH", "UID " + ",".join(map(str, batch)))
            found = set(batch) if status != "OK" else self._uids(data)
            there += [uid for uid in batch if uid in found]
        return there

    def _uids(self, data: list) -> set[int]:
        """The UIDs of a UID SEARCH answer; anything else in it refuses the answer in one line."""
        tokens = [token for line in data if line for token in (line.split() if isinstance(line, bytes) else [line])]
        if wrong := next((t for t in tokens if not (isinstance(t, bytes) and t.isdigit())), None):
            raise ImapError(f"{self._where()} answered UID SEARCH with {_text(wrong)[:40]!r}, which is no UID", False)
        return {int(token) for token in tokens}

    def _fetch(self, imap: imaplib.IMAP4, uids: list[int]) -> list[tuple[int, bytes]]:
        """The messages of ``uids`` the server hands over. A ``NO`` (a message it cannot read) keeps the
        others it sent before answering; a ``BODY[] NIL`` is no message."""
        wanted = set(uids)
        status, data = imap.uid("FETCH", ",".join(map(str, uids)), "(UID BODY.PEEK[])")
        if status == "NO":
            _log.warning("UID FETCH on %s answered: %s", self._where(), _text(data))
            data = imap.response("FETCH")[1]
        elif status != "OK":
            raise ImapError(f"UID FETCH failed on {self._where()}: {_text(data)}", False)
        fetched: dict[int, bytes] = {}
        for i, item in enumerate(data):
            if not isinstance(item, tuple) or item[1] is None:
                continue
            head, body = item
            # Servers may put UID before or after the literal: "(UID 7 BODY[] {n}" or "... UID 7)".
            after = data[i + 1] if i + 1 < len(data) and isinstance(data[i + 1], bytes) else b""
            match = _UID.search(head) or _UID.search(after)
            if match and int(match.group(1)) in wanted:
                fetched[int(match.group(1))] = body
        return sorted(fetched.items())

    def _where(self) -> str:
        return f"{self.host}:{self.port}"


def _parse_cursor(cursor: str | None) -> tuple[int | None, int, list[int]]:
    if not cursor:
        return None, 0, []
    parts = cursor.split(":")
    held = parts[2].split(",") if len(parts) == 3 else []
    numbers = [*parts[:2], *held]
    if len(parts) not in (2, 3) or not all(n.isascii() and n.isdigit() for n in numbers) \
            or any(int(uid) > int(parts[1]) for uid in held):
        raise ValueError(
            f"IMAP cursor must look like '{{uidvalidity}}:{{last_uid}}', or with the UIDs not handed over "
            f"'{{uidvalidity}}:{{last_uid}}:{{uid}},{{uid}}', got {cursor!r}"
        )
    return int(parts[0]), int(parts[1]), sorted(map(int, held))


def _cursor(validity: int, last_uid: int, held: list[int]) -> str:
    return f"{validity}:{last_uid}" + (f":{','.join(map(str, held))}" if held else "")


def _batches(items: list[int], size: int) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _folder_name(name: str) -> str:
    """The folder's name as IMAP carries it, modified UTF-7 (RFC 3501 5.1.3): "Réponses" is "R&AOk-ponses".
    A name already in that form, as a server lists it, is sent as written."""
    if _MODIFIED_UTF7.fullmatch(name):
        return name
    return re.sub(r"[^\x20-\x25\x27-\x7e]+|&", _shifted, name)


def _shifted(run: re.Match) -> str:
    if run.group() == "&":
        return "&-"
    encoded = base64.b64encode(run.group().encode("utf-16-be")).decode("ascii")
    return "&" + encoded.rstrip("=").replace("/", ",") + "-"


def _quote(name: str) -> str:
    # imaplib sends mailbox names verbatim; quoting keeps names with spaces intact.
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _reply(error: Exception) -> str:
    return _text(error.args[0] if error.args else error)


def _text(data: object) -> str:
    if isinstance(data, list):
        return " ".join(_text(item) for item in data if item is not None)
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
