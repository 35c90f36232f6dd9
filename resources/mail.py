"""Mail transports: where outbound messages go, DKIM-signed on the way out when a key exists."""

from __future__ import annotations

import ctypes
import io
import itertools
import os
import re
import socket
import stat
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, replace
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses
from pathlib import Path
from typing import Protocol

import dagster as dg
from pydantic import PrivateAttr

_headers = BytesHeaderParser(policy=compat32)


class Sender(Protocol):
    def send(self, message: EmailMessage) -> str: ...


class MailTransport(dg.ConfigurableResource, ABC):
    """Delivers one outbound message and returns an identifier for the ledger.

    With ``dkim_key_path`` pointing at an existing key, every transport signs the exact bytes it
    delivers, so the maildir and SMTP carry the same verifiable signature.
    """

    dkim_key_path: str | None = None
    dkim_selector: str = "sdr"
    dkim_domain: str | None = None
    _must_sign: bool = PrivateAttr(default=False)

    @abstractmethod
    def send(self, message: EmailMessage) -> str: ...

    def connection(self) -> AbstractContextManager[Sender]:
        """What a batch hands its messages to: one connection for the whole batch where the
        transport has connections (SMTP), the transport itself where it has none."""
        return _itself(self)

    def render(self, message: EmailMessage) -> bytes:
        """The bytes this transport delivers for ``message``, before signing. Rendering is where a bad
        header shows itself, so the send loop renders each message before claiming it; delivering
        it unchanged afterwards reuses those bytes."""
        return message_bytes(message, utf8=None)

    def delivered(self, message_ids: set[str]) -> set[str] | None:
        """Which of these Message-IDs the transport holds, or None when it cannot tell (SMTP)."""
        return None

    def stage_many(self, messages: list[EmailMessage]) -> None:
        """Work for these messages that delivers nothing, done on another thread ahead of their
        hand-overs so that ``send`` finishes sooner. Safe beside ``send`` of other messages; a message
        whose staging fails is left unstaged, and ``send`` does its whole work (and reports the
        failure) itself. None by default."""

    def unstage(self, message: EmailMessage) -> None:
        """Undo ``stage_many`` for a message that will not be handed over."""

    def discard_partial(self) -> int:
        """Remove half-written messages a crash left behind; how many. Only call under the send lock."""
        return 0

    @property
    def reports_delivery(self) -> bool:
        """Whether ``delivered`` can tell, after a crash, which messages went out."""
        return False

    @property
    def reaches_recipients(self) -> bool:
        """Whether messages go out to their recipients (a mail server), not to a local folder."""
        return True

    @property
    def signs(self) -> bool:
        """Whether messages are to be signed: a key file and a domain are set (``check_signing`` says
        whether the key can)."""
        return bool(self.dkim_key_path and self.dkim_domain and _key_present(self.dkim_key_path))

    def check_signing(self) -> None:
        """Before a batch: sign a small probe with the key as it is now, DkimSigningError when it
        cannot. Once it could, every later message is signed or not sent: a key moved aside or
        deleted during the batch cannot sign, rather than letting the rest go out unsigned. Without
        a key the batch signs nothing."""
        self._must_sign = False
        if self.signs:
            self.signed(_PROBE)
            self._must_sign = True

    def signed(self, raw: bytes) -> bytes:
        """``raw`` DKIM-signed when there is a key. A key that cannot sign raises DkimSigningError, which
        is ``transient``: nothing was delivered, and the message may go once the key is fixed."""
        key_pem = _key_file(self.dkim_key_path) if self.dkim_domain else None
        if key_pem is None and self._must_sign:
            from resources.dkim import DkimSigningError

            raise DkimSigningError("the key file is gone (moved, deleted or no longer a file) since the batch "
                                   "began signing")
        if key_pem is None:
            return raw
        from resources.dkim import sign

        return sign(raw, selector=self.dkim_selector, domain=str(self.dkim_domain), key_pem=key_pem)


_PROBE = b"From: probe@example.invalid\r\nSubject: DKIM probe\r\n\r\nNever sent.\r\n"
_KEY_FILES: dict[str, tuple[tuple[int, ...], bytes]] = {}


