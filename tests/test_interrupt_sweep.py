"""Every write path survives an interrupt at any of its statements (``tests/interrupt_sweep.py``).

Each sweep steps past a query followed by another query (``step_past_reads``): nothing is written
between the two, so the interrupt after the second lands where one after the first would. The
moment before every write and every commit is still interrupted."""

import mailbox
import shutil
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from resources.defaults import build_resources
from resources.signal_feed import NoSignalFeed
from sdr_assets import sent_log, signal_ingest, suppression
from sdr_assets.decisions import decide
from sdr_assets.inbox import record_action
from sdr_assets.replies import raw_replies
from sdr_assets.sends import LEDGER_DDL, send_for_play
from sdr_assets.tasks import write_tasks
from tests.approving import current_version
from tests.conftest import RUN_NOW, environ_for
from tests.escalation_desk import ASKS_TO_STOP_AT, CopiedDesk, desk_asked_to_stop
from tests.interrupt_sweep import held_as_in_a_step, sweep, warehouse_of
from tests.openings import REVOPS, SERIES_B, series_b_noted
from tests.send_world import CONTACTS, Spelling, World, _body, _send_context
from tests.send_world import PLAY as SEND_PLAY
from tests.sweep_worlds import NOW

SIGNAL_FILE = Path(__file__).parent / "badinput" / "signals" / "files" / "47_utf8_bom_csv.csv"
SIGNALS_READ_AT = datetime(2026, 11, 20, 9, tzinfo=UTC)  # as the file's rows are dated


def test_an_approval(plays_only, tmp_path):
    def approve(root: Path) -> None:
        decide(REVOPS, "approve", "Dana Whitfield", "", current_version(REVOPS, root / "plays"),
               warehouse_path=str(warehouse_of(root).path), plays_dir=root / "plays", now=NOW)

    sweep(plays_only, approve, tmp_path, repeatable=False, step_past_reads=True)


def test_an_opt_out_entry(plays_only, tmp_path):
    def record(root: Path) -> None:
        with warehouse_of(root).connect() as con:
            suppression.record_entries(con, root)

    world = shutil.copytree(plays_only, tmp_path / "world")
    with warehouse_of(world).connect() as con:
        suppression.add_entry(con, world, "bob@acme.example", "Dana Whitfield", "asked by mail", NOW)
    suppression.log_entry(world, "ann@acme.example", "Dana Whitfield", "asked by phone", NOW)
    sweep(world, record, tmp_path / "sweep", step_past_reads=True, volatile={"suppression_events": "seq"})


def test_a_lift(plays_only, tmp_path):
    def lift(root: Path) -> None:
        with warehouse_of(root).connect() as con:
            suppression.lift_entry(con, root, "ann@acme.example", "Dana Whitfield", "she wrote back", NOW)

    world = shutil.copytree(plays_only, tmp_path / "world")
    with warehouse_of(world).connect() as con:
        suppression.add_entry(con, world, "ann@acme.example", "Dana Whitfield", "asked by phone", NOW)
    sweep(world, lift, tmp_path / "sweep", repeatable=False, step_past_reads=True,
                   volatile={"suppression_events": "event_id, seq"})


@pytest.fixture(scope="module")
def desk_world(tmp_path_factory) -> Path:
    """A small folder whose one escalation is a question that also asks to be taken off the list."""
    return desk_asked_to_stop(tmp_path_factory.mktemp("desk") / "world").root


@pytest.mark.parametrize("outcome", ["opted_out", "meeting"])
def test_an_escalation_handled(desk_world, tmp_path, outcome):
    at = ASKS_TO_STOP_AT.replace(hour=12)
    escalation = CopiedDesk(desk_world, tmp_path / "queue").queue(at)[0]["escalation_id"]

    def handle(root: Path) -> None:
        record_action(warehouse_of(root), escalation, "handle", "Dana Whitfield", at, outcome=outcome)

    sweep(desk_world, handle, tmp_path / "sweep", repeatable=False, step_past_reads=True,
                   volatile={"escalation_events": "event_id", "suppression_events": "seq"})


@pytest.fixture(scope="module")
def noted(openings, tmp_path_factory) -> Path:
    """series-b-funding with a LinkedIn note before its second email, its first emails sent: written by no test."""
    return openings.copy(series_b_noted, tmp_path_factory.mktemp("noted"))


