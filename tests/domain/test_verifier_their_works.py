"""The prospect's works and words that no fact mentions ("I loved your talk at the summit", "your
website says ...", "you called GridSense the future"), each beside a fair twin that uses the same
words of ours, of no one, in a question, a condition or an offer. Judged through ``settle``, as the
drafts asset judges a model's draft."""

import pytest

from sdr_assets.domain.their_works import their_work_reasons
from tests.domain.truth_contexts import assert_stopped, assert_written

THEIR_WORKS = [
    ("funding", "I enjoyed your talk at the payments conference."),
    ("funding", "Your book on founder-led sales changed how I sell."),
    ("funding", "Your motto, sell honestly, says a lot about Kestrel Pay."),
    ("funding", "Kestrel Pay's website says you serve small shops."),
    ("funding_old", "Your presentation at the health summit was sharp."),
    ("hiring", "You described RevOps as the heart of Larkspur Analytics."),
    ("hiring", "Your recent demo video was very clear."),
    ("tech", "Your slogan about moving freight on time stuck with me."),
    ("tech", "You said Snowflake would make reporting easy."),
    ("leadership", "Maria's panel on factory automation was the best one."),
    ("leadership", "She told the trade press that sales would double."),
    ("launch", "The GridSense booth at the energy fair drew a crowd."),
    ("launch", "You rightly called GridSense a first for utilities."),
]

THEIR_WORKS_FAIR = [
    ("funding", "Happy to show you a short demo of the sign-off step."),
    ("funding", "We help reps grow their book of business after a round."),
    ("funding", "Is a talk with your sales team useful?"),
    ("funding", "If you have a talk track for the Series B, we can build on it."),
    ("funding_old", "Happy to talk whenever suits you."),
    ("hiring", "Did your team see our guide on routing?"),
    ("hiring", "Teams often describe RevOps as the glue of sales."),
    ("tech", "Our website has a sample table for Snowflake."),
    ("tech", "Your team could load the sample in a few minutes."),
    ("leadership", "Once Maria has a talk with the sales team, a clean pipeline helps."),
    ("launch", "We could run a demo of GridSense accounts for your team."),
    ("launch", "Once the GridSense page is live, we can point outreach at it."),
    ("launch", "You said it best: \"outreach that your team approves first\"."),
    ("leadership", "Your video call link works for Maria too."),
]


@pytest.mark.parametrize("context, claim", THEIR_WORKS)
def test_a_work_or_words_of_the_prospect_no_fact_mentions_are_stopped(context, claim):
    assert_stopped(context, claim, "work or words of the prospect not in the facts")


@pytest.mark.parametrize("context, claim", THEIR_WORKS_FAIR)
def test_the_same_words_of_ours_of_no_one_asked_or_offered_pass(context, claim):
    assert_written(context, claim)


def test_the_check_names_what_it_found():
    assert their_work_reasons("I loved your recent keynote.", "") == [
        "work or words of the prospect not in the facts (keynote): I loved your recent keynote."]
    assert their_work_reasons("Acme's homepage says it is fast.", "", ("Acme",)) == [
        "work or words of the prospect not in the facts (homepage): Acme's homepage says it is fast."]


def test_the_grounds_naming_the_work_ground_it():
    assert their_work_reasons("I loved your keynote at SaaStr.", "Maya gave the keynote at SaaStr") == []
    assert their_work_reasons("You said pipeline is everyone's job.", "Maya said pipeline is everyone's job") == []


def test_an_opening_posted_is_no_work_of_theirs():
    # The whole draft is held by the press words ("post"), which no fact of a hiring signal states.
    assert their_work_reasons("I saw your job post for a Head of Revenue Operations.", "hiring") == []
