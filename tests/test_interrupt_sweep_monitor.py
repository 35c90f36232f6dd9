"""The play monitor survives an interrupt at any of its statements (``tests/interrupt_sweep.py``): the
readings, the pause it records and its mark, after replies that trip a pause were triaged."""

from pathlib import Path

import dagster as dg
import pytest

from resources.defaults import build_resources
from sdr_assets.incremental import LayerConfig
from sdr_assets.monitoring import play_monitor
from sdr_assets.replies import raw_replies, reply_classifications
from tests.conftest import environ_for
from tests.interrupt_sweep import held_as_in_a_step, sweep
from tests.monitor_world import deliver, not_interested_reply, sent_messages
from tests.openings import REVOPS, revops_sent
from tests.send_world import _body


@pytest.fixture(scope="module")
def turned_down(openings, tmp_path_factory) -> Path:
    """revops-hiring's first emails sent, then "not interested" to eight of them, triaged: the next
    monitor run pauses the play."""
    root = openings.copy(revops_sent, tmp_path_factory.mktemp("turned_down"))
    r = build_resources(environ_for(root))
    deliver(r, [not_interested_reply(s) for s in sent_messages(r, REVOPS)[:8]])
    _body(raw_replies)(warehouse=r["warehouse"], mailbox=r["mailbox"], policy=r["policy"])
    _body(reply_classifications)(warehouse=r["warehouse"], model=r["model"], paths=r["paths"], policy=r["policy"],
                                 config=LayerConfig())
    return root


def test_the_play_monitor(turned_down, tmp_path):
    def monitor(root: Path) -> None:
        r = build_resources(environ_for(root))
        with held_as_in_a_step(r["warehouse"]):
            results = list(_body(play_monitor)(config=LayerConfig(), warehouse=r["warehouse"], policy=r["policy"],
                                               paths=r["paths"]))
        assert all(isinstance(result, dg.MaterializeResult) for result in results)

    result = sweep(turned_down, monitor, tmp_path, step_past_reads=True, volatile={"layer_marks": "marked_at"})
    assert "monitor_pauses" in result.written
