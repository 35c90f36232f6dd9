"""Scenario runner: a play against simulated prospects over many simulated days, with a seed.

Prospects answer with the demo market's odds (``outcome_probabilities``); a scenario can make one
segment, or all of them, answer "not interested" and object more often, or make one mailbox draw
complaints. The day's sends go out each morning for what is not paused; replies come front-loaded,
as real ones do (an exponential delay of ``REPLY_MEAN_HOURS``, at most the maturity window),
bounces at once. The monitor reads what has come back ``READ_HOURS`` after each batch (the pipeline
reads after every triage), through the same decision functions the pipeline calls, with the
baseline and the arrival curve read from the team's history as the pipeline reads them. A scenario
may edit the copy after some sends: as in the pipeline (``domain.monitor_readings.read_plays``),
each segment is read over every version's sends, each version on its own. It may have a person
resume the play, unchanged, after its first pause: the monitor then counts afresh, as
``since_resume`` does, an earlier send by the verdicts that arrive after the resume and the share of
its answer due since.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from sdr_assets.demo.market import HUMAN_OUTCOMES, outcome_chances
from sdr_assets.domain.deliverability import PAUSE, DeliverabilityLimits, readings_from_counts
from sdr_assets.domain.monitor import (
    ArrivalCurve,
    MonitorSettings,
    SegmentReadings,
    arrival_curve,
    baseline_rate,
    read_segments,
    read_version,
)

OUTCOMES = ("bounce", "complaint", "out_of_office", *HUMAN_OUTCOMES)
VERDICT_OF = {"bounce": "hard_bounce", "complaint": "complaint", "objection": "objection",
              "not_interested": "not_interested", "unsubscribe": "unsubscribe"}
# What an offended prospect does more of: say no, object, unsubscribe, complain.
NEGATIVE_VERDICTS = ("objection", "not_interested", "unsubscribe", "complaint")
SEND_HOUR = 9  # sends go out after the morning run that reads the replies
REPLY_MEAN_HOURS = 12.0  # most replies come the day the message went out
READ_HOURS = (3, 6, 12, 24)  # the monitor's readings after each batch; the last one is the next morning's


@dataclass(frozen=True)
class PlayScenario:
    """Who the play writes to and how they answer."""

    segments: Mapping[str, float]  # share of prospects per segment
    budget: int  # sends the play may make at most
    offence: Mapping[str, float] = field(default_factory=dict)  # multiplier of negative verdicts per segment
    history_sends: int = 3000  # healthy sends in the team's history that set the baseline
    fit_range: tuple[float, float] = (0.3, 0.9)
    daily_cap: int = 40
    warmup_start: int = 20
    warmup_increment: int = 5
    edit_at: int | None = None  # sends after which the copy is edited (a new version; the offence stays)
    resume: bool = False  # a person resumes the play, unchanged, the morning after its first pause


@dataclass(frozen=True)
class PlayRun:
    seed: int
    sends: int
    paused_at: int | None  # sends made when the whole play was paused
    segments_paused_at: dict[str, int]  # sends made when each paused segment was paused
    resumed_at: int | None = None  # sends made when a person resumed the play (its pauses above came after)


def _probabilities(fit: np.ndarray, multiplier: np.ndarray) -> np.ndarray:
    """One row per send, one column per outcome; negative verdicts scaled, taken from silence."""
    chances = outcome_chances(np.clip(fit, 0.0, 1.0))
    table = np.column_stack([np.broadcast_to(chances[o], fit.shape) for o in OUTCOMES])
    for name in NEGATIVE_VERDICTS:
        table[:, OUTCOMES.index(name)] *= multiplier
    total = table.sum(axis=1)
    if (total > 1).any():
        raise ValueError("a scenario's multiplier leaves no room for silence")
    return table


def draw_verdicts(rng: np.random.Generator, n: int, multiplier: np.ndarray, fit_range: tuple[float, float],
                  settings: MonitorSettings) -> tuple[np.ndarray, np.ndarray]:
    """The verdict (``""`` for none) and reply delay (hours) of ``n`` sends."""
    fit = rng.uniform(*fit_range, size=n)
    cumulative = np.cumsum(_probabilities(fit, multiplier), axis=1)
    drawn = (rng.random(n)[:, None] >= cumulative).sum(axis=1)  # len(OUTCOMES) means silence
    verdict_of = np.array([VERDICT_OF.get(o, "") for o in OUTCOMES] + [""], dtype=object)
    later = np.minimum(rng.exponential(REPLY_MEAN_HOURS, size=n), settings.maturity_hours)
    return verdict_of[drawn], np.where(drawn == 0, 0.0, later)


def draw_sends(rng: np.random.Generator, n: int, multiplier: np.ndarray, fit_range: tuple[float, float],
               settings: MonitorSettings) -> tuple[np.ndarray, np.ndarray]:
    """Verdict weights and reply delays (hours) of ``n`` sends."""
    verdicts, delays = draw_verdicts(rng, n, multiplier, fit_range, settings)
    return np.array([settings.weights.get(v, 0.0) for v in verdicts], dtype=float), delays


def team_history(rng: np.random.Generator, scenario: PlayScenario,
                 settings: MonitorSettings) -> tuple[float, ArrivalCurve]:
    """The team's history of healthy, mature sends, read into a baseline and an arrival curve (the
    delays of its verdicts, each weighed as the test weighs it) the way the pipeline reads them."""
    if scenario.history_sends == 0:
        return baseline_rate(0, 0.0, settings), arrival_curve([], settings)
    verdicts, delays = draw_verdicts(rng, scenario.history_sends, np.ones(scenario.history_sends),
                                     scenario.fit_range, settings)
    weights = sum(settings.weights.get(v, 0.0) for v in verdicts)
    return (baseline_rate(scenario.history_sends, float(weights), settings),
            arrival_curve([(d, v) for d, v in zip(delays.tolist(), verdicts) if v], settings))


def run_play(scenario: PlayScenario, seed: int, settings: MonitorSettings) -> PlayRun:
    """Send day by day, reading after each batch, until the budget is spent or the whole play is paused."""
    rng = np.random.default_rng(seed)
    baseline, curve = team_history(rng, scenario, settings)
    names = list(scenario.segments)
    shares = np.array([scenario.segments[s] for s in names], dtype=float)
    segments: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    versions: list[np.ndarray] = []
    arrivals: list[np.ndarray] = []
    sent_hours: list[np.ndarray] = []
    paused_at: dict[str, int] = {}
    sent, day, resumed, cut = 0, 0, None, None
    while sent < scenario.budget:
        open_shares = np.array([0.0 if s in paused_at else x for s, x in zip(names, shares)])
        if open_shares.sum() == 0:
            break
        allowance = min(scenario.daily_cap, scenario.warmup_start + scenario.warmup_increment * day)
        n = min(allowance, scenario.budget - sent)
        chosen = rng.choice(len(names), size=n, p=open_shares / open_shares.sum())
        multiplier = np.array([scenario.offence.get(names[i], 1.0) for i in range(len(names))])[chosen]
        w, delays = draw_sends(rng, n, multiplier, scenario.fit_range, settings)
        batch_hour = day * 24 + SEND_HOUR
        segments.append(np.array(names, dtype=object)[chosen])
        weights.append(w)
        edited = scenario.edit_at is not None and sent + np.arange(n) >= scenario.edit_at
        versions.append(edited.astype(int) if scenario.edit_at is not None else np.zeros(n, dtype=int))
        arrivals.append(batch_hour + delays)
        sent_hours.append(np.full(n, batch_hour, dtype=float))
        sent += n
        day += 1
        seg, w, arrive, hours, version = (np.concatenate(x) for x in (segments, weights, arrivals, sent_hours,
                                                                          versions))
        for now in batch_hour + np.array(READ_HOURS, dtype=float):
            judged, w_now, due = _since_resume(seg, w, arrive, hours, now, cut, curve)
            paused, play_paused = read_once(seg[judged], w_now, version[judged], baseline, settings, paused_at, due)
            for name in paused:
                paused_at.setdefault(name, sent)
            if play_paused and (resumed is not None or not scenario.resume):
                return PlayRun(seed, sent, sent, paused_at, resumed)
            if play_paused:  # resumed an hour before the next batch; a resume lifts its segments' pauses too
                resumed, cut, paused_at = sent, batch_hour + 23.0, {}
                break
    return PlayRun(seed, sent, None, paused_at, resumed)


def _since_resume(seg: np.ndarray, w: np.ndarray, arrive: np.ndarray, hours: np.ndarray, now: float,
                  cut: float | None, curve: ArrivalCurve) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which sends the reading at ``now`` judges, their weights and the share of their answer due,
    after a resume at ``cut`` (``domain.monitor_readings.since_resume``): one sent before it counts
    the verdicts that arrived since and the share of its answer due since, and is left out when it
    adds and deducts nothing."""
    arrived = np.where(arrive <= now, w, 0.0)
    due = curve.due(now - hours)
    if cut is None:
        return np.ones(seg.size, dtype=bool), arrived, due
    before = hours <= cut
    arrived = np.where(before & (arrive <= cut), 0.0, arrived)
    due = np.where(before, due - curve.due(cut - hours), due)
    judged = ~before | (arrived > 0) | (due > 0)
    return judged, arrived[judged], due[judged]


