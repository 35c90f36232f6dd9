"""Grounded drafts the verifier stopped (tests/fixtures/verifier_dev2): offers of our time, numbers
in words, titles abbreviated or spelled out, an adjective between a number and its noun, a role
implied by a joining; each beside the ungrounded claim the same check must still stop."""

import pytest

from sdr_assets.domain.title_abbreviations import as_grounds_titles
from sdr_assets.domain.verifier import MODES, grounding_reasons

FUNDING = ("Congrats on the Series A, Oliver\nHi Oliver, congratulations on Halden Bio's £12M Series A.\n"
           "Oliver\nHalden Bio Ltd\nBiotech\n85\nGB\nSeries A\n£12M\nRuth Adler")
HIRING = ("Hi Lena, I saw Kessler is hiring 3 Sales Development Representatives. Worth a look?\nLena\n"
          "Head of Sales\nKessler\nManufacturing\n2,400\nSales Development Representative\n3\nFelix Braun")
LEADERSHIP = ("Hi Ana, congratulations on joining Solera as Chief Marketing Officer.\nAna\n"
              "Chief Marketing Officer\nSolera\nRetail\nyou recently joined Solera as Chief Marketing Officer")
VP = "Hi Daniel, congrats on the round.\nDaniel\nVP Marketing\nCorvid\nCybersecurity"


def _numbers(reasons):
    return [r for r in reasons if r.startswith("number not in the facts")]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("offer", ["Worth 15 minutes next week?", "Happy to send a two-minute video.",
                                   "Could we find 20 minutes next week?", "15 min next week?",
                                   "Would a 30-minute call help?", "Would half an hour next week work?",
                                   "Open to a 15–20 minute call next week?", "Worth an hour of your time?",
                                   "I'd love 15 minutes of your time next week.",
                                   "Any chance of 15 minutes next week?"])
def test_time_we_offer_is_no_claim(offer, mode):
    assert _numbers(grounding_reasons(f"Hi Oliver, congrats on the Series A. {offer}", FUNDING, mode)) == []


@pytest.mark.parametrize("claim", ["Our customers save 30 minutes a day.", "Reps write emails 20 minutes faster.",
                                   "We save reps half an hour a day.",
                                   "You spent 20 minutes with our demo, so would a follow-up help?",
                                   "Could we show how reps save 30 minutes a day?", "It took them 45 minutes."])
def test_minutes_said_of_a_saving_or_a_rate_are_still_numbers(claim):
    assert _numbers(grounding_reasons(f"Hi Oliver, congrats on the Series A. {claim}", FUNDING))


@pytest.mark.parametrize("said", ["Twelve million pounds for the Series A, congratulations.",
                                  "Congrats on Halden Bio's £12 million Series A."])
def test_an_amount_of_the_facts_in_words_is_grounded(said):
    assert grounding_reasons(f"Hi Oliver. {said}", FUNDING) == []


@pytest.mark.parametrize("said, shown", [
    ("Fifteen million pounds for the Series A, congratulations.", "'fifteen'"),
    ("Congrats on Halden Bio's £15 million Series A.", "15"),
    ("Twelve million users already, congratulations.", "12M users"),
])
def test_an_amount_in_words_the_facts_do_not_give_is_stopped(said, shown):
    assert f"number not in the facts: {shown}" in grounding_reasons(f"Hi Oliver. {said}", FUNDING)


def test_a_count_of_the_facts_in_words_is_grounded_and_another_is_not():
    assert grounding_reasons("Hi Lena, I saw Kessler is hiring three SDRs.", HIRING) == []
    assert grounding_reasons("Hi Lena, onboarding three new SDRs at once is a project.", HIRING) == []
    assert "number not in the facts: 'five'" in grounding_reasons("Hi Lena, Kessler is hiring five SDRs.", HIRING)
    assert _numbers(grounding_reasons("Hi Lena, Kessler won three new customers.", HIRING))


def test_a_title_abbreviated_or_spelled_out_is_the_grounds_title():
    assert grounding_reasons("Hi Ana, congratulations on the new CMO role at Solera.", LEADERSHIP) == []
    assert grounding_reasons("Hi Daniel, as Vice President of Marketing at Corvid, you own it.", VP) == []
    assert grounding_reasons("Hi Lena, as Head of Sales you ramp the new SDRs.", HIRING) == []


def test_an_abbreviation_of_another_title_is_still_stopped():
    assert "name not in the facts: CFO" in grounding_reasons("Hi Ana, congrats on the new CFO role.", LEADERSHIP)
    assert any(r.startswith("role title not in the facts")
               for r in grounding_reasons("Hi Daniel, as Vice President of Sales at Corvid, you own it.", VP))
    assert as_grounds_titles("Talk to the Director Europe, KM.", "DE\nKessler Maschinenbau") == \
        "Talk to the Director Europe, KM."


