"""One segment mailed by several plays, read as one: each play's own test of it may stay under the
threshold while together they clearly offend its prospects.

Only segments that two or more plays still send to (not paused for them) are pooled: a segment one
play alone mails is judged by that play's own test, as before. The pooled sends are each play's as
its own test reads them (since its last resume), in send order, against the baseline of the plays
outside the pool, with the segment threshold. When the pooled evidence reaches it, the segment is
paused for each play in the pool, with the plays and their figures in the reason; a person resumes
each play as for any segment pause. A play that resumes reads its own sends afresh, and a segment
still paused for another play leaves that play's sends out of the pool.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from sdr_assets.domain.monitor import MonitorSettings, Reading, SegmentReadings, baseline_rate, scan

COLUMNS = ("play", "play_version", "segment", "sent_at", "weight", "due", "message_ids")


@dataclass(frozen=True)
class PooledPause:
    """A segment paused for one play because the plays mailing it offend it together."""

    reason: str
    reading: Reading  # over the pooled sends
    message_ids: tuple[str, ...]  # the replies that carried the pooled evidence
    version: str  # the play's version that sent its latest message to the segment


def pooled_pauses(judged: Mapping[str, pl.DataFrame], found: Mapping[str, SegmentReadings], frame: pl.DataFrame,
                  settings: MonitorSettings) -> dict[str, dict[str, PooledPause]]:
    """Per play, the segments to pause because the plays mailing them offend them together.

    ``judged``: each play's sends as its own test reads them; ``found``: each play's segment readings;
    ``frame``: every play's sends, with their ``weight`` and ``due``, for the baseline."""
    parts = [sends.filter(~pl.col("segment").is_in(sorted(found[play].paused))).select(COLUMNS)
             for play, sends in judged.items()] if len(judged) > 1 else []
    pooled: dict[str, dict[str, PooledPause]] = {}
    if len(parts) < 2:
        return pooled
    open_sends = pl.concat(parts)
    for segment in sorted(set(open_sends["segment"].to_list())):
        sends = open_sends.filter(pl.col("segment") == segment).sort("sent_at", maintain_order=True)
        plays = sorted(set(sends["play"].to_list()))
        if len(plays) < 2:
            continue
        others = frame.filter(~pl.col("play").is_in(plays))
        baseline = baseline_rate(float(others["due"].sum()), float(others["weight"].sum()), settings)
        reading = scan(sends["weight"].to_numpy(), baseline, settings, settings.segment_threshold,
                       sends["due"].to_numpy())
        if not reading.tripped:
            continue
        ids = [m for found_ids in sends["message_ids"].gather(list(reading.evidence)).to_list()
               for m in (found_ids or "").split() if m] if reading.evidence else []
        alone = "; ".join(_alone(play, sends.filter(pl.col("play") == play), found[play].readings[segment])
                          for play in plays)
        scope = f"segment {segment} across plays {', '.join(plays)}"
        reason = f"{reading.describe(scope)}; each play alone stayed under its threshold ({alone})"
        for play in plays:
            version = sends.filter(pl.col("play") == play)["play_version"][-1]
            pooled.setdefault(play, {})[segment] = PooledPause(reason, reading, tuple(ids), version)
    return pooled


def _alone(play: str, sends: pl.DataFrame, own: Reading) -> str:
    return (f"{play}: {sends.height} sends, {int((sends['weight'] > 0).sum())} negative verdicts, "
            f"evidence {own.statistic:.1f}, highest {own.peak:.1f}")