def read_once(seg: np.ndarray, w: np.ndarray, version: np.ndarray, baseline: float, settings: MonitorSettings,
          paused: Mapping[str, int], due: np.ndarray) -> tuple[tuple[str, ...], bool]:
    """The segments paused, and whether the current version is, as ``read_plays`` reads a play:
    segments over every version's sends, then each version on its own in the segments left open; a
    pause of an earlier version stops nothing once the copy is edited."""
    found = read_segments(seg, w, baseline, settings, paused, due)
    current, play_paused = int(version.max()), False
    for v in np.unique(version):
        own = version == v
        readings = read_version(seg[own], w[own], baseline, settings, found, due[own])
        found = SegmentReadings(found.readings, found.paused | set(readings.paused_segments), found.breaches)
        play_paused = readings.play_paused if v == current else play_paused
    return tuple(sorted(found.paused)), play_paused


@dataclass(frozen=True)
class MailboxScenario:
    """Several mailboxes on one sending domain; each has its own bounce and complaint odds."""

    complaint_rates: Mapping[str, float]
    bounce_rates: Mapping[str, float]
    days: int = 45
    daily: int = 40


def run_mailboxes(scenario: MailboxScenario, seed: int, limits: DeliverabilityLimits) -> dict[str, int | None]:
    """Day each mailbox was first paused (None if never), with the guard read every morning."""
    rng = np.random.default_rng(seed)
    boxes = sorted(scenario.complaint_rates)
    history = {m: np.zeros((scenario.days, 3), dtype=int) for m in boxes}  # sends, bounces, complaints per day
    first_pause: dict[str, int | None] = {m: None for m in boxes}
    for day in range(scenario.days):
        start = max(0, day - limits.window_days)
        counts = {m: tuple(int(x) for x in history[m][start:day].sum(axis=0)) for m in boxes}
        readings = readings_from_counts(counts, limits)
        domain_paused = any(r.scope == "domain" and r.state == PAUSE for r in readings)
        paused = {r.name for r in readings if r.scope == "mailbox" and r.state == PAUSE}
        for m in boxes:
            if m in paused or domain_paused:
                if first_pause[m] is None:
                    first_pause[m] = day
                continue
            n = scenario.daily
            history[m][day] = (n, rng.binomial(n, scenario.bounce_rates.get(m, 0.0)),
                               rng.binomial(n, scenario.complaint_rates[m]))
    return first_pause


