"""The reply-rate summary survives an interrupt at any of its statements (``tests/interrupt_sweep.py``):
a play whose replies changed computed again, and an idle play's state moved by a decision."""

from pathlib import Path

import polars as pl
import pytest

from resources.defaults import build_resources
from sdr_assets.analytics import reply_rate_summary
from sdr_assets.incremental import LayerConfig, merge_rows
from sdr_assets.replies import CLASSIFICATION_SCHEMA
from tests.approving import approve
from tests.conftest import environ_for
from tests.escalation_desk import reply
from tests.interrupt_sweep import held_as_in_a_step, sweep, warehouse_of
from tests.openings import REVOPS, SERIES_B, revops_sent
from tests.send_world import _body
from tests.sweep_worlds import NOW


@pytest.fixture(scope="module")
def replied_and_approved(openings, tmp_path_factory) -> Path:
    """revops-hiring's first emails sent, one of them since answered with interest, and series-b-funding,
    which sent nothing, since approved."""
    root = openings.copy(revops_sent, tmp_path_factory.mktemp("replied"))
    with warehouse_of(root).connect() as con:
        (send_key, contact), = con.execute("select send_key, contact_email from send_ledger where play = ? "
                                           "order by send_key limit 1", [REVOPS]).fetchall()
        row = reply("<interested@acme.example>", "Sounds good, let's talk.", "interested", NOW, contact=contact,
                    sender=contact, play=REVOPS, send_key=send_key)
        merge_rows(con, "reply_classifications", pl.DataFrame([row], schema=CLASSIFICATION_SCHEMA), ["message_id"])
    approve(build_resources(environ_for(root)), SERIES_B)
    return root


def test_the_reply_rate_summary(replied_and_approved, tmp_path):
    def summarize(root: Path) -> None:
        r = build_resources(environ_for(root))
        with held_as_in_a_step(r["warehouse"]):
            _body(reply_rate_summary)(config=LayerConfig(), warehouse=r["warehouse"], paths=r["paths"])

    result = sweep(replied_and_approved, summarize, tmp_path, step_past_reads=True,
                   volatile={"layer_marks": "marked_at"})
    assert {"layer_marks", "reply_rate_summary"} <= set(result.written)
