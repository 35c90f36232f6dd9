"""Claims said in passing that drafts of a red team slipped past the verifier, and the grounded
wordings it stopped: a postscript, places and investors in lower case, ordinals, firsts of a kind,
growth said as a gerund, openings said as staff, the sender given a role at the prospect. Each
beside the near wording the same check must leave alone."""

import pytest

from sdr_assets.domain.firsts import first_claim_reasons
from sdr_assets.domain.postscripts import without_postscript_marks
from sdr_assets.domain.verifier import MODES, Bounds, grounding_reasons, verify_draft

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


@pytest.mark.parametrize("said, name", [
    ("Between the round and the move to berlin, it's a busy year.", "berlin"),
    ("Training new reps in denver will help.", "denver"),
    ("The new plant in osaka must be busy.", "osaka"),
    ("Having sequoia on the cap table must help.", "sequoia"),
    ("A round led by accel is a strong signal.", "accel"),
    ("Moving finance to sap is a big project.", "sap"),
])
def test_a_place_or_investor_in_lower_case_is_a_name(said, name):
    assert f"name not in the facts: {name}" in grounding_reasons(f"Hi Oliver, congrats on the Series A. {said}",
                                                                  FUNDING)


@pytest.mark.parametrize("said", ["Moving to outbound that a person signs off is a big step.",
                                  "From pipeline to board decks, it's a busy year.",
                                  "Training new reps in outbound takes a month.",
                                  "Having a strong lead investor on the cap table must help.",
                                  "In biotech, the board asks how a round turns into pipeline."])
def test_english_words_in_the_same_places_are_no_names(said):
    reasons = grounding_reasons(f"Hi Oliver, congrats on the Series A. {said}", FUNDING)
    assert [r for r in reasons if r.startswith("name not in the facts")] == []


def test_a_city_of_the_facts_in_lower_case_is_grounded():
    grounds = FUNDING + "\nBerlin"
    assert grounding_reasons("Hi Oliver, congrats on the Series A. The move to berlin must be exciting.", grounds) == []


@pytest.mark.parametrize("said", ["This is your second product launch this year.",
                                  "As the second CFO this year, you'll want quick wins.",
                                  "This second hiring wave is bigger than the first.",
                                  "Halden Bio's second round came fast."])
def test_second_as_an_ordinal_of_the_prospect_is_a_number(said):
    assert "number not in the facts: 'second'" in grounding_reasons(f"Hi Oliver. {said}", FUNDING)


@pytest.mark.parametrize("said", ["Give me a second look at the numbers.", "On second thought, a short call may help.",
                                  "Your team is second to none.", "It takes a second to approve a draft.",
                                  "A second pair of eyes helps.", "The second quarter is the busiest.",
                                  "Could I get your second opinion on it?"])
def test_second_of_time_or_an_idiom_is_no_number(said):
    assert "number not in the facts: 'second'" not in grounding_reasons(f"Hi Oliver. {said}", FUNDING)


def test_second_the_facts_say_is_grounded():
    assert grounding_reasons("Hi Oliver, congrats on your second round.", FUNDING + "\nyour second round") == []


@pytest.mark.parametrize("said", ["It's the first product of its kind in the UK.",
                                  "The first smart meter platform of its kind.",
                                  "It is the first of its kind."])
def test_a_first_of_its_kind_with_words_between_is_a_ranking(said):
    assert [r for r in first_claim_reasons(said, FUNDING) if r.startswith("ranking claim")]


@pytest.mark.parametrize("said", ["First of all, kind regards to the team.", "The first launch of this kind is hard.",
                                  "Your first call of the day sets the tone."])
def test_first_near_kind_that_ranks_no_one_is_no_claim(said):
    assert first_claim_reasons(said, FUNDING) == []


def test_a_first_of_its_kind_the_facts_say_is_grounded():
    assert first_claim_reasons("The first product of its kind.", FUNDING + "\nthe first product of its kind") == []


@pytest.mark.parametrize("said, word", [("Doubling the team since spring must have been intense.", "doubling"),
                                        ("Tripling headcount in a year is rare.", "tripling"),
                                        ("You're quadrupling the sales team, which is hard.", "quadrupling"),
                                        ("Acme Bio is already doubling its pipeline.", "doubling")])
def test_growth_said_as_a_gerund_is_a_growth_claim(said, word):
    assert f"growth claim not in the facts: '{word}'" in grounding_reasons(f"Hi Oliver. {said}", FUNDING)


def test_a_gerund_of_growth_the_facts_state_as_past_is_grounded():
    grounds = FUNDING + "\nyou doubled the team this year"
    assert grounding_reasons("Hi Oliver. Doubling the team this year must have been intense.", grounds) == []


def test_doubling_down_is_no_growth():
    assert grounding_reasons("Hi Oliver. Doubling down on outbound after a round makes sense.", FUNDING) == []


HIRING = ("Hi Lena, I saw Kessler is hiring 3 Sales Development Representatives. Worth a look?\nLena\n"
          "Head of Sales\nKessler\nManufacturing\n2,400\nSales Development Representative\n3\nFelix Braun")


@pytest.mark.parametrize("said", ["Your 3 SDRs already on the team will feel it too.",
                                  "Your current team of 3 SDRs will feel it too.",
                                  "With 3 SDRs on the floor already, ramp matters.",
                                  "Your existing 3 reps carry the quota today."])
def test_openings_said_as_people_there_already_are_stopped(said):
    assert [r for r in grounding_reasons(f"Hi Lena. {said}", HIRING) if r.startswith("number not in the facts: 3")]


