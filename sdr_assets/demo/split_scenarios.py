"""Scenarios: two plays mail the same segments, each too little of one for its own test.

Both plays write to the demo market's segments, as ``scenarios.run_play`` sends one: both offending
one segment, one offending it beside a clean one, or both healthy. Each play's segments and versions
are read as the pipeline reads a play; then each segment both still mail is read over their pooled
sends by ``domain.pooled_segments.read_pool``, each play's against its own baseline (the team's
history here, as its own test reads it), and paused for the plays whose own evidence there offends.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from sdr_assets.demo.scenarios import (
    OFFENDED, READ_HOURS, SEGMENTS, SEND_HOUR, Figures, PlayScenario, draw_sends, median_of, read_once, team_history,
)
from sdr_assets.domain.monitor import MonitorSettings
from sdr_assets.domain.pooled_segments import read_pool

PLAYS = ("a", "b")


@dataclass(frozen=True)
class SplitRun:
    seed: int
    sends: int  # both plays' sends
    paused: dict[str, dict[str, int]]  # per play, both plays' sends made when each of its segments was paused
    plays_paused: tuple[str, ...]  # plays paused whole


def run_split(scenario: PlayScenario, seed: int, settings: MonitorSettings, pooled: bool = True,
              clean: Collection[str] = ()) -> SplitRun:
    """Both plays send day by day, ``scenario.budget`` each at most, read after each batch; the plays
    in ``clean`` answer at the team's rate everywhere, whatever ``scenario.offence`` says."""
    rng = np.random.default_rng(seed)
    baseline, curve = team_history(rng, scenario, settings)
    names = list(scenario.segments)
    shares = np.array([scenario.segments[s] for s in names], dtype=float)
    offence = {p: np.array([1.0 if p in clean else scenario.offence.get(s, 1.0) for s in names]) for p in PLAYS}
    sent = {p: [] for p in PLAYS}  # per play: (segments, weights, arrivals, hours) batches
    paused: dict[str, dict[str, int]] = {p: {} for p in PLAYS}
    stopped: set[str] = set()
    made = {p: 0 for p in PLAYS}
    day = 0
    while any(made[p] < scenario.budget for p in PLAYS if p not in stopped):
        batch_hour = day * 24 + SEND_HOUR
        for play in PLAYS:
            open_shares = np.array([0.0 if s in paused[play] else x for s, x in zip(names, shares)])
            n = min(scenario.daily_cap, scenario.warmup_start + scenario.warmup_increment * day,
                    scenario.budget - made[play])
            if play in stopped or n <= 0 or open_shares.sum() == 0:
                continue
            chosen = rng.choice(len(names), size=n, p=open_shares / open_shares.sum())
            w, delays = draw_sends(rng, n, offence[play][chosen], scenario.fit_range, settings)
            sent[play].append((np.array(names, dtype=object)[chosen], w, batch_hour + delays,
                               np.full(n, batch_hour, dtype=float)))
            made[play] += n
        day += 1
        total = sum(made.values())
        for now in batch_hour + np.array(READ_HOURS, dtype=float):
            arrays = {p: tuple(np.concatenate(x) for x in zip(*sent[p])) for p in PLAYS if sent[p]}
            for play, (seg, w, arrive, hours) in arrays.items():
                arrived, due = np.where(arrive <= now, w, 0.0), curve.due(now - hours)
                segments, whole = read_once(seg, arrived, np.zeros(seg.size, dtype=int), baseline, settings,
                                        paused[play], due)
                for name in segments:
                    paused[play].setdefault(name, total)
                if whole:
                    stopped.add(play)
            if pooled:
                _read_pooled(arrays, now, baseline, settings, curve, paused, total)
        if len(stopped) == len(PLAYS):
            break
    return SplitRun(seed, sum(made.values()), paused, tuple(sorted(stopped)))


def _read_pooled(arrays: dict, now: float, baseline: float, settings: MonitorSettings, curve,
                 paused: dict[str, dict[str, int]], total: int) -> None:
    """Each segment both plays still mail, read over their pooled sends in send order, and paused
    for the plays whose own evidence there offends."""
    for name in sorted({s for seg, *_ in arrays.values() for s in set(seg.tolist())}):
        plays = [p for p, (seg, *_) in arrays.items() if name not in paused[p] and (seg == name).any()]
        if len(plays) < 2:
            continue
        parts = [(p, hours[seg == name], np.where(arrive <= now, w, 0.0)[seg == name])
                 for p, (seg, w, arrive, hours) in ((p, arrays[p]) for p in plays)]
        hours = np.concatenate([h for _, h, _ in parts])
        order = np.argsort(hours, kind="stable")
        who = np.concatenate([np.full(h.size, p, dtype=object) for p, h, _ in parts])[order]
        w = np.concatenate([x for _, _, x in parts])[order]
        pool = read_pool(who.tolist(), w, curve.due(now - hours[order]), dict.fromkeys(plays, baseline), settings)
        for play in pool.offenders:
            paused[play].setdefault(name, total)


def _title(what: str, pooled: bool) -> str:
    return f"{what} ({'their evidence pooled' if pooled else 'each read alone'})"


def split_segment(runs: int, seed: int, settings: MonitorSettings, multiplier: float = 3.0,
                  budget: int = 600, pooled: bool = True) -> Figures:
    """Two plays offending the same segment, ``budget`` sends each: the segment paused for both,
    nothing else, with the median of both plays' sends to that pause."""
    scenario = PlayScenario(SEGMENTS, budget, offence={OFFENDED: multiplier})
    results = [run_split(scenario, seed + i, settings, pooled) for i in range(runs)]
    caught = [r for r in results if not r.plays_paused and all(list(r.paused[p]) == [OFFENDED] for p in PLAYS)]
    return Figures(_title(f"two plays offending {OFFENDED} ({multiplier:g}x), {budget} sends each", pooled),
                   runs, f"that segment alone paused for both within {2 * budget} sends, the rest keeps sending",
                   len(caught) / runs, median_of([max(r.paused[p][OFFENDED] for p in PLAYS) for r in caught]))


def split_with_clean(runs: int, seed: int, settings: MonitorSettings, multiplier: float = 3.0,
                     budget: int = 600, pooled: bool = True) -> Figures:
    """Play a offends a segment, play b mails it at the team's rate: b keeps sending everywhere. The
    median counts both plays' sends to a's pause there, where it came."""
    scenario = PlayScenario(SEGMENTS, budget, offence={OFFENDED: multiplier})
    results = [run_split(scenario, seed + i, settings, pooled, clean=("b",)) for i in range(runs)]
    kept = [r for r in results if not r.paused["b"] and "b" not in r.plays_paused]
    return Figures(_title(f"one play offending {OFFENDED} ({multiplier:g}x) and one clean, {budget} sends each",
                          pooled), runs, "the clean one keeps sending, nothing paused for it", len(kept) / runs,
                   median_of([r.paused["a"][OFFENDED] for r in results if OFFENDED in r.paused["a"]]))


def split_healthy(runs: int, seed: int, settings: MonitorSettings, budget: int = 2500,
                  pooled: bool = True) -> Figures:
    """Two plays at the team's rate, mailing the same segments: nothing paused."""
    results = [run_split(PlayScenario(SEGMENTS, budget), seed + i, settings, pooled) for i in range(runs)]
    quiet = [r for r in results if not r.plays_paused and not any(r.paused[p] for p in PLAYS)]
    return Figures(_title(f"two healthy plays, {budget} sends each", pooled), runs,
                   f"nothing paused over {2 * budget} sends", len(quiet) / runs, None)
