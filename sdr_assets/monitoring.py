"""The accountability loop: after each triage the monitor reads every play version and segment, and
the deliverability guard every mailbox and sending domain; what trips is paused until a person decides.
"""

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import dagster as dg
import duckdb
import polars as pl

from resources.settings import PipelinePaths, SendPolicy
from resources.store import approvals as records
from resources.tables import columns_of, rewrite_rows, transaction
from resources.warehouse import Warehouse, frame_of, one, table_exists
from sdr_assets import stop_requests
from sdr_assets.domain import approvals
from sdr_assets.domain.deliverability import window_readings
from sdr_assets.domain.monitor import arrival_curve
from sdr_assets.domain.monitor_readings import read_plays, read_senders, weighted
from sdr_assets.domain.plays import Play
from sdr_assets.former_plays import current_names
from sdr_assets.guard_pauses import guard_pauses
from sdr_assets.incremental import LayerConfig, digest, record_mark, tables_mark, unchanged
from sdr_assets.metadata import defined_columns, table_metadata
from sdr_assets.monitor_data import (
    append_pauses,
    ensure_segments,
    latest_decision_id,
    pause_events,
    reply_latencies,
    segments_settled,
    send_outcomes,
    sends_with_verdicts,
)
from sdr_assets.playbook import load_plays
from sdr_assets.segment_pauses import paused_segments

READING_SCHEMA = {
    "scope": pl.String, "play": pl.String, "play_version": pl.String, "scope_value": pl.String,
    "state": pl.String, "sends": pl.Int64, "negatives": pl.Int64, "weighted": pl.Float64, "rate": pl.Float64,
    "baseline": pl.Float64, "statistic": pl.Float64, "peak": pl.Float64, "hard_bounces": pl.Int64,
    "complaints": pl.Int64, "message": pl.String, "message_ids": pl.String, "read_at": pl.Datetime("us", "UTC"),
}


@dg.multi_asset(
    group_name="monitor",
    specs=[
        dg.AssetSpec("monitor_readings", kinds={"duckdb"},
                     deps=["send_ledger", "reply_classifications", "raw_replies", "suppression_events",
                           "enriched_accounts", "play_approvals", "play_versions"],
                     metadata=defined_columns(READING_SCHEMA),
                     description="The monitor's current reading of every play version, segment, mailbox and "
                                 "sending domain: figures, evidence and state."),
        dg.AssetSpec("monitor_pauses", kinds={"duckdb"},
                     description="Every pause the monitor and the deliverability guard recorded (append-only), "
                                 "with the figures and the replies that tripped it."),
    ],
)
def play_monitor(config: LayerConfig, warehouse: Warehouse, policy: SendPolicy, paths: PipelinePaths):
    """Read each play version and segment against the team's baseline, and each mailbox and domain.

    With no new send, reply, opt-out, decision or pause and unchanged settings and play files, the
    last reading stands for up to ``REREAD_EVERY`` (until a send leaves the deliverability window, if
    sooner): with nothing new, time only matures silence, which lowers a play's evidence and never
    trips a pause. ``full_refresh`` reads everything again regardless.
    """
    now, settings, limits = policy.now(), policy.monitor_settings(), policy.deliverability_limits()
    files = load_plays(paths.plays).plays
    with warehouse.connect() as con:
        mode = records.counted_mode(con, paths.mode)
        filled = ensure_segments(con)
        inputs = _inputs(con, settings, limits, files, mode)
        if not config.full_refresh and unchanged(con, "play_monitor", inputs, now, table="monitor_readings"):
            yield from _unchanged_results(con, filled)
            return
        tried, events, decisions = _as_named_now(con, files, mode)
        sends = tried.filter(~pl.col("refused"))  # a play is read on the mail that went, its senders on all tried
        curve = arrival_curve(reply_latencies(con, now - timedelta(hours=settings.maturity_hours)), settings)
        plays, new_plays = read_plays(sends, weighted(sends, settings), events, decisions, settings,
                                      latest_decision_id(con), now, curve)
        senders, new_senders = read_senders(window_readings(send_outcomes(tried), now, limits), events, limits,
                                            latest_decision_id(con), now)
        frame = pl.DataFrame(plays + senders, schema=READING_SCHEMA)
        # One transaction: no interrupt leaves readings that pause a play without the pause recorded.
        with pauses_announced(warehouse.path, new_plays, now, paths.mode), transaction(con):
            rewrite_rows(con, "monitor_readings", frame)
            append_pauses(con, new_plays + new_senders)
            total = int(con.execute("select count(*) from monitor_pauses").fetchone()[0])
            record_mark(con, "play_monitor", _inputs(con, settings, limits, files, mode), now,
                        _reading_holds_until(tried, now, limits.window_days))
            withdrawn = _withdraw_paused_tasks(con, paths, now, new_plays)
        if withdrawn:  # the spreadsheet people work from follows, once committed
            from sdr_assets import task_records

            task_records.write_csv(con, paths.exports / task_records.CSV_NAME)
    states = {f"{s}:{st}": int(n) for s, st, n in frame.group_by("scope", "state").len().iter_rows()}
    yield dg.MaterializeResult(asset_key="monitor_readings", metadata=table_metadata(
        frame.drop("message", "read_at"), states=dg.MetadataValue.json(states), reread="yes",
        segments_filled_in=filled, reply_arrival=curve.describe()))
    yield dg.MaterializeResult(asset_key="monitor_pauses", metadata={
        "dagster/row_count": total, "recorded_now": len(new_plays) + len(new_senders),
        "new": dg.MetadataValue.json([f"{e['event']} {e['scope']} {e['scope_value']}" for e in new_plays + new_senders]),
    })


