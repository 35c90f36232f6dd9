"""A combining mark inside a claim word does not hide the claim from the verifier.

The README ("Message truth") says the verifier reads a draft folded (NFKC, then look-alikes as the
Latin letters they show) so that what a reader sees is what the checks read, and no character that
renders as nothing may split a word. A combining mark that NFKC cannot compose into one letter
(U+0307 COMBINING DOT ABOVE on a dotless "ı", which renders exactly as "i"; an underline or a
strike-through mark) is no letter: the word breaks there, "acquı̇red" is read as "acqui" and
"red", and the acquisition claim a reader sees goes out as written, in the body or the subject.
"""

from __future__ import annotations

import pytest

from resources.model import OpenAICompatibleModel
from sdr_assets.domain.drafting import WRITTEN
from tests.chat_endpoint import chat_endpoint
from tests.test_untrue_model_drafts import CONGRATS, _email, _request, _settled

DOT_I = "\u0131\u0307"  # dotless i and a combining dot above: shows as "i"
CLAIM = "Congratulations on Initech's $25M Series B and on the acquisition by Accel."


@pytest.mark.parametrize("hidden", [
    CLAIM.replace("acquisition", f"acqu{DOT_I}sition"),
    CLAIM.replace("acquisition", "acqui\u0307sition"),
    CLAIM.replace("acquisition", "acq\u0336uisition"),  # a combining long stroke overlay
])
def test_a_combining_mark_inside_a_claim_word_does_not_hide_the_claim(hidden):
    plain = _settled(_request(), "Congrats on the Series B, Dana", _email("Hi Dana", CLAIM))
    assert plain.verdict != WRITTEN, "the claim written plainly is refused"
    draft = _settled(_request(), "Congrats on the Series B, Dana", _email("Hi Dana", hidden))
    assert draft.verdict != WRITTEN, f"sent as written: {hidden!r}"


def test_a_combining_mark_does_not_hide_a_claim_in_the_subject():
    plain = _settled(_request(), "Congrats on the acquisition, Dana", _email("Hi Dana", CONGRATS))
    assert plain.verdict != WRITTEN, "the claim written plainly is refused"
    draft = _settled(_request(), f"Congrats on the acqu{DOT_I}sition, Dana", _email("Hi Dana", CONGRATS))
    assert draft.verdict != WRITTEN, f"sent as written: {draft.subject!r}"


# An endpoint whose every draft claims an acquisition with a dotless i and a dot.
DOTTED = {"subject": f"Congrats on the acqu{DOT_I}sition, Dana",
          "body": _email("Hi Dana", CLAIM.replace("acquisition", f"acqu{DOT_I}sition") + " " + CONGRATS.split(". ", 1)[1]),
          "fact_ids": ["company.name", "signal.round", "signal.lead_investor"]}


@pytest.fixture
def model_url():
    with chat_endpoint(lambda _: DOTTED) as url:
        yield url


def test_a_model_claiming_an_acquisition_with_a_dotted_dotless_i_falls_back(model_url):
    model = OpenAICompatibleModel(base_url=model_url, model="review", max_attempts=1)
    try:
        [draft] = model.write_drafts([_request()])
    finally:
        model.close()
    assert draft is not None
    assert DOT_I not in draft.subject + draft.body, \
        f"{draft.verdict} by {draft.generated_by}: {draft.subject!r} / {draft.body!r}"
