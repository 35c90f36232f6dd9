"""The variant A/B test compares the copy each variant has now: the sends of the play's latest version."""

from datetime import date

import polars as pl

from sdr_assets.notebook_support import variant_comparison
from sdr_assets.performance import SCHEMA

# Version v1's copy of variant b drew 40 replies from 100 people; an approved edit (v2) rewrote it,
# and since then both variants draw 10 in 100 (one email each).
ROWS = [("v1", "a", 10, date(2026, 11, 2)), ("v1", "b", 40, date(2026, 11, 2)),
        ("v2", "a", 10, date(2026, 11, 16)), ("v2", "b", 10, date(2026, 11, 16))]


def _perf(sends: list[tuple] = ROWS) -> pl.DataFrame:
    rows = [{**dict.fromkeys(SCHEMA), "play": "p", "play_version": version, "variant": variant, "step": 1,
             "week": week, "simulated": False, "sent": 100, "delivered": 100, "human_replies": replies,
             "positive_replies": 0, "contacts": 100, "contacts_reached": 100,
             "contacts_replied": replies, "contacts_positive": 0,
             **{c: 0 for c in ("hard_bounces", "soft_bounces", "negative_replies")}}
            for version, variant, replies, week in sends]
    return pl.DataFrame(rows, schema=SCHEMA).with_columns(pl.col(c).fill_null(0) for c, t in SCHEMA.items()
                                                         if t == pl.Int64)


def test_an_edit_that_rewrote_a_variant_starts_its_test_again():
    variants, result = variant_comparison(_perf(), "p")
    assert variants["contacts_reached"].to_list() == [100, 100]
    assert variants["contacts_replied"].to_list() == [10, 10]
    assert result.conclusion.startswith("no difference yet")


def test_the_verdict_names_the_version_it_compares():
    _, result = variant_comparison(_perf(), "p")
    assert "version v2" in result.conclusion


def test_in_the_week_an_edit_is_approved_the_test_compares_the_new_copy():
    """Both versions sent in the edit's week and the old one more often: the new copy is still the one
    each variant has now, since the new version began sending after the old one did."""
    week = date(2026, 11, 2)
    rows = [("v1", "a", 10, week), ("v1", "b", 40, week), ("v1", "a", 10, date(2026, 11, 16)),
            ("v1", "b", 40, date(2026, 11, 16)), ("v2", "a", 1, date(2026, 11, 16)),
            ("v2", "b", 1, date(2026, 11, 16))]
    _, result = variant_comparison(_perf(rows), "p")
    assert "version v2" in result.conclusion, result.conclusion
