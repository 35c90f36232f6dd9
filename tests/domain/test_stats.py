"""Unit: Wilson intervals and the A/B verdict an analyst reads."""

import pytest

from sdr_assets.domain.stats import compare, more_sends_per_arm, wilson


def test_wilson_matches_the_textbook_values():
    low, high = wilson(10, 100)
    assert low == pytest.approx(0.0552, abs=1e-4) and high == pytest.approx(0.1744, abs=1e-4)
    assert wilson(0, 0) == (0.0, 1.0)
    low, high = wilson(0, 50)
    assert low == pytest.approx(0.0) and 0 < high < 0.08


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
