"""A release that counts the figures otherwise computes ``reply_performance`` and ``outreach_funnel``
again once on an upgraded warehouse, though no send or reply changed; then they stand again."""

import pytest

from resources import clock
from sdr_assets.former_plays import names_now
from sdr_assets.incremental import digest, record_mark
from sdr_assets.performance import (FUNNEL_INPUTS, PER_SEND_INPUTS, REPLY_SQL, _inputs_mark, _simulated_counted,
                                    counts_unchanged, outreach_funnel, reply_performance)
from tests.test_rerun_skips import _materialize


def _as_the_release_left_them(resources) -> None:
    """The tables as 07ba0273 computed them (a retired play's funnel row missing, an hour figure below
    zero), under the marks it recorded: of the inputs and the reply SQL alone."""
    paths = resources["paths"]
    with resources["warehouse"].connect() as con:
        renamed = names_now(con, paths.plays)
        base = [_inputs_mark(con, PER_SEND_INPUTS), _simulated_counted(con)]
        record_mark(con, "reply_performance", digest([*base, REPLY_SQL, sorted(renamed.items())]),
                    clock.now())
        record_mark(con, "outreach_funnel", digest([base[0], _inputs_mark(con, FUNNEL_INPUTS), base[1], REPLY_SQL,
                                                    sorted(renamed.items())]),
                    clock.now())
        con.execute("update reply_performance set median_hours_to_first_reply = -3.0")
        con.execute("delete from outreach_funnel")


@pytest.mark.opening("revops_sent")
def test_figures_a_release_computed_are_computed_again_once_by_the_next(resources, instance):
    """After an upgrade, the first run computes both tables again though their inputs are as they were
    (the stored figures were counted by the release's rules), and the freshness test says so; the run
    after it finds them standing."""
    _materialize([reply_performance, outreach_funnel], resources, instance)
    with resources["warehouse"].connect() as con:
        truth = {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall()))
                 for t in ("reply_performance", "outreach_funnel")}
    _as_the_release_left_them(resources)
    with resources["warehouse"].connect() as con:
        assert not counts_unchanged(con, resources["paths"]), "the freshness sensor would never run them"

    upgraded = _materialize([reply_performance, outreach_funnel], resources, instance)

    assert upgraded["reply_performance"]["rebuilt"] == upgraded["outreach_funnel"]["rebuilt"] == "yes", upgraded
    with resources["warehouse"].connect() as con:
        assert {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in truth} == truth
        assert counts_unchanged(con, resources["paths"])
    again = _materialize([reply_performance, outreach_funnel], resources, instance)
    assert again["reply_performance"]["rebuilt"].startswith("no:")
    assert again["outreach_funnel"]["rebuilt"].startswith("no:")
