"""Her other address held for a request to stop that waits for a person names the address the request
came in at: two namesakes at one account are joined for opt-outs, so whoever sees the held one (her
LinkedIn task withdrawn, the send step's log) learns which conversation to read in `sdr inbox` to
release her, or to find that it was the other Jane's."""

from __future__ import annotations

from sdr_assets.task_records import contacts_stopped
from tests.test_optout_reaches_both_current_addresses import NEW, OLD
from tests.test_pending_optout_reaches_her_other_address import _asked_for_by_a_colleague


def test_the_held_address_names_where_the_request_came_in(tmp_path):
    world = _asked_for_by_a_colleague(tmp_path)
    with world.warehouse.connect() as con:
        suppressed, held = contacts_stopped(con, world.resources["paths"].data_dir, {OLD}, world.now)
    assert suppressed == {}, suppressed
    assert NEW in held[OLD], f"held without naming where the request waits: {held[OLD]!r}"
