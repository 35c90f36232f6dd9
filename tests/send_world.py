"""A small world for driving the real send step, reply intake and suppression code without a Dagster run.

The send step is the `send_ledger` asset itself, invoked directly with a built context (the same
function a job runs: the send lock, the gate, reconciliation, the send loop), against a DuckDB
file in a temporary folder and the local maildir outbox, or an SMTP server on 127.0.0.1. Replies go
through the `raw_replies`, `reply_classifications`, `suppression_events`, `suppression_list` and
`sequence_holds` assets, opt-outs through the functions behind `sdr suppress add` and the
unsubscribe service's log, decisions through `decide()`. A crash is a `BaseException` raised by the
outbox before, after or half-way through a delivery, which leaves the ledger exactly as a `kill -9`
at that point would.
"""

from __future__ import annotations

import email
import functools
import email.policy
import email.utils
import hashlib
import json
import mailbox
import shutil
import tempfile
import textwrap
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import polars as pl

from resources.defaults import build_resources
from resources.mail import MaildirOutbox
from resources.smtp import SmtpTransport
from resources.warehouse import replace_rows
from sdr_assets import optout_log
from sdr_assets.decisions import decide
from tests.approving import current_version
from sdr_assets.domain.addresses import canonical_address, untagged
from sdr_assets.drafts import DRAFT_SCHEMA
from sdr_assets.optouts import suppression_events, suppression_list
from sdr_assets.incremental import LayerConfig
from sdr_assets.replies import raw_replies, reply_classifications, sequence_holds
from sdr_assets.sends import send_for_play
from sdr_assets.suppression import add_entry, current_suppressions
from tests.mail.smtp_server import RecordingHandler, start_smtp_server
from tests.memory_instance import memory_instance
from tests.reachable import REACHABLE_OPTOUTS

PLAY = "prop-play"
SENDER = "sam@outreach.example"
START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
VERSIONS = 3
# Each contact as (local part, domain) in Unicode; the stored spelling and every opt-out vary it.
CONTACTS = (
    ("josé.núñez", "bücher.example"),
    ("jane+news", "acme.example"),
    ("ann.lee", "acme.example"),
    ("øyvind", "sub.fjord.example"),
)
OUTSIDER = "mallory@evil.example"
_CONTEXT: dg.AssetExecutionContext | None = None


def _body(asset: dg.AssetsDefinition):
    """The function the asset's step runs, without Dagster binding its resources again on every call."""
    return asset.op.compute_fn.decorated_fn


def _send_context() -> dg.AssetExecutionContext:
    """One context for every call (it carries the play's partition and a log): building one costs 0.2 s."""
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = dg.build_asset_context(partition_key=PLAY, instance=memory_instance())
    return _CONTEXT


def play_yaml(version: int) -> str:
    return textwrap.dedent(f"""\
        name: {PLAY}
        owner: Dana Whitfield
        triggers:
          - signal_type: hiring
        variants:
          - id: a
            subject: "Hello {{first_name}}"
            body: "Hi {{first_name}}, version {version} of this note."
        sequence:
          - channel: email
            delay_days: 0
          - channel: email
            delay_days: 2
            subject: "Re: hello"
            body: "Following up once."
        sender:
          name: Sam Carter
          email: {SENDER}
          postal_address: 1 Test Street, Springfield
        daily_cap: 40
        """)


@functools.cache
def version_hashes() -> list[str]:
    """The hash of each version of the play, as `sdr plays list` reports it from the file."""
    from tests.command_line import CommandLine

    from sdr_assets.cli import app

    hashes = []
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "plays").mkdir()
        for v in range(VERSIONS):
            (Path(tmp) / "plays" / f"{PLAY}.yaml").write_text(play_yaml(v), encoding="utf-8")
            listed = CommandLine().invoke(app, ["plays", "list", "--json"], env={"SDR_DATA_DIR": tmp})
            assert listed.exit_code == 0, listed.output
            hashes.append(next(p["version"] for p in json.loads(listed.output)["plays"] if p["play"] == PLAY))
    return hashes