def test_a_role_is_implied_by_a_joining_but_a_role_implies_no_joining():
    assert grounding_reasons("Hi Ana, congrats on stepping into a new leadership role.", LEADERSHIP) == []
    assert grounding_reasons("Hi Ana, a Chief Marketing Officer is a big hire for Solera.", LEADERSHIP) == []
    assert grounding_reasons("Hi Ana, congrats on stepping into the CMO seat at Solera.", LEADERSHIP) == []
    opening = "Hi Lena\nLena\nKessler\nthe Head of Sales role is open"
    assert "leadership claim not in the facts: 'joined'" in grounding_reasons("Hi Lena, you joined Kessler.", opening)
    unsaid = grounding_reasons("Hi Lena, congrats on the role.", "Hi Lena\nLena")
    assert "hiring claim not in the facts: 'role'" in unsaid


def test_an_investor_leading_a_round_or_a_leader_of_a_team_ranks_no_one():
    grounds = FUNDING + "\nBalderton Capital\nNew sales leaders are asked for pipeline."
    assert grounding_reasons("Hi Oliver, congrats on Balderton Capital leading your Series A.", grounds) == []
    assert grounding_reasons("Hi Oliver, give that leader a pipeline from week one.", grounds) == []


@pytest.mark.parametrize("said", ["Halden Bio is a leading biotech company.", "Halden Bio is the leader in biotech.",
                                  "Halden Bio is leading the market.", "A market leader like Halden Bio.",
                                  "Halden Bio, a leader in the Series A field."])
def test_a_company_ranked_leading_or_leader_is_still_stopped(said):
    grounds = FUNDING + "\nNew sales leaders are asked for pipeline."
    assert any(r.startswith("ranking claim") for r in grounding_reasons(f"Hi Oliver. {said}", grounds))


@pytest.mark.parametrize("said", ["Sales teams use us to research accounts and draft first emails.",
                                  "We research every account before a draft is written.",
                                  "We help reps research their market."])
def test_research_we_do_or_help_with_is_no_claim_of_the_prospect(said):
    assert grounding_reasons(f"Hi Oliver, congrats on the Series A. {said}", FUNDING) == []


@pytest.mark.parametrize("said", ["Your team is researching sales tools.", "I saw you're researching vendors.",
                                  "We saw your team researching vendors."])
def test_research_said_of_the_prospect_is_still_stopped(said):
    assert any(r.startswith("research claim") for r in grounding_reasons(f"Hi Oliver. {said}", FUNDING))


@pytest.mark.parametrize("said", ["A quick idea for your new SDRs: researched drafts.",
                                  "Support for your new Sales Development Representatives.",
                                  "Your new hires could start with researched drafts."])
def test_your_new_said_of_the_people_being_hired_claims_no_joining(said):
    assert grounding_reasons(f"Hi Lena. {said}", HIRING) == []


@pytest.mark.parametrize("said, grounds", [
    ("Congrats on your new Head of Sales.", HIRING),
    ("Your new office looks great.", HIRING),
    ("A quick idea for your new SDRs.", HIRING.replace("is hiring", "has")),
    ("When your new SDRs were hired, the pipeline changed.", HIRING),
    ("Your new SDRs just started.", HIRING),
])
def test_your_new_said_of_anyone_else_or_without_a_hiring_is_still_stopped(said, grounds):
    assert "leadership claim not in the facts: 'your new'" in grounding_reasons(f"Hi Lena. {said}", grounds)


def test_a_currency_code_is_read_as_its_sign():
    assert grounding_reasons("Hi Oliver, congrats on raising GBP 12M in your Series A.", FUNDING) == []
    assert "number not in the facts: 12M" in grounding_reasons("Hi Oliver, congrats on raising USD 12M.", FUNDING)


def test_a_company_possessive_before_a_title_is_its_owner_not_its_field():
    assert grounding_reasons("Hi Daniel, as Corvid's VP Marketing you own pipeline.", VP) == []
    other = grounding_reasons("Hi Daniel, as Corvid's Sales VP you own it.", VP)
    assert "role title not in the facts: Sales VP" in other


def test_an_idiom_before_for_and_a_greeting_of_another_country_name_no_one():
    assert grounding_reasons("G'day Oliver, congrats on the Series A. Keen for a quick chat next week?", FUNDING) == []
    assert "name not in the facts: Keen" in grounding_reasons("Hi Oliver. Keen works with teams like yours.", FUNDING)


