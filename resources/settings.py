"""Where the pipeline keeps its files, and the rules that protect the sending domain."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from sdr_assets.domain.deliverability import DeliverabilityLimits
from sdr_assets.domain.monitor import MonitorSettings

ENV_PATHS = {
    "data_dir": ("SDR_DATA_DIR", "data"),
    "warehouse": ("SDR_WAREHOUSE", "{data_dir}/warehouse.duckdb"),
    "signals_inbox": ("SDR_SIGNALS_INBOX", "{data_dir}/inbox/signals"),
    "replies_maildir": ("SDR_REPLIES_MAILDIR", "{data_dir}/inbox/replies"),
    "outbox": ("SDR_OUTBOX", "{data_dir}/outbox"),
    "plays_dir": ("SDR_PLAYS_DIR", "{data_dir}/plays"),
    "reference_dir": ("SDR_REFERENCE_DIR", "{data_dir}/reference"),
    "exports_dir": ("SDR_EXPORTS_DIR", "{data_dir}/exports"),
}


MODES = ("live", "demo")
DEMO_DIR = "data/demo"
# The demo's sender is as made up as its prospects: the footer still shows where an address goes.
DEMO_POSTAL_ADDRESS = "Outreach Example Ltd, 1 Example Street, Springfield 00000 (demo address)"


def run_mode(environ: dict[str, str] | None = None) -> str:
    """``demo`` inside the demo's boundary (``SDR_MODE=demo``), ``live`` otherwise."""
    env = os.environ if environ is None else environ
    mode = (env.get("SDR_MODE") or "live").strip().lower()
    if mode not in MODES:
        raise ValueError(f"SDR_MODE must be one of {MODES}, not {env.get('SDR_MODE')!r}")
    return mode


def resolve_paths(environ: dict[str, str] | None = None) -> dict[str, str]:
    """Every path the pipeline uses, from the environment with defaults under the data folder.

    In demo mode every path lives under the demo's own folder (``SDR_DEMO_DIR``, default
    ``data/demo``) whatever the other path settings say, so the demo never touches real data.
    """
    env = os.environ if environ is None else environ
    if run_mode(env) == "demo":
        data_dir = env.get("SDR_DEMO_DIR") or DEMO_DIR
        return {key: default.format(data_dir=data_dir) if key != "data_dir" else data_dir
                for key, (_, default) in ENV_PATHS.items()}
    data_dir = env.get("SDR_DATA_DIR", "data")
    return {
        key: env.get(var, default).format(data_dir=data_dir) for key, (var, default) in ENV_PATHS.items()
    }


class PipelinePaths(dg.ConfigurableResource):
    """Where things are, and whether this is the demo: demo approvals count only in demo mode."""

    signals_inbox: str
    data_dir: str = "data"
    plays_dir: str
    reference_dir: str
    exports_dir: str
    mode: str = "live"

    @property
    def demo(self) -> bool:
        return self.mode == "demo"

    @property
    def signals(self) -> Path:
        return Path(self.signals_inbox)

    @property
    def plays(self) -> Path:
        return Path(self.plays_dir)

    @property
    def exports(self) -> Path:
        return Path(self.exports_dir)


class SendPolicy(dg.ConfigurableResource):
    """Throttling, the deliverability guard and the play monitor.

    Deliverability: over the last ``window_days``, a hard-bounce rate of 2 % or a complaint rate of
    0.3 % (where Gmail and Yahoo block) pauses a mailbox or sending domain; 0.1 % complaints warns.
    """

    sending_domain: str = "outreach.example"
    unsubscribe_url: str = "https://outreach.example/unsubscribe"
    mailbox_daily_cap: int = 50
    warmup_start: int = 20
    warmup_increment: int = 5
    window_days: int = 14
    max_bounce_rate: float = 0.02
    max_complaint_rate: float = 0.003
    warn_complaint_rate: float = 0.001
    guard_min_sends: int = 1000
    monitor_baseline: float | None = None
    monitor_ratio: float = 2.5
    monitor_threshold: float = 3.75
    monitor_segment_threshold: float = 5.0
    monitor_credit: float = 6.0
    send_lock_timeout_seconds: float = 30.0
    reply_max_lag_minutes: float = 5.0
    postal_address: str | None = None  # the sender's postal address for plays that do not set one
    now_override: str | None = None

    def now(self) -> datetime:
        if self.now_override:
            return datetime.fromisoformat(self.now_override).astimezone(UTC)
        return datetime.now(UTC)

    def deliverability_limits(self) -> DeliverabilityLimits:
        return DeliverabilityLimits(self.window_days, self.max_bounce_rate, self.max_complaint_rate,
                                    self.warn_complaint_rate, self.guard_min_sends)

    def monitor_settings(self) -> MonitorSettings:
        return MonitorSettings(ratio=self.monitor_ratio, threshold=self.monitor_threshold,
                               segment_threshold=self.monitor_segment_threshold, credit=self.monitor_credit,
                               baseline=self.monitor_baseline)



class EscalationPolicy(dg.ConfigurableResource):
    """How long an interested or question reply may wait unclaimed, in business hours (weekdays, UTC)."""

    sla_hours: float = 4.0
    business_day_start: int = 9
    business_day_end: int = 17
