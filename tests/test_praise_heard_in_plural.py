"""Research never hears the prospect praised: a draft that says the people the sender talks to, works with or
meets love them or say good things of them, in the plural ("People I talk to love Initech", "People we work
with love what Initech is building", "Folks I meet say great things of your team"), falls back to the
approved template as "Everyone I talk to loves Initech" does."""

from __future__ import annotations

import pytest

from sdr_assets.domain.familiarity import familiarity_reasons
from tests.model_drafts import first


@pytest.mark.parametrize("claim", ["People I talk to love Initech.", "People we work with love what Initech is building.",
                                   "Folks I meet say great things of your team."])
def test_praise_of_them_heard_is_not_sent(claim):
    draft = first(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("familiarity" in r for r in draft.reasons), draft.reasons


def test_people_loving_our_drafts_are_no_praise_of_them():
    assert familiarity_reasons("people i talk to love our drafts.", "dana is vp sales at initech.", ("initech",)) == []
