"""The accountability loop: after each triage the monitor reads every play version and segment, and
the deliverability guard every mailbox and sending domain; what trips is paused until a person decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import dagster as dg
import duckdb
import polars as pl

from resources.settings import SendPolicy
from resources.warehouse import Warehouse, frame_of, replace_rows, table_exists
from resources.store import approvals as records
from sdr_assets.domain import approvals
from sdr_assets.domain.deliverability import PAUSE, DeliverabilityLimits, SenderReading, blocking, window_readings
from sdr_assets.domain.monitor import (
    MonitorSettings,
    Reading,
    baseline_rate,
    exposure,
    monitor_play,
    verdict_weight,
)
from sdr_assets.domain.plays import Play
from sdr_assets.metadata import table_metadata
from sdr_assets.monitor_data import (
    FLAGS,
    append_pauses,
    latest_decision_id,
    pause_events,
    resumed_at,
    send_outcomes,
    sends_with_verdicts,
)

READING_SCHEMA = {
    "scope": pl.String, "play": pl.String, "play_version": pl.String, "scope_value": pl.String,
    "state": pl.String, "sends": pl.Int64, "negatives": pl.Int64, "weighted": pl.Float64, "rate": pl.Float64,
    "baseline": pl.Float64, "statistic": pl.Float64, "peak": pl.Float64, "hard_bounces": pl.Int64,
    "complaints": pl.Int64, "message": pl.String, "message_ids": pl.String, "read_at": pl.Datetime("us", "UTC"),
}


def weighted(sends: pl.DataFrame, settings: MonitorSettings) -> list[float]:
    return [verdict_weight([f for f in FLAGS if r[f]], settings.weights) for r in sends.iter_rows(named=True)]


def _evidence_ids(sends: pl.DataFrame, reading: Reading) -> list[str]:
    ids = sends["message_ids"].to_list()
    return [m for i in reading.evidence for m in (ids[i] or "").split() if m]


def _reading_row(scope: str, play: str, version: str, value: str, state: str, r: Reading, ids: list[str],
                 now: datetime) -> dict:
    return {"scope": scope, "play": play, "play_version": version, "scope_value": value, "state": state,
            "sends": r.sends, "negatives": r.negatives, "weighted": r.weighted, "rate": r.rate,
            "baseline": r.baseline, "statistic": r.statistic, "peak": r.peak, "hard_bounces": None,
            "complaints": None, "message": r.describe(f"{play} {scope} {value}"), "message_ids": " ".join(ids),
            "read_at": now}


def _pause_row(scope: str, play: str | None, version: str | None, value: str, after: int, now: datetime,
               reason: str, reading: Reading | None = None, ids: list[str] = (), event: str = "pause") -> dict:
    return {"event": event, "scope": scope, "play": play, "play_version": version, "scope_value": value,
            "recorded_at": now, "after_decision_id": after, "reason": reason, "message_ids": " ".join(ids),
            **({"sends": reading.sends, "negatives": reading.negatives, "weighted": reading.weighted,
                "baseline": reading.baseline, "statistic": reading.peak} if reading else {})}


def read_plays(sends: pl.DataFrame, weights: list[float], events: list[dict], decisions: dict[str, list[dict]],
               resumed: dict, settings: MonitorSettings, after: int, now: datetime) -> tuple[list[dict], list[dict]]:
    """Readings per play version and segment, and the pauses to record now."""
    frame = sends.with_columns(pl.Series("weight", weights, dtype=pl.Float64))
    rows, new = [], []
    for (play, version), group in frame.group_by(["play", "play_version"], maintain_order=True):
        others = frame.filter(pl.col("play") != play)
        baseline = baseline_rate(others.height, float(others["weight"].sum()), settings)
        since = resumed.get((play, version))
        if since is not None:
            group = group.filter(pl.col("sent_at") > pl.lit(since.astimezone(UTC), dtype=pl.Datetime("us", "UTC")))
        mine = [e for e in events if e["play"] == play]
        history = decisions.get(play, [])
        held = {p["scope_value"] for p in approvals.open_pauses(mine, history, version, "segment")}
        ages = [(now - sent).total_seconds() / 3600 for sent in group["sent_at"].to_list()]
        readings = monitor_play(group["segment"].to_list(), group["weight"].to_numpy(), baseline, settings, held,
                                exposure(ages, settings))
        for segment, r in readings.segments.items():
            ids = _evidence_ids(group, r)
            paused = segment in readings.paused_segments
            rows.append(_reading_row("segment", play, version, segment, "paused" if paused else "watching", r, ids, now))
            if paused and segment not in held:
                new.append(_pause_row("segment", play, version, segment, after, now,
                                      f"{r.describe(f'segment {segment}')}.", r, ids))
        r = readings.play
        ids = _evidence_ids(group, r)
        rows.append(_reading_row("play", play, version, play, "paused" if readings.play_paused else "watching", r,
                                 ids, now))
        if readings.play_paused and not approvals.open_pauses(mine, history, version):
            why = (r.describe("the rest of the play") if r.tripped else
                   f"every segment it sends to is paused ({', '.join(readings.paused_segments)})")
            new.append(_pause_row("play", play, version, play, after, now, f"{why}.", r, ids))
    return rows, new


def read_senders(readings: list[SenderReading], events: list[dict], limits: DeliverabilityLimits, after: int,
                 now: datetime) -> tuple[list[dict], list[dict]]:
    """Rows per mailbox and domain, and pause or lift events where the state changed."""
    last = {(e["scope"], e["scope_value"]): e["event"] for e in events if e["scope"] in ("mailbox", "domain")}
    rows, new = [], []
    for r in readings:
        rows.append({"scope": r.scope, "play": None, "play_version": None, "scope_value": r.name, "state": r.state,
                     "sends": r.sends, "negatives": r.hard_bounces + r.complaints, "weighted": None,
                     "rate": r.complaint_rate, "baseline": None, "statistic": r.bounce_rate,
                     "peak": None, "hard_bounces": r.hard_bounces, "complaints": r.complaints,
                     "message": r.message, "message_ids": "", "read_at": now})
        was_paused = last.get((r.scope, r.name)) == "pause"
        if (r.state == PAUSE) != was_paused:
            new.append(_pause_row(r.scope, None, None, r.name, after, now, r.message,
                                  event="pause" if r.state == PAUSE else "lift"))
    return rows, new


@dg.multi_asset(
    group_name="monitor",
    specs=[
        dg.AssetSpec("monitor_readings", kinds={"duckdb"},
                     deps=["send_ledger", "reply_classifications", "suppression_events", "enriched_accounts",
                           "play_approvals"],
                     description="The monitor's current reading of every play version, segment, mailbox and "
                                 "sending domain: figures, evidence and state."),
        dg.AssetSpec("monitor_pauses", kinds={"duckdb"},
                     description="Every pause the monitor and the deliverability guard recorded (append-only), "
                                 "with the figures and the replies that tripped it."),
    ],
)
def play_monitor(warehouse: Warehouse, policy: SendPolicy):
    """Read each play version and segment against the team's baseline, and each mailbox and domain."""
    now, settings, limits = policy.now(), policy.monitor_settings(), policy.deliverability_limits()
    with warehouse.connect() as con:
        sends = sends_with_verdicts(con)
        events = list(pause_events(con).iter_rows(named=True))
        decisions = {p: records.history(con, p) for p in sends["play"].unique().to_list()}
        plays, new_plays = read_plays(sends, weighted(sends, settings), events, decisions, resumed_at(con),
                                      settings, latest_decision_id(con), now)
        senders, new_senders = read_senders(window_readings(send_outcomes(sends), now, limits), events, limits,
                                            latest_decision_id(con), now)
        frame = pl.DataFrame(plays + senders, schema=READING_SCHEMA)
        replace_rows(con, "monitor_readings", frame)
        append_pauses(con, new_plays + new_senders)
        total = int(con.execute("select count(*) from monitor_pauses").fetchone()[0])
    states = {f"{s}:{st}": int(n) for s, st, n in frame.group_by("scope", "state").len().iter_rows()}
    yield dg.MaterializeResult(asset_key="monitor_readings", metadata=table_metadata(
        frame.drop("message", "read_at"), states=dg.MetadataValue.json(states)))
    yield dg.MaterializeResult(asset_key="monitor_pauses", metadata={
        "dagster/row_count": total, "recorded_now": len(new_plays) + len(new_senders),
        "new": dg.MetadataValue.json([f"{e['event']} {e['scope']} {e['scope_value']}" for e in new_plays + new_senders]),
    })


