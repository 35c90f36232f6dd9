"""Suppressions the send step honours though they were not in the suppression list when it planned:
one committed after the plan stops the messages not yet handed over, and an opt-out a replies run
classified but did not record (it stopped there) counts. The send step against a real DuckDB file
and maildir (``tests/send_world.py``)."""

import os
import subprocess
import sys
import time
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path


import sdr_assets.sends as sends
from resources.mail import MaildirOutbox
from resources.warehouse import Warehouse, table_exists
from sdr_assets import entry_log
from sdr_assets.cli import app
from sdr_assets.domain.addresses import canonical_address
from sdr_assets.incremental import LayerConfig
from sdr_assets.replies import reply_classifications
from sdr_assets.suppression import add_entry
from tests.command_line import CommandLine
from tests.send_world import PLAY, START, World, _body, _send_context, human_reply

ANN, BOB = "ann.lee@acme.example", "bob@other.example"
SDR = str(Path(sys.executable).with_name("sdr"))


def _mailed(world: World) -> list[str]:
    return sorted(s.address for s in world.outbox())


def _refused(world: World) -> dict[str, str]:
    with world.warehouse.connect() as con:
        return dict(con.execute("select contact_email, reason from send_ledger where status = 'suppressed'").fetchall())


def test_sdr_suppress_add_between_the_plan_and_the_batch_stops_that_message(tmp_path, monkeypatch):
    world = World(tmp_path, [ANN, BOB])
    world.decide("approve")
    planned, plan_sends = [], sends.plan_sends

    def plan_then_suppress(*args, **kwargs):
        planned.append(plan := plan_sends(*args, **kwargs))
        # The plan's connection is closed here: `sdr suppress add`, waiting for the file, gets it now.
        added = CommandLine().invoke(app, ["suppress", "add", ANN, "--by", "Dana Whitfield", "--reason", "by phone"],
                                   env={"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": world.now.isoformat()})
        assert added.exit_code == 0, added.output
        return plan

    monkeypatch.setattr(sends, "plan_sends", plan_then_suppress)
    assert world.send() == "sent"
    assert sorted(d["contact_email"] for d in planned[0].send) == [ANN, BOB], "both were due when planned"
    assert _mailed(world) == [BOB]
    assert _refused(world) == {ANN: "manual"}


class SuppressingOutbox(MaildirOutbox):
    """A real maildir outbox; as it hands over its first message, a person suppresses everyone else in
    the batch, through another connection of the process."""

    warehouse_path: str
    data_dir: str
    others: list[str]
    handed_over: list[str] = []

    def send(self, message: EmailMessage) -> str:
        address = canonical_address(getaddresses([message["To"]])[0][1])
        if not self.handed_over:
            with Warehouse(path=self.warehouse_path).connect() as con:
                for other in self.others:
                    if other != address:
                        add_entry(con, self.data_dir, other, "Dana Whitfield", "asked by phone", START)
        self.handed_over.append(address)
        return super().send(message)


def test_a_suppression_committed_during_the_batch_stops_the_next_message(tmp_path):
    world = World(tmp_path, [ANN, BOB])
    world.decide("approve")
    mail = SuppressingOutbox(**world.resources["mail"].model_dump(), warehouse_path=world.warehouse.path,
                             data_dir=str(world.root), others=[ANN, BOB], handed_over=[])
    sends.send_for_play(_send_context(), PLAY, warehouse=world.warehouse, paths=world.resources["paths"],
                        policy=world.resources["policy"], mail=mail)
    assert len(mail.handed_over) == 1 and _mailed(world) == mail.handed_over, "the first message only"
    assert _refused(world) == {({ANN, BOB} - set(mail.handed_over)).pop(): "manual"}


def test_an_opt_out_classified_but_not_recorded_stops_its_follow_up_and_the_others_go_on(tmp_path):
    world = World(tmp_path, [ANN, BOB])
    world.decide("approve")
    assert world.send() == "sent"
    first = next(s for s in world.outbox() if s.address == ANN)
    world.advance(60)
    world.deliver(human_reply(f"Ann Lee <{ANN}>", "Please unsubscribe me and stop emailing me.", first.message_id,
                              world.now))
    world.fetch()
    r = world.resources
    _body(reply_classifications)(warehouse=world.warehouse, model=r["model"], paths=r["paths"], policy=r["policy"],
                                 config=LayerConfig())
    # The replies run stops here (killed, or failed at suppression_events): no event, no list entry, no hold.
    with world.warehouse.connect() as con:
        assert con.execute("select label, optout_targets from reply_classifications").fetchall() == [
            ("unsubscribe", f'["{ANN}"]')]
        assert con.execute("select count(*) from suppression_events").fetchone() == (0,)
        assert not table_exists(con, "sequence_holds")
    world.advance(3 * 24 * 60)
    assert world.send() == "sent", "the others' follow-ups go on"
    assert _mailed(world) == [ANN, BOB, BOB]
    assert _refused(world) == {ANN: "unsubscribe_reply"}


class SuppressingByCommand(MaildirOutbox):
    """As it hands over its first message, a person runs `sdr suppress add` for everyone else in the
    batch, in a process of its own, which then waits for the warehouse the batch holds."""

    data_dir: str
    now: str
    others: list[str]
    commands: list = []
    handed_over: list[str] = []

    def send(self, message: EmailMessage) -> str:
        address = canonical_address(getaddresses([message["To"]])[0][1])
        if not self.handed_over:
            for other in (o for o in self.others if o != address):
                env = {**os.environ, "SDR_DATA_DIR": self.data_dir, "SDR_NOW": self.now}
                self.commands.append(subprocess.Popen(
                    [SDR, "suppress", "add", other, "--by", "Dana Whitfield", "--reason", "asked by phone"],
                    env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
            log = entry_log.log_path(self.data_dir)
            deadline = time.monotonic() + 60
            while not (log.exists() and log.read_bytes().count(b"\n") == len(self.commands)):
                assert time.monotonic() < deadline, "the command never logged its entry"
                time.sleep(0.05)
        self.handed_over.append(address)
        return super().send(message)


def test_sdr_suppress_add_while_the_batch_holds_the_warehouse_stops_its_next_message(tmp_path):
    world = World(tmp_path, [ANN, BOB])
    world.decide("approve")
    mail = SuppressingByCommand(**world.resources["mail"].model_dump(), data_dir=str(world.root),
                                now=world.now.isoformat(), others=[ANN, BOB], commands=[], handed_over=[])
    sends.send_for_play(_send_context(), PLAY, warehouse=world.warehouse, paths=world.resources["paths"],
                        policy=world.resources["policy"], mail=mail)
    (command,) = mail.commands
    out, err = command.communicate(timeout=120)
    assert command.returncode == 0 and "Dana Whitfield suppressed" in out, err
    other = ({ANN, BOB} - set(mail.handed_over)).pop()
    assert _mailed(world) == mail.handed_over and _refused(world) == {other: "manual"}
    with world.warehouse.connect() as con:  # recorded once the batch let the warehouse go
        assert con.execute("select target, recorded_by from suppression_events").fetchall() == [
            (other, "Dana Whitfield")]
