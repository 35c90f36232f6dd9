"""Where the pipeline keeps its files, and the rules that protect the sending domain, as resources.

Each resource is the plain model of ``resources/config.py`` made configurable by Dagster.
"""

from __future__ import annotations

import dagster as dg

from resources.config import (  # noqa: F401  (re-exported: where the pipeline has always found them)
    DEMO_DIR, DEMO_POSTAL_ADDRESS, ENV_PATHS, MODES, EscalationHours, Paths, SendRules, resolve_paths, run_mode,
)


class PipelinePaths(dg.ConfigurableResource, Paths):
    """Where things are, and whether this is the demo: demo approvals count only in demo mode."""


class SendPolicy(dg.ConfigurableResource, SendRules):
    """Throttling, the deliverability guard and the play monitor.

    Deliverability: over the last ``window_days``, a hard-bounce rate of 2 % or a complaint rate of
    0.3 % (where Gmail and Yahoo block) pauses a mailbox or sending domain; 0.1 % complaints warns.
    """


class EscalationPolicy(dg.ConfigurableResource, EscalationHours):
    """How long an interested or question reply may wait unclaimed, in business hours (weekdays, in
    ``SDR_BUSINESS_TIMEZONE``, UTC unless set)."""