@dataclass(frozen=True)
class SendingHold:
    """What the monitor and the guard hold back for one play at send time."""

    stopped: str | None  # why nothing may be sent, if so
    paused_segments: tuple[str, ...]
    paused_accounts: frozenset[str]  # company domains in the paused segments

    def metadata(self) -> dict:
        return {"stopped_by": self.stopped or "", "paused_segments": ", ".join(self.paused_segments)}


def sending_hold(con: duckdb.DuckDBPyConnection, play: Play, policy: SendPolicy) -> SendingHold:
    """Re-read at send time: the sender's mailbox and domain, and the segments the monitor paused."""
    readings = window_readings(send_outcomes(sends_with_verdicts(con)), policy.now(), policy.deliverability_limits())
    blocker = blocking(readings, str(play.sender["email"]))
    version = play.version_hash
    segments = tuple(sorted({p["scope_value"] for p in approvals.open_pauses(
        records.pauses_of(con, play.name), records.history(con, play.name), version, "segment")}))
    accounts: set[str] = set()
    if segments and table_exists(con, "enriched_accounts"):
        found = frame_of(con, "select distinct company_domain, coalesce(industry, 'unknown') as segment "
                              "from enriched_accounts where play = ?", [play.name])
        accounts = set(found.filter(pl.col("segment").is_in(segments))["company_domain"].to_list())
    return SendingHold(blocker.message if blocker else None, segments, frozenset(accounts))


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