def _key_present(path: str) -> bool:
    """Whether anything is at the key's path, a key or not: only nothing there means no signing."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError:  # a folder on the way that cannot be searched, or is a file
        pass
    return True


def _key_file(path: str | None) -> bytes | None:
    """The signing key file's bytes, None when nothing is at its path; DkimSigningError when what is
    there is no readable file. Asked for every message, so the file is read again only when it is
    another file or was written since (its inode, size or time changed)."""
    if not path:
        return None
    from resources.dkim import DkimSigningError

    try:
        found = os.stat(path)
    except FileNotFoundError:
        if not _key_present(path):
            return None
        raise DkimSigningError("the key file is a link to nothing") from None
    except OSError as exc:
        raise DkimSigningError(f"the key file is out of reach ({exc.strerror or exc})") from None
    if not stat.S_ISREG(found.st_mode):
        kind = "a folder" if stat.S_ISDIR(found.st_mode) else "no regular file"
        raise DkimSigningError(f"the key file is {kind}, not a key")
    version = (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)
    known = _KEY_FILES.get(path)
    if known is None or known[0] != version:
        try:
            key_pem = Path(path).read_bytes()
        except OSError as exc:
            raise DkimSigningError(f"the key file cannot be read ({exc.strerror or exc})") from None
        known = _KEY_FILES[path] = (version, key_pem)
    return known[1]


@contextmanager
def _itself(transport: MailTransport) -> Iterator[Sender]:
    yield transport


def international(message: EmailMessage) -> bool:
    """Whether an address of the message needs UTF-8 headers (RFC 6532): an encoded-word is no address."""
    fields = [str(v) for name in ("From", "To", "Cc", "Bcc", "Reply-To") for v in message.get_all(name, [])]
    if all(field.isascii() for field in fields):  # an address is made of its field's characters
        return False
    return not "".join(address for _, address in getaddresses(fields)).isascii()


def message_bytes(message: EmailMessage, linesep: str = "\n", utf8: bool | None = False) -> bytes:
    """The message as delivered: no '>From ' mangling, so an approved draft arrives as approved.
    ``utf8`` None: UTF-8 headers where an address needs them (:func:`international`).

    Each form (line ending, UTF-8 headers) is rendered once per message and remembered on it while
    the message stays as it was: the same header objects, payload and policy. So is whether an
    address needs UTF-8, which the send loop asks each time it renders the message again.
    """
    state = _render_state(message)
    memo = message.__dict__.setdefault("_rendered", {}) if state else {}
    if utf8 is None:
        known = memo.get("international")
        if known is None or not _same_state(known[0], state):
            known = memo["international"] = (state, international(message))
        utf8 = known[1]
    key = (linesep, utf8)
    if key in memo and _same_state(memo[key][0], state):
        return memo[key][1]
    buffer = io.BytesIO()
    policy = message.policy.clone(linesep=linesep, **({"utf8": True} if utf8 else {}))
    BytesGenerator(buffer, mangle_from_=False, policy=policy).flatten(message)
    raw = buffer.getvalue()
    if state:
        memo[key] = (state, raw)
    return raw


def _render_state(message: EmailMessage) -> tuple | None:
    """What the rendering of a single-part message depends on; None for a multipart one (not remembered)."""
    payload = message._payload  # the stored payload itself: get_payload may hand back a copy
    if not isinstance(payload, str):
        return None
    return message.policy, payload, *(part for field in message._headers for part in field)


def _same_state(seen: tuple, now: tuple | None) -> bool:
    """Identity, not equality: a header re-set to an equal value may still fold differently."""
    return now is not None and len(seen) == len(now) and all(a is b for a, b in zip(seen, now))


_MAILDIR_FOLDERS = ("cur", "new", "tmp")


class MaildirOutbox(MailTransport):
    """Local default: every sent message lands in a maildir that a person can open.

    A maildir delivery is atomic (written to ``tmp/``, then renamed into ``new/``), so after a crash
    a message is either in ``new/``/``cur/`` or not delivered at all.
    """

    path: str

    @property
    def reports_delivery(self) -> bool:
        return True

    @property
    def reaches_recipients(self) -> bool:
        return False

    def send(self, message: EmailMessage) -> str:
        staged = message.__dict__.pop("_staged", None)
        if staged is not None:
            if staged.matches(self, message):
                return staged.deliver()
            staged.discard()
        return self.deliver(self.signed(self.render(message)))

    def deliver(self, raw: bytes) -> str:
        """Put these bytes into ``new/`` (written to ``tmp/``, fsynced, then linked): the transport id."""
        return self._written(raw).deliver()

    def stage_many(self, messages: list[EmailMessage]) -> None:
        """Sign each message and write it to ``tmp/``, all made durable together: one flush of the
        filesystem (``syncfs``) covers them where the system has it, else each file is fsynced.
        ``send`` then only links a staged file into ``new/``. A message in ``tmp/`` is not delivered;
        one a crash leaves there is removed by ``discard_partial`` before the next batch. A message
        whose staging fails is left unstaged, for ``send`` to do the work and report why."""
        try:
            self._folders()
        except OSError:  # ``send`` does the work and reports why
            return
        written: list[tuple[EmailMessage, _StagedFile, int]] = []
        try:
            for message in messages:
                try:
                    raw = self.render(message)
                    key = self._key()
                    staged, fd = self._unsynced(self.signed(raw))
                except Exception:  # noqa: BLE001 - ``send`` does the same work again and reports the failure
                    continue
                written.append((message, replace(staged, rendered=raw, key=key), fd))
            durable = _flushed([fd for *_, fd in written])
        finally:
            for *_, fd in written:
                os.close(fd)
        for message, staged, _ in written:
            if durable:
                message.__dict__["_staged"] = staged
            else:
                staged.discard()

    def unstage(self, message: EmailMessage) -> None:
        staged = message.__dict__.pop("_staged", None)
        if staged is not None:
            staged.discard()

    def _key(self) -> bytes | None:
        return _key_file(self.dkim_key_path) if self.dkim_domain else None

    def _written(self, raw: bytes) -> _StagedFile:
        self._folders()
        staged, fd = self._unsynced(raw)
        try:
            os.fsync(fd)
        except BaseException:
            staged.discard()
            raise
        finally:
            os.close(fd)
        return staged

    def _folders(self) -> None:
        """Make the maildir's folders where any is missing: once per group staged, or per message sent
        unstaged (a write into a folder removed since fails, and ``send`` does the work again)."""
        if not all(os.path.isdir(os.path.join(self.path, sub)) for sub in _MAILDIR_FOLDERS):
            for sub in _MAILDIR_FOLDERS:
                (Path(self.path) / sub).mkdir(parents=True, exist_ok=True)

    def _unsynced(self, raw: bytes) -> tuple[_StagedFile, int]:
        """The bytes written to a new file in ``tmp/`` (which ``_folders`` made), not yet flushed, and
        its open descriptor."""
        name = _unique_name()
        tmp = os.path.join(self.path, "tmp", name)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view):]
        except BaseException:
            os.close(fd)
            os.remove(tmp)
            raise
        return _StagedFile(self.path, name), fd

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


def _syncfs() -> Callable[[int], int] | None:
    """The system's ``syncfs(2)``, or None where it has none or cannot trust it: before Linux 5.8 it
    did not report a failed writeback."""
    uname = os.uname()
    if uname.sysname != "Linux" or tuple(int(n) for n in re.findall(r"\d+", uname.release)[:2]) < (5, 8):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes, function.restype = [ctypes.c_int], ctypes.c_int
    return function


_SYNCFS = _syncfs()


def _flushed(fds: list[int]) -> bool:
    """Whether the files open at ``fds`` (all on one filesystem) are on disk: one ``syncfs`` for all
    of them, or an fsync each. A flush that fails says no: ``syncfs`` reports a writeback error on
    the filesystem since the first descriptor was opened, as fsync does for its file."""
    if not fds:
        return True
    try:
        if len(fds) > 1 and _SYNCFS is not None:
            if _SYNCFS(fds[0]) != 0:
                return False
        else:
            for fd in fds:
                os.fsync(fd)
    except OSError:
        return False
    return True


_NAMES = itertools.count(1)
_HOST = socket.gethostname().replace("/", r"\057").replace(":", r"\072")


def _unique_name() -> str:
    """A maildir file name (time, microseconds, process, counter, host), unique across threads."""
    now = time.time()
    return f"{int(now)}.M{int(now % 1 * 1e6)}P{os.getpid()}S{next(_NAMES)}.{_HOST}"


@dataclass(frozen=True)
class _StagedFile:
    """A message written to ``tmp/`` and made durable, not delivered yet. A staged one also keeps what it
    was made from, the rendered bytes and the signing key, to check it still stands for the message."""

    folder: str
    name: str
    rendered: bytes = b""
    key: bytes | None = None

    def matches(self, outbox: MaildirOutbox, message: EmailMessage) -> bool:
        """Still this outbox's rendering of the message now, signed with its current key."""
        return self.folder == outbox.path and outbox.render(message) == self.rendered and outbox._key() == self.key

    def deliver(self) -> str:
        """Link into ``new/`` (the delivery, atomic), then drop the ``tmp/`` name: the transport id."""
        tmp = os.path.join(self.folder, "tmp", self.name)
        try:
            os.link(tmp, os.path.join(self.folder, "new", self.name))
        except BaseException:
            os.remove(tmp)
            raise
        os.remove(tmp)
        return f"maildir:{self.name}"

    def discard(self) -> None:
        with suppress(FileNotFoundError):
            os.remove(os.path.join(self.folder, "tmp", self.name))
