"""A subject that asks for an introductory call ("Initech intro call?", "Dana, a 15-minute Initech intro
call?") introduces no one and goes out, as does a body that offers one; a subject that says a name of
the facts introduced us or sets us beside it from either side ("Intro via Accel", "Jordan x Initech"),
like "Accel intro" and "Initech x Jordan", falls back to the approved template. Two names of the facts
side by side ("Snowflake x Initech") go out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import COMPANY, first

WITH_SNOWFLAKE = {**COMPANY, "tech_stack": "Snowflake"}


@pytest.mark.parametrize("subject", ["Initech intro call?", "Dana, a 15-minute Initech intro call?",
                                     "Snowflake x Initech"])
def test_a_subject_of_no_relation_is_sent(subject):
    draft = first(subject=subject, company=WITH_SNOWFLAKE)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_body_offering_an_intro_call_is_sent():
    draft = first(subject="Congrats on the Series B, Dana", company=WITH_SNOWFLAKE,
                  before_ask="Happy to set up a short Initech intro call with your team. ")
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


@pytest.mark.parametrize("subject", ["Intro via Accel", "Jordan x Initech", "Accel intro", "Initech x Jordan"])
def test_a_subject_of_a_relation_is_not_sent(subject):
    draft = first(subject=subject, company=WITH_SNOWFLAKE)
    assert draft.generated_by != "openai:adversary", f"no research says: {subject}"
    assert any("relation with us" in r for r in draft.reasons), draft.reasons
