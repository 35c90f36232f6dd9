"""Research never tells what the prospect did with our mail or site: a model's draft, first or
follow-up, that says she opened an email, clicked a link or looked at a page of ours ("I noticed you
opened my last email", "saw you clicked the link", "noticed you checked out our site") states what
no fact gives (and reads as watching her): it falls back to the approved template. A follow-up that
says only what the sequence did ("as per my last email") goes out."""

from __future__ import annotations

import pytest

from sdr_assets.domain.drafting import WRITTEN
from tests.model_drafts import by_model, congrats_request, follow_up


@pytest.mark.parametrize("claim", [
    "I noticed you opened my last email, so here is",
    "I saw you clicked the link in my note, so here is",
    "I noticed you checked out our site, so here is",
    "I saw you looked at our case study, so here is",
    "I noticed you viewed our page on approvals, so here is",
])
def test_a_follow_up_never_says_what_she_did_with_our_mail_or_site(claim):
    draft = follow_up(claim)
    assert draft.generated_by != "openai:adversary", f"no research says: {claim}"
    assert any("earlier contact claim" in r for r in draft.reasons), draft.reasons


@pytest.mark.parametrize("plain", ["as per my last email, here is", "in case my last email got buried, here is"])
def test_a_follow_up_that_says_only_what_we_sent_goes_out(plain):
    draft = follow_up(plain)
    assert draft.verdict == WRITTEN and draft.generated_by == "openai:adversary", draft.reasons


def test_a_first_email_never_says_she_looked_at_our_site():
    body = ("Hi Dana,\n\nCongratulations on Initech's $25M Series B. I noticed you checked out our site, so: we help "
            "Software teams answer with outbound that a person signs off before it goes out.\n\nOpen to a short "
            "call next week?\n\nJordan Lee\n")
    draft = by_model(congrats_request(), "Congrats on the Series B, Dana", body)
    assert draft.generated_by != "openai:adversary", draft.body
