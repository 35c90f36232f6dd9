"""The pipeline's settings as plain models, read from the environment in one place, free of Dagster.

The Dagster resources (``resources/settings.py``, ``resources/warehouse.py``) are these models
made configurable; the quick commands (``sdr status``, ``sdr plays ...``) use the models directly,
so that they answer without importing Dagster.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
from pydantic import BaseModel, field_validator

from resources import clock
from resources.attachments import ATTACHMENTS, connect
from resources.damage import damaged, locked
from resources.held_wait import retry_while_held
from resources.setting import SettingError, address, choice, number
from resources.wait_stop import pause
from sdr_assets.domain.file_clock import SETTLE_SECONDS
from sdr_assets.domain.unsubscribe import base_url_problem

if TYPE_CHECKING:
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
# Why mail over SMTP with ``replies_named`` false is refused: nothing reads what comes back.
NO_REPLIES_READ = ("no replies would be read: SDR_IMAP_HOST is unset and SDR_REPLIES_MAILDIR names no maildir, "
                   "so opt-outs, bounces and complaints by mail would go unseen; set SDR_IMAP_HOST (and "
                   "SDR_IMAP_PASSWORD), or SDR_REPLIES_MAILDIR to the maildir your mail server delivers replies to")
# A signal file is read whole into memory: a larger one is quarantined unread (SDR_SIGNAL_FILE_MAX_MB).
SIGNAL_FILE_MAX_MB = 512
DEMO_DIR = "data/demo"
DEMO_MARKER = ".sdr-demo"  # in the demo's folder, next to its warehouse: where demo approvals count
# The demo's sender is as made up as its prospects: the footer still shows where an address goes.
DEMO_POSTAL_ADDRESS = "Outreach Example Ltd, 1 Example Street, Springfield 00000 (demo address)"
# The demo's pause notices go to its local outbox, to a team address as made up as its sender.
DEMO_NOTIFY_ADDRESS = "sdr-team@outreach.example"


def run_mode(environ: dict[str, str] | None = None) -> str:
    """``demo`` inside the demo's boundary (``SDR_MODE=demo``), ``live`` otherwise."""
    return choice(os.environ if environ is None else environ, "SDR_MODE", "live", MODES)


def sends_over_smtp(environ: Mapping[str, str] | None = None, *, demo_smtp: bool = False) -> bool:
    """Whether mail goes to the configured SMTP server rather than the local outbox (never in demo
    mode unless the caller asks, as ``sdr demo --smtp`` does)."""
    env = os.environ if environ is None else environ
    return bool(env.get("SDR_SMTP_HOST")) and (run_mode(env) != "demo" or demo_smtp)


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


class WarehouseFile(BaseModel):
    """One DuckDB file. Writers retry while another process holds the lock, for up to
    ``lock_timeout_seconds`` (0: they try once); then ``WarehouseLocked`` names the holder
    (``resources/damage.py``). A run's step waits ``step_wait_minutes`` more (``resources/warehouse.py``)."""

    path: str
    lock_timeout_seconds: float = 60.0
    step_wait_minutes: float = 60.0

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the file, attached to the process's DuckDB (``resources/attachments.py``)."""
        if self.path == ":memory:":
            con = connect(self.path)
            try:
                yield con
            finally:
                con.close()
            return
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        read_only = read_only and Path(self.path).exists()
        # ``pause`` ends the wait where a stop was asked (resources/wait_stop.py).
        con, close = retry_while_held(
            lambda: ATTACHMENTS.acquire(self.path, read_only, on_attach=self._restore_decisions), self.path,
            self._lock_held, time.monotonic() + self.lock_timeout_seconds, pause,
            lambda exc: locked(self.path, exc, self.lock_timeout_seconds))
        try:
            yield con
        finally:
            close()

    def _lock_held(self, exc: Exception) -> bool:
        """Whether attaching the file failed for another process's lock; damage raises its own error."""
        if not isinstance(exc, duckdb.Error):
            return False
        if (damage := damaged(self.path, exc)) is not None:
            raise damage from exc
        return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()

    def _restore_decisions(self, con: duckdb.DuckDBPyConnection) -> None:
        """The decisions the log beside the file keeps and a restored copy lacks, put back before
        anything reads the gate (``resources/store/decision_log.py``), and the escalation events
        (``sdr_assets/escalation_log.py``)."""
        from resources.store.approvals import restore_decisions  # the store imports these settings
        from sdr_assets.inbox import restore_actions

        restore_decisions(con, self.path)
        restore_actions(con, self.path)