SEGMENTS = {"Software": 0.4, "Fintech": 0.3, "Healthcare": 0.2, "Logistics": 0.1}
OFFENDED = "Healthcare"
SPIKED = "sam@outreach.example"
MAILBOXES = ("sam@outreach.example", "jordan@outreach.example", "alex@outreach.example")


@dataclass(frozen=True)
class Figures:
    """One scenario measured over many seeds, against what it must show."""

    scenario: str
    runs: int
    requirement: str
    success_rate: float
    median: float | None  # median sends (or days) to the pause, where it applies
    unit: str = "sends"


def median_of(values: list[int]) -> float | None:
    return float(np.median(values)) if values else None


def offensive_play(runs: int, seed: int, settings: MonitorSettings, multiplier: float = 3.0,
                   budget: int = 200) -> Figures:
    results = [run_play(PlayScenario(SEGMENTS, budget, offence={s: multiplier for s in SEGMENTS}), seed + i,
                        settings) for i in range(runs)]
    paused = [r.paused_at for r in results if r.paused_at is not None]
    return Figures(f"play at {multiplier:g}x the baseline's negative verdicts", runs,
                   f"paused within {budget} sends in >= 95 % of runs", len(paused) / runs, median_of(paused))


def healthy_play(runs: int, seed: int, settings: MonitorSettings, budget: int = 5000) -> Figures:
    results = [run_play(PlayScenario(SEGMENTS, budget), seed + i, settings) for i in range(runs)]
    untouched = [r for r in results if r.paused_at is None and not r.segments_paused_at]
    return Figures("healthy play", runs, f"nothing paused over {budget} sends in >= 95 % of runs",
                   len(untouched) / runs, None)


