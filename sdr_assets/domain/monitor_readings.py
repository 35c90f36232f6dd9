"""What the monitor reads from a window of sends, and the pauses it records, as rows for its tables."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from sdr_assets.domain import approvals
from sdr_assets.domain.deliverability import PAUSE, DeliverabilityLimits, SenderReading
from sdr_assets.domain.monitor import (
    ArrivalCurve,
    MonitorSettings,
    PlayReadings,
    Reading,
    baseline_rate,
    exposure,
    monitor_play,
    segment_key,
)

FLAGS = ("not_interested", "objection", "unsubscribe", "complaint", "hard_bounce", "hostile")  # a send's verdicts


def verdict_weights(settings: MonitorSettings, columns: list[str]) -> pl.Expr:
    """A send's verdict weight from the flag columns among ``columns`` (``monitor.verdict_weight``):
    each verdict it carries counts once."""
    return pl.sum_horizontal(pl.lit(0.0), *(pl.when(pl.col(f)).then(settings.weights.get(f, 0.0)).otherwise(0.0)
                                            for f in FLAGS if f in columns))


def weighted(sends: pl.DataFrame, settings: MonitorSettings) -> list[float]:
    return sends.select(weight=verdict_weights(settings, sends.columns))["weight"].to_list()


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


def resumed_at(decisions: list[dict]) -> datetime | None:
    """When the play was last resumed, whatever the version: the monitor counts every version afresh
    from there, since a resume lifts the segment pauses taken on earlier versions too."""
    return max((d["decided_at"] for d in decisions if d["decision"] == "resume" and not approvals.set_apart(d)),
               default=None)


def since_resume(sends: pl.DataFrame, since: datetime | None, settings: MonitorSettings,
                 curve: ArrivalCurve | None = None) -> pl.DataFrame:
    """The play's sends as the monitor judges them after a resume at ``since``: those sent since, and
    those sent before it with the verdicts first read since (``<verdict>_seen``), whatever message
    they answer. One read before the resume (or undated) the person saw, and does not count again.
    An earlier send deducts only the share of its answer due since the resume, and is left out when
    it adds and deducts nothing."""
    if since is None:
        return sends
    cut = pl.lit(since.astimezone(UTC), dtype=pl.Datetime("us", "UTC"))
    flags = [f for f in FLAGS if f in sends.columns]
    late = {f: pl.col(f) & (pl.col(f"{f}_seen") > cut).fill_null(False) if f"{f}_seen" in sends.columns
            else pl.lit(False) for f in flags}
    before = sends.filter(pl.col("sent_at") <= cut).with_columns(**late)
    at_resume = exposure([(since - sent).total_seconds() / 3600 for sent in before["sent_at"].to_list()],
                         settings, curve)
    before = (before.with_columns(weight=verdict_weights(settings, flags), due=pl.col("due") - pl.Series(at_resume, dtype=pl.Float64))
              .filter((pl.col("weight") > 0) | (pl.col("due") > 0)))
    return pl.concat([before, sends.filter(pl.col("sent_at") > cut)])


def read_plays(sends: pl.DataFrame, weights: list[float], events: list[dict], decisions: dict[str, list[dict]],
               settings: MonitorSettings, after: int, now: datetime,
               curve: ArrivalCurve | None = None) -> tuple[list[dict], list[dict]]:
    """Readings per play version and segment, and the pauses to record now.

    ``decisions`` holds each play's decisions as the gate counts them (``approvals.counted``): only
    those lift a pause or make the monitor count afresh (:func:`since_resume`). A segment's reading
    carries the sends of the play's earlier versions since then (:func:`with_earlier_versions`).
    ``curve`` is the team's arrival curve (``monitor.arrival_curve``); without it the default one.
    """
    ages = [(now - sent).total_seconds() / 3600 for sent in sends["sent_at"].to_list()]
    frame = sends.with_columns(pl.Series("weight", weights, dtype=pl.Float64),
                               pl.Series("due", exposure(ages, settings, curve), dtype=pl.Float64))
    rows, new, recorded = [], [], set()
    for (play, version), group in frame.group_by(["play", "play_version"], maintain_order=True):
        others = frame.filter(pl.col("play") != play)
        baseline = baseline_rate(float(others["due"].sum()), float(others["weight"].sum()), settings)
        history = decisions.get(play, [])
        judged = since_resume(frame.filter(pl.col("play") == play), resumed_at(history), settings, curve)
        group = with_earlier_versions(judged, version, group["sent_at"].max())
        mine = [e for e in events if e["play"] == play]
        # A pause recorded under another spelling of the segment holds it all the same, and one this
        # reading records for one version holds the play's others.
        held = {segment_key(p["scope_value"]) for p in approvals.open_pauses(mine, history, version, "segment")}
        held |= {segment for p, segment in recorded if p == play}
        readings = monitor_play(group["segment"].to_list(), group["weight"].to_numpy(), baseline, settings, held,
                                group["due"].to_numpy(), group["complaint"].to_numpy(),
                                group["hard_bounce"].to_numpy(), group["carried"].to_numpy())
        for segment, r in readings.segments.items():
            ids = _evidence_ids(group, r)
            paused = segment in readings.paused_segments
            rows.append(_reading_row("segment", play, version, segment, "paused" if paused else "watching", r, ids, now))
            if paused and segment not in held:
                why = (f"segment {segment}: {readings.breaches[segment]}" if segment in readings.breaches
                       else r.describe(f"segment {segment}"))
                new.append(_pause_row("segment", play, version, segment, after, now, f"{why}.", r, ids))
                recorded.add((play, segment))
        r = readings.play
        ids = _evidence_ids(group, r)
        rows.append(_reading_row("play", play, version, play, "paused" if readings.play_paused else "watching", r,
                                 ids, now))
        if readings.play_paused and not approvals.open_pauses(mine, history, version):
            own = group.filter(~pl.col("carried"))
            new.append(_pause_row("play", play, version, play, after, now, f"{_play_reason(readings, own)}.", r, ids))
    return rows, new


def with_earlier_versions(sends: pl.DataFrame, version: str, last_sent: datetime | None) -> pl.DataFrame:
    """The sends a reading of ``version`` takes, in send order, marked ``carried`` when another version
    sent them, by ``version``'s latest send: they count in their segments' readings, not the play's.
    An edit starts the copy's count afresh, but not the count of the prospects it goes to."""
    by_then = pl.col("sent_at") <= pl.lit(last_sent, dtype=pl.Datetime("us", "UTC"))
    carried = (pl.col("play_version") != version) & by_then
    return sends.filter((pl.col("play_version") == version) | carried).with_columns(carried=carried)


def _play_reason(readings: PlayReadings, group: pl.DataFrame) -> str:
    """Why the play is paused: its own test on the segments still open, or every segment paused."""
    paused = ", ".join(readings.paused_segments)
    if readings.play.tripped:
        return readings.play.describe(f"the play outside its paused segments ({paused})" if paused else "the play")
    weights = group["weight"]
    return (f"every segment the play sends to is paused ({paused}); all {group.height} sends counted: "
            f"{int((weights > 0).sum())} negative verdicts, weighted rate {weights.mean() or 0.0:.1%}")


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
