"""The play monitor: a sequential test that pauses a play (or one segment) its prospects reject.

Each send carries a *verdict weight*: the sum of the weights of what came back (a "not
interested" reply, an objection, an unsubscribe by any channel, a complaint, a hard bounce);
silence or a positive answer weighs 0. Under the baseline a send carries ``mu0`` on average.

The test is Page's CUSUM, i.e. an SPRT restarted whenever the evidence falls to its floor, on a
Poisson model of the weighted count: baseline rate ``mu0`` against ``ratio * mu0``. Each send adds
``w * ln(ratio)`` and subtracts ``(ratio - 1) * mu0``; the running sum never drops below ``-credit``
(good news banks at most that much); the scope is paused once it reaches ``threshold``. The floor
means a play that turns bad after a good start is caught at most ``credit`` later than a bad one. The threshold was tuned by simulation
(``sdr simulate monitor``) so a healthy play is rarely paused and a bad one is caught early.

A send still waiting for its answer deducts only the share of the baseline already due by its age,
read from an *arrival curve* (:class:`ArrivalCurve`): the empirical distribution of the team's own
reply latencies, each weighed as its verdict is, over sends old enough that every reply had time to
come, so the expected and the arrived negatives are counted alike (a ramp over the maturity window
would deduct a fraction of what same-day replies add). It is pooled with a front-loaded default,
as the baseline is with its prior rate: a team with few replies yet deducts at least as fast as
replies usually come, so replies still on their way never read as an offence.

Weights dilute the rare verdicts that mailbox providers block a sender for, so each segment's
complaint and hard-bounce rates are also tested on their own against the providers' lines
(:func:`rate_breach`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from sdr_assets.domain.stats import wilson

VERDICTS = ("not_interested", "objection", "unsubscribe", "complaint", "hard_bounce", "hostile")
# A hostile reply (spam, harassment, the law: ``triage.hostility``) also carries its label's verdict,
# so with "not interested" it weighs as much as a complaint, which it often comes just before.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "not_interested": 1.0, "objection": 0.5, "unsubscribe": 1.0, "complaint": 2.0, "hard_bounce": 0.25,
    "hostile": 1.0,
}


@dataclass(frozen=True)
class MonitorSettings:
    """How the monitor weighs verdicts and when it trips. The thresholds, the baseline, the providers' lines
    and the arrival curve's default are set through ``SendRules``; the weights and the priors are fixed here."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    ratio: float = 2.0  # the rate the test looks for, as a multiple of the baseline
    threshold: float = 5.0  # evidence (in nats) that pauses a play version
    segment_threshold: float = 5.0  # evidence that pauses one segment of it (several are tested at once)
    credit: float = 5.0  # how far quiet sends can push the evidence below zero
    maturity_hours: float = 72.0  # a send's silence counts in full once its replies had this long to arrive
    arrival_half_life_hours: float = 4.0  # the default arrival curve: half of a send's verdicts within this
    arrival_prior_replies: int = 100  # how many replies the default arrival curve is worth against the team's
    prior_rate: float = 0.06  # weighted negatives per send assumed when team history is thin
    # What the prior rate is worth against real history: 100 sends (6 negatives) say "about 6 %, give
    # or take 40 %", as far apart as teams' markets are; 500 claimed 18 % and held a long history
    # (3,000 sends at 7.5 %) 3 % below its own rate, so healthy plays read worse than the team.
    prior_sends: int = 100
    baseline: float | None = None  # a fixed baseline instead of the team's history
    max_complaint_rate: float = 0.003  # a segment surely complaining above this line is paused
    max_bounce_rate: float = 0.02  # a segment surely hard-bouncing above this line is paused
    min_complaints: int = 2  # one complaint never pauses a segment, whatever its sends
    min_bounces: int = 10  # hard bounces are judged from the 10th on, as the guard judges a mailbox

    def __post_init__(self) -> None:
        if not (0 < self.max_complaint_rate <= 1 and 0 <= self.max_bounce_rate <= 1):
            raise ValueError("monitor complaint and bounce lines must be shares of sends, at most 1 "
                             "(complaints above 0)")
        if self.min_complaints < 2 or self.min_bounces < 1:
            raise ValueError("a segment's rate test needs at least 2 complaints and 1 hard bounce")
        if self.maturity_hours <= 0 or self.arrival_half_life_hours <= 0:
            raise ValueError("monitor maturity and the arrival half-life must be positive")
        if self.arrival_prior_replies < 0:
            raise ValueError("the arrival curve's prior replies must not be negative")
        if self.ratio <= 1:
            raise ValueError(f"monitor ratio must be above 1, not {self.ratio}")
        if min(self.threshold, self.segment_threshold) <= 0 or self.credit < 0:
            raise ValueError("monitor thresholds must be positive and the credit not negative")
        unknown = set(self.weights) - set(VERDICTS)
        if unknown:
            raise ValueError(f"unknown verdicts in monitor weights: {sorted(unknown)}; known: {VERDICTS}")


