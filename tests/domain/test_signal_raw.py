"""A CSV row's raw text for the quarantine is the JSON it always was."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from sdr_assets.domain.signals import csv_raw

FIELD = st.text(st.characters(codec=None, exclude_categories=()), max_size=8) | st.sampled_from(
    ["", "\ud800", "\udcff", '"', "\\", "\\ud800", "\x00\x1f\x7f", "\u2028", "é", "😀"])


@settings(max_examples=200, deadline=None)
@given(st.lists(FIELD, max_size=6))
def test_csv_raw_is_json_of_the_fields(values):
    assert csv_raw(values) == json.dumps(values, ensure_ascii=False)
