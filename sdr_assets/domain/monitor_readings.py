"""What the monitor reads from a window of sends, and the pauses it records, as rows for its tables."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from sdr_assets.domain import approvals
from sdr_assets.domain.deliverability import PAUSE, DeliverabilityLimits, SenderReading, stopped_domains
from sdr_assets.domain.monitor import (
    ArrivalCurve,
    MonitorSettings,
    PlayReadings,
    Reading,
    SegmentReadings,
    baseline_rate,
    exposure,
    read_segments,
    read_version,
    segment_key,
)
from sdr_assets.domain.pooled_segments import PooledPause, pooled_pauses

FLAGS = ("not_interested", "objection", "unsubscribe", "complaint", "hard_bounce", "hostile")  # a send's verdicts


def verdict_weights(settings: MonitorSettings, columns: list[str]) -> pl.Expr:
    """A send's verdict weight from the flag columns among ``columns`` (``monitor.verdict_weight``):
    each verdict it carries counts once."""
    return pl.sum_horizontal(pl.lit(0.0), *(pl.when(pl.col(f)).then(settings.weights.get(f, 0.0)).otherwise(0.0)
                                            for f in FLAGS if f in columns))


def weighted(sends: pl.DataFrame, settings: MonitorSettings) -> list[float]:
    return sends.select(weight=verdict_weights(settings, sends.columns))["weight"].to_list()


def _evidence_ids(sends: pl.DataFrame, reading: Reading) -> list[str]:
    ids = sends["message_ids"].gather(list(reading.evidence)).to_list() if reading.evidence else []
    return [m for found in ids for m in (found or "").split() if m]


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


def resumed_at(decisions: list[dict], pauses: list[dict] = ()) -> datetime | None:
    """Where the monitor counts the play afresh from, whatever the version (a resume lifts the segment
    pauses taken on earlier versions too): the latest of the ``pauses`` the play's last resume answered,
    those recorded since the resume before it, as their evidence is what the person read; evidence
    that came after it counts on. A resume that answered a stop request a monitor left, which no pause
    row records (``approvals.answers_stop``), counts afresh from itself; one that answered nothing (a
    stray or repeated resume, recorded before resumes had to answer a pause) counts nothing afresh."""
    since, before = None, 0
    for resume in sorted((d for d in decisions if d["decision"] == "resume" and not approvals.set_apart(d)),
                         key=lambda d: d["decision_id"]):
        answered = [p["recorded_at"] for p in pauses if p["event"] == "pause" and p["scope"] in ("play", "segment")
                    and before <= p["after_decision_id"] < resume["decision_id"]]
        if answered or approvals.answers_stop(resume):
            since = min(max(answered), resume["decided_at"]) if answered else resume["decided_at"]
            before = resume["decision_id"]
    return since


def since_resume(sends: pl.DataFrame, since: datetime | None, settings: MonitorSettings,
                 curve: ArrivalCurve | None = None) -> pl.DataFrame:
    """The play's sends as the monitor judges them after a resume at ``since``: those sent since, and
    those sent before it with the verdicts first read since (``<verdict>_seen``), whatever message
    they answer, and only the messages first read since as their evidence (``message_seen``). One
    read before (or undated) the person saw in the pause the resume answered, and does not count again.
    An earlier send deducts only the share of its answer due since the resume, and is left out when
    it adds and deducts nothing."""
    if since is None:
        return sends
    cut = pl.lit(since.astimezone(UTC), dtype=pl.Datetime("us", "UTC"))
    flags = [f for f in FLAGS if f in sends.columns]
    late = {f: pl.col(f) & (pl.col(f"{f}_seen") > cut).fill_null(False) if f"{f}_seen" in sends.columns
            else pl.lit(False) for f in flags}
    before = sends.filter(pl.col("sent_at") <= cut).with_columns(**late)
    if "message_seen" in before.columns:  # its evidence: only the messages first seen since
        since_seen = pl.col("message_seen").list.eval(pl.arg_where(pl.element() > cut))
        before = before.with_columns(message_ids=pl.col("message_ids").str.split(" ").list.gather(since_seen)
                                     .list.join(" "))
    at_resume = exposure([(since - sent).total_seconds() / 3600 for sent in before["sent_at"].to_list()],
                         settings, curve)
    before = (before.with_columns(weight=verdict_weights(settings, flags),
                                  due=pl.col("due") - pl.Series(at_resume, dtype=pl.Float64))
              .filter((pl.col("weight") > 0) | (pl.col("due") > 0)))
    return pl.concat([before, sends.filter(pl.col("sent_at") > cut)])


def read_plays(sends: pl.DataFrame, weights: list[float], events: list[dict], decisions: dict[str, list[dict]],
               settings: MonitorSettings, after: int, now: datetime,
               curve: ArrivalCurve | None = None) -> tuple[list[dict], list[dict]]:
    """Readings per play segment and version, and the pauses to record now.

    ``decisions`` holds each play's decisions as the gate counts them (``approvals.counted``): only
    those lift a pause or make the monitor count afresh (:func:`since_resume`). A segment is read
    once over the play's sends since then, whichever version sent them: an edit of the copy leaves
    the segment's prospects as they were, and its pause holds every version. A segment several plays
    still mail is also read over their sends pooled (``pooled_segments``). Each version is read
    on its own sends in the segments left open.
    ``curve`` is the team's arrival curve (``monitor.arrival_curve``); without it the default one.
    """
    ages = [(now - sent).total_seconds() / 3600 for sent in sends["sent_at"].to_list()]
    frame = sends.with_columns(pl.Series("weight", weights, dtype=pl.Float64),
                               pl.Series("due", exposure(ages, settings, curve), dtype=pl.Float64))
    read: dict[str, tuple] = {}
    for (play,), sent in frame.group_by(["play"], maintain_order=True):
        others = frame.filter(pl.col("play") != play)
        baseline = baseline_rate(float(others["due"].sum()), float(others["weight"].sum()), settings)
        history = decisions.get(play, [])
        sent = sent.sort("sent_at", maintain_order=True)
        mine = [e for e in events if e["play"] == play]
        judged = since_resume(sent, resumed_at(history, mine), settings, curve)
        # A segment pause holds every version, and one recorded under another spelling of the segment
        # holds it all the same.
        held = {segment_key(p["scope_value"]) for p in approvals.open_pauses(mine, history, "", "segment")}
        found = read_segments(judged["segment"].to_list(), judged["weight"].to_numpy(), baseline, settings, held,
                              judged["due"].to_numpy(), judged["complaint"].to_numpy(),
                              judged["hard_bounce"].to_numpy())
        read[play] = (sent, judged, mine, history, held, baseline, found)
    pooled = pooled_pauses({p: r[1] for p, r in read.items()}, {p: r[6] for p, r in read.items()},
                           {p: r[5] for p, r in read.items()}, settings)
    rows, new = [], []
    for play, (sent, judged, mine, history, held, baseline, found) in read.items():
        together = pooled.get(play, {})
        found = SegmentReadings(found.readings, found.paused | set(together), found.breaches)
        blamed: dict[str, str] = {}  # segments a version's own test pauses, with that version
        play_rows, play_pauses = [], []
        for (version,), _ in sent.group_by(["play_version"], maintain_order=True):
            own = judged.filter(pl.col("play_version") == version)
            readings = read_version(own["segment"].to_list(), own["weight"].to_numpy(), baseline, settings,
                                    found, own["due"].to_numpy())
            for segment in readings.paused_segments:
                if segment not in found.paused:
                    blamed.setdefault(segment, version)
            found = SegmentReadings(found.readings, found.paused | set(blamed), found.breaches)
            r = readings.play
            ids = _evidence_ids(own, r)
            play_rows.append(_reading_row("play", play, version, play,
                                          "paused" if readings.play_paused else "watching", r, ids, now))
            if readings.play_paused and not approvals.open_pauses(mine, history, version):
                play_pauses.append(_pause_row("play", play, version, play, after, now,
                                              f"{_play_reason(readings, own)}.", r, ids))
        segment_rows, segment_pauses = _segment_rows(play, judged, found, held, blamed, together, after, now)
        rows += segment_rows + play_rows
        new += segment_pauses + play_pauses
    return rows, new


def _segment_rows(play: str, judged: pl.DataFrame, found: SegmentReadings, held: set[str], blamed: dict[str, str],
                  together: dict[str, PooledPause], after: int, now: datetime) -> tuple[list[dict], list[dict]]:
    """A play's segment readings, and the segment pauses to record now: each under the version that
    sent the send that tripped it (one a version's own test ``blamed``, that version), else the
    version that sent the segment's latest; one the plays mailing it offend ``together``, with the
    pooled figures and replies."""
    rows, new = [], []
    versions = judged["play_version"]
    for segment, r in found.readings.items():
        ids = _evidence_ids(judged, r)
        last = judged.filter(pl.col("segment") == segment)["play_version"][-1]
        version = blamed.get(segment) or (versions[r.evidence[-1]] if r.tripped and r.evidence else last)
        paused = segment in found.paused
        rows.append(_reading_row("segment", play, version, segment, "paused" if paused else "watching", r, ids, now))
        if paused and segment not in held and segment in together:
            pool = together[segment]
            new.append(_pause_row("segment", play, pool.version, segment, after, now, f"{pool.reason}.",
                                  pool.reading, list(pool.message_ids)))
        elif paused and segment not in held:
            why = (f"segment {segment}: {found.breaches[segment]}" if segment in found.breaches
                   else r.describe(f"segment {segment}"))
            new.append(_pause_row("segment", play, version, segment, after, now, f"{why}.", r, ids))
    return rows, new


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
    """Rows per mailbox and domain, and pause or lift events where the state changed (a domain whose every
    mailbox is paused keeps its last: ``stopped_domains``)."""
    last = {(e["scope"], e["scope_value"]): e["event"] for e in events if e["scope"] in ("mailbox", "domain")}
    stopped = stopped_domains(readings)
    rows, new = [], []
    for r in readings:
        rows.append({"scope": r.scope, "play": None, "play_version": None, "scope_value": r.name, "state": r.state,
                     "sends": r.sends, "negatives": r.hard_bounces + r.complaints, "weighted": None,
                     "rate": r.complaint_rate, "baseline": None, "statistic": r.bounce_rate,
                     "peak": None, "hard_bounces": r.hard_bounces, "complaints": r.complaints,
                     "message": r.message, "message_ids": "", "read_at": now})
        was_paused = last.get((r.scope, r.name)) == "pause"
        if (r.state == PAUSE) != was_paused and not (r.scope == "domain" and r.name in stopped):
            new.append(_pause_row(r.scope, None, None, r.name, after, now, r.message,
                                  event="pause" if r.state == PAUSE else "lift"))
    return rows, new
