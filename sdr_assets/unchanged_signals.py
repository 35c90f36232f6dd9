"""Which steps a signals run would change anything in, asked before launching it.

Each step of ``signals_job`` first tests whether its inputs are as it last left them and then writes
nothing; asking the same tests here first spares an unchanged re-run Dagster's own bookkeeping (an
event-log file for the run, five to eight events a step), which costs more than the tests. The
tests are the steps' own functions, so they see what the steps see: the clock (a signal ageing out
of its trigger, the day research and the raw signals' suite count in), new or changed files, plays,
approvals, the model and the verifier. A step or check these tests do not cover, or an API signal
feed, always has the run launched; so does an enriched account whose provider answer or MX verdict
went stale, or was never kept (an error, a DNS timeout).
"""

from __future__ import annotations

import dagster as dg

from sdr_assets.drafts import GROUNDED_CHECK, drafts_unchanged
from sdr_assets.enrichment import enriched_unchanged
from sdr_assets.jobs import SIGNAL_ASSETS
from sdr_assets.playbook import load_plays
from sdr_assets.plays import play_versions_unchanged
from sdr_assets.quality import ENRICHED_ACCOUNTS_SUITE, qualified_signals_suite, raw_signals_suite, suite_judged
from sdr_assets.research import research_unchanged
from sdr_assets.signal_ingest import nothing_to_ingest
from sdr_assets.signal_rescreen import blocking_failure_stands
from sdr_assets.signals import qualified_unchanged

SUITE_CHECKS = {"raw_signals": ("raw_signals_expectations", "raw_signals_drift", "signal_feed_health"),
                "qualified_signals": ("qualified_signals_expectations", "qualified_signals_drift"),
                "enriched_accounts": ("enriched_accounts_expectations", "enriched_accounts_drift")}


def covered(plays: list[str]) -> tuple[set[dg.AssetKey], set[dg.AssetCheckKey]]:
    """The assets and checks the tests below answer for, with ``plays``' drafts."""
    drafts = [dg.AssetKey([play, "message_drafts"]) for play in plays]
    assets = {*map(dg.AssetKey, SIGNAL_ASSETS), dg.AssetKey("message_drafts"), *drafts}
    checks = {dg.AssetCheckKey(dg.AssetKey(asset), name) for asset, names in SUITE_CHECKS.items() for name in names}
    return assets, checks | {dg.AssetCheckKey(key, GROUNDED_CHECK) for key in drafts}


def due_signals(defs: dg.Definitions) -> list[dg.AssetKey] | None:
    """The steps of ``signals_job`` a run now needs: None for every one, ``[]`` for none, or
    ``play_versions`` alone when only it would change (a decision taken since moves its status):
    no other step's inputs read that table, so the others' tests hold whether it runs or not.
    ``message_drafts`` only counts its plays' rows, unchanged with them."""
    job = defs.resolve_job_def("signals_job")
    assets = set(job.asset_layer.executable_asset_keys)
    plays = sorted(key.path[0] for key in assets if len(key.path) == 2 and key.path[1] == "message_drafts")
    if covered(plays) != (assets, set(job.asset_layer.asset_graph.asset_check_keys)):
        return None
    resources = defs.resources
    paths, policy, model = resources["paths"], resources["policy"], resources["model"]
    now = policy.now()
    book, written = load_plays(paths.plays), load_plays(paths.plays, writer=model.identity())
    with resources["warehouse"].connect() as con:
        rest_unchanged = (
            nothing_to_ingest(con, paths.signals, resources["signal_feed"], paths.signal_file_max_mb * 2**20)
            and not blocking_failure_stands(con) and suite_judged(con, raw_signals_suite(now))
            and qualified_unchanged(con, book, now) and suite_judged(con, qualified_signals_suite(sorted(book.plays)))
            and enriched_unchanged(con, book, resources["enrichment"], resources["address_checks"], now)
            and suite_judged(con, ENRICHED_ACCOUNTS_SUITE)
            and research_unchanged(con, written, model, now)
            and all(drafts_unchanged(con, play, written.plays.get(play), model) for play in plays))
        if not rest_unchanged:
            return None
        return [] if play_versions_unchanged(con, book, paths.mode) else [dg.AssetKey("play_versions")]