class Paths(BaseModel):
    """Where things are, and whether this is the demo: demo approvals count only in demo mode. A
    signal file is read once it has been still for ``signal_settle_seconds``, and only if it holds
    at most ``signal_file_max_mb`` MB."""

    signals_inbox: str
    signal_settle_seconds: float = SETTLE_SECONDS
    signal_file_max_mb: int = SIGNAL_FILE_MAX_MB
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


class SendRules(BaseModel):
    """Throttling, the deliverability guard and the play monitor.

    Deliverability: over the last ``window_days``, a hard-bounce rate of 2 % (from the
    ``guard_min_bounces``-th bounce on) or a complaint rate of 0.3 % (where Gmail and Yahoo block)
    pauses a mailbox or sending domain; 0.1 % complaints warns. Complaints are read over at least
    ``guard_min_sends`` per mailbox, never more than the mailbox can send in the window (its warm-up
    included).
    """

    sending_domain: str = "outreach.example"
    unsubscribe_url: str = "https://outreach.example/unsubscribe"
    mailbox_daily_cap: int = 50
    warmup_start: int = 20
    warmup_increment: int = 5
    warmup_max_idle_days: int = 30  # a mailbox idle for longer warms up again from ``warmup_start``
    window_days: int = 14
    max_bounce_rate: float = 0.02
    max_complaint_rate: float = 0.003
    warn_complaint_rate: float = 0.001
    guard_min_sends: int = 700  # 14 days at the daily cap of 50
    guard_min_bounces: int = 10
    guard_burst_hours: int = 24  # the last hours also read for a burst of complaints
    guard_burst_min_complaints: int = 3  # complaints in those hours before their rate may pause
    monitor_baseline: float | None = None
    monitor_ratio: float = 2.5
    monitor_threshold: float = 5.5
    monitor_segment_threshold: float = 6.0
    monitor_credit: float = 6.0
    monitor_arrival_half_life_hours: float = 4.0
    monitor_arrival_prior_replies: int = 100
    send_lock_timeout_seconds: float = 30.0
    reply_max_lag_minutes: float = 5.0
    postal_address: str | None = None  # the sender's postal address for plays that do not set one
    notify_address: str | None = None  # pause notices for plays whose file names no owner_email
    notify_from: str = "sdr-monitor@outreach.example"  # the sender of pause notices
    # Replies are read over IMAP or from a maildir a person named (SDR_REPLIES_MAILDIR); False: from
    # the default maildir, which nothing feeds unless a mail server was set up to deliver there.
    replies_named: bool = True
    # Minutes `sdr serve`'s heartbeat may be old before mail that reaches recipients stops (serve_heartbeat).
    serve_max_silence_minutes: float = 5.0
    now_override: str | None = None

    @field_validator("postal_address")
    @classmethod
    def _footer_holds(cls, value: str | None) -> str | None:
        """A postal address no footer can hold is refused here, once, not by every draft in turn."""
        from sdr_assets.domain.messages import postal_address_problem  # loads the email package

        if problem := postal_address_problem(value):
            raise ValueError(f"postal_address (SDR_POSTAL_ADDRESS) {problem}")
        return value

    def now(self) -> datetime:
        """The project clock, pinned by ``now_override`` (``SDR_NOW``) when set."""
        return clock.now(self.now_override or "")

    def deliverability_limits(self) -> DeliverabilityLimits:
        from sdr_assets.domain.deliverability import DeliverabilityLimits
        from sdr_assets.domain.sequencing import Limits

        # A floor above what a mailbox can send in the window would hide every real complaint rate:
        # past its warm-up, its cap each day; before, what the send step's ramp allows (``ramp``).
        reachable = max(1, self.mailbox_daily_cap * self.window_days)
        ramp = Limits(self.mailbox_daily_cap, self.warmup_start, self.warmup_increment, self.mailbox_daily_cap,
                      self.warmup_max_idle_days)
        return DeliverabilityLimits(self.window_days, self.max_bounce_rate, self.max_complaint_rate,
                                    self.warn_complaint_rate, min(self.guard_min_sends, reachable),
                                    self.guard_min_bounces, ramp, self.guard_burst_hours,
                                    self.guard_burst_min_complaints)

    def monitor_settings(self) -> MonitorSettings:
        from sdr_assets.domain.monitor import MonitorSettings

        return MonitorSettings(ratio=self.monitor_ratio, threshold=self.monitor_threshold,
                               segment_threshold=self.monitor_segment_threshold, credit=self.monitor_credit,
                               baseline=self.monitor_baseline, max_complaint_rate=self.max_complaint_rate,
                               max_bounce_rate=self.max_bounce_rate, min_bounces=self.guard_min_bounces,
                               arrival_half_life_hours=self.monitor_arrival_half_life_hours,
                               arrival_prior_replies=self.monitor_arrival_prior_replies)