def test_the_linkedin_tasks_batch(noted, tmp_path):
    later = (datetime.fromisoformat(RUN_NOW) + timedelta(days=3)).isoformat()

    def tasks(root: Path) -> None:
        resources = build_resources(environ_for(root, SDR_NOW=later))
        write_tasks(SERIES_B, resources["warehouse"], resources["policy"], resources["paths"])

    sweep(noted, tasks, tmp_path, step_past_reads=True)


def _reply(n: int) -> bytes:
    message = EmailMessage()
    message["From"], message["To"] = f"person{n}@acme.example", "sdr@outreach.example"
    message["Subject"], message["Message-ID"] = "Re: hello", f"<reply-{n}@acme.example>"
    message["Date"] = format_datetime(NOW)
    message.set_content("Thanks, tell me more.\n")
    return bytes(message)


def test_the_reply_intake(plays_only, tmp_path):
    def intake(root: Path) -> None:
        resources = build_resources(environ_for(root))
        with held_as_in_a_step(resources["warehouse"]):
            _body(raw_replies)(warehouse=resources["warehouse"], mailbox=resources["mailbox"], policy=resources["policy"])

    world = shutil.copytree(plays_only, tmp_path / "world")
    folder = Path(build_resources(environ_for(world))["mailbox"].path)
    folder.parent.mkdir(parents=True)
    box = mailbox.Maildir(folder, create=True)
    box.add(_reply(1))
    intake(world)
    box.add(_reply(2))
    box.add(_reply(3))
    sweep(world, intake, tmp_path / "sweep", step_past_reads=True)


def test_the_signals_ingest(plays_only, tmp_path):
    def ingest(root: Path) -> None:
        with warehouse_of(root).connect() as con:
            signal_ingest.ingest(con, root / "signals", NoSignalFeed(), SIGNALS_READ_AT, settle_seconds=0)

    world = shutil.copytree(plays_only, tmp_path / "world")
    (world / "signals").mkdir()
    ingest(world)  # an earlier run, which merged the stored signals under today's rules (in a commit of its own)
    shutil.copy(SIGNAL_FILE, world / "signals" / SIGNAL_FILE.name)
    # When the file was hashed, and its inode and status change time, are those of each copy of the folder.
    sweep(world, ingest, tmp_path / "sweep", step_past_reads=True,
          volatile={"signal_files": "hashed_ns, inode, ctime_ns"})


@pytest.fixture(scope="module")
def one_due(tmp_path_factory) -> World:
    """A small folder whose approved play has one first email due."""
    world = World(tmp_path_factory.mktemp("one_due") / "data", [Spelling().write(*CONTACTS[0])])
    world.decide("approve")
    with world.warehouse.connect() as con:  # the ledger and its log agreed, as every send step leaves them
        con.execute(LEDGER_DDL)
        sent_log.agree(con, sent_log.log_path(world.warehouse.path, SEND_PLAY), SEND_PLAY)
    return world


def test_a_send(one_due, tmp_path):
    def send(root: Path) -> None:
        resources = build_resources({**environ_for(root), "SDR_NOW": one_due.now.isoformat(),
                                     "SDR_SECRET": "property-test-secret"})
        send_for_play(_send_context(), SEND_PLAY, warehouse=resources["warehouse"], paths=resources["paths"],
                      policy=resources["policy"], mail=resources["mail"])

    def handed_over(root: Path) -> tuple[int, list[tuple]]:
        """The messages in the outbox, and each ledger row's status."""
        messages = sum(1 for box in ("new", "cur") if (root / "outbox" / box).is_dir()
                       for _ in (root / "outbox" / box).iterdir())
        with warehouse_of(root).connect(read_only=True) as con:
            return messages, con.execute("select send_key, status from send_ledger order by 1").fetchall()

    # A message's id and its transport's are made for each hand-over; where the count of the sent log
    # last ended is a mark a later send step moves on by itself.
    sweep(one_due.root, send, tmp_path, outside=handed_over, step_past_reads=True,
                   volatile={"send_ledger": "message_id, transport_id", "sent_log_marks": "byte_offset, head, lines"})
