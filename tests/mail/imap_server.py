"""A small IMAP4rev1 server for tests: 127.0.0.1, one user, folders in memory.

Plaintext by default, implicit TLS when given a server-side ``ssl_context`` (see
``make_loopback_certificate``).

It implements what a careful read-only client needs, following RFC 3501: CAPABILITY, NOOP,
LOGOUT, LOGIN, SELECT, EXAMINE (with FLAGS, EXISTS, RECENT, UIDVALIDITY, UIDNEXT and the
READ-ONLY/READ-WRITE codes), UID SEARCH (ALL and UID sets, with the real "N:*" semantics:
``*`` is the highest UID, so ``N:*`` matches it even when it is below N) and UID FETCH (UID,
FLAGS, RFC822.SIZE, BODY[], BODY.PEEK[], RFC822 sent as literals; BODY[] and RFC822 set \\Seen
in a read-write SELECT, as real servers do). Every command is logged so tests can assert what
a client did and did not send.

    with ImapTestServer(username="reader", password="secret") as server:
        server.append(b"Subject: hi\\r\\n\\r\\nbody\\r\\n")
        imaplib.IMAP4("127.0.0.1", server.port)
"""

from __future__ import annotations

import re
import socket
import socketserver
import ssl
import threading
import time
from dataclasses import dataclass, field

CAPABILITIES = "IMAP4rev1 LITERAL+"
_LITERAL = re.compile(rb"\{(\d+)(\+?)\}\r?\n?$")


class ProtocolError(Exception):
    """A command the server cannot parse; answered with BAD."""


@dataclass
class StoredMessage:
    uid: int
    raw: bytes
    flags: set[str] = field(default_factory=set)


@dataclass
class Folder:
    uidvalidity: int
    messages: list[StoredMessage] = field(default_factory=list)
    uidnext: int = 1