class EscalationHours(BaseModel):
    """How long an interested or question reply may wait unclaimed, in business hours (weekdays in
    the team's time zone, an IANA name)."""

    sla_hours: float = 4.0
    business_day_start: int = 9
    business_day_end: int = 17
    business_timezone: str = "UTC"

    def zone(self) -> tzinfo:
        return UTC if self.business_timezone == "UTC" else ZoneInfo(self.business_timezone)


def business_timezone(env: Mapping[str, str]) -> str:
    """``SDR_BUSINESS_TIMEZONE``: the IANA zone whose weekdays 09:00-17:00 are the team's hours."""
    name = (env.get("SDR_BUSINESS_TIMEZONE") or "").strip() or "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a region's folder, such as US
        raise SettingError(f"SDR_BUSINESS_TIMEZONE must be an IANA time zone such as Europe/Berlin or "
                           f"America/New_York, not {env.get('SDR_BUSINESS_TIMEZONE')!r}") from None
    return name


def unsubscribe_url(env: Mapping[str, str]) -> str:
    """``SDR_UNSUBSCRIBE_URL``: refused here, before anything is sent or served, when no link built
    on it could reach `sdr serve`."""
    url = env.get("SDR_UNSUBSCRIBE_URL", "https://outreach.example/unsubscribe")
    if problem := base_url_problem(url):
        raise SettingError(f"SDR_UNSUBSCRIBE_URL {problem}, not {url!r}")
    return url


def postal_address(env: Mapping[str, str], mode: str) -> str | None:
    """``SDR_POSTAL_ADDRESS`` (the demo's own in the demo): refused here, by name, when no message footer
    could hold it (a carriage return from a file saved with CRLF line ends), rather than by every draft."""
    from sdr_assets.domain.messages import postal_address_problem  # loads the email package

    value = env.get("SDR_POSTAL_ADDRESS") or (DEMO_POSTAL_ADDRESS if mode == "demo" else None)
    if problem := postal_address_problem(value):
        raise SettingError(f"SDR_POSTAL_ADDRESS {problem}")
    return value


# Replies unread for longer than a day while sending goes on would leave opt-outs unread for days.
MAX_REPLY_LAG_MINUTES = 24 * 60
# `sdr serve` beats every half minute: a bound under a minute would stop sending between two beats,
# one over a day would send for a day into links nothing answers.
SERVE_SILENCE_MINUTES = {"least": 1, "most": 24 * 60}


def complaint_warning(env: Mapping[str, str], max_complaint: float) -> float:
    """``SDR_WARN_COMPLAINT_RATE``: more than 0 and at most the rate that pauses."""
    warning = number(env, "SDR_WARN_COMPLAINT_RATE", "0.001", float, above=0, most=1)
    if warning > max_complaint:
        raise SettingError(f"SDR_WARN_COMPLAINT_RATE must be at most SDR_MAX_COMPLAINT_RATE ({max_complaint:g}), "
                           f"not {env.get('SDR_WARN_COMPLAINT_RATE')!r}")
    return warning


def max_idle_days(env: Mapping[str, str], window_days: int) -> int:
    """``SDR_WARMUP_MAX_IDLE_DAYS``: at least the guard's window, which models no warm-up begun again
    inside it (``deliverability.ramps_at`` reads the ramp from where it stood when the window opened);
    by default 30, or the window where that is longer."""
    idle = number(env, "SDR_WARMUP_MAX_IDLE_DAYS", str(max(30, window_days)), least=1)
    if idle < window_days:
        raise SettingError("SDR_WARMUP_MAX_IDLE_DAYS must be at least SDR_DELIVERABILITY_WINDOW_DAYS "
                           f"({window_days}), not {env.get('SDR_WARMUP_MAX_IDLE_DAYS')!r}")
    return idle


def signal_settle(env: Mapping[str, str], mode: str) -> float:
    """``SDR_SIGNAL_FILE_SETTLE_SECONDS``: 0 by default in the demo, whose inbox `sdr demo` writes
    whole before its run."""
    default = "0" if mode == "demo" else str(SETTLE_SECONDS)
    return number(env, "SDR_SIGNAL_FILE_SETTLE_SECONDS", default, float, least=0, most=3600)


