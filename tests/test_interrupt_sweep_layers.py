"""The drafts and enrichment merges and the LinkedIn task decisions survive an interrupt at any of
their statements (``tests/interrupt_sweep.py``)."""

from pathlib import Path

import dagster as dg
import pytest

from resources.defaults import build_resources
from sdr_assets.drafts import write_drafts
from sdr_assets.enrichment import enriched_accounts
from sdr_assets.incremental import LayerConfig
from tests.conftest import environ_for
from tests.interrupt_sweep import sweep, warehouse_of
from tests.openings import REVOPS, SERIES_B, signals_ran


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


@pytest.fixture(scope="module")
def requalified(openings, tmp_path_factory) -> Path:
    """Every play drafted and waiting at its gate, two of revops-hiring's qualified signals since
    qualifying for series-b-funding instead: the next enrichment run merges again, from the cache."""
    root = openings.copy(signals_ran, tmp_path_factory.mktemp("requalified"))
    with warehouse_of(root).connect() as con:
        con.execute("update qualified_signals set play = ? where signal_id in (select signal_id from "
                    "qualified_signals where play = ? order by signal_id limit 2)", [SERIES_B, REVOPS])
    return root


def test_the_enrichment_merge(requalified, tmp_path):
    instance = dg.DagsterInstance.ephemeral()  # one for every run: an instance for each cost more than the run

    def enrich(root: Path) -> None:
        resources = build_resources(environ_for(root))
        enriched_accounts(dg.build_asset_context(instance=instance), config=LayerConfig(), warehouse=resources["warehouse"], paths=resources["paths"],
                          policy=resources["policy"], enrichment=resources["enrichment"],
                          address_checks=resources["address_checks"])

    sweep(requalified, enrich, tmp_path, step_past_reads=True, volatile={"layer_marks": "marked_at"},
          per_copy=("file_digests",))