@functools.cache
def version_contents() -> dict[str, str]:
    """Each version's whole digest by its short hash, as the send step reads the file."""
    from sdr_assets.playbook import load_plays

    contents = {}
    with tempfile.TemporaryDirectory() as tmp:
        for v in range(VERSIONS):
            (Path(tmp) / f"{PLAY}.yaml").write_text(play_yaml(v), encoding="utf-8")
            play = load_plays(Path(tmp)).plays[PLAY]
            contents[play.version_hash] = play.content_sha256
    return contents


@dataclass(frozen=True)
class Spelling:
    """How an address is written: case, Unicode form, punycode domain, whitespace, plus tag."""

    case: str = "keep"  # keep, lower, upper, title
    nfd: bool = False
    punycode: bool = False
    space: str = ""
    tag: str = "keep"  # keep, drop, add

    def write(self, local: str, domain: str) -> str:
        if self.tag == "drop":
            local = local.split("+", 1)[0]
        elif self.tag == "add":
            local = f"{local.split('+', 1)[0]}+promo"
        if self.punycode:
            domain = domain.encode("idna").decode("ascii")
        text = f"{local}@{domain}"
        text = {"lower": text.lower(), "upper": text.upper(), "title": text.title()}.get(self.case, text)
        if self.nfd:
            text = unicodedata.normalize("NFD", text)
        return f"{self.space}{text}{self.space}"


class Crash(BaseException):
    """The process died here: nothing after this line of the send step runs."""


class CrashingOutbox(MaildirOutbox):
    """The local maildir outbox, dying at a chosen delivery: before it, after it, or half-way (a file in tmp/)."""

    crash_at: int = -1
    mode: str = "before"
    counter: dict = {}

    def send(self, message) -> str:
        n = self.counter.setdefault("n", 0)
        self.counter["n"] = n + 1
        if n != self.crash_at:
            return super().send(message)
        if self.mode == "after":
            super().send(message)
        elif self.mode == "partial":
            tmp = Path(self.path) / "tmp"
            tmp.mkdir(parents=True, exist_ok=True)
            (tmp / f"{n}.crash.partial").write_bytes(bytes(message)[:40])
        raise Crash(f"killed at delivery {n} ({self.mode})")


@dataclass(frozen=True)
class Sent:
    message_id: str
    send_key: str
    mailbox: str  # canonical, untagged
    address: str  # canonical
    version: str  # the play version its send key has in the ledger


def _accounts(stored: list[str]) -> list[str]:
    """Each stored address's account: the company its domain names, or, for a second contact there, an
    account of her own (enrichment names one contact per play and account, and the play mails one
    contact of an account at a time)."""
    accounts: list[str] = []
    for i, address in enumerate(stored):
        domain = address.strip().rpartition("@")[2].lower()
        accounts.append(domain if domain not in accounts else f"contact{i}.{domain}")
    return accounts


def _draft_rows(version: str, stored: list[str]) -> list[dict]:
    """Both steps of each stored address."""
    rows = []
    for i, (address, account) in enumerate(zip(stored, _accounts(stored), strict=True)):
        for step in (1, 2):
            rows.append({
                "draft_id": f"{version}-{i}-{step}", "play": PLAY, "play_version": version,
                "play_content": version_contents()[version],
                "company_domain": account, "contact_email": address, "contact_name": f"Contact {i}",
                "linkedin_url": None, "signal_type": "hiring", "step": step, "channel": "email",
                "delay_days": 0 if step == 1 else 2, "variant": "a", "subject": f"Hello {i}" if step == 1 else "Re: hello",
                "body": f"Hi Contact {i}, version {version}.", "grounded": True, "verdict": "grounded", "fact_ids": "",
                "verifier_reasons": "", "missing_facts": "", "generated_by": "test", "fit": 0.5 + i / 10,
                "is_review_sample": False,
            })
    return rows


