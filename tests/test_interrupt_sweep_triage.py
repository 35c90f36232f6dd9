"""Reply triage's writes survive an interrupt at any of their statements (``tests/interrupt_sweep.py``):
the replies classified with the quarantine of those the parser gave up on, and the sequence holds."""

from pathlib import Path

import pytest

from resources.defaults import build_resources
from sdr_assets.incremental import LayerConfig
from sdr_assets.replies import reply_classifications
from tests.interrupt_sweep import held_as_in_a_step, sweep
from tests.poison_replies import poison
from tests.send_world import World, _body, first_emails_sent, human_reply, out_of_office


@pytest.fixture(scope="module")
def replies_fetched(tmp_path_factory, shallow_recursion) -> World:
    """Four first emails sent, a reply and one the parser gives up on triaged (the second quarantined,
    its verdict kept), then an opt-out and an out-of-office fetched from the mailbox, not triaged yet."""
    world = first_emails_sent(tmp_path_factory.mktemp("triage") / "data")
    first, second, third, _ = world.outbox()
    world.deliver(human_reply(first.address, "Not now, thanks.", first.message_id, world.now))
    world.deliver(poison(first.address, first.message_id))
    world.process()
    world.advance(60)
    world.deliver(human_reply(second.address, "Please remove me from your list.", second.message_id, world.now))
    world.deliver(out_of_office(third.address, third.message_id, world.now))
    world.fetch()
    return world


def _resources(root: Path, world: World) -> dict:
    return build_resources({"SDR_DATA_DIR": str(root), "SDR_NOW": world.now.isoformat(),
                            "SDR_SECRET": "property-test-secret"})


def test_the_reply_classifications(replies_fetched, tmp_path):
    def classify(root: Path) -> None:
        r = _resources(root, replies_fetched)
        with held_as_in_a_step(r["warehouse"]):
            _body(reply_classifications)(warehouse=r["warehouse"], model=r["model"], paths=r["paths"],
                                         policy=r["policy"], config=LayerConfig())

    result = sweep(replies_fetched.root, classify, tmp_path, step_past_reads=True)
    assert {"reply_classifications", "quarantined_replies"} <= set(result.written)