UNKNOWN_SEGMENT = "unknown"


def segment_key(industry: str | None) -> str:
    """The segment of an account with this industry: case-folded, each run of white space one space,
    so providers' spellings of one industry ("Software", " software ") are one segment."""
    return " ".join((industry or "").casefold().split()) or UNKNOWN_SEGMENT


def verdict_weight(verdicts: Iterable[str], weights: Mapping[str, float]) -> float:
    """Weight of one send: each distinct verdict counts once."""
    return float(sum(weights.get(v, 0.0) for v in set(verdicts)))


def baseline_rate(history_sends: float, history_weight: float, settings: MonitorSettings) -> float:
    """The weighted negative rate a healthy play shows: configured, or history shrunk towards the prior.

    ``history_sends`` counts each send of the history by the share of its answer already due
    (:func:`exposure`): mail sent minutes ago has had no time to be answered, and is no silence yet."""
    if settings.baseline is not None:
        return float(settings.baseline)
    prior = settings.prior_rate * settings.prior_sends
    return (prior + float(history_weight)) / (settings.prior_sends + max(0.0, float(history_sends)))


@dataclass(frozen=True)
class Reading:
    """The monitor's view of one scope (a play version or a segment of it)."""

    sends: int
    weighted: float  # sum of verdict weights
    negatives: int  # sends with any weighted verdict
    baseline: float  # weighted negatives per send expected
    statistic: float  # current CUSUM value
    peak: float  # highest CUSUM value reached
    tripped_at: int | None  # sends counted when the evidence first reached the threshold
    evidence: tuple[int, ...]  # positions of the weighted sends in the run that tripped it (or the latest run)
    threshold: float = 0.0  # the evidence that pauses this scope
    run_sends: int = 0  # sends of that run
    run_weighted: float = 0.0  # their verdict weights
    run_evidence: float = 0.0  # the evidence at the run's end (when it tripped, or now)

    @property
    def tripped(self) -> bool:
        return self.tripped_at is not None

    @property
    def rate(self) -> float:
        return self.weighted / self.sends if self.sends else 0.0

    def describe(self, scope: str) -> str:
        """In plain words: the run of sends that carries the evidence against the baseline, the
        evidence against the threshold, then every send counted."""
        run_rate = self.run_weighted / self.run_sends if self.run_sends else 0.0
        run = (f"{self.run_sends} sends drew {len(self.evidence)} negative verdicts, weighted rate "
               f"{run_rate:.1%} against a baseline of {self.baseline:.1%}")
        overall = (f"all {self.sends} sends counted: {self.negatives} negative verdicts, weighted rate "
                   f"{self.rate:.1%}")
        if self.tripped:
            return (f"{scope}: its last {run} when it was paused; evidence {self.run_evidence:.1f}, "
                    f"threshold {self.threshold:g} ({overall})")
        return (f"{scope}: its latest {run}; evidence {self.statistic:.1f} (highest {self.peak:.1f}), "
                f"pauses at {self.threshold:g} ({overall})")


def rate_breach(sends: int, complaints: int, hard_bounces: int, settings: MonitorSettings) -> str | None:
    """Why a segment must stop, when even the low end of the 95 % Wilson interval of its complaint
    (or hard-bounce) rate is above the providers' line; None otherwise. One complaint never is."""
    for what, count, line, least in (("complaints", complaints, settings.max_complaint_rate, settings.min_complaints),
                                     ("hard bounces", hard_bounces, settings.max_bounce_rate, settings.min_bounces)):
        if count >= least and sends > 0 and (bounds := wilson(count, sends))[0] > line:
            return (f"{count} {what} in {sends} sends ({count / sends:.2%}; its 95 % interval, {bounds[0]:.2%} to "
                    f"{bounds[1]:.2%}, lies wholly above the {line:.1%} line where mailbox providers block a sender)")
    return None


@dataclass(frozen=True)
class ArrivalCurve:
    """The share of a send's verdict weight that has arrived by each age: ``shares[i]`` by
    ``hours[i]``, linear in between, 1 from the last point on (the maturity)."""

    hours: tuple[float, ...]
    shares: tuple[float, ...]
    replies: int = 0  # the team's verdicts it was read from; 0 for the default

    def due(self, age_hours: Sequence[float] | np.ndarray) -> np.ndarray:
        return np.interp(np.asarray(age_hours, dtype=float), self.hours, self.shares, left=0.0, right=1.0)

    def describe(self) -> str:
        half, most = (self.hours[int(np.searchsorted(self.shares, q))] for q in (0.5, 0.9))
        source = (f"{self.replies} of the team's replies with the default" if self.replies
                  else "the default (no reply to a mature send yet)")
        return f"from {source}: half of the verdict weight by {half:.1f} h, 90 % by {most:.1f} h"


def default_arrival(settings: MonitorSettings) -> ArrivalCurve:
    """Half of the verdicts within ``arrival_half_life_hours``, half of the rest in as long again, all
    by the maturity: faster than replies usually come, so the deduction never lags them."""
    maturity, half = settings.maturity_hours, settings.arrival_half_life_hours
    hours = np.linspace(0.0, maturity, 289)
    shares = -np.expm1(-hours * math.log(2) / half) / -math.expm1(-maturity * math.log(2) / half)
    return ArrivalCurve(tuple(hours.tolist()), tuple(np.minimum(shares, 1.0).tolist()))


def arrival_curve(arrivals: Iterable[tuple[float, str]], settings: MonitorSettings) -> ArrivalCurve:
    """The team's arrival curve: of the verdict weight on mature sends, the share that had arrived
    by each age, from ``(hours after the send, verdict)`` pairs, each verdict weighed as the test
    weighs it (``settings.weights``), so what is deducted keeps pace with what arrives; those after
    the maturity are left out, and so are those dated before their send (a wrong clock or a forged
    Date says nothing of when replies come). It is pooled with :func:`default_arrival` as the
    baseline is with its prior rate: the default counts as ``arrival_prior_replies`` replies of
    weight 1, the weight of a "not interested", so it yields to as much evidence of the team's own."""
    pairs = [(float(h), settings.weights.get(v, 0.0)) for h, v in arrivals]
    lat, weight = (np.asarray(x, dtype=float) for x in zip(*pairs)) if pairs else (np.empty(0), np.empty(0))
    kept = np.isfinite(lat) & (lat >= 0) & (lat <= settings.maturity_hours) & (weight > 0)
    order = np.argsort(lat[kept], kind="stable")
    lat, weight = lat[kept][order], weight[kept][order]
    default = default_arrival(settings)
    if lat.size == 0:
        return default
    seen, total = np.unique(lat), float(weight.sum())
    share = np.cumsum(weight)[np.searchsorted(lat, seen, side="right") - 1] / total
    hours = np.union1d(default.hours, seen)
    if seen[0] > 0:
        seen, share = np.r_[0.0, seen], np.r_[0.0, share]
    team = np.interp(hours, seen, share, right=1.0)
    prior = settings.arrival_prior_replies
    shares = (prior * default.due(hours) + total * team) / (prior + total)
    return ArrivalCurve(tuple(hours.tolist()), tuple(shares.tolist()), int(lat.size))


def exposure(age_hours: Sequence[float] | np.ndarray, settings: MonitorSettings,
             curve: ArrivalCurve | None = None) -> np.ndarray:
    """How much of a send's answer is due by its age, by ``curve`` (the default one when None)."""
    return (curve or default_arrival(settings)).due(age_hours)


def cusum_path(weights: Sequence[float] | np.ndarray, baseline: float, settings: MonitorSettings,
               exposed: Sequence[float] | np.ndarray | None = None) -> np.ndarray:
    """The evidence after each send: the running sum of increments, never below ``-credit``.

    A send still waiting for its answer deducts only the share of the baseline that is already due
    (``exposed``), so yesterday's silence is not read as a verdict.

    With X the running sum, S_n = X_n - min(0, min over k <= n of X_k + credit), the closed form of
    S = max(-credit, S + increment) from S = 0.
    """
    w = np.asarray(weights, dtype=float)
    if w.size == 0:
        return w
    mu0 = max(baseline, 1e-6)
    due = np.ones_like(w) if exposed is None else np.asarray(exposed, dtype=float)
    steps = w * math.log(settings.ratio) - (settings.ratio - 1.0) * mu0 * due
    running = np.cumsum(steps)
    return running - np.minimum(np.minimum.accumulate(running + settings.credit), 0.0)


def scan(weights: Sequence[float] | np.ndarray, baseline: float, settings: MonitorSettings,
         threshold: float | None = None, exposed: Sequence[float] | np.ndarray | None = None) -> Reading:
    """Run the test over the sends of one scope, in the order they were sent."""
    w = np.asarray(weights, dtype=float)
    path = cusum_path(w, baseline, settings, exposed)
    threshold = settings.threshold if threshold is None else threshold
    over = np.flatnonzero(path >= threshold) if path.size else np.array([], dtype=int)
    end = int(over[0]) if over.size else path.size - 1
    tripped_at = end + 1 if over.size else None
    # The climb that carries the evidence starts after its lowest point (or the first send).
    prefix = np.r_[0.0, path[: end + 1]]
    start = int(prefix.size - 1 - np.argmin(prefix[::-1]))
    evidence = tuple(int(i) + start for i in np.flatnonzero(w[start : end + 1] > 0))
    return Reading(
        sends=int(w.size), weighted=float(w.sum()), negatives=int((w > 0).sum()), baseline=float(baseline),
        statistic=float(path[-1]) if path.size else 0.0, peak=float(path.max()) if path.size else 0.0,
        tripped_at=tripped_at, evidence=evidence, threshold=float(threshold), run_sends=max(0, end + 1 - start),
        run_weighted=float(w[start : end + 1].sum()), run_evidence=float(path[end]) if path.size else 0.0,
    )


@dataclass(frozen=True)
class PlayReadings:
    """The play version as a whole and each of its segments."""

    segments: dict[str, Reading]
    play: Reading  # over the segments still open
    paused_segments: tuple[str, ...]
    breaches: dict[str, str] = field(default_factory=dict)  # segments over a provider line, and why
    sending: tuple[str, ...] = ()  # the segments the version itself sent to (not only carried sends)

    @property
    def play_paused(self) -> bool:
        """The play's own test tripped, or every segment it sends to is paused."""
        return self.play.tripped or bool(self.sending) and set(self.sending) <= set(self.paused_segments)


@dataclass(frozen=True)
class SegmentReadings:
    """Each segment of a play over all the sends it takes, whichever version sent them."""

    readings: dict[str, Reading]
    paused: frozenset[str]  # already paused, tripped, or over a provider line
    breaches: dict[str, str] = field(default_factory=dict)  # segments over a provider line, and why


def read_segments(
    segments: Sequence[str], weights: Sequence[float] | np.ndarray, baseline: float, settings: MonitorSettings,
    already_paused: Iterable[str] = (), exposed: Sequence[float] | np.ndarray | None = None,
    complaints: Sequence[bool] | np.ndarray | None = None, hard_bounces: Sequence[bool] | np.ndarray | None = None,
) -> SegmentReadings:
    """Test each segment (step 1 of :func:`monitor_play`): evidence positions point into the sends given."""
    labels = np.asarray(segments, dtype=object)
    w = np.asarray(weights, dtype=float)
    due = np.ones_like(w) if exposed is None else np.asarray(exposed, dtype=float)
    flags = [np.zeros(w.size, dtype=bool) if f is None else np.asarray(f, dtype=bool)
             for f in (complaints, hard_bounces)]
    readings, breaches = {}, {}
    for segment in sorted(set(labels.tolist())):
        idx = np.flatnonzero(labels == segment)
        readings[segment] = _scan_at(w, due, idx, baseline, settings, settings.segment_threshold)
        if why := rate_breach(idx.size, int(flags[0][idx].sum()), int(flags[1][idx].sum()), settings):
            breaches[segment] = why
    paused = set(already_paused) | {s for s, r in readings.items() if r.tripped} | set(breaches)
    return SegmentReadings(readings, frozenset(paused), breaches)