@pytest.mark.parametrize("said", ["Kessler is hiring 3 SDRs, a big push.",
                                  "Once the 3 SDRs you're hiring are on the team, ramp matters.",
                                  "All 3 SDRs will start with researched accounts.",
                                  "Your existing reps will help the 3 SDRs you hire.",
                                  "The 2,400 people already at Kessler will feel it too."])
def test_openings_said_as_people_to_come_or_a_headcount_said_as_staff_pass(said):
    assert [r for r in grounding_reasons(f"Hi Lena. {said}", HIRING) if r.startswith("number not in")] == []


def _sent(body_line: str) -> tuple[str, ...]:
    from sdr_assets.domain.address_lines import Roles

    body = f"Hi Oliver,\n\nCongratulations on Halden Bio's £12M Series A. {body_line}\n\nRuth Adler\n"
    roles = Roles(contact="Oliver", sender="Ruth Adler", facts=("Oliver", "Ruth Adler"))
    return verify_draft("Congrats on the Series A, Oliver", body, FUNDING, first_touch=True, bounds=Bounds(),
                        roles=roles)


@pytest.mark.parametrize("said", ["Ruth Adler on your board must be thrilled.",
                                  "Ruth Adler, your recruiter, mentioned the hiring push.",
                                  "Ruth said the demo went well.", "Ruth Adler on your team did a great demo."])
def test_the_sender_named_as_someone_at_the_prospect_is_stopped(said):
    assert "the sender named as someone at the prospect: Ruth Adler" in _sent(said)


@pytest.mark.parametrize("said", ["I'm Ruth Adler, and I help Biotech teams.", "This is Ruth, from the outbound side.",
                                  "Worth a short call?"])
def test_the_sender_signing_or_introducing_herself_passes(said):
    assert _sent(said) == ()


@pytest.mark.parametrize("said", ["The second week of the month is usually quietest.",
                                  "This is the second time I'm reaching out.", "The second reason is cost.",
                                  "Your second question is usually about cost.", "This second email is the last one.",
                                  "Their second week should be spent talking to buyers."])
def test_second_of_a_time_a_reason_or_a_message_is_no_number(said):
    """A review: every "the second ..." but a few idioms was read as an ordinal of the prospect."""
    assert "number not in the facts: 'second'" not in grounding_reasons(f"Hi Oliver. {said}", FUNDING)


@pytest.mark.parametrize("said", ["Your second SDR class starts soon.", "Your second office opened fast."])
def test_second_of_the_prospect_s_own_things_is_a_number(said):
    assert "number not in the facts: 'second'" in grounding_reasons(f"Hi Oliver. {said}", FUNDING)


@pytest.mark.parametrize("said", ["Doubling your reply rate is what we aim for.", "Our aim is doubling your reply rate.",
                                  "We aim at doubling the meetings your team books.",
                                  "Tripling reply rates is rare; doubling them is common."])
def test_doubling_as_the_sender_s_goal_is_no_growth_claim(said):
    """A review: "doubling" as a goal of the sender was read as the prospect's growth."""
    assert grounding_reasons(f"Hi Oliver. {said}", FUNDING) == []


@pytest.mark.parametrize("said", ["Your current reps will welcome the 3 new SDRs.",
                                  "Your existing team will welcome 3 additional SDRs."])
def test_openings_said_as_new_people_beside_current_staff_pass(said):
    """A review: "current" or "existing" in the clause made new hires a headcount."""
    assert [r for r in grounding_reasons(f"Hi Lena. {said}", HIRING) if r.startswith("number not in")] == []


def _signed(sign_off: str) -> tuple[str, ...]:
    from sdr_assets.domain.address_lines import Roles

    body = f"Hi Oliver,\n\nCongratulations on Halden Bio's £12M Series A.\n\n{sign_off}\n"
    roles = Roles(contact="Oliver", sender="Ruth Adler", facts=("Oliver", "Ruth Adler"))
    return verify_draft("Congrats on the Series A, Oliver", body, FUNDING, first_touch=True, bounds=Bounds(),
                        roles=roles)


@pytest.mark.parametrize("sign_off", ["Ruth Adler, your point of contact", "Ruth Adler, your contact for this",
                                      "Ruth Adler, their main contact", "Ruth Adler, your rep"])
def test_the_sender_signing_as_the_prospect_s_contact_passes(sign_off):
    """A review: any ", your ..." after the sender's name was read as a place at the prospect."""
    assert _signed(sign_off) == ()


def test_the_sender_as_a_board_member_of_the_prospect_is_still_stopped():
    assert "the sender named as someone at the prospect: Ruth Adler" in _sent(
        "Ruth Adler, your board member, mentioned the round.")


@pytest.mark.parametrize("text", ["P.S.\nHappy to share a sample list.", "P.S.\u00a0Happy to share a sample list.",
                                  "\uff30.\uff33. Happy to share a sample list.", "\uff30\uff33\uff1a Happy to share."])
def test_a_postscript_mark_alone_spaced_or_full_width_is_taken_out(text):
    assert without_postscript_marks(text).startswith("Happy")


def test_a_postscript_alone_on_its_line_passes_and_its_claim_is_still_read():
    assert grounding_reasons(f"Congrats on the Series A, Oliver\n{BODY}\nP.S.\nHappy to share a list.\n", FUNDING) == []
    assert "name not in the facts: Sequoia" in grounding_reasons(
        f"Congrats on the Series A, Oliver\n{BODY}\nP.S.\nSequoia joined too.\n", FUNDING)
