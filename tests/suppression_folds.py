"""The suppression layer's two steps, run as their assets' bodies without a Dagster run: a run of the
two costs eight times the steps, and what the opt-out tests read is the layer's tables. A whole run
that ingests opt-outs stays in ``tests/optouts/test_optouts_end_to_end.py``."""

import functools

import dagster as dg

from sdr_assets import optouts
from tests.send_world import _body

_context = functools.cache(dg.build_asset_context)


def fold_suppressions(resources: dict) -> None:
    """The opt-outs of the logs and the replies folded into ``suppression_events``, then ``suppression_list``."""
    _body(optouts.suppression_events)(_context(), warehouse=resources["warehouse"], paths=resources["paths"],
                                      policy=resources["policy"])
    _body(optouts.suppression_list)(warehouse=resources["warehouse"])