def sending_domain(env: Mapping[str, str]) -> str:
    """``SDR_SENDING_DOMAIN``: a domain mail can use, whether or not DKIM signs for it, as DNS names
    it (lower-case A-labels, no final dot): the unsubscribe mailto, the probe and Message-IDs use it."""
    from resources.dkim import DkimKeyError, domain_name

    domain = env.get("SDR_SENDING_DOMAIN", "outreach.example")
    if domain.strip().startswith("@"):
        raise SettingError(f"SDR_SENDING_DOMAIN: {domain!r} is not a domain mail can use: a domain has no @")
    try:
        return domain_name(domain)
    except DkimKeyError as exc:
        raise SettingError(f"SDR_SENDING_DOMAIN: {exc}") from None


def settings_from_env(environ: Mapping[str, str] | None = None) -> dict[str, BaseModel]:
    """The warehouse, paths, send rules and escalation hours the environment configures."""
    env = os.environ if environ is None else environ
    paths = resolve_paths(env)
    mode = run_mode(env)
    # Rates are shares of sends: one above 1 (2 meant as 2 %) is never reached, so its guard never pauses.
    max_complaint = number(env, "SDR_MAX_COMPLAINT_RATE", "0.003", float, above=0, most=1)
    window = number(env, "SDR_DELIVERABILITY_WINDOW_DAYS", "14", least=1)
    domain = sending_domain(env)
    return {
        "warehouse": WarehouseFile(path=paths["warehouse"],
                                   step_wait_minutes=number(env, "SDR_WAREHOUSE_WAIT_MINUTES", "60", float, least=0)),
        "paths": Paths(data_dir=paths["data_dir"], signals_inbox=paths["signals_inbox"], plays_dir=paths["plays_dir"],
                       reference_dir=paths["reference_dir"], exports_dir=paths["exports_dir"], mode=mode,
                       signal_settle_seconds=signal_settle(env, mode),
                       signal_file_max_mb=number(env, "SDR_SIGNAL_FILE_MAX_MB", str(SIGNAL_FILE_MAX_MB), least=1)),
        "policy": SendRules(
            sending_domain=domain,
            unsubscribe_url=unsubscribe_url(env),
            mailbox_daily_cap=number(env, "SDR_MAILBOX_DAILY_CAP", "50", least=0),
            warmup_max_idle_days=max_idle_days(env, window),
            window_days=window,
            guard_burst_hours=number(env, "SDR_COMPLAINT_BURST_HOURS", "24", least=1, most=24 * window),
            guard_burst_min_complaints=number(env, "SDR_COMPLAINT_BURST_MIN", "3", least=1),
            max_bounce_rate=number(env, "SDR_MAX_BOUNCE_RATE", "0.02", float, least=0, most=1),
            max_complaint_rate=max_complaint,
            warn_complaint_rate=complaint_warning(env, max_complaint),
            monitor_baseline=number(env, "SDR_MONITOR_BASELINE", None, float, least=0, most=1),
            monitor_arrival_half_life_hours=number(env, "SDR_MONITOR_ARRIVAL_HALF_LIFE_HOURS", "4", float, above=0),
            monitor_arrival_prior_replies=number(env, "SDR_MONITOR_ARRIVAL_PRIOR_REPLIES", "100", least=0),
            send_lock_timeout_seconds=number(env, "SDR_SEND_LOCK_TIMEOUT", "30", float, least=0),
            reply_max_lag_minutes=number(env, "SDR_REPLY_MAX_LAG_MINUTES", "5", float, least=0,
                                         most=MAX_REPLY_LAG_MINUTES),
            now_override=clock.pinned_setting(env),
            postal_address=postal_address(env, mode),
            notify_address=address(env, "SDR_NOTIFY_ADDRESS", DEMO_NOTIFY_ADDRESS if mode == "demo" else None),
            notify_from=address(env, "SDR_NOTIFY_FROM", f"sdr-monitor@{domain}"),
            replies_named=bool(env.get("SDR_IMAP_HOST") or env.get("SDR_REPLIES_MAILDIR")),
            serve_max_silence_minutes=number(env, "SDR_SERVE_MAX_SILENCE_MINUTES", "5", float,
                                             **SERVE_SILENCE_MINUTES),
        ),
        "escalation_policy": EscalationHours(sla_hours=number(env, "SDR_ESCALATION_SLA_HOURS", "4", float, least=0),
                                             business_timezone=business_timezone(env)),
    }