class World:
    def __init__(self, root: Path, stored: list[str], settings: dict[str, str] | None = None):
        self.root, self.stored, self.now, self.settings = root, stored, START, settings or {}
        (root / "plays").mkdir(parents=True)
        self.hashes = version_hashes()
        self.edit(0)
        self.resources = self._resources()
        rows = [r for h in self.hashes for r in _draft_rows(h, stored)]
        with self.warehouse.connect() as con:
            replace_rows(con, "message_drafts", pl.DataFrame(rows, schema=DRAFT_SCHEMA))

    def copied_to(self, root: Path) -> World:
        """This world in ``root``: its folder copied, its clock, settings and play version the same."""
        shutil.copytree(self.root, root, dirs_exist_ok=True)
        copy = object.__new__(World)
        copy.__dict__.update(self.__dict__, root=root, stored=list(self.stored), settings=dict(self.settings))
        copy.resources = copy._resources()
        return copy

    def _resources(self) -> dict:
        return build_resources({"SDR_DATA_DIR": str(self.root), "SDR_NOW": self.now.isoformat(),
                                "SDR_SECRET": "property-test-secret", "SDR_SEND_LOCK_TIMEOUT": "5", **self.settings})

    @property
    def warehouse(self):
        return self.resources["warehouse"]

    # --- people and the clock -------------------------------------------------------------------
    def edit(self, version: int) -> str:
        (self.root / "plays" / f"{PLAY}.yaml").write_text(play_yaml(version), encoding="utf-8")
        self.version = self.hashes[version]
        return self.version

    def decide(self, decision: str) -> None:
        decide(PLAY, decision, "Dana Whitfield", "property test", current_version(PLAY, self.root / "plays"),
               warehouse_path=self.warehouse.path, plays_dir=self.root / "plays", mode="live")

    def advance(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)
        self.resources = self._resources()

    def suppress(self, target: str) -> None:
        with self.warehouse.connect() as con:
            add_entry(con, self.root, target, "Dana Whitfield", "asked by phone", self.now)

    def click(self, address: str, send_key: str) -> None:
        optout_log.append(self.root, send_key, address, self.now)

    # --- sending ----------------------------------------------------------------------------------
    def send(self, crash_at: int = -1, mode: str = "before") -> str:
        """Run the send step once; 'sent', 'refused: <why>' or 'crashed'."""
        mail = CrashingOutbox(**{**self.resources["mail"].model_dump(), "crash_at": crash_at, "mode": mode,
                                 "counter": {}})
        try:
            self.send_with(mail)
        except Crash:
            return "crashed"
        except dg.Failure as exc:
            return f"refused: {exc.description}"
        return "sent"

    def send_with(self, mail) -> dg.MaterializeResult:
        """Run the send step once through ``mail``; a refusal raises as the step would."""
        return send_for_play(_send_context(), PLAY, warehouse=self.warehouse, paths=self.resources["paths"],
                             policy=self.resources["policy"], mail=mail)

    def statuses(self) -> dict[str, str]:
        """Each contact's ledger status, by address."""
        with self.warehouse.connect() as con:
            return dict(con.execute("select contact_email, status from send_ledger").fetchall())

    def outbox(self) -> list[Sent]:
        root = self.root / "outbox"
        if not (root / "cur").exists():
            return []
        with self.warehouse.connect() as con:
            versions = dict(con.execute("select send_key, play_version from send_ledger").fetchall())
        found = []
        for path in sorted([*(root / "new").iterdir(), *(root / "cur").iterdir()]):
            message = parse(path.read_bytes())
            msg_id = str(message["Message-ID"]).strip()
            key = msg_id.removeprefix("<sdr-").partition(".")[0]
            address = canonical_address(message["To"].addresses[0].addr_spec)
            found.append(Sent(msg_id, key, untagged(address), address, versions.get(key, "")))
        return found

    def ledger(self) -> list[tuple]:
        with self.warehouse.connect() as con:
            return con.execute("select send_key, status, message_id from send_ledger").fetchall()

    # --- replies ----------------------------------------------------------------------------------
    def deliver(self, raw: bytes) -> str:
        """Put a message in the reply mailbox; its maildir key."""
        folder = self.root / "inbox" / "replies"
        folder.parent.mkdir(parents=True, exist_ok=True)
        return mailbox.Maildir(folder, create=True).add(raw)

    def fetch(self) -> None:
        _body(raw_replies)(warehouse=self.warehouse, mailbox=self.resources["mailbox"], policy=self.resources["policy"])

    def process(self) -> dict:
        """What the replies job does for opt-outs and holds: fetch, classify, suppress, hold. Returns the
        metadata triage (``reply_classifications``) reported."""
        r = self.resources
        self.fetch()
        triaged = _body(reply_classifications)(warehouse=self.warehouse, model=r["model"], paths=r["paths"],
                                               policy=r["policy"], config=LayerConfig())
        _body(suppression_events)(_send_context(), warehouse=self.warehouse, paths=r["paths"], policy=r["policy"])
        _body(suppression_list)(warehouse=self.warehouse)
        _body(sequence_holds)(warehouse=self.warehouse, policy=r["policy"])
        return dict(triaged.metadata)

    def suppressed(self, address: str) -> str | None:
        with self.warehouse.connect() as con:
            return current_suppressions(con, self.root).reason_for(address)

    def stopped(self) -> set[str]:
        """Canonical untagged mailboxes whose sequence is stopped."""
        with self.warehouse.connect() as con:
            try:
                rows = con.execute("select email from sequence_holds where hold = 'stop'").fetchall()
            except Exception:  # no replies processed yet
                return set()
        found = set()
        for (address,) in rows:
            try:
                found.add(untagged(canonical_address(address)))
            except ValueError:
                continue
        return found


