"""No opt-out may be lost: every sentence of the tests and the development sets that triage suppressed or
marked as a data request when ``optout_baseline.json`` was written stays so, unless its entry says why not
(``tests/triage/decisions.py`` writes and explains it)."""

from sdr_assets.triage import classify_message

from .decisions import load_baseline
from .helpers import make_message


def test_every_sentence_suppressed_or_marked_in_the_baseline_stays_so():
    lost = []
    for text, entry in load_baseline().items():
        if "released" in entry:
            continue
        result = classify_message(make_message(text))
        if entry["suppressed"] and result.label != "unsubscribe":
            lost.append(f"no longer suppressed ({result.label}): {text[:100]!r}")
        if entry["marked"] and not result.data_request:
            lost.append(f"no longer marked as a data request: {text[:100]!r}")
    assert not lost, "\n".join(lost)


def test_a_sentence_released_from_the_baseline_says_why():
    released = {text: entry["released"] for text, entry in load_baseline().items() if "released" in entry}
    assert all(isinstance(reason, str) and len(reason.split()) >= 3 for reason in released.values()), released