@pytest.mark.parametrize("said", ["Post-raise, many biotech teams start thinking about pipeline.",
                                  "We'd welcome the chance to support Halden Bio's next stage of growth.",
                                  "Ramping new reps well is crucial for sustained growth.",
                                  "Ramping new reps well is how we can help drive growth."])
def test_a_prefix_growth_to_come_or_spending_on_a_function_claims_nothing(said):
    assert grounding_reasons(f"Hi Oliver, congrats on the Series A. {said}", FUNDING) == []
    assert grounding_reasons("Hi Lena, hiring 3 SDRs at once is a meaningful investment in sales.", HIRING) == []


@pytest.mark.parametrize("said, claim", [
    ("Loved your blog post on hiring.", "press"), ("Impressive growth this year.", "growth"),
    ("Your growth has been remarkable.", "growth"), ("The investment in Kessler was smart.", "funding"),
    ("An investment in your team from Accel.", "funding"), ("An investment in sales from Accel.", "funding"),
])
def test_a_post_growth_or_investment_said_of_the_prospect_is_still_stopped(said, claim):
    assert any(r.startswith(f"{claim} claim") for r in grounding_reasons(f"Hi Lena. {said}", HIRING))


def test_an_abbreviated_role_counted_is_the_role_of_the_facts():
    grounds = HIRING + "\nNew SDRs ramp slowly."
    assert grounding_reasons("Hi Lena, you have 3 open SDR roles and 3 new SDRs to ramp.", grounds) == []
    assert grounding_reasons("Hi Lena, ramping three new SDRs at once is a project.", grounds) == []
    assert any(r.startswith("number not in the facts: 5")
               for r in grounding_reasons("Hi Lena, you have 5 new SDRs to ramp.", grounds))
    assert any(r.startswith("number not in the facts: 3")
               for r in grounding_reasons("Hi Lena, you have 3 new AEs to ramp.", grounds + "\nAEs"))


def test_a_text_whose_abbreviations_the_grounds_hold_as_written_is_grounded():
    text = "AE hiring at Brightline\nNew AEs ramp slowly; you have 5 Account Executive openings."
    assert grounding_reasons(text, f"Brightline\n{text}") == []


@pytest.mark.parametrize("said", [
    "The CMO seat at Solera is still open.", "Solera is looking to hire a CMO.", "Is the role still open?",
    "I saw the open role at Solera.", "The Chief Marketing Officer role at Solera is still open.",
    "Solera is still looking to fill the CMO seat.", "Congrats on being promoted to CMO.",
])
def test_a_joining_implies_no_open_role_and_no_promotion(said):
    assert grounding_reasons(f"Hi Ana. {said}", LEADERSHIP)


@pytest.mark.parametrize("said", [
    "Your new SDRs are ramping well.", "Congrats on your new reps.", "Your new hires are crushing it.",
    "Your new SDR hit quota.", "Now that your new SDRs are here, pipeline matters.",
    "Your new SDRs, now onboard, need pipeline.", "Welcome your new SDRs with researched drafts.",
    "Congrats on your new Sales Development process.", "Congrats on your new Sales Development team.",
    "Congrats on your new Sales Development Representative Felix.",
])
def test_your_new_said_of_hires_already_there_is_still_stopped(said):
    assert grounding_reasons(f"Hi Lena. {said}", HIRING)


@pytest.mark.parametrize("said", [
    "This leader in biotech deserves it.", "Halden Bio, the team leader in biotech.",
    "As the product leader in biotech, Halden Bio stands out.", "You are leading the Series A market.",
    "Halden Bio keeps leading its field, round after round.", "Your sustained growth is impressive.",
    "Congrats on sustained growth this year.", "Impressive sustained growth at Halden Bio.",
    "You helped drive growth at Halden Bio.",
])
def test_a_leader_in_a_field_or_growth_already_had_is_still_stopped(said):
    assert grounding_reasons(f"Hi Oliver. {said}", FUNDING)


@pytest.mark.parametrize("said", [
    "Reps could free up 4 hours.", "Love that your team cut onboarding to 30 minutes.",
    "Happy to show how one customer cut prospecting from 4 hours to 20 minutes.",
    "Our customers can prep an account in 5 minutes.", "Would your reps like their 3 hours of daily research back?",
])
def test_a_length_not_offered_as_our_time_is_still_a_number(said):
    assert _numbers(grounding_reasons(f"Hi Oliver. {said}", FUNDING))


def test_a_length_after_instead_of_is_still_a_number_after_an_offer_word():
    said = "Would it help if reps spent 10 minutes per account instead of 2 hours?"
    assert "number not in the facts: 2" in grounding_reasons(f"Hi Oliver. {said}", FUNDING)


