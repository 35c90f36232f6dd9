"""True copy a careful writer sends goes out under the checks of exclusivity, results promised, a
technology left, her deeds with our mail or site, customers we serve, her results and her tenure: what
no one else on her side must do, more detail on a call, a sentence that "doubles as" a log, "help you
hit your number", CRMs we support, a follow-up unsure she read the last note, our own experience and a
move denied. The untrue claims of those checks stay stopped, in a draft and in a suggested answer."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from sdr_assets.domain.verifier import offer_reasons
from tests.model_drafts import first, follow_up, stack


def _sent(draft) -> bool:
    return draft.verdict == WRITTEN and draft.generated_by == "openai:adversary"


@pytest.mark.parametrize("plain", [
    "No one else on your team needs to act.",
    "Nobody else needs to join the call.",
    "No other tool needs to change.",
    "You'll get more context on the call.",
    "You'll see more examples on a short call.",
    "We'll get more detail from your team on the call.",
    "To help you hit your number, we keep the rep in control.",
    "After years of manual list-building, most teams want a person to sign off.",
    "As an experienced team, we know approvals slow things down.",
])
def test_true_copy_in_a_first_email_goes_out(plain):
    assert _sent(first(plain)), first(plain).reasons


@pytest.mark.parametrize("opening", [
    "in case you didn't get to read my last note, here is the short version;",
    "if you haven't opened my last email yet, no problem:",
    "if you already checked out our site, skip this;",
    "this has been on our list for a while, so",
    "I know no one else on your team needs to act, so",
])
def test_true_copy_in_a_follow_up_goes_out(opening):
    assert _sent(follow_up(opening)), follow_up(opening).reasons


@pytest.mark.parametrize("plain", ["Nothing here means replacing Redshift.",
                                   "Replacing Redshift is not something we would ask."])
def test_a_move_denied_goes_out(plain):
    assert _sent(stack(plain, sender="Jordan Lee")), stack(plain, sender="Jordan Lee").reasons


@pytest.mark.parametrize("answer", [
    "Yes, we support several CRMs, including HubSpot.",
    "You'll see more detail in the one-pager.",
    "You will hear from me Thursday; you'll get more context then.",
    "It will double as your approval log.",
])
def test_a_true_suggested_answer_is_not_refused(answer):
    assert offer_reasons(answer, "Dana asked whether it works with HubSpot and when she would hear back.") == []


@pytest.mark.parametrize("claim", ["No one else does this.", "No other tool does this.", "You'll book more meetings.",
                                   "You'll close more deals this quarter.", "Your reps will hit their quota faster.",
                                   "You just hit your number.", "We work with several Accel portfolio companies.",
                                   "As a seasoned VP Sales, you know the drill."])
def test_the_untrue_claims_stay_stopped(claim):
    assert not _sent(first(claim))


@pytest.mark.parametrize("opening", ["I noticed you opened my last email, so", "I saw you clicked the link, so",
                                     "I noticed you were on our pricing page, so"])
def test_a_follow_up_saying_what_she_did_with_our_mail_stays_stopped(opening):
    assert any("earlier contact claim" in r for r in follow_up(opening).reasons)
