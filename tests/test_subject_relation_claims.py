"""A subject line is read as the body is: one that calls the email an introduction by a name of the facts
("Accel portfolio intro", "Accel intro") or sets the prospect beside us ("Initech x Jordan") tells of a
relation no research found, and the model's draft falls back to the approved template. A subject that
introduces the sender alone ("Quick intro") or names the signal goes out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import first


@pytest.mark.parametrize("subject", ["Accel portfolio intro", "Accel intro", "Initech x Jordan", "Initech <> Jordan"])
def test_a_subject_of_a_relation_is_not_sent(subject):
    draft = first(subject=subject)
    assert draft.generated_by != "openai:adversary", f"no research says: {subject}"
    assert any("relation with us" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("subject", ["Congrats on the Series B, Dana", "Quick intro", "Initech's pipeline after the Series B"])
def test_a_subject_of_no_relation_is_sent(subject):
    draft = first(subject=subject)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons
