"""Rates an analyst can trust: Wilson intervals, a two-proportion test and a plain-words verdict.

The test is the pooled two-proportion z-test, or Fisher's exact test when the samples are too
small for the normal approximation (an expected count under 5 in any cell).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054
Z80_POWER = 0.8416212335729143
MIN_EXPECTED = 5  # the usual rule for the z-test's normal approximation
Z_TEST, FISHER = "two-proportion z-test", "Fisher's exact test"


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """95 % Wilson score interval for a proportion; (0, 1) when there is no trial. Its bounds are
    exactly 0 for no success and exactly 1 for all successes, as the formula gives before rounding.
    Successes below 0 or above the trials are no proportion: a ``ValueError`` naming them."""
    if not 0 <= successes <= max(trials, 0):
        raise ValueError(f"wilson: {successes} successes out of {trials} trials is no proportion; a count of "
                         "successes must lie between 0 and its trials")
    if trials <= 0:
        return 0.0, 1.0
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    high = 1.0 if successes >= trials else min(1.0, centre + half)
    return low, high


def _normal_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def z_test(hits_a: int, sends_a: int, hits_b: int, sends_b: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test."""
    pa, pb = hits_a / sends_a, hits_b / sends_b
    pooled = (hits_a + hits_b) / (sends_a + sends_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / sends_a + 1 / sends_b))
    statistic = (pb - pa) / se if se > 0 else 0.0
    return 2 * (1 - _normal_cdf(abs(statistic)))


def fisher_exact(hits_a: int, sends_a: int, hits_b: int, sends_b: int) -> float:
    """Two-sided p-value of Fisher's exact test: the chance, with both arms' sends and the total hits
    fixed, of a split of the hits no likelier than the one observed. Exact integer arithmetic."""
    hits = hits_a + hits_b
    ways = [math.comb(sends_a, k) * math.comb(sends_b, hits - k)
            for k in range(max(0, hits - sends_b), min(hits, sends_a) + 1)]
    observed = math.comb(sends_a, hits_a) * math.comb(sends_b, hits_b)
    return min(1.0, sum(w for w in ways if w <= observed) / math.comb(sends_a + sends_b, hits))


def small_sample(hits_a: int, sends_a: int, hits_b: int, sends_b: int) -> bool:
    """Whether an expected count (hits or misses, either arm) is under ``MIN_EXPECTED``."""
    hits, total = hits_a + hits_b, sends_a + sends_b
    return min(sends_a, sends_b) * min(hits, total - hits) < MIN_EXPECTED * total


@dataclass(frozen=True)
class Comparison:
    a: str
    b: str
    sends_a: int
    hits_a: int
    sends_b: int
    hits_b: int
    p_value: float
    more_per_arm: int  # sends per arm still needed to tell the observed gap from noise (0 if decided)
    conclusion: str
    test: str = Z_TEST


def compare(a: str, hits_a: int, sends_a: int, b: str, hits_b: int, sends_b: int, what: str = "reply rate",
            z: float = Z95, unit: str = "sends") -> Comparison:
    """Two-sided test of arm ``b`` against ``a``, with a one-sentence conclusion naming the test: the
    two-proportion z-test, or Fisher's exact test on samples too small for it (``small_sample``).
    ``unit`` names the trials in the conclusion (sends, people)."""
    if min(sends_a, sends_b) == 0:
        return Comparison(a, b, sends_a, hits_a, sends_b, hits_b, 1.0, 0,
                          f"no difference yet: one arm has no {unit} ({a}: {sends_a}, {b}: {sends_b})")
    pa, pb = hits_a / sends_a, hits_b / sends_b
    test = FISHER if small_sample(hits_a, sends_a, hits_b, sends_b) else Z_TEST
    p_value = (fisher_exact if test == FISHER else z_test)(hits_a, sends_a, hits_b, sends_b)
    if p_value < 1 - 0.95 and pa != pb:
        winner, loser = (b, a) if pb > pa else (a, b)
        return Comparison(a, b, sends_a, hits_a, sends_b, hits_b, p_value, 0,
                          f"variant {winner} wins on {what} with 95 % confidence "
                          f"({max(pa, pb):.1%} against {min(pa, pb):.1%} for {loser}; {test})", test)
    more = more_sends_per_arm(pa, pb, max(sends_a, sends_b), z)
    gap = f"about {more:,} more {unit} per arm needed" if more else "the rates are equal so far"
    return Comparison(a, b, sends_a, hits_a, sends_b, hits_b, p_value, more,
                      f"no difference yet: {gap} ({a} {pa:.1%}, {b} {pb:.1%}; {test})", test)


def more_sends_per_arm(pa: float, pb: float, so_far: int, z: float = Z95, power_z: float = Z80_POWER) -> int:
    """Sends per arm (beyond ``so_far``) to detect the observed gap at 95 % confidence and 80 % power."""
    gap = abs(pb - pa)
    if gap == 0:
        return 0
    mean = (pa + pb) / 2
    needed = ((z * math.sqrt(2 * mean * (1 - mean)) + power_z * math.sqrt(pa * (1 - pa) + pb * (1 - pb))) / gap) ** 2
    return max(0, math.ceil(needed) - so_far)