@pytest.mark.parametrize("said", ["Your 3 new SDRs.", "Kessler has 3 additional SDRs.",
                                  "Kessler now employs 3 more SDRs.", "Kessler just hired 3 new SDRs."])
def test_a_count_of_open_roles_counts_no_people_already_there(said):
    assert _numbers(grounding_reasons(f"Hi Lena. {said}", HIRING))


@pytest.mark.parametrize("said", ["Helping your team research vendors like us.",
                                  "Teams use us to research, like yours is doing now."])
def test_research_the_prospect_does_beside_us_is_still_stopped(said):
    assert any(r.startswith("research claim") for r in grounding_reasons(f"Hi Oliver. {said}", FUNDING))


def test_a_long_form_is_not_shortened_into_an_ambiguous_short_form_of_the_facts():
    grounds = "Hi Jo\nJo\nCPO\nAcme"
    assert grounding_reasons("Hi Jo. As Chief Product Officer at Acme you own the roadmap.", grounds)


@pytest.mark.parametrize("said", [
    "We give reps researched drafts that a manager signs off before they go out.",
    "Any sales director can read the drafts before they go out.",
    "Every Head of Sales wants pipeline from new reps.",
    "A sales manager usually reviews each draft.",
    "Each director approves the drafts their team sends.",
])
def test_a_title_said_of_no_one_claims_no_title(said):
    """dev2 hiring_de-good-2: "drafts that a manager signs off" was stopped as a role title claim."""
    assert grounding_reasons(f"Hi Lena, I saw Kessler is hiring. {said}", HIRING) == []


@pytest.mark.parametrize("said", [
    "As a manager, you know the drill.", "Kessler hired a director who starts soon.",
    "Kessler's manager signs off on hiring.", "Congrats, a director at Kessler now.",
])
def test_a_title_said_of_the_prospect_is_still_a_title_claim(said):
    assert any(r.startswith("role title claim") for r in grounding_reasons(f"Hi Lena. {said}", HIRING))


@pytest.mark.parametrize("said", [
    "I noticed Kessler is expanding its sales team with several roles.",
    "Kessler is growing the sales team this quarter.",
    "Looks like you're expanding your SDR team.",
])
def test_a_team_growing_is_a_team_hiring(said):
    """dev2 hiring_us-good-5: "expanding its sales team with several Account Executive positions" was
    stopped as a growth claim where the facts say the company is hiring."""
    assert grounding_reasons(f"Hi Lena. {said}", HIRING) == []
    assert any(r.startswith("hiring claim") for r in grounding_reasons(f"Hi Oliver. {said}", FUNDING))


@pytest.mark.parametrize("said", [
    "Kessler has a founder who still sells.", "Your team has a manager who signs off every email.",
    "Kessler has a director who runs partnerships.", "Every director at Kessler reports to you.",
    "Since each director at Kessler owns a region, routing matters.",
    "Kessler, with a founder who still sells, is rare.",
])
def test_a_title_of_someone_the_prospect_has_is_a_title_claim(said):
    """A review: a title after "has a" or followed by "who" or "at Kessler" was read as said of no one."""
    assert any(r.startswith("role title claim") for r in grounding_reasons(f"Hi Lena. {said}", HIRING))


def test_a_title_of_no_one_after_by_may_be_followed_by_who():
    said = "Every draft is signed off by a manager who reads it."
    assert grounding_reasons(f"Hi Lena, I saw Kessler is hiring. {said}", HIRING) == []


@pytest.mark.parametrize("said", [
    "Expanding your engineering team must be a lot too.", "Kessler is growing its engineering headcount.",
    "Growing the marketing team alongside sales is smart.", "Expanding its finance team, Kessler is busy.",
])
def test_another_department_growing_is_a_growth_claim_not_the_opening(said):
    """A review: any team growing was read as the hiring of the opening the facts give."""
    assert any(r.startswith("growth claim") for r in grounding_reasons(f"Hi Lena. {said}", HIRING))


@pytest.mark.parametrize("said", ["Growing your sales team is exactly when lists matter.",
                                  "Expanding your SDR team means more lists to build."])
def test_the_opening_s_own_team_growing_is_the_hiring_the_facts_give(said):
    assert grounding_reasons(f"Hi Lena. {said}", HIRING) == []


@pytest.mark.parametrize("said", [
    "Kessler expanded its sales team last year.", "Kessler is growing revenue fast.",
    "Kessler is expanding into France.",
])
def test_growth_other_than_a_team_hiring_is_still_a_growth_claim(said):
    assert any(r.startswith("growth claim") for r in grounding_reasons(f"Hi Lena. {said}", HIRING))
