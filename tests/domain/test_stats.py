"""Unit: Wilson intervals and the A/B verdict an analyst reads."""

import pytest

from sdr_assets.domain.stats import compare, fisher_exact, more_sends_per_arm, wilson


def test_wilson_matches_the_textbook_values():
    low, high = wilson(10, 100)
    assert low == pytest.approx(0.0552, abs=1e-4) and high == pytest.approx(0.1744, abs=1e-4)
    assert wilson(0, 0) == (0.0, 1.0)
    low, high = wilson(0, 50)
    assert low == pytest.approx(0.0) and 0 < high < 0.08


@pytest.mark.parametrize("successes, trials", [(2, 1), (-1, 5), (1, 0)])
def test_more_successes_than_trials_is_a_clear_error_not_a_math_domain_error(successes, trials):
    with pytest.raises(ValueError, match=f"{successes} successes out of {trials} trials is no proportion"):
        wilson(successes, trials)


def test_a_clear_winner_is_named_with_its_confidence():
    result = compare("a", 20, 1000, "b", 60, 1000)
    assert result.p_value < 0.001
    assert result.conclusion.startswith("variant b wins on reply rate with 95 % confidence")


def test_a_small_gap_says_how_many_more_sends_it_needs():
    result = compare("a", 10, 200, "b", 14, 200)
    assert result.conclusion.startswith("no difference yet: about ")
    assert result.more_per_arm == more_sends_per_arm(0.05, 0.07, 200) > 1000


def test_an_empty_arm_is_not_a_verdict():
    assert compare("a", 0, 0, "b", 3, 10).conclusion.startswith("no difference yet")


@pytest.mark.parametrize("counts", [(0, 6, 3, 6), (0, 4, 3, 4), (1, 10, 6, 10)])
def test_a_gap_on_a_handful_of_sends_is_no_verdict(counts):
    """Each of these passes the z-test's 5 % line or comes near it; Fisher's exact test does not."""
    hits_a, sends_a, hits_b, sends_b = counts
    result = compare("a", hits_a, sends_a, "b", hits_b, sends_b)
    assert result.test == "Fisher's exact test" and result.p_value > 0.05
    assert result.conclusion.startswith("no difference yet") and "Fisher's exact test" in result.conclusion


def test_fisher_matches_its_textbook_values():
    # 0/6 against 3/6: 2 × C(6,0)C(6,3)/C(12,3) = 2 × 20/220; the tea-tasting table 3/4 against 1/4.
    assert fisher_exact(0, 6, 3, 6) == pytest.approx(40 / 220)
    assert fisher_exact(3, 4, 1, 4) == pytest.approx(34 / 70)
    assert fisher_exact(1, 10, 6, 10) == pytest.approx(0.0572755, abs=1e-6)
    assert fisher_exact(5, 10, 5, 10) == 1.0


def test_a_large_clear_gap_still_wins_and_says_which_test_decided():
    result = compare("a", 20, 1000, "b", 60, 1000)
    assert result.test == "two-proportion z-test" and result.conclusion.endswith("for a; two-proportion z-test)")
    small = compare("a", 0, 20, "b", 9, 20)
    assert small.test == "Fisher's exact test" and small.p_value < 0.01
    assert small.conclusion.startswith("variant b wins on reply rate with 95 % confidence")


def test_wilson_bounds_are_exact_at_none_and_all():
    assert wilson(0, 7)[0] == 0.0 and wilson(7, 7)[1] == 1.0
    assert 0 < wilson(0, 7)[1] < 1 and 0 < wilson(7, 7)[0] < 1