def _as_named_now(con: duckdb.DuckDBPyConnection, files: dict[str, Play], mode: str
                  ) -> tuple[pl.DataFrame, list[dict], dict[str, list[dict]]]:
    """The sends (those refused at RCPT too: ``sends_with_verdicts``), the pause events and each play's
    counted decisions, a play's under its former names
    (``former_plays``) read as its own under the name its file gives it now: a rename neither sets its
    evidence back to nothing nor records its next pause under a name no file holds, which no owner hears of."""
    renamed = current_names(con, files.values())
    sends = sends_with_verdicts(con, refused=True).with_columns(pl.col("play").replace(renamed))
    events = [{**e, "play": renamed.get(e["play"], e["play"])} for e in pause_events(con).iter_rows(named=True)]
    decisions = {}
    for play in sends["play"].unique().to_list():
        names = [play, *(old for old, new in renamed.items() if new == play)]
        history = sorted((d for name in names for d in records.history(con, name)), key=lambda d: d["decision_id"])
        decisions[play] = approvals.counted(files.get(play), history, mode)
    return sends, events, decisions


def _withdraw_paused_tasks(con: duckdb.DuckDBPyConnection, paths: PipelinePaths, now: datetime,
                           events: list[dict]) -> bool:
    """The open LinkedIn tasks the pauses among ``events`` hold withdrawn at once, in the transaction that
    records them, as a revocation withdraws them: a paused play's every task, a paused segment's people's
    (the play's outreach run, which would, stops at its gate or holds them until a person resumes it).
    Returns whether any was (the caller then rewrites the spreadsheet)."""
    from sdr_assets import task_records

    scopes = {e["scope"] for e in events if e["event"] == "pause"}
    if not (scopes & {"play", "segment"} and table_exists(con, "linkedin_tasks")):
        return False
    # by the pauses this transaction recorded, not by the requests announcing them: one announces a segment
    # pause too, which holds that segment's people, not the play's every task
    stopped = "play" in scopes and task_records.withdraw_tasks_of_stopped_plays(con, paths.plays, paths.mode, now,
                                                                                requests=False)
    held = "segment" in scopes and task_records.withdraw_tasks_of_paused_segments(con, paths.plays, paths.mode, now)
    return bool(stopped or held)


@contextmanager
def pauses_announced(warehouse_path: str, events: list[dict], now: datetime,
                     mode: str | None = None) -> Iterator[None]:
    """A stop request (:mod:`sdr_assets.stop_requests`) for each play the monitor pauses, whole or a
    segment, while the block records the pauses: a batch of the play in another process ends after
    its message in flight, and a monitor killed before the pause is recorded leaves the play stopped
    until a person resumes or approves it. The guard's pauses lift by themselves: they announce none."""
    folder = stop_requests.requests_folder(warehouse_path)
    reasons: dict[str, str] = {}
    for event in events:
        if event["event"] == "pause" and event["scope"] in ("play", "segment") and event["play"]:
            reasons.setdefault(event["play"], event["reason"])
    with ExitStack() as requests:
        for play, reason in sorted(reasons.items()) if folder else []:
            requests.enter_context(stop_requests.announced(folder, play, stop_requests.MONITOR_PAUSE,
                                                           stop_requests.MONITOR, now, note=reason,
                                                           mode=mode))
        yield


def monitor_unchanged(con: duckdb.DuckDBPyConnection, policy: SendPolicy, paths: PipelinePaths,
                      now: datetime) -> bool:
    """Whether the monitor would read nothing again at ``now``: the ledger's segments filled in, and the
    last reading's inputs as they were while it holds (``REREAD_EVERY``, or until a send leaves the
    deliverability window)."""
    if not (segments_settled(con) and table_exists(con, "monitor_pauses")):
        return False
    inputs = _inputs(con, policy.monitor_settings(), policy.deliverability_limits(), load_plays(paths.plays).plays,
                     records.counted_mode(con, paths.mode))
    return unchanged(con, "play_monitor", inputs, now, table="monitor_readings")


