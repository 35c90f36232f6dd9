"""Claims said in passing that drafts of a red team slipped past the verifier, and the grounded
wordings it stopped: a postscript, places and investors in lower case, ordinals, firsts of a kind,
growth said as a gerund, openings said as staff, the sender given a role at the prospect. Each
beside the near wording the same check must leave alone."""

import pytest

from sdr_assets.domain.verifier import MODES, Bounds, grounding_reasons, verify_draft
from sdr_assets.domain.postscripts import without_postscript_marks

FUNDING = ("Congrats on the Series A, Oliver\nHi Oliver, congratulations on Halden Bio's £12M Series A.\n"
           "Oliver\nHalden Bio Ltd\nBiotech\n85\nGB\nSeries A\n£12M\nRuth Adler")
BODY = "Hi Oliver,\n\nCongratulations on Halden Bio's £12M Series A.\n\nRuth Adler\n"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("mark", ["P.S.", "P.P.S.", "PS:", "P.S.:", "p.s."])
def test_a_grounded_postscript_passes(mark, mode):
    body = f"{BODY}\n{mark} Happy to share a sample list if useful.\n"
    assert grounding_reasons(f"Congrats on the Series A, Oliver\n{body}", FUNDING, mode) == []


@pytest.mark.parametrize("note, reason", [
    ("Sequoia joined the round too.", "name not in the facts: Sequoia"),
    ("Congrats on the Series B as well.", "funding round not in the facts: 'series b'"),
])
def test_a_postscript_s_claim_is_still_stopped(note, reason):
    reasons = grounding_reasons(f"Congrats on the Series A, Oliver\n{BODY}\nP.S. {note}\n", FUNDING)
    assert reason in reasons
    assert "name not in the facts: S" not in reasons and "name not in the facts: P" not in reasons


@pytest.mark.parametrize("text", ["Our P.S. line", "PSA: read this", "PS5 sales doubled", "P.S.Happy"])
def test_only_a_postscript_mark_opening_a_line_is_taken_out(text):
    assert without_postscript_marks(f"x\n{text}") == f"x\n{text}"