class ImapTestServer:
    """Threaded IMAP server on an ephemeral loopback port; use as a context manager."""

    def __init__(
        self,
        username: str = "reader",
        password: str = "secret",
        *,
        uid_after_body: bool = False,
        ssl_context: ssl.SSLContext | None = None,
    ):
        self.username = username
        self.password = password
        # Some servers send "BODY[] {n}...  UID 7)" instead of "UID 7 BODY[] {n}...": clients
        # must read both.
        self.uid_after_body = uid_after_body
        # With a server-side context the port speaks implicit TLS (IMAPS) instead of plaintext.
        self.ssl_context = ssl_context
        self.lock = threading.Lock()
        self.folders: dict[str, Folder] = {"INBOX": Folder(uidvalidity=1)}
        self.commands: list[str] = []
        self.connections = 0
        # UIDs whose FETCH the server refuses ("NO Some messages could not be FETCHed"), and UIDs it
        # answers with "BODY[] NIL", as servers do for a message they cannot read.
        self.unreadable: set[int] = set()
        self.withheld: set[int] = set()
        # Words a broken server adds to every SEARCH answer ("* SEARCH 1 2 x7"): no UIDs.
        self.search_garbage: list[str] = []
        # A tarpit: the answers to these commands ("UID FETCH") go out ``trickle_bytes`` at a time,
        # ``trickle_pause`` seconds apart, each pause well within any read timeout.
        self.trickled: set[str] = set()
        self.trickle_bytes, self.trickle_pause = 8, 0.05
        # Faults of a server or network mid-FETCH: the connection dropped after this many bytes of
        # the answer (once, then the fault clears), and UIDs whose message is answered twice.
        self.drop_fetch_after: int | None = None
        self.doubled: set[int] = set()
        # A server that names no UIDNEXT when a folder is opened (RFC 3501 allows it).
        self.announce_uidnext = True
        self._server: socketserver.ThreadingTCPServer | None = None
        self._thread: threading.Thread | None = None

    # Test-side controls -------------------------------------------------------------------

    def append(self, raw: bytes, folder: str = "INBOX", flags: tuple[str, ...] = ()) -> int:
        with self.lock:
            box = self.folders.setdefault(folder, Folder(uidvalidity=1))
            uid = box.uidnext
            box.messages.append(StoredMessage(uid, raw, set(flags)))
            box.uidnext += 1
            return uid

    def expunge(self, uid: int, folder: str = "INBOX") -> None:
        with self.lock:
            box = self.folders[folder]
            box.messages = [m for m in box.messages if m.uid != uid]

    def renumber(self, folder: str = "INBOX") -> int:
        """Assign fresh UIDs from 1 under a new UIDVALIDITY, as after a folder rebuild."""
        with self.lock:
            box = self.folders[folder]
            box.uidvalidity += 1
            for uid, message in enumerate(box.messages, start=1):
                message.uid = uid
            box.uidnext = len(box.messages) + 1
            return box.uidvalidity

    def flags(self, folder: str = "INBOX") -> dict[int, set[str]]:
        with self.lock:
            return {m.uid: set(m.flags) for m in self.folders[folder].messages}

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return self._server.server_address[1]

    # Lifecycle ------------------------------------------------------------------------------

    def start(self) -> ImapTestServer:
        owner = self

        class Handler(_Session):
            server_state = owner

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        if self.ssl_context is not None:
            self._server.socket = self.ssl_context.wrap_socket(
                self._server.socket, server_side=True, do_handshake_on_connect=False
            )
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> ImapTestServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class _Session(socketserver.StreamRequestHandler):
    """One client connection: states NOT AUTHENTICATED -> AUTHENTICATED -> SELECTED."""

    server_state: ImapTestServer
    timeout = 10  # seconds; a stuck test client cannot hang the suite

    def setup(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(self.timeout)
            # Here rather than in accept(): a failed handshake then ends only this session.
            self.request.do_handshake()
        super().setup()
        # Responses go out line by line; without this, Nagle + delayed ACK add ~40 ms each.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle(self) -> None:
        state = self.server_state
        with state.lock:
            state.connections += 1
        self.authenticated = False
        self.folder: str | None = None
        self.readonly = True
        self.known_exists = 0
        self.trickling = False
        self.send(f"* OK [CAPABILITY {CAPABILITIES}] test IMAP server ready")
        while True:
            try:
                line = self.read_command()
            except (OSError, ConnectionError):
                return
            if line is None:
                return
            tag, _, rest = line.partition(b" ")
            if not rest:
                self.send(f"{tag.decode(errors='replace') or '*'} BAD missing command")
                continue
            try:
                if not self.dispatch(tag.decode(), rest):
                    return
            except ProtocolError as error:
                self.send(f"{tag.decode()} BAD {error}")
            except OSError:  # the client hung up mid-answer (a trickled one it gave up on)
                return

    # Wire helpers ---------------------------------------------------------------------------

    def send(self, line: str | bytes) -> None:
        data = (line.encode() if isinstance(line, str) else line) + b"\r\n"
        if not self.trickling:
            self.wfile.write(data)
            self.wfile.flush()
            return
        state = self.server_state
        for start in range(0, len(data), state.trickle_bytes):
            time.sleep(state.trickle_pause)
            self.wfile.write(data[start:start + state.trickle_bytes])
            self.wfile.flush()

    def read_command(self) -> bytes | None:
        """Read one command, following literals ({n} with a continuation, {n+} without)."""
        parts: list[bytes] = []
        while True:
            line = self.rfile.readline(65536)
            if not line:
                return None
            match = _LITERAL.search(line)
            if not match:
                parts.append(line.rstrip(b"\r\n"))
                return b"".join(parts)
            size = int(match.group(1))
            if not match.group(2):
                self.send("+ ready for literal")
            parts.append(line[: match.start()] + b"{%d}" % size + b"\x00" + self.rfile.read(size))

    # Commands -------------------------------------------------------------------------------

    def dispatch(self, tag: str, rest: bytes) -> bool:
        args = _tokenize(rest)
        if not args or not isinstance(args[0], str):
            raise ProtocolError("missing command")
        command = args[0].upper()
        if command == "UID":
            if len(args) < 2 or not isinstance(args[1], str):
                raise ProtocolError("UID needs a command")
            command = "UID " + args[1].upper()
            args = args[1:]
        state = self.server_state
        with state.lock:
            # LOGIN is logged without its arguments: a password has no place in a log.
            logged = command if command == "LOGIN" else f"{command} {_show(args[1:])}".rstrip()
            state.commands.append(logged)
            self.trickling = command in state.trickled

        if command == "CAPABILITY":
            self.send(f"* CAPABILITY {CAPABILITIES}")
        elif command == "NOOP":
            if self.folder is not None:
                self.report_exists()
        elif command == "LOGOUT":
            self.send("* BYE logging out")
            self.send(f"{tag} OK LOGOUT completed")
            return False
        elif command == "LOGIN":
            return self.login(tag, args[1:])
        elif not self.authenticated:
            self.send(f"{tag} BAD {command} needs LOGIN first")
            return True
        elif command in ("SELECT", "EXAMINE"):
            return self.select(tag, command, args[1:])
        elif self.folder is None:
            self.send(f"{tag} BAD {command} needs SELECT or EXAMINE first")
            return True
        elif command == "UID SEARCH":
            self.search(args[1:])
        elif command == "UID FETCH":
            if self.fetch(args[1:]):
                self.send(f"{tag} NO Some messages could not be FETCHed (Failure)")
                return True
        else:
            self.send(f"{tag} BAD unknown or unsupported command {command}")
            return True
        self.send(f"{tag} OK {command} completed")
        return True

    def login(self, tag: str, args: list) -> bool:
        if len(args) != 2 or not all(isinstance(a, str) for a in args):
            raise ProtocolError("LOGIN needs a user name and a password")
        if self.authenticated:
            self.send(f"{tag} BAD already logged in")
        elif (args[0], args[1]) == (self.server_state.username, self.server_state.password):
            self.authenticated = True
            self.send(f"{tag} OK [CAPABILITY {CAPABILITIES}] LOGIN completed")
        else:
            self.send(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials")
        return True

    def select(self, tag: str, command: str, args: list) -> bool:
        if len(args) != 1 or not isinstance(args[0], str):
            raise ProtocolError(f"{command} needs one mailbox name")
        name = "INBOX" if args[0].upper() == "INBOX" else args[0]
        state = self.server_state
        with state.lock:
            box = state.folders.get(name)
            if box is None:
                self.folder = None
                self.send(f"{tag} NO [NONEXISTENT] no such mailbox")
                return True
            exists, validity, uidnext = len(box.messages), box.uidvalidity, box.uidnext
        self.folder, self.readonly, self.known_exists = name, command == "EXAMINE", exists
        self.send(r"* FLAGS (\Answered \Flagged \Deleted \Seen \Draft)")
        permanent = "" if self.readonly else r"\Answered \Flagged \Deleted \Seen \Draft"
        self.send(f"* OK [PERMANENTFLAGS ({permanent})] flags")
        self.send(f"* {exists} EXISTS")
        self.send("* 0 RECENT")
        self.send(f"* OK [UIDVALIDITY {validity}] UIDs valid")
        if state.announce_uidnext:
            self.send(f"* OK [UIDNEXT {uidnext}] predicted next UID")
        mode = "READ-ONLY" if self.readonly else "READ-WRITE"
        self.send(f"{tag} OK [{mode}] {command} completed")
        return True

    def report_exists(self) -> None:
        with self.server_state.lock:
            exists = len(self.server_state.folders[self.folder].messages)
        if exists != self.known_exists:
            self.known_exists = exists
            self.send(f"* {exists} EXISTS")

    def search(self, criteria: list) -> None:
        if criteria and isinstance(criteria[0], str) and criteria[0].upper() == "CHARSET":
            criteria = criteria[2:]
        with self.server_state.lock:
            messages = list(self.server_state.folders[self.folder].messages)
        uids = {m.uid for m in messages}
        top = max(uids, default=0)
        matched = set(uids)
        while criteria:
            key = criteria.pop(0)
            if not isinstance(key, str):
                raise ProtocolError("nested search keys are not supported")
            if key.upper() == "ALL":
                continue
            if key.upper() == "UID" and criteria and isinstance(criteria[0], str):
                wanted = _SequenceSet(criteria.pop(0), top)
                matched = {uid for uid in matched if uid in wanted}
            elif re.fullmatch(r"[\d:*,]+", key):
                positions = _SequenceSet(key, len(messages))
                matched &= {m.uid for i, m in enumerate(messages, 1) if i in positions}
            else:
                raise ProtocolError(f"search key {key} is not supported")
        words = [str(uid) for uid in sorted(matched)] + self.server_state.search_garbage
        self.send("* SEARCH" + "".join(f" {word}" for word in words))

    def fetch(self, args: list) -> bool:
        """Answer a UID FETCH; whether a message it asked for was one the server cannot read."""
        if len(args) != 2 or not isinstance(args[0], str):
            raise ProtocolError("UID FETCH needs a UID set and data items")
        items = [i.upper() for i in (args[1] if isinstance(args[1], list) else [args[1]])]
        supported = {"UID", "FLAGS", "RFC822.SIZE", "BODY[]", "BODY.PEEK[]", "RFC822"}
        if not all(isinstance(i, str) and i in supported for i in items):
            raise ProtocolError(f"unsupported fetch items {_show(args[1:])}")
        state = self.server_state
        with state.lock:
            messages = list(state.folders[self.folder].messages)
            wanted = _SequenceSet(args[0], max((m.uid for m in messages), default=0))
            marks_seen = not self.readonly and ("BODY[]" in items or "RFC822" in items)
            rows = []
            for seq, message in enumerate(messages, start=1):
                if message.uid in wanted:
                    if marks_seen:
                        message.flags.add("\\Seen")
                    rows.append((seq, message.uid, message.raw, sorted(message.flags)))
        refused = False
        for seq, uid, raw, flags in rows:
            if uid in state.unreadable:
                refused = True
                continue
            if uid in state.withheld:
                self.send(b"* %d FETCH (UID %d BODY[] NIL)" % (seq, uid))
                continue
            attributes: list[bytes] = []
            if not self.server_state.uid_after_body:
                attributes.append(b"UID %d" % uid)
            if "FLAGS" in items or marks_seen:
                attributes.append(b"FLAGS (" + " ".join(flags).encode() + b")")
            if "RFC822.SIZE" in items:
                attributes.append(b"RFC822.SIZE %d" % len(raw))
            for item in items:
                if item in ("BODY[]", "BODY.PEEK[]", "RFC822"):
                    name = b"RFC822" if item == "RFC822" else b"BODY[]"
                    attributes.append(name + b" {%d}\r\n" % len(raw) + raw)
            if self.server_state.uid_after_body:
                attributes.append(b"UID %d" % uid)
            answer = b"* %d FETCH (" % seq + b" ".join(attributes) + b")"
            for _ in range(2 if uid in state.doubled else 1):
                self.send_or_drop(answer)
        return refused

    def send_or_drop(self, line: bytes) -> None:
        """Send a FETCH answer line, or its first bytes and drop the connection (``drop_fetch_after``)."""
        state = self.server_state
        with state.lock:
            left, cut = state.drop_fetch_after, state.drop_fetch_after is not None
            if cut:
                state.drop_fetch_after = max(0, left - len(line) - 2) if left > len(line) + 2 else None
        if not cut or left > len(line) + 2:
            self.send(line)
            return
        self.wfile.write(line[:left])
        self.wfile.flush()
        self.request.shutdown(socket.SHUT_RDWR)
        raise OSError("connection dropped mid-FETCH, as asked")


def _tokenize(data: bytes) -> list:
    """Parse command arguments into atoms/strings (str) and parenthesised lists (list)."""
    stack: list[list] = [[]]
    i = 0
    while i < len(data):
        char = data[i : i + 1]
        if char == b" ":
            i += 1
        elif char == b"(":
            stack.append([])
            i += 1
        elif char == b")":
            if len(stack) == 1:
                raise ProtocolError("unbalanced parenthesis")
            inner = stack.pop()
            stack[-1].append(inner)
            i += 1
        elif char == b'"':
            i += 1
            value = bytearray()
            while i < len(data) and data[i : i + 1] != b'"':
                if data[i : i + 1] == b"\\":
                    i += 1
                value += data[i : i + 1]
                i += 1
            if i >= len(data):
                raise ProtocolError("unterminated quoted string")
            stack[-1].append(value.decode())
            i += 1
        elif char == b"{":
            match = re.compile(rb"\{(\d+)\}\x00").match(data, i)
            if not match:
                raise ProtocolError("malformed literal")
            end = match.end() + int(match.group(1))
            stack[-1].append(data[match.end() : end].decode())
            i = end
        else:
            # An atom; brackets may hold spaces and parentheses (BODY[HEADER.FIELDS (FROM)]).
            start, depth = i, 0
            while i < len(data):
                c = data[i : i + 1]
                if c == b"[":
                    depth += 1
                elif c == b"]":
                    depth -= 1
                elif depth == 0 and c in b' ()"':
                    break
                i += 1
            stack[-1].append(data[start:i].decode())
    if len(stack) != 1:
        raise ProtocolError("unbalanced parenthesis")
    return stack[0]


class _SequenceSet:
    """Numbers named by an IMAP sequence set; '*' is ``top`` and ranges may run backwards."""

    def __init__(self, text: str, top: int):
        if not re.fullmatch(r"(\d+|\*)(:(\d+|\*))?(,(\d+|\*)(:(\d+|\*))?)*", text):
            raise ProtocolError(f"bad sequence set {text}")
        self.ranges: list[tuple[int, int]] = []
        for part in text.split(","):
            if "*" in part and top == 0:
                continue  # '*' names nothing in an empty mailbox
            ends = [top if end == "*" else int(end) for end in part.split(":")]
            self.ranges.append((min(ends), max(ends)))

    def __contains__(self, number: int) -> bool:
        return any(low <= number <= high for low, high in self.ranges)


def _show(args: list) -> str:
    return " ".join(f"({_show(a)})" if isinstance(a, list) else a for a in args)


def make_loopback_certificate(directory) -> tuple[str, str]:
    """Write a self-signed certificate for 127.0.0.1 and its key; return (cert, key) paths.

    Point SSL_CERT_FILE at the certificate to make ``ssl.create_default_context()`` trust it.
    Needs the ``cryptography`` package (callers should ``pytest.importorskip`` it).
    """
    import datetime
    import ipaddress
    from pathlib import Path

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "supervised-sdr test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = Path(directory) / "loopback.pem", Path(directory) / "loopback.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)
