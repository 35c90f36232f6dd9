"""A subject that sets the sender beside the prospect, her company or a name of the facts with a plus, an
ampersand or a pair's sign ("Initech + Jordan", "Dana <> Jordan", "Jordan & Initech") says the two met or
work together, which no research finds: the draft falls back to the approved template. A plus between
a name of theirs and anything but the sender ("Initech + pipeline", "Initech & Accel: the next board
meeting") pairs no one with us and goes out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import first


@pytest.mark.parametrize("subject", ["Initech + Jordan", "Initech & Jordan", "Jordan + Initech", "Dana <> Jordan",
                                     "Dana x Jordan", "Initech+Jordan Lee"])
def test_a_subject_pairing_the_sender_with_them_is_not_sent(subject):
    draft = first(subject=subject)
    assert draft.generated_by != "openai:adversary", f"no research says: {subject}"
    assert any("relation with us" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("subject", ["Initech + pipeline", "Series B + pipeline", "Initech x Accel",
                                     "Initech & Accel: the next board meeting", "Dana + the next board meeting"])
def test_a_subject_pairing_no_one_with_us_is_sent(subject):
    draft = first(subject=subject)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_signature_with_the_team_is_sent():
    draft = first("Jordan & the team are happy to help.")
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
