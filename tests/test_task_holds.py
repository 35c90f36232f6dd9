"""LinkedIn tasks hold who the send step holds, by the same rules (``contact_holds``).

The tasks once read ``sequence_holds`` by a copy of their own; a replies run stopped after
classifying (killed, or failed before ``sequence_holds``) left an out-of-office the send step
honoured, and a LinkedIn task for the same person all the same.
"""

from __future__ import annotations

from sdr_assets.incremental import LayerConfig
from sdr_assets.replies import reply_classifications
from sdr_assets.tasks import excluded_contacts
from tests.send_world import World, _body, out_of_office

ANN, JANE = "ann.lee@acme.example", "jane@acme.example"


def test_a_classified_out_of_office_holds_her_task_before_sequence_holds_is_rebuilt(tmp_path):
    world = World(tmp_path, [ANN, JANE])
    world.decide("approve")
    assert world.send() == "sent"
    to_ann = next(s.message_id for s in world.outbox() if s.mailbox == ANN)
    world.advance(30)
    world.deliver(out_of_office(ANN, to_ann, world.now))
    world.fetch()
    r = world.resources
    _body(reply_classifications)(warehouse=world.warehouse, model=r["model"], paths=r["paths"], policy=r["policy"],
                                 config=LayerConfig())  # and the run stops before sequence_holds
    world.advance(2 * 24 * 60)
    assert world.send() == "sent"
    assert sum(s.mailbox == ANN for s in world.outbox()) == 1, "the send step holds Ann's follow-up"
    with world.warehouse.connect() as con:
        assert excluded_contacts(con, str(world.root), {ANN, JANE}, world.now) == {ANN: "held: out of office"}