def offended_segment(runs: int, seed: int, settings: MonitorSettings, multiplier: float = 3.0,
                     budget: int = 3000) -> Figures:
    scenario = PlayScenario(SEGMENTS, budget, offence={OFFENDED: multiplier})
    results = [run_play(scenario, seed + i, settings) for i in range(runs)]
    alone = [r for r in results if r.paused_at is None and list(r.segments_paused_at) == [OFFENDED]]
    return Figures(f"play offending {OFFENDED} only ({SEGMENTS[OFFENDED]:.0%} of prospects, {multiplier:g}x)",
                   runs, f"that segment alone paused within {budget} sends, the rest keeps sending",
                   len(alone) / runs, median_of([r.segments_paused_at[OFFENDED] for r in alone]))


def resumed_play(runs: int, seed: int, settings: MonitorSettings, multiplier: float = 3.0,
                 budget: int = 1000, within: int = 200) -> Figures:
    """As ``offensive_play``, resumed unchanged after its first pause: counted afresh from the
    resume, with the late verdicts of the sends before it, it must be paused again."""
    scenario = PlayScenario(SEGMENTS, budget, offence={s: multiplier for s in SEGMENTS}, resume=True)
    results = [run_play(scenario, seed + i, settings) for i in range(runs)]
    again = [r.paused_at - r.resumed_at for r in results
             if r.resumed_at is not None and r.paused_at is not None and r.paused_at - r.resumed_at <= within]
    return Figures("the same play resumed unchanged after its pause", runs,
                   f"paused again within {within} sends of the resume in >= 95 % of runs", len(again) / runs,
                   median_of(again))


def edited_segment(runs: int, seed: int, settings: MonitorSettings, multiplier: float = 3.0,
                   budget: int = 3000, edit_at: int = 200) -> Figures:
    """As ``offended_segment``, with the copy edited after ``edit_at`` sends, before most runs pause
    the segment: the edit leaves its prospects as they were, so its evidence carries over."""
    scenario = PlayScenario(SEGMENTS, budget, offence={OFFENDED: multiplier}, edit_at=edit_at)
    results = [run_play(scenario, seed + i, settings) for i in range(runs)]
    alone = [r for r in results if r.paused_at is None and list(r.segments_paused_at) == [OFFENDED]]
    return Figures(f"the same, its copy edited after {edit_at} sends (the segment's evidence carries over)",
                   runs, f"that segment alone paused within {budget} sends, the rest keeps sending",
                   len(alone) / runs, median_of([r.segments_paused_at[OFFENDED] for r in alone]))


def complaint_spike(runs: int, seed: int, limits: DeliverabilityLimits, spike: float = 0.015,
                    days: int = 45) -> Figures:
    rates = {m: spike if m == SPIKED else 0.0005 for m in MAILBOXES}
    scenario = MailboxScenario(rates, {m: 0.005 for m in MAILBOXES}, days=days)
    results = [run_mailboxes(scenario, seed + i, limits) for i in range(runs)]
    alone = [r for r in results if r[SPIKED] is not None and all(r[m] is None for m in MAILBOXES if m != SPIKED)]
    return Figures(f"complaint spike ({spike:.1%}) on one of {len(MAILBOXES)} mailboxes of a domain", runs,
                   f"that mailbox alone paused within {days} days", len(alone) / runs,
                   median_of([r[SPIKED] for r in alone]), unit="days")
