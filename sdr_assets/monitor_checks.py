"""Blocking checks on a play's drafts: the monitor's pause and the deliverability guard.

Like the approval gate they stop the sends inside the run, and the send step re-reads both at send
time, so a run without the checks still cannot send for a paused play, segment or mailbox.
"""

import dagster as dg

from resources.settings import PipelinePaths, SendPolicy
from resources.store import approvals
from resources.warehouse import Warehouse
from sdr_assets import stop_requests
from sdr_assets.domain.addresses import person_key
from sdr_assets.domain.deliverability import PAUSE, WARN, window_readings
from sdr_assets.domain.gate import how_to_resume
from sdr_assets.playbook import load_plays
from sdr_assets.monitor_data import send_outcomes, sends_with_verdicts
from sdr_assets.monitoring import evidence_links, play_readings, readings_markdown, sending_hold
from sdr_assets.segment_pauses import described, open_segment_pauses


def play_monitor_checks(play: str) -> list[dg.AssetChecksDefinition]:
    """The monitor's pause and the deliverability guard, both blocking, on the play's drafts."""
    drafts = dg.AssetKey([play, "message_drafts"])

    @dg.asset_check(asset=drafts, name="play_monitor_check", blocking=True, additional_deps=["play_approvals"],
                    metadata={"sdr/reads_later_events": "monitor_pauses, monitor_readings"},
                    description=f"{play}: sends stop while the monitor has paused this play version; paused "
                                "segments are listed and skipped, and warn until a person resumes them.")
    def monitor(warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy) -> dg.AssetCheckResult:
        return monitor_result(play, warehouse, paths, policy)

    @dg.asset_check(asset=drafts, name="deliverability_guard", blocking=True,
                    metadata={"sdr/reads_later_events": "send_ledger, reply_classifications, raw_replies"},
                    description=f"{play}: sends stop while the play's mailbox or sending domain is over the bounce "
                                "or complaint line in the rolling window.")
    def guard(warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy) -> dg.AssetCheckResult:
        return deliverability_result(play, warehouse, paths, policy)

    return [monitor, guard]


def monitor_result(name: str, warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy) -> dg.AssetCheckResult:
    play = load_plays(paths.plays).plays.get(name)
    if play is None:
        return dg.AssetCheckResult(passed=False, metadata={"status": "play file missing or invalid"})
    folder = stop_requests.requests_folder(warehouse.path)
    with warehouse.connect() as con:
        status = approvals.approval_status(con, play, paths.mode)
        hold = sending_hold(con, play, policy, paths.mode)
        segments = open_segment_pauses(con, play, paths.mode)
        readings = play_readings(con, name)
    # A monitor that ended before recording its pause left its request: the play sends nothing until
    # a person resumes it.
    request = stop_requests.pending(folder, name) if folder else None
    leftover = request is not None and request.decision == stop_requests.MONITOR_PAUSE and not status.monitor_pause
    pause = status.monitor_pause or ({"reason": request.reason()} if leftover else {})
    paused = status.status == "paused_by_monitor" or leftover
    description = (f"{name}: paused by monitor. {pause.get('reason', '')}" if paused else
                   f"{name}: paused by monitor for segments {', '.join(hold.paused_segments)}; the rest sends"
                   if hold.paused_segments else f"{name}: no pause")
    # A paused segment waits for a person while the rest sends: a warning, which blocks nothing.
    return dg.AssetCheckResult(
        passed=not paused and not hold.paused_segments,
        severity=dg.AssetCheckSeverity.ERROR if paused else dg.AssetCheckSeverity.WARN,
        description=description,
        metadata={
            "status": "paused by monitor" if paused else status.status.replace("_", " "),
            "version_hash": play.version_hash,
            "paused_segments": ", ".join(hold.paused_segments) or "none",
            "segment_pauses": dg.MetadataValue.md("\n".join(f"- {described(name, p)}" for p in segments) or "_none_"),
            "reason": pause.get("reason", ""),
            "replies_that_tripped_it": dg.MetadataValue.md(evidence_links(pause.get("message_ids", ""))),
            "readings": dg.MetadataValue.md(readings_markdown(readings)),
            "what_to_do": how_to_resume(name, play.version_hash, paths.mode),
        },
    )


def deliverability_result(name: str, warehouse: Warehouse, paths: PipelinePaths,
                          policy: SendPolicy) -> dg.AssetCheckResult:
    play = load_plays(paths.plays).plays.get(name)
    if play is None:
        return dg.AssetCheckResult(passed=False, metadata={"status": "play file missing or invalid"})
    mailbox = person_key(play.sender["email"])  # as the guard counts its sends
    limits = policy.deliverability_limits()
    with warehouse.connect() as con:
        readings = window_readings(send_outcomes(sends_with_verdicts(con, refused=True)), policy.now(), limits)
    mine = [r for r in readings if r.name in (mailbox, mailbox.rpartition("@")[2])]
    worst = next((r for r in mine if r.state == PAUSE), None) or next((r for r in mine if r.state == WARN), None)
    # A mailbox with no reading never sent: its floor is a new mailbox's.
    floor = next((r.floor for r in mine if r.scope == "mailbox"), limits.mailbox_floor(0))
    return dg.AssetCheckResult(
        passed=worst is None or worst.state != PAUSE,
        severity=dg.AssetCheckSeverity.ERROR if worst and worst.state == PAUSE else dg.AssetCheckSeverity.WARN,
        description=worst.message if worst else f"{mailbox}: within the lines",
        metadata={
            "mailbox": mailbox,
            "sending_domain": mailbox.rpartition("@")[2],
            "window_days": limits.window_days,
            # What paused it: the window's rates, or a complaint burst in its last hours.
            "paused_by": worst.cause if worst and worst.state == PAUSE else "nothing",
            "readings": dg.MetadataValue.md("\n".join(f"- **{r.state}** {r.message}" for r in mine) or "_no sends_"),
            "lines": f"pause at {limits.max_bounce_rate:.1%} hard bounces (from the {limits.min_bounces}th on; "
                     f"fewer warn) or {limits.max_complaint_rate:.1%} complaints, warn at "
                     f"{limits.warn_complaint_rate:.1%} complaints (over at least {floor:,} sends, {mailbox}'s floor); "
                     f"pause at {limits.burst_min_complaints} or more complaints at {limits.max_complaint_rate:.1%} "
                     f"of the last {limits.burst_hours} hours' sends (a burst)",
        },
    )