REREAD_EVERY = timedelta(minutes=15)
# The columns the monitor reads, by table: a change anywhere else leaves its reading as it was. The
# ledger's segment joins them once the ledger has the column: the monitor and the send step fill it
# in on rows kept before it (``monitor_data.ensure_segments``); so does triage's ``dsn``.
MONITOR_INPUTS = {
    "send_ledger": ["send_key", "status", "play", "play_version", "mailbox", "contact_email", "company_domain",
                    "sent_at"],
    # ``reason`` carries the hostility mark (``monitor_data.VERDICT_OF``), which a re-triage may change alone.
    "reply_classifications": ["send_key", "kind", "label", "hard", "reason", "message_id", "recipients",
                              "received_at"],
    "raw_replies": ["message_id", "fetched_at"],
    "suppression_events": ["target", "action", "reason", "source"],
    "enriched_accounts": ["play", "company_domain", "industry"],
    "play_approvals": ["play_approvals"],
    "monitor_pauses": ["monitor_pauses"],
}


def _inputs(con: duckdb.DuckDBPyConnection, settings, limits, files: dict[str, Play], mode: str) -> str:
    """What the reading depends on; the play files and the mode decide which decisions count."""
    versions = sorted((name, p.version_hash, p.content_sha256) for name, p in files.items())
    tables = MONITOR_INPUTS
    for table, column in (("send_ledger", "segment"), ("reply_classifications", "dsn")):
        if column in columns_of(con, table):
            tables = {**tables, table: [*tables[table], column]}
    return digest([tables_mark(con, tables), repr(settings), repr(limits), repr(versions), mode])


def _reading_holds_until(sends: pl.DataFrame, now: datetime, window_days: int) -> datetime:
    """The next re-read: ``REREAD_EVERY`` from now, or sooner when a send leaves the deliverability window."""
    window = timedelta(days=window_days)
    inside = sends.filter(pl.col("sent_at") >= now - window)["sent_at"]
    return min(now + REREAD_EVERY, inside.min() + window) if inside.len() else now + REREAD_EVERY


def _unchanged_results(con: duckdb.DuckDBPyConnection, filled: int):
    total = one(con, "select count(*) from monitor_readings")[0]
    pauses = one(con, "select count(*) from monitor_pauses")[0]
    reason = "no: sends, replies, opt-outs, decisions, pauses and settings unchanged since the last reading"
    yield dg.MaterializeResult(asset_key="monitor_readings", metadata={
        "dagster/row_count": total, "reread": reason, "segments_filled_in": filled})
    yield dg.MaterializeResult(asset_key="monitor_pauses", metadata={"dagster/row_count": pauses, "recorded_now": 0})


@dataclass(frozen=True)
class SendingHold:
    """What the monitor and the guard hold back for one play at send time."""

    stopped: str | None  # why nothing may be sent, if so
    paused_segments: tuple[str, ...]
    paused_accounts: frozenset[str]  # company domains in the paused segments

    def metadata(self) -> dict:
        return {"stopped_by": self.stopped or "", "paused_segments": ", ".join(self.paused_segments)}


def sending_hold(con: duckdb.DuckDBPyConnection, play: Play, policy: SendPolicy, mode: str) -> SendingHold:
    """Re-read at send time: the sender's mailbox and domain, and the segments the monitor paused.

    A pause lifts only by a decision the gate counts in ``mode``. An account is held when its
    segment now, or one it was sent under, is paused (its signal may have aged out since).
    """
    return SendingHold(guard_pauses(con, [play], policy).get(play.name), *paused_segments(con, play, mode))


def play_readings(con: duckdb.DuckDBPyConnection, play: str) -> pl.DataFrame:
    if not table_exists(con, "monitor_readings"):
        return pl.DataFrame(schema=READING_SCHEMA)
    return frame_of(con, "select * from monitor_readings where play = ? order by scope, scope_value", [play])


def readings_markdown(frame: pl.DataFrame) -> str:
    if frame.is_empty():
        return "_no sends read yet_"
    lines = ["| scope | value | state | sends | negatives | weighted rate | baseline | evidence |",
             "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['scope']} | {r['scope_value']} | {r['state']} | {r['sends']} | {r['negatives']} | "
              f"{(r['rate'] or 0):.1%} | {(r['baseline'] or 0):.1%} | {(r['peak'] or 0):.1f} |"
              for r in frame.iter_rows(named=True)]
    return "\n".join(lines)


def evidence_links(message_ids: str) -> str:
    """Message ids of the replies that tripped a pause, as a list a reader can search the mailbox for."""
    ids = [m for m in (message_ids or "").split() if m]
    return "\n".join(f"- `{m}`" for m in ids) or "_none_"
