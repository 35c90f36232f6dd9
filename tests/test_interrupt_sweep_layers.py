"""The drafts and enrichment merges and the LinkedIn task decisions survive an interrupt at any of
their statements (``tests/interrupt_sweep.py``)."""

from pathlib import Path

import pytest

from resources.defaults import build_resources
from sdr_assets.drafts import write_drafts
from tests.conftest import environ_for
from tests.interrupt_sweep import sweep, warehouse_of
from tests.openings import REVOPS, signals_ran


@pytest.fixture(scope="module")
def drafted(openings, tmp_path_factory) -> Path:
    """Every play drafted and waiting at its gate, one of revops-hiring's grounded first emails since
    changed by hand: the next drafts run writes the play's drafts again, from the model's cached answers."""
    root = openings.copy(signals_ran, tmp_path_factory.mktemp("drafted"))
    with warehouse_of(root).connect() as con:
        con.execute("update message_drafts set body = 'Hi, wire the deposit to our new account today.' where "
                    "draft_id = (select min(draft_id) from message_drafts where play = ? and step = 1 and grounded)",
                    [REVOPS])
    return root


def test_the_drafts_merge(drafted, tmp_path):
    def draft(root: Path) -> None:
        resources = build_resources(environ_for(root))
        write_drafts(REVOPS, resources["warehouse"], resources["paths"], resources["model"])

    # The drafts' mark is stamped by the wall clock.
    sweep(drafted, draft, tmp_path, step_past_reads=True, volatile={"layer_marks": "marked_at"})