# --- reply messages ---------------------------------------------------------------------------------

def first_emails_sent(root: Path) -> World:
    """A world whose play was approved and whose four contacts each got the first email."""
    world = World(root, [Spelling().write(*c) for c in CONTACTS])
    world.decide("approve")
    assert world.send() == "sent"
    assert len(world.outbox()) == 4
    return world


def _headers(sender: str, subject: str, in_reply_to: str | None, at: datetime, extra: str = "") -> str:
    unique = hashlib.sha256(f"{sender}|{subject}|{in_reply_to}|{at.isoformat()}|{extra}".encode()).hexdigest()[:16]
    threading = f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n" if in_reply_to else ""
    return (f"From: {sender}\r\nTo: {SENDER}\r\nSubject: {subject}\r\nDate: {email.utils.format_datetime(at)}\r\n"
            f"Message-ID: <{unique}@reply.example>\r\n{threading}MIME-Version: 1.0\r\n")


def human_reply(sender: str, text: str, in_reply_to: str | None, at: datetime) -> bytes:
    return (_headers(sender, "Re: hello", in_reply_to, at, text)
            + f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n").encode("utf-8")


def out_of_office(sender: str, in_reply_to: str | None, at: datetime) -> bytes:
    return (_headers(sender, "Automatic reply: Out of Office", in_reply_to, at)
            + "Auto-Submitted: auto-replied\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
              "I am out of the office until 2026-12-07 with limited access to email.\r\n").encode("utf-8")


def bounce(recipient: str, original_id: str, at: datetime, hard: bool) -> bytes:
    status, text = ("5.1.1", "550 5.1.1 user unknown") if hard else ("4.2.2", "452 4.2.2 mailbox full")
    boundary = "BOUNDARY-" + hashlib.sha256(f"{recipient}{original_id}{at}".encode()).hexdigest()[:12]
    head = _headers("Mail Delivery System <MAILER-DAEMON@mx.example>", "Undelivered Mail Returned to Sender",
                    None, at, original_id + status)
    return (head + f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\r\n\r\n'
            f"--{boundary}\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered to {recipient}.\r\n"
            f"--{boundary}\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
            f"Final-Recipient: rfc822; {recipient}\r\nAction: {'failed' if hard else 'delayed'}\r\nStatus: {status}\r\n"
            f"Diagnostic-Code: smtp; {text}\r\n\r\n"
            f"--{boundary}\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: {SENDER}\r\nTo: {recipient}\r\n"
            f"Subject: Hello\r\nMessage-ID: {original_id}\r\n\r\n--{boundary}--\r\n").encode("utf-8")


def complaint(recipient: str, original_id: str, at: datetime) -> bytes:
    boundary = "ARF-" + hashlib.sha256(f"{recipient}{original_id}{at}".encode()).hexdigest()[:12]
    head = _headers("Feedback Loop <fbl@isp.example>", "Abuse report", None, at, original_id)
    return (head + f'Content-Type: multipart/report; report-type=feedback-report; boundary="{boundary}"\r\n\r\n'
            f"--{boundary}\r\nContent-Type: text/plain\r\n\r\nThis is an email abuse report.\r\n"
            f"--{boundary}\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\nUser-Agent: isp/1.0\r\n"
            f"Version: 1\r\nOriginal-Rcpt-To: {recipient}\r\n\r\n"
            f"--{boundary}\r\nContent-Type: message/rfc822\r\n\r\nFrom: {SENDER}\r\nTo: {recipient}\r\n"
            f"Subject: Hello\r\nMessage-ID: {original_id}\r\n\r\nHi\r\n--{boundary}--\r\n").encode("utf-8")


def forged_message_id(send_key: str) -> str:
    """What a stranger can compute: the send key's shape, with a MAC made up."""
    return f"<sdr-{send_key}.{hashlib.sha256(send_key.encode()).hexdigest()[:32]}@outreach.example>"


def parse(raw: bytes) -> email.message.EmailMessage:
    """A stored message; its headers may be UTF-8 (RFC 6532), which the bytes parser would not decode."""
    return email.message_from_string(raw.decode("utf-8", "surrogateescape"), policy=email.policy.default)


def reachable_world(root: Path, contact: str = "ann.lee@acme.example", **settings: str) -> World:
    """A world whose one draft, to ``contact``, is approved for mail over SMTP, whose opt-out endpoints
    recipients reach (``REACHABLE_OPTOUTS``, then ``settings``)."""
    world = World(root, [contact], {**REACHABLE_OPTOUTS, **settings})
    world.decide("approve")
    return world


def send_over_smtp(world: World, port: int) -> None:
    """The send step of ``world``'s play over the SMTP server on 127.0.0.1:``port``."""
    smtp = SmtpTransport(host="127.0.0.1", port=port, security="none", timeout_seconds=1.0)
    send_for_play(_send_context(), PLAY, warehouse=world.warehouse, paths=world.resources["paths"],
                  policy=world.resources["policy"], mail=smtp)


def outcome_over_smtp(world: World) -> tuple[dg.Failure | None, int]:
    """The send step over a real SMTP server: its refusal (None: it ran) and how many messages arrived."""
    handler, refusal = _over_smtp(world)
    return refusal, len(handler.delivered)


def refused_over_smtp(world: World) -> tuple[RecordingHandler, dg.Failure]:
    """A send over a local SMTP server that the step refuses: what the server took, and the refusal."""
    handler, refusal = _over_smtp(world)
    assert refusal is not None, "the send step sent: it was to refuse"
    return handler, refusal


def _over_smtp(world: World) -> tuple[RecordingHandler, dg.Failure | None]:
    handler = RecordingHandler()
    server = start_smtp_server(handler)
    try:
        send_over_smtp(world, server.port)
    except dg.Failure as exc:
        return handler, exc
    finally:
        server.stop()
    return handler, None