def read_version(
    segments: Sequence[str], weights: Sequence[float] | np.ndarray, baseline: float, settings: MonitorSettings,
    found: SegmentReadings, exposed: Sequence[float] | np.ndarray | None = None,
    carried: Sequence[bool] | np.ndarray | None = None,
) -> PlayReadings:
    """Test the play version on its own sends (none ``carried``) in the segments ``found`` leaves open
    (steps 2 and 3 of :func:`monitor_play`): evidence positions point into the sends given."""
    labels = np.asarray(segments, dtype=object)
    w = np.asarray(weights, dtype=float)
    due = np.ones_like(w) if exposed is None else np.asarray(exposed, dtype=float)
    own = np.ones(w.size, dtype=bool) if carried is None else ~np.asarray(carried, dtype=bool)
    paused = set(found.paused)
    play = _scan_open(labels, w, due, own, paused, baseline, settings)
    sending = tuple(sorted(set(labels[own].tolist())))
    open_segments = [s for s in sending if s not in paused]
    if play.tripped and len(open_segments) > 1:
        # Ranked by the version's own sends in each segment, as the test without it reads them.
        mine = {s: _scan_at(w, due, np.flatnonzero(own & (labels == s)), baseline, settings, settings.threshold)
                for s in open_segments}
        worst = max(open_segments, key=lambda s: (mine[s].peak, s))
        without = _scan_open(labels, w, due, own, paused | {worst}, baseline, settings)
        if without.statistic <= 0.0:
            paused.add(worst)
            play = without
    return PlayReadings(found.readings, play, tuple(sorted(paused)), found.breaches, sending)


def monitor_play(
    segments: Sequence[str], weights: Sequence[float] | np.ndarray, baseline: float, settings: MonitorSettings,
    already_paused: Iterable[str] = (), exposed: Sequence[float] | np.ndarray | None = None,
    complaints: Sequence[bool] | np.ndarray | None = None, hard_bounces: Sequence[bool] | np.ndarray | None = None,
    carried: Sequence[bool] | np.ndarray | None = None,
) -> PlayReadings:
    """Test each segment, then the play; ``segments`` and ``weights`` (and ``complaints``,
    ``hard_bounces`` and ``carried``, flags per send, when given) describe the sends in send order.

    1. A segment whose own evidence reaches ``segment_threshold``, or whose complaint or hard-bounce
       rate is surely over the providers' line (:func:`rate_breach`), is paused (or stays paused).
       Its sends include those ``carried`` from the play's earlier versions: an edit of the copy
       leaves the segment's prospects as they were.
    2. The play is tested on its own sends (none carried) in the segments still open.
    3. If that trips but, without the open segment carrying the most evidence in the play's own
       sends, the rest of the play shows no evidence at all, the offence belongs to that segment:
       it alone is paused.
    Evidence positions in the readings point into the sends given.
    """
    found = read_segments(segments, weights, baseline, settings, already_paused, exposed, complaints, hard_bounces)
    return read_version(segments, weights, baseline, settings, found, exposed, carried)


def _scan_open(labels: np.ndarray, w: np.ndarray, due: np.ndarray, own: np.ndarray, paused: set[str],
               baseline: float, settings: MonitorSettings) -> Reading:
    idx = np.flatnonzero(own & ~np.isin(labels, list(paused)))
    return _scan_at(w, due, idx, baseline, settings, settings.threshold)


def _scan_at(weights: np.ndarray, due: np.ndarray, idx: np.ndarray, baseline: float, settings: MonitorSettings,
             threshold: float) -> Reading:
    reading = scan(weights[idx], baseline, settings, threshold, due[idx])
    return replace(reading, evidence=tuple(int(idx[i]) for i in reading.evidence))
