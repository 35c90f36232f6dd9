"""The send loop: build, claim, hand over, record. At most once per send key, across processes.

Order per chunk of messages (one message at a time for a transport that cannot tell after a crash
what it delivered, see ``CLAIM_CHUNK``):

1. the approval is re-read (a revocation, or a stop request from a revocation waiting for the
   warehouse this batch holds, stops the batch before the next message);
2. each address is made canonical, asked against the suppressions, and its message is built and
   validated: a failure holds that one draft with the reason (status ``held``) and the batch goes on;
3. the send keys are *claimed* by inserts that only one process can win, committed together; a
   loser skips;
4. before each hand-over the approval and the suppressions are asked once more; each message goes
   to the transport, and the outcomes replace the claims, committed together. A claim not handed
   over is released.

Helper threads (``STAGE_THREADS``) take up the work that delivers nothing in the order it was
asked for, while the batch's thread waits on DuckDB (which runs outside the GIL, as do the signature
and the disk): they build and render the next chunk's messages (step 2 takes them from it), and
they *stage* the claimed messages ahead of their hand-overs (for the maildir: the DKIM signature and
the file in ``tmp/``, made durable a group at a time). A claim waits for its message's build and a
hand-over for its group's staging; a message not handed over is unstaged. The order of claims,
checks and hand-overs is the one above.

A crash between 3 and 4 leaves ``sending`` rows, which :mod:`sdr_assets.reconcile` resolves; so does a
hand-over after which the transport cannot tell whether the message left (the batch then stops). A
DKIM key that stops signing ends the batch too: that message and the rest are released, and the
outcome says why (``signing_failure``); so does a mail server that refuses the sender's session
(its login, TLS or the sender: ``session_failure``), defers our account (a 421, a rate limit's 4xx)
or cannot be reached, which would refuse every message after it alike. A log of messages handed over
that cannot take a chunk's messages ends the batch after them (``log_failure``): nothing more goes
while the log lacks messages sent. A message the server deferred ``send_deferrals.HELD_AFTER`` times
is settled ``held`` with its answer, so a person sees it; the next run tries it again. A recipient
the server refused at RCPT as an address that does not exist (``userunknown``, ``hostunknown``,
``hasmoved``: what a hard-bounce report would say) is suppressed as a hard bounce in the outcomes'
transaction, so no play offers it to the server again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from resources.dkim import DkimSigningError
from resources.mail import MailTransport, Sender
from resources.smtp_replies import about_recipient, reply_shape
from resources.store import approvals
from resources.tables import registered, transaction
from sdr_assets import send_deferrals, sent_log, stop_requests, suppression
from sdr_assets.domain.addresses import InvalidAddressError, canonical_address
from sdr_assets.domain.collection import heap_frozen
from sdr_assets.domain.messages import MessageError
from sdr_assets.domain.plays import Play, settings_changed
from sdr_assets.domain.sequencing import RETRIED, content_digest
from sdr_assets.domain.suppression import ADD, RCPT_REFUSAL, Event, canonical_target
from sdr_assets.former_plays import names_of
from sdr_assets.playbook import load_plays
from sdr_assets.send_guard import stop_requested
from sdr_assets.triage.reasons import best_status, is_hard, reason_for

# Claims are committed a chunk at a time when the transport can tell after a crash what it delivered
# (the maildir): a crash leaves at most a chunk of ``sending`` rows, which reconciliation settles
# by itself. A transport that cannot tell (SMTP) claims one message at a time, since a person
# settles each row a crash leaves; its network round trip dwarfs the commit anyway.
CLAIM_CHUNK = 200

# Messages staged together: one flush makes a group durable, and a hand-over waits for its group.
# Messages are built a group at a time too, on one helper thread.
STAGE_GROUP = 20

# Helper threads that build the next chunk's messages and stage this chunk's groups. The RSA of a
# DKIM signature and the flush run without the GIL, so a second thread signs one group while the
# other builds or signs the next (`sdr bench` shows the send stage).
STAGE_THREADS = 2

# A claim's status, kept when a hand-over ends without the transport knowing whether the message left.
UNRESOLVED = "sending"

# What a hand-over the DKIM key could not sign returns: nothing left, and the claim is released.
UNSIGNED = "unsigned"

# What a hand-over the transport could not store returns (a full disk, a folder it may not write):
# nothing left, the claim is released, and the batch ends, since every message after it would fail alike.
UNSTORED = "unstored"

# What a hand-over returns when the server refused the sender's session (its login, TLS, the sender),
# deferred our account (``UNREACHED``: a 421, a rate limit's 4xx) or could not be reached: nothing
# left, the claim is released, and the batch ends, since every message after it would be refused
# alike. A refusal that will not pass by itself also fails the step.
REFUSED_SESSION = "refused session"
UNREACHED = "unreached"
# ``UNREACHED`` by a 4xx about our account other than a 421, say a rate limit: the message that met it
# is also counted as deferred, for the order only, so the next run tries the others first. Were the
# answer that recipient's after all (its wording not telling), it cannot end every batch at that draft.
ACCOUNT_DEFERRED = "account deferred"

# What a hand-over returns when the server deferred the message (a 4xx): the claim is released, and
# the deferral counted (:mod:`sdr_assets.send_deferrals`), so the next run sends it after the others.
DEFERRED = "deferred"
# What a hand-over returns when the server cannot carry the recipient's address (a non-ASCII local part
# without SMTPUTF8): settled ``held`` with the reason, neither a failure of the address nor a deferral;
# each run tries it again (nothing is sent to the server), and one whose server takes it sends it.
HELD_BY_RELAY = "held by relay"
# What a hand-over returns when the message is larger than the mail server takes (its SIZE, or a 552):
# settled ``held`` with the reason, nobody's failure (every recipient's copy would meet the limit), and
# counted as deferred for the order only, so the next run tries the others first. Where the server
# refused it (a round trip each), the play's batch ends there: the play's message is what a person must
# shorten. Where the advertised SIZE was checked here, or one mailbox's limit refused it
# (``OVER_LIMIT``), the batch goes on: messages vary in length per person, the shorter ones fit.
# Each run tries it again.
TOO_LARGE = "too large"
OVER_LIMIT = "over limit"
# What a hand-over returns when the connection failed without the server's answer (dropped, timed
# out): the claim is released for the next run, counted for the run's log, not as a deferral.
TRANSIENT = "transient"

# Permanent refusals alike in a row, each to a recipient at another domain, that end the batch as a
# refusal of our account the reply did not name (a server's own quota or policy wording): the batch
# stops and those recipients are released, not recorded ``failed``. An unknown user or a full
# mailbox (``smtp_replies.about_recipient``) never counts, however many come in a row.
ACCOUNT_STREAK = 3

_COLUMNS = ("send_key, play, play_version, approved_by, draft_id, company_domain, contact_email, mailbox, step, "
            "variant, signal_type, fit, subject, status, reason, message_id, transport_id, sent_at, segment, "
            "content_digest")
_CLAIM_SCHEMA = {
    "send_key": pl.String, "play": pl.String, "play_version": pl.String, "approved_by": pl.String,
    "draft_id": pl.String, "company_domain": pl.String, "contact_email": pl.String, "mailbox": pl.String,
    "step": pl.Int64, "variant": pl.String, "signal_type": pl.String, "fit": pl.Float64, "subject": pl.String,
    "status": pl.String, "reason": pl.String, "message_id": pl.String, "transport_id": pl.String,
    "sent_at": pl.Datetime("us", "UTC"), "segment": pl.String, "content_digest": pl.String,
}
# What taking over a held or suppressed row replaces, besides its date: a row refused again for the same
# reason with the same message is left as it is, date and all, so a re-run on unchanged inputs writes nothing.
_TAKEN_OVER = ("status", "reason", "message_id", "play_version", "approved_by", "draft_id", "subject", "segment",
               "content_digest")
_CLAIM_SQL = (
    f"insert into send_ledger ({_COLUMNS}) values ({', '.join('?' * len(_CLAIM_SCHEMA))}) "
    f"on conflict (send_key) do update set {', '.join(f'{c} = excluded.{c}' for c in (*_TAKEN_OVER, 'sent_at'))} "
    f"where send_ledger.status in {RETRIED} and ({', '.join(f'excluded.{c}' for c in _TAKEN_OVER)}) "
    f"is distinct from ({', '.join(f'send_ledger.{c}' for c in _TAKEN_OVER)}) returning send_key"
)


@dataclass
class BatchOutcome:
    sent: int = 0
    held: int = 0
    lost_claims: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # drafts sharing a send key with an earlier one
    unresolved: list[str] = field(default_factory=list)  # left ``sending``: the transport cannot tell
    halted: str | None = None
    stopped: bool = False
    signing_failure: str | None = None  # why the DKIM key stopped signing, which ended the batch
    storage_failure: str | None = None  # why the transport could not store a message, which ended the batch
    session_failure: str | None = None  # why the mail server refused the sender's session for good
    failed: int = 0  # recorded ``failed`` this batch
    deferred_by_server: int = 0  # deferred by the mail server's 4xx, counted in ``send_deferrals``
    held_by_server: int = 0  # of those, deferred ``send_deferrals.HELD_AFTER`` times or more: shown ``held``
    held_by_relay: int = 0  # held: the mail server cannot carry the recipient's address (no SMTPUTF8)
    held_too_large: str | None = None  # why the mail server took no message this large (the last of them)
    too_large: int = 0  # held: larger than the mail server takes
    last_deferral: str | None = None  # the server's words for the last of them
    released_transient: int = 0  # released on a connection that failed without the server's answer
    last_transient: str | None = None  # why the last of them failed
    log_failure: str | None = None  # why the log of messages handed over could not take them, which ended the batch


def _row(draft: dict[str, Any], play: Play, approved_by: str | None, mailbox: str, status: str,
         reason: str | None, now: datetime, msg_id: str | None = None) -> list:
    return [draft["send_key"], draft["play"], play.version_hash, approved_by, draft["draft_id"],
            draft["company_domain"], draft["contact_email"], mailbox, draft["step"], draft["variant"],
            draft["signal_type"], draft["fit"], draft["subject"], status, reason, msg_id, None, now,
            draft.get("segment"), content_digest(draft)]


def claim(con: duckdb.DuckDBPyConnection, row: list) -> bool:
    """Insert the row unless the key is taken (a held or suppressed row may be taken over, ``RETRIED``).
    True if this process won."""
    return bool(con.execute(_CLAIM_SQL, row).fetchall())


def claim_many(con: duckdb.DuckDBPyConnection, rows: list[list]) -> set[str]:
    """``claim`` for many rows in one statement; the send keys this process won. Call it inside a
    transaction. Where no key is in the ledger yet and none repeats (a batch's chunk, as a rule), a
    plain insert claims them all: the conflict handling of ``claim``'s statement costs several times
    the insert. The look and the insert are in the caller's transaction, so the key the look did not
    find stops a row committed since by another connection, as it would stop ``claim``'s."""
    if not rows:
        return set()
    frame = pl.DataFrame(rows, schema=_CLAIM_SCHEMA, orient="row")
    with registered(con, "_claims", frame):
        if frame["send_key"].n_unique() == frame.height and not con.execute(_CLAIMS_TAKEN).fetchone()[0]:
            con.execute(_INSERT_CLAIMS)
            return set(frame["send_key"])
        return {key for (key,) in con.execute(_UPSERT_CLAIMS).fetchall()}


_CLAIMS_TAKEN = "select count(*) from _claims join send_ledger using (send_key)"
_INSERT_CLAIMS = f"insert into send_ledger ({_COLUMNS}) select {_COLUMNS} from _claims"
_UPSERT_CLAIMS = _CLAIM_SQL.replace(f"values ({', '.join('?' * len(_CLAIM_SCHEMA))})", f"select {_COLUMNS} from _claims")


def record_outcomes(con: duckdb.DuckDBPyConnection, play: Play, approved_by: str | None, mailbox: str,
                    outcomes: list[tuple[dict, str, str | None, datetime]]) -> None:
    """Refusals that need no claim (suppressed, held, a step sent before), each (draft, status, reason,
    when): recorded once; only a held or suppressed row is taken over later, when its message may go
    after all. One statement where their send keys differ (a statement may not update one row
    twice), else one by one, in order, in one transaction."""
    rows = [_row(draft, play, approved_by, mailbox, status, reason, at) for draft, status, reason, at in outcomes]
    if not rows:
        return
    with transaction(con):
        if len({row[0] for row in rows}) == len(rows):
            claim_many(con, rows)
            return
        for row in rows:
            claim(con, row)


_TRANSPORT_ID = _COLUMNS.split(", ").index("transport_id")

_OUTCOME_SCHEMA = {"send_key": pl.String, "message_id": pl.String, "status": pl.String, "reason": pl.String,
                   "transport_id": pl.String, "sent_at": pl.Datetime("us", "UTC")}


def settle_many(con: duckdb.DuckDBPyConnection, outcomes: list[tuple]) -> None:
    """Replace this process's own claims (matched by send key and Message-ID) with their outcomes,
    in one statement; ``outcomes`` holds (send key, Message-ID, status, reason, transport id), and may
    hold when it was handed over, which dates the row if later than its claim.

    A claim another process took over since (a different Message-ID), or one no longer ``sending``,
    is left as it is. Released outcomes delete their claim, so the next run may send the step;
    ``UNRESOLVED`` ones keep it, with the reason.
    """
    released = [(key, msg_id) for key, msg_id, status, *_ in outcomes if status == "released"]
    settled = [(*row, None)[:6] for row in outcomes if row[2] != "released"]
    if settled:
        with registered(con, "_outcomes", pl.DataFrame(settled, schema=_OUTCOME_SCHEMA, orient="row")):
            con.execute("update send_ledger set status = o.status, reason = o.reason, transport_id = o.transport_id, "
                        "sent_at = greatest(send_ledger.sent_at, coalesce(o.sent_at, send_ledger.sent_at)) "
                        "from _outcomes o where send_ledger.send_key = o.send_key "
                        "and send_ledger.status = 'sending' and send_ledger.message_id = o.message_id")
    if released:
        release_many(con, released)


def release_many(con: duckdb.DuckDBPyConnection, claims: list[tuple[str, str]], status: str = UNRESOLVED) -> None:
    """Delete these (send key, Message-ID) claims while still ``status`` (by default ``sending``)."""
    if not claims:
        return
    released = pl.DataFrame(claims, schema={"send_key": pl.String, "message_id": pl.String}, orient="row")
    with registered(con, "_released", released):
        con.execute("delete from send_ledger using _released r where send_ledger.send_key = r.send_key "
                    "and send_ledger.status = ? and send_ledger.message_id = r.message_id", [status])


_MARK_STATEMENT = "sdr_gate_records_mark"


class GateWatch:
    """The play's approval, re-read before every message, and its file, when the batch names the folder.

    Decisions and monitor pauses are append-only, so the full status is derived again only when a
    row was appended to either table since the last look: one count of both per message, asked only
    when something was committed to the warehouse since (:class:`CommitWatch`). Both tables
    are made (empty) before the batch if missing, so that query never needs the catalogue. The count
    runs on a cursor of its own with DuckDB's optimizer off (counting two small tables needs no plan
    search), prepared once (:func:`prepared_mark`). That cursor reads what every connection
    committed, as the batch's own connection does between its statements. :meth:`close` it after.

    The files are watched by a ``stat`` of the folder and of each play file in it per message: an
    edit of any of them (a file sorted before this one may come to declare its name), a new file or
    a removal makes the folder be read again, and a play no longer at ``play``'s content, paused, or
    with another sending setting (its daily cap) ends the batch (its drafts are of the version that
    opened the gate, its plan of the settings read before it). The first check reads the
    folder whatever the ``stat``, so an edit made after the gate read the file, while the batch was
    planned, is seen before the first message.

    A stop request for the play (:mod:`sdr_assets.stop_requests`, one lookup in a folder next to the
    warehouse per message) ends the batch too: a revocation, a rejection or a monitor's pause taken in
    another process, which waits for the warehouse this batch holds, then gets it after the message
    in flight.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, play: Play, mode: str, plays_dir: Path | None = None):
        self.con, self.play, self.mode, self.plays_dir = con, play, mode, plays_dir
        self.seen: int | None = None
        self.approved = False
        self.why = ""
        self._files: tuple | None = None  # no look yet: the first check reads the file again
        approvals.ensure_gate_records(con)
        self._commits = CommitWatch(con)
        self._requests = stop_requests.requests_folder(self._commits.paths[0] if self._commits.paths else None)
        # A request to stop it under a name it went by (a revoke of its former name) stops it too.
        self._names = names_of(con, play) if self._requests else [play.name]
        self._marks = unplanned_cursor(con)
        try:
            self._mark = prepared_mark(self._marks)
        except BaseException:
            self._marks.close()
            raise

    def still_approved(self) -> bool:
        if self.why or self._stop_requested() or not self._same_file():
            return False
        if not self._commits.moved():
            return self.approved
        mark = self._marks.execute(self._mark).fetchone()[0]
        if mark != self.seen:
            self.seen = mark
            self.approved = approvals.approval_status(self.con, self.play, self.mode).approved
        if not self.approved:
            self.why = "approval withdrawn during the batch"
        return self.approved

    def _stop_requested(self) -> bool:
        request = stop_requests.pending_for(self._requests, self._names) if self._requests else None
        if request:
            self.why = request.reason()
        return request is not None

    def _same_file(self) -> bool:
        if self.plays_dir is None:
            return True
        marks = _play_files_mark(self.plays_dir)
        if marks == self._files:
            return True
        self._files = marks
        now = load_plays(self.plays_dir).plays.get(self.play.name)
        if now is None or now.content_sha256 != self.play.content_sha256:
            self.why = (f"the play's file changed after the send step read it (version {self.play.version_hash} "
                        "is no longer current)")
        elif now.paused:
            self.why = "the play was paused in its file after the send step read it"
        elif settings := settings_changed(self.play, now):
            self.why = (f"the play's {', '.join(settings)} changed in its file after the send step read it; the next "
                        "run sends under the new setting")
        return not self.why

    def close(self) -> None:
        self._marks.close()


class CommitWatch:
    """Whether anything may have been committed to ``con``'s database since the last look, from a
    ``stat`` of its file and of its write-ahead log: a commit appends to the log before it returns
    (and a checkpoint rewrites the file), so while both stand still no count can have moved. The
    files are looked at before the count is asked, so a commit between the two moves them for the
    next look. A database without a file is always asked."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        row = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
        self.paths = (Path(row[0]), Path(f"{row[0]}.wal")) if row and row[0] else None
        self.last: tuple | None = None

    def moved(self) -> bool:
        if self.paths is None:
            return True
        marks = tuple(_stat_mark(path) for path in self.paths)
        if marks == self.last:
            return False
        self.last = marks
        return True


def _play_files_mark(folder: Path) -> tuple | None:
    """A ``stat`` of the folder and of every play file in it, as :func:`load_plays` reads them."""
    try:
        with os.scandir(folder) as entries:
            files = sorted((e.name, (s := e.stat()).st_mtime_ns, s.st_size, e.inode()) for e in entries
                           if e.name.endswith((".yaml", ".yml")))
    except OSError:
        return None
    return _stat_mark(folder), tuple(files)


def _stat_mark(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def prepared_mark(cursor: duckdb.DuckDBPyConnection, name: str = _MARK_STATEMENT,
                  sql: str = approvals.GATE_RECORDS_MARK_SQL) -> duckdb.Statement:
    """A count (by default of decisions and pauses) prepared on ``cursor`` as ``name``: executed, it
    skips parsing and planning, most of a look's cost, and still counts the rows committed since."""
    cursor.execute(f"prepare {name} as {sql}")
    return cursor.extract_statements(f"execute {name}")[0]


def unplanned_cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Another connection to ``con``'s database, with the optimizer off for it alone."""
    database = con.execute("select current_database()").fetchone()[0]
    cursor = con.cursor()
    try:
        cursor.execute('use "{}"'.format(database.replace('"', '""')))
        cursor.execute("pragma disable_optimizer")
    except BaseException:
        cursor.close()
        raise
    return cursor


@dataclass
class _Streak:
    """The last permanent refusals, alike (``smtp_replies.reply_shape``) and each to a recipient at
    another domain: (send key, Message-ID, domain) of each."""

    shape: str | None = None
    claims: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, shape: str | None, key: str, msg_id: str, address: str) -> bool:
        """Count this hand-over's refusal (``shape`` None: no refusal that counts); True once
        ``ACCOUNT_STREAK`` refusals alike came in a row."""
        domain = address.rpartition("@")[2]
        if shape is None or shape != self.shape or domain in {d for *_, d in self.claims}:
            self.shape, self.claims = shape, []
        if shape is not None:
            self.claims.append((key, msg_id, domain))
        return len(self.claims) >= ACCOUNT_STREAK


@dataclass
class _Ready:
    draft: dict[str, Any]
    address: str
    msg_id: str
    message: EmailMessage


def send_batch(con: duckdb.DuckDBPyConnection, drafts: list[dict[str, Any]], play: Play, approved_by: str | None,
               mailbox: str, mail: MailTransport, now: datetime,
               make_message: Callable[[dict[str, Any], str], EmailMessage],
               suppressed: Callable[[str], str | None], log: Callable[[str], None] = lambda _: None,
               mode: str = "live", plays_dir: Path | None = None,
               suppressed_now: Callable[[str], str | None] | None = None,
               clock: Callable[[], datetime] | None = None, sent_log_path: Path | None = None,
               deferred: Mapping[str, int] | None = None) -> BatchOutcome:
    """Send ``drafts`` in order. ``make_message`` builds and validates the message for a draft and its
    canonical address (raising MessageError); ``suppressed`` gives the reason a canonical address must
    not be mailed, asked once more right before the claim, whatever the plan said, and
    ``suppressed_now`` (by default the same) again right before the hand-over: the last word, so the
    costlier question (whatever the warehouse recorded since) need only be asked there.
    ``plays_dir`` is the folder ``play`` was read from: an edit of its file since ``play`` was read ends it.
    ``clock`` dates each hand-over, never before ``now``: a batch that runs past midnight records its
    later messages on the day they left, which their follow-ups and that day's caps count from.
    ``sent_log_path`` is the play's log of messages handed over (:mod:`sdr_assets.sent_log`), appended before
    each chunk's outcomes are committed. ``deferred`` counts the mail server's deferrals of each send key
    before this batch (``send_deferrals.counts``, ``by_server``)."""
    outcome = BatchOutcome()
    size = CLAIM_CHUNK if mail.reports_delivery else 1
    chunks = [drafts[start:start + size] for start in range(0, len(drafts), size)]

    def built(chunk: list[dict[str, Any]]) -> list[_Building]:
        return _building(helper, chunk, make_message, mail)

    def log_sent(handed: list[tuple[_Ready, str | None, datetime | None]]) -> None:
        rows = []
        for item, transport_id, at in handed:
            row = _row(item.draft, play, approved_by, mailbox, "sent", None, max(now, at or now), item.msg_id)
            row[_TRANSPORT_ID] = transport_id
            rows.append(row)
        sent_log.record(sent_log_path, rows)

    with (closing(GateWatch(con, play, mode, plays_dir)) as gate, mail.connection() as sender, heap_frozen(),
          ThreadPoolExecutor(max_workers=STAGE_THREADS, thread_name_prefix="sdr-stage") as helper):
        coming = built(chunks[0]) if chunks else []
        streak = _Streak()
        try:
            for index, chunk in enumerate(chunks):
                if _must_end(gate, outcome):
                    break
                ready = _claim_chunk(con, chunk, coming, play, approved_by, mailbox, now, suppressed, log, outcome)
                staging = _staged(helper, mail, ready)
                coming = built(chunks[index + 1]) if index + 1 < len(chunks) else []
                _deliver_chunk(con, ready, sender, gate, suppressed_now or suppressed, outcome, staging,
                               mail.unstage, clock, log_sent, streak, log, deferred)
                if outcome.stopped or outcome.halted:
                    break
        finally:
            for future in coming:
                future.cancel()
    return outcome


def _staged(helper: ThreadPoolExecutor, mail: MailTransport, ready: list[_Ready]) -> list[Future]:
    """The staging of each claimed message, submitted in groups of ``STAGE_GROUP`` that the transport
    may make durable together: ``[i]`` is the future of ``ready[i]``'s group."""
    futures: list[Future] = []
    for start in range(0, len(ready), STAGE_GROUP):
        group = [item.message for item in ready[start:start + STAGE_GROUP]]
        futures += [helper.submit(mail.stage_many, group)] * len(group)
    return futures


def _must_end(gate: GateWatch, outcome: BatchOutcome) -> bool:
    """Whether the batch ends before the next chunk or message: a termination signal, the play's
    approval withdrawn (or a stop requested, or its file changed). ``outcome`` says which."""
    if stop_requested():
        outcome.stopped = True
        return True
    if not gate.still_approved():
        outcome.halted = gate.why
        return True
    return False


def _built(draft: dict[str, Any], make_message, mail: MailTransport) -> tuple[str | None, EmailMessage | None,
                                                                              Exception | None]:
    """(canonical address, message, why not): the draft's message built, validated and rendered. Done
    on a helper thread a chunk ahead; it delivers and records nothing."""
    try:
        address = canonical_address(draft["contact_email"])
    except InvalidAddressError as exc:
        return None, None, exc
    try:
        message = make_message(draft, address)
        mail.render(message)  # where a bad header shows itself; delivery reuses the bytes
    except (MessageError, ValueError, TypeError, UnicodeError) as exc:
        return address, None, exc
    return address, message, None


@dataclass(frozen=True)
class _Building:
    """``_built`` of one draft of a group built together on a helper thread."""

    group: Future
    index: int

    def result(self) -> tuple[str | None, EmailMessage | None, Exception | None]:
        return self.group.result()[self.index]

    def cancel(self) -> bool:
        return self.group.cancel()


def _building(helper: ThreadPoolExecutor, drafts: list[dict[str, Any]], make_message,
              mail: MailTransport) -> list[_Building]:
    """``_built`` of each draft, submitted ``STAGE_GROUP`` drafts at a time: each submission costs the
    batch's thread a future and a helper's wake-up, and a claim waits for its whole chunk anyway."""
    builds: list[_Building] = []
    for start in range(0, len(drafts), STAGE_GROUP):
        group = drafts[start:start + STAGE_GROUP]
        future = helper.submit(lambda group=group: [_built(draft, make_message, mail) for draft in group])
        builds += [_Building(future, index) for index in range(len(group))]
    return builds


def _claim_chunk(con, drafts, built: list[_Building], play, approved_by, mailbox, now, suppressed, log,
                 outcome: BatchOutcome) -> list[_Ready]:
    """Take each draft's built message (``built[i]`` is ``_built`` of ``drafts[i]``), ask the suppressions,
    then record the refusals and claim the rest in one transaction. A send key is one message: a later
    draft with the key of an earlier one in the chunk is skipped, whatever its outcome would be."""
    ready: list[_Ready] = []
    refusals: list[list] = []
    keys_seen: set[str] = set()
    for draft, future in zip(drafts, built, strict=True):
        address, message, problem = future.result()
        if draft["send_key"] in keys_seen:
            outcome.duplicates.append(draft["send_key"])
            log(f"{draft['send_key']} ({draft['draft_id']}) shares its send key with an earlier draft: skipped")
            continue
        keys_seen.add(draft["send_key"])
        if address is None:
            refusals.append(_row(draft, play, approved_by, mailbox, "invalid_address", str(problem)[:500], now))
            continue
        if reason := suppressed(address):
            refusals.append(_row(draft, play, approved_by, mailbox, "suppressed", reason, now))
            continue
        if message is None:
            refusals.append(_row(draft, play, approved_by, mailbox, "held", str(problem)[:500], now))
            outcome.held += 1
            log(f"{draft['send_key']} held: {problem}")
            continue
        ready.append(_Ready(draft, address, str(message["Message-ID"]), message))
    won = []
    try:
        with transaction(con):
            claim_many(con, refusals)
            keys = claim_many(con, [_row(item.draft, play, approved_by, mailbox, "sending", None, now, item.msg_id)
                                    for item in ready])
    except BaseException:
        # Interrupted as the claims committed (Ctrl-C, a run told to end): none was handed over, so none may
        # stay ``sending``, which only a person would settle. Rolled back, there is nothing to release.
        with suppress(duckdb.Error):
            release_many(con, [(item.draft["send_key"], item.msg_id) for item in ready])
        raise
    for item in ready:
        if item.draft["send_key"] in keys:
            won.append(item)
        else:
            outcome.lost_claims.append(item.draft["send_key"])
            log(f"{item.draft['send_key']} already claimed by another run: skipped")
    return won


def _deliver_chunk(con, ready: list[_Ready], mail: Sender, gate: GateWatch,
                   suppressed: Callable[[str], str | None], outcome: BatchOutcome,
                   staging: list[Future], unstage: Callable[[EmailMessage], None],
                   clock: Callable[[], datetime] | None = None,
                   log_sent: Callable[[list[tuple]], None] = lambda _: None,
                   streak: _Streak | None = None, log: Callable[[str], None] = lambda _: None,
                   deferred: Mapping[str, int] | None = None) -> None:
    """Hand each claimed message over, then replace the claims with the outcomes in one transaction.

    ``staging[i]`` is the staging of ``ready[i]``, awaited before its hand-over. A claim not handed
    over (a stop, a revocation, an opt-out clicked meanwhile) is unstaged and released, so the next
    run may send it; a crash before the outcomes are written leaves ``sending`` rows that
    reconciliation settles from the outbox. A hand-over of unknown outcome stays ``sending`` and ends
    the batch. The messages sent are logged first (``log_sent``); a log that cannot take them ends the
    batch after this chunk. A deferral by the server is released and counted (``deferred``: the counts
    before this batch; one that reaches ``send_deferrals.HELD_AFTER`` is settled ``held``); ``ACCOUNT_STREAK``
    permanent refusals alike (``streak``, kept across chunks) end the batch as the account's, the
    ones recorded ``failed`` among them are released, and all are counted as deferred for the order
    only, as are the message a 4xx about our account ended the batch at (``ACCOUNT_DEFERRED``) and one
    too large for the server (held, so that it is not first again each run), after
    the outcomes' transaction: a failure to count them is logged (``log``), the outcomes kept.
    """
    settled: list[tuple] = []  # send key, Message-ID, status, reason, transport id, and when it was handed over
    attempted: set[str] = set()
    deferrals: list[tuple] = []  # send key, play, the server's reply, when
    reordered: list[tuple] = []  # alike, met as our account's answer: the next run's order only
    unfailed: list[tuple[str, str]] = []  # (send key, Message-ID) recorded failed, released as the account's
    dead: list[Event] = []  # hard-bounce suppressions of addresses refused at RCPT as nonexistent
    streak = streak or _Streak()
    deferred = deferred or {}
    try:
        for item, staged in zip(ready, staging, strict=True):
            if _must_end(gate, outcome):
                break
            if reason := suppressed(item.address):
                settled.append((item.draft["send_key"], item.msg_id, "suppressed", reason, None))
                continue
            attempted.add(item.draft["send_key"])
            staged.result()
            status, reason, transport_id, shape, gone = _hand_over(item.message, mail)
            ends_batch = False
            at = clock() if clock else None  # when it was handed over; None: the warehouse's now
            if gone:
                dead += _hard_refusals(item.draft["send_key"], gone, at or datetime.now(UTC))
            if streak.add(shape if status == "failed" else None, item.draft["send_key"], item.msg_id, item.address):
                unfailed = [(key, msg_id) for key, msg_id, _ in streak.claims[:-1]]
                outcome.failed -= len(unfailed)
                # Counted as deferred, so the next run tries other drafts first: if the refusal was
                # about these messages (a filter on their wording), the others still go.
                reordered += [(key, item.draft["play"], reason, at or datetime.now(UTC)) for key, *_ in streak.claims]
                status, reason = REFUSED_SESSION, (f"{ACCOUNT_STREAK} recipients at different domains in a row "
                                                   f"were refused alike: {reason}")
            if status == DEFERRED:
                deferrals.append((item.draft["send_key"], item.draft["play"], reason, at or datetime.now(UTC)))
                outcome.deferred_by_server += 1
                outcome.last_deferral = reason
                times = deferred.get(item.draft["send_key"], 0) + 1
                if times >= send_deferrals.HELD_AFTER:  # kept ``held`` for a person to see, retried all the same
                    outcome.held_by_server += 1
                    status, reason = "held", send_deferrals.held_reason(times, reason)
                else:
                    status, reason = "released", None
            elif status == HELD_BY_RELAY:
                outcome.held_by_relay += 1
                status, reason = "held", send_deferrals.relay_reason(reason)
            elif status in (TOO_LARGE, OVER_LIMIT):
                outcome.held_too_large, outcome.too_large = reason, outcome.too_large + 1
                reordered.append((item.draft["send_key"], item.draft["play"], reason, at or datetime.now(UTC)))
                if ends_batch := status == TOO_LARGE:
                    outcome.halted = f"the mail server ended the batch after {outcome.sent} sent: {reason}"
                status, reason = "held", send_deferrals.relay_reason(reason)
            elif status == TRANSIENT:
                outcome.released_transient += 1
                outcome.last_transient = reason
                status, reason = "released", None
            if status == ACCOUNT_DEFERRED:
                reordered.append((item.draft["send_key"], item.draft["play"], reason, at or datetime.now(UTC)))
                status = UNREACHED
            ends_batch = ends_batch or status in (UNSIGNED, UNSTORED, REFUSED_SESSION, UNREACHED)
            if status == UNSIGNED:
                # Every message after it would be refused the same way: the batch ends here.
                outcome.signing_failure = reason
                outcome.halted = f"the DKIM key stopped signing after {outcome.sent} message(s) sent: {reason}"
                status, reason = "released", None
            elif status == UNSTORED:
                outcome.storage_failure = reason
                outcome.halted = f"the outbox could not take a message after {outcome.sent} sent: {reason}"
                status, reason = "released", None
            elif status in (REFUSED_SESSION, UNREACHED):
                outcome.session_failure = reason if status == REFUSED_SESSION else None
                outcome.halted = f"the mail server ended the batch after {outcome.sent} sent: {reason}"
                status, reason = "released", None
            settled.append((item.draft["send_key"], item.msg_id, status, reason, transport_id, at))
            outcome.sent += status == "sent"
            outcome.failed += status == "failed"
            if status == UNRESOLVED:
                # Each message after it could end the same way, each one more for a person to settle.
                outcome.unresolved.append(item.draft["send_key"])
                outcome.halted = f"{item.draft['send_key']} left unresolved: {reason}"
                break
            if ends_batch:
                break
    finally:
        for staged in staging:
            staged.cancel()
        wait(staging)
        for item in ready:
            if item.draft["send_key"] not in attempted:
                unstage(item.message)
        done = {key for key, *_ in settled}
        # A message whose hand-over raised may have gone out: its claim stays for reconciliation.
        unsent = [(item.draft["send_key"], item.msg_id) for item in ready
                  if item.draft["send_key"] not in done | attempted]
        _log_sent(ready, settled, log_sent, outcome)
        # Not those a streak released as our account's refusal (``unfailed``): nothing was said of their addresses.
        released = {key for key, _ in unfailed}
        dead = [e for e in dead if e.source in {key for key, _, status, *_ in settled
                                                if status == "failed" and key not in released}]
        with transaction(con):
            settle_many(con, settled)
            release_many(con, unsent)
            release_many(con, unfailed, "failed")
            if dead:
                suppression.ensure_schema(con)
                suppression.insert_events(con, dead)
        try:  # an ordering hint for later runs: never worth the outcomes above
            send_deferrals.record(con, deferrals)
            send_deferrals.record(con, reordered, False)
        except duckdb.Error as exc:
            log(f"{len(deferrals) + len(reordered)} deferral(s) not counted, the next run may try them first: {exc}")


def _log_sent(ready: list[_Ready], settled: list[tuple], log_sent: Callable[[list[tuple]], None],
              outcome: BatchOutcome) -> None:
    """Log the chunk's messages the transport took, before their outcomes are committed; if the log
    cannot take them (a full disk), they are still recorded as sent, the batch ends and
    ``log_failure`` says why (the next send step logs them from the ledger before it sends)."""
    items = {item.draft["send_key"]: item for item in ready}
    handed = [(items[key], transport_id, (*rest, None)[0])
              for key, _, status, _, transport_id, *rest in settled if status == "sent"]
    if not handed:
        return
    try:
        log_sent(handed)
    except OSError as exc:
        outcome.log_failure = str(exc)
        outcome.halted = f"the log of messages handed over could not take {len(handed)} of them: {exc}"


def _hand_over(message: EmailMessage, mail: Sender
               ) -> tuple[str, str | None, str | None, str | None, dict[str, tuple[int, str]]]:
    """(status, reason, transport id, the refusal's shape). A transient failure is released for the
    next run: ``DEFERRED`` (counted) where the server answered it with a 4xx, ``TRANSIENT`` where the
    connection failed without an answer; one after which the message may have gone out
    (``outcome_unknown``) stays ``sending`` for a person. A key that cannot sign is ``UNSIGNED``, a
    message the transport could not store ``UNSTORED``, one whose address the server cannot carry
    ``HELD_BY_RELAY``, one larger than it takes ``TOO_LARGE`` (``OVER_LIMIT`` if that ends no batch), and
    one whose session the server refused ``REFUSED_SESSION`` (``UNREACHED`` if it may pass,
    ``ACCOUNT_DEFERRED`` if a 4xx other than 421 said so), with the reason. A permanent refusal that names no recipient's address or mailbox has a
    shape (``smtp_replies.reply_shape``), which ``_Streak`` compares. Last, the recipients the server
    refused at RCPT, each with its reply (``MailDeliveryError.refused``)."""
    try:
        transport_id = mail.send(message)
    except DkimSigningError as exc:
        return UNSIGNED, str(exc)[:500], None, None, {}
    except Exception as exc:  # transports raise typed errors; any failure is recorded, not lost
        reason = str(exc)[:500]
        if getattr(exc, "outcome_unknown", False):
            return UNRESOLVED, reason, None, None, {}
        if getattr(exc, "held_by_relay", False):
            return HELD_BY_RELAY, reason, None, None, {}
        if getattr(exc, "too_large", False):
            return (TOO_LARGE if getattr(exc, "ends_batch", True) else OVER_LIMIT), reason, None, None, {}
        if getattr(exc, "session_refused", False):
            if not getattr(exc, "transient", False):
                return REFUSED_SESSION, reason, None, None, {}
            code = getattr(exc, "code", None)
            return (ACCOUNT_DEFERRED if isinstance(code, int) and 400 <= code < 500 and code != 421
                    else UNREACHED), reason, None, None, {}
        if getattr(exc, "transient", False):
            # Only the server's 4xx is about this message; a dropped connection is about the moment.
            code = getattr(exc, "code", None)
            return (DEFERRED if isinstance(code, int) and 400 <= code < 500 else TRANSIENT), reason, None, None, {}
        if isinstance(exc, OSError):  # the transport's own storage: nothing was handed over
            return UNSTORED, reason, None, None, {}
        return "failed", reason, None, _shape(exc), dict(getattr(exc, "refused", None) or {})
    return "sent", None, transport_id, None, {}


def _hard_refusals(send_key: str, refused: dict[str, tuple[int, str]], at: datetime) -> list[Event]:
    """A hard-bounce suppression of each address the server refused at RCPT with a 5xx that says it
    does not exist, as triage reads a bounce report's diagnostic (``triage.reasons``)."""
    events = []
    for address, (code, text) in refused.items():
        status = best_status(text) or f"{code // 100}.0.0"
        # Only a refusal about the recipient's address or mailbox (X.1.x, X.2.x, its words) says it is
        # dead: one about our side (our HELO name, our network) is met by every message alike.
        if (not 500 <= code < 600 or not about_recipient(code, text)
                or not is_hard(reason_for(status, text, "RCPT"), status)):
            continue
        with suppress(InvalidAddressError):
            target = canonical_target(address)
            events.append(Event(f"{RCPT_REFUSAL}{send_key}:{target}", target, ADD, "hard_bounce", send_key,
                                "system", f"refused at RCPT: {code} {' '.join(text.split())}"[:500], at))
    return events


def _shape(exc: Exception) -> str | None:
    """The shape of a server's permanent refusal, None if it has no reply code, is about a recipient,
    or came after the message went to some recipients (a ``message_id``: it is never released)."""
    code, text = getattr(exc, "code", None), getattr(exc, "text", None)
    if (not isinstance(code, int) or not isinstance(text, str) or about_recipient(code, text)
            or getattr(exc, "message_id", None)):
        return None
    return reply_shape(code, text)
