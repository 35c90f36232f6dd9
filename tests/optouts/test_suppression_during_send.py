"""Suppressions the send step honours though they were not in the suppression list when it planned:
one committed after the plan stops the messages not yet handed over, and an opt-out a replies run
classified but did not record (it stopped there) counts. The send step against a real DuckDB file
and maildir (``tests/send_world.py``)."""

from email.message import EmailMessage
from email.utils import getaddresses

from typer.testing import CliRunner

import sdr_assets.sends as sends
from resources.mail import MaildirOutbox
from resources.warehouse import Warehouse, table_exists
from sdr_assets.cli import app
from sdr_assets.domain.addresses import canonical_address
from sdr_assets.incremental import LayerConfig
from sdr_assets.replies import reply_classifications
from sdr_assets.suppression import add_entry
from tests.send_world import PLAY, START, World, _body, _send_context, human_reply

ANN, BOB = "ann.lee@acme.example", "bob@other.example"


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
        added = CliRunner().invoke(app, ["suppress", "add", ANN, "--by", "Dana Whitfield", "--reason", "by phone"],
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
    others: list[str]
    handed_over: list[str] = []

    def send(self, message: EmailMessage) -> str:
        address = canonical_address(getaddresses([message["To"]])[0][1])
        if not self.handed_over:
            with Warehouse(path=self.warehouse_path).connect() as con:
                for other in self.others:
                    if other != address:
                        add_entry(con, other, "Dana Whitfield", "asked by phone", START)
        self.handed_over.append(address)
        return super().send(message)


def test_a_suppression_committed_during_the_batch_stops_the_next_message(tmp_path):
    world = World(tmp_path, [ANN, BOB])
    world.decide("approve")
    mail = SuppressingOutbox(**world.resources["mail"].model_dump(), warehouse_path=world.warehouse.path,
                             others=[ANN, BOB], handed_over=[])
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
