"""English claims the facts never make: superlatives, a claim grounded only by another phrase of
its group, well-known names in lower case, and numbers reused for something else."""

import json
from pathlib import Path

import pytest

from sdr_assets.domain.english_words import is_english
from sdr_assets.domain.verifier import Bounds, grounding_reasons, verify_draft
from sdr_assets.verifier_eval import DEFAULT_SET, score

GROUNDS = ("Congrats on the Series B, Dana\nHi Dana, congratulations on Acme's $25M Series B. We help Logistics "
           "teams answer with outbound. Worth 20 minutes?\nDana\nOrtiz\nVP Sales\nAcme\nLogistics\n120\nGermany\n"
           "$25M\nSeries B\nyou just raised a Series B")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TRIAGE_SET = Path(__file__).resolve().parents[2] / "sdr_assets" / "triage" / "data" / "labelled_replies.jsonl"


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _lexicon(sentence: str, grounds: str = GROUNDS) -> list[str]:
    return grounding_reasons(f"Hi Dana, congratulations on Acme's $25M Series B. {sentence}", grounds, "lexicon")


@pytest.mark.parametrize("sentence, phrase", [
    ("You are the largest logistics company in Germany.", "largest"),
    ("Acme is the fastest logistics platform.", "fastest"),
    ("You are the top pick of every analyst.", "top"),
    ("As a leading logistics firm, you will want pipeline.", "leading"),
    ("Acme is the market leader in Germany.", "market leader"),
])
def test_superlatives_need_the_grounds_to_say_them(sentence, phrase):
    assert f"ranking claim not in the facts: '{phrase}'" in _lexicon(sentence)
    assert not any("ranking" in r for r in _lexicon(sentence, GROUNDS + f"\n{sentence}"))


@pytest.mark.parametrize("sentence, reason", [
    ("At a valuation like yours, pipeline matters.", "funding claim not in the facts: 'valuation'"),
    ("Your investors expect pipeline fast.", "funding claim not in the facts: 'investors'"),
    ("I heard your chief financial officer is new.", "role title claim not in the facts: 'chief financial'"),
    ("As the founder, you know this.", "role title claim not in the facts: 'founder'"),
    ("I heard the CFO just stepped away.", "leadership claim not in the facts: 'stepped away'"),
    ("Congrats also on going public on the exchange.", "listing claim not in the facts: 'going public'"),
    ("Congrats on closing the deal with the government.", "deal claim not in the facts: 'deal'"),
    ("We signed a reseller agreement with your competitor.", "deal claim not in the facts: 'agreement'"),
])
def test_a_claim_is_grounded_by_its_own_phrase_or_a_synonym_not_by_its_group(sentence, reason):
    assert reason in _lexicon(sentence)


@pytest.mark.parametrize("sentence", [
    "That round will come up at the next board meeting.",  # "round" shares a sense with "raised", "series"
    "The funding will come up at the next board meeting.",
    "As VP Sales, you will own that pipeline.",  # the contact's title, as the facts give it
    "As vice president of sales, you will own that pipeline.",  # the same title spelled out
])
def test_a_phrase_of_the_same_sense_grounds_a_claim(sentence):
    assert _lexicon(sentence) == []


HIRING_GROUNDS = ("Head of Revenue Operations at Larkspur\nHi Tom, I saw Larkspur is hiring a Head of Revenue "
                  "Operations. Teams that add RevOps usually spend the new hire's first quarter untangling routing. "
                  "Worth a look?\nTom\nVP Sales\nLarkspur\nHead of Revenue Operations")


def _hiring(sentence: str) -> list[str]:
    return grounding_reasons(f"Hi Tom, I saw Larkspur is hiring a Head of Revenue Operations. {sentence}",
                             HIRING_GROUNDS, "lexicon")


@pytest.mark.parametrize("sentence", [
    "Once you've completed the first round of interviews, routing comes first.",
    "After the final round of interviews, the new hire starts with routing.",
    "A second round of hiring usually follows.",
    "Routing runs year-round, and round the clock.",
    "A series of interviews takes a quarter.",
])
def test_a_round_or_series_of_anything_but_money_claims_no_funding(sentence):
    assert [r for r in _hiring(sentence) if r.startswith("funding claim")] == [], sentence


@pytest.mark.parametrize("sentence, word", [
    ("Congrats on the round.", "round"),
    ("After a round of venture capital, teams hire fast.", "round"),
    ("After a round of new capital, teams hire fast.", "round"),
    ("Your seed round went well.", "round"),
    ("A round of $5M changes the plan.", "round"),
    ("Congrats on closing your round of $25M.", "round"),
    ("Congrats on the Series B.", "series"),
])
def test_a_round_of_money_or_a_round_alone_is_still_a_funding_claim(sentence, word):
    assert f"funding claim not in the facts: '{word}'" in _hiring(sentence), sentence


def test_a_role_spelled_out_is_grounded_by_its_abbreviation_and_not_by_another_title():
    assert _lexicon("As chief revenue officer, you own it.", GROUNDS + "\nCRO") == []
    assert "role title claim not in the facts: 'chief revenue'" in _lexicon("As chief revenue officer, you own it.")


@pytest.mark.parametrize("sentence, name", [
    ("teams at siemens and bosch already use us.", "siemens"),
    ("teams at siemens and bosch already use us.", "bosch"),
    ("our work for zorblax gmbh shows how.", "zorblax gmbh"),
])
def test_well_known_names_and_companies_in_lower_case_are_held(sentence, name):
    assert f"name not in the facts: {name}" in _lexicon(sentence)


def test_a_lower_case_company_the_facts_name_passes():
    grounds = GROUNDS + "\nAcme GmbH"
    assert _lexicon("the team at acme gmbh will see it.", grounds) == []


def _lowercase_names(reasons: list[str]) -> list[str]:
    return [r.removeprefix("name not in the facts: ") for r in reasons
            if r.startswith("name not in the facts: ") and r.islower()]


@pytest.mark.parametrize("mode", ["lexicon", "coverage"])
@pytest.mark.parametrize("sentence, names", [
    ("teams like acmecorp and globex moved to us.", ["acmecorp", "globex"]),
    ("we helped initech cut costs.", ["initech"]),
    ("we helped northwind scale.", ["northwind"]),
    ("the team at hooli switched last year.", ["hooli"]),
    ("initech's reps answer faster now.", ["initech"]),
    ("customers such as vandelay, globex and initech answer faster.", ["vandelay", "globex", "initech"]),
    ("Teams like Globex and initech answer faster.", ["initech"]),
    ("bosch and initech already use us.", ["initech"]),
    ("It answers faster than contoso does.", ["contoso"]),
])
def test_a_lower_case_name_where_a_draft_names_a_company_is_held(sentence, names, mode):
    text = f"Hi Dana, congratulations on Acme's $25M Series B. {sentence}"
    assert [n for n in names if n not in _lowercase_names(grounding_reasons(text, GROUNDS, mode))] == []
    given = GROUNDS + "".join(f"\n{name.title()}" for name in names)  # names the facts give
    assert [n for n in names if n in _lowercase_names(grounding_reasons(text, given, mode))] == []


@pytest.mark.parametrize("sentence", [
    "It is faster than spreadsheets.",
    "We help with routing and onboarding.",
    "We helped streamline onboarding at scale.",
    "Teams like yours moved to us for the same reason.",
    "Happy to help prioritise what matters.",
    "Reps at companies like yours cut prep time.",
    "Worth a look, e.g. at the next sync?",
    "Happy to share the playbook, as other teams use it.",
])
def test_ordinary_words_where_names_stand_are_no_names(sentence):
    assert _lowercase_names(_lexicon(sentence)) == []


def _english_texts() -> list[tuple[str, str]]:
    """English sentences written as drafts (the language check's training set) and English replies
    to sales mail (the triage set), each with its grounds."""
    texts = [(e["text"], e["grounds"]) for e in _jsonl(FIXTURES / "languages" / "train.jsonl") if e["lang"] == "en"]
    return texts + [(e["text"], GROUNDS) for e in _jsonl(TRIAGE_SET) if e["lang"] == "en"]


def test_english_sentences_and_replies_name_no_lower_case_company():
    texts = _english_texts()
    assert len(texts) >= 200
    assert [(text, names) for text, grounds in texts
            if (names := _lowercase_names(grounding_reasons(text, grounds, "lexicon")))] == []


SALES_ENGLISH = Path(__file__).with_name("sales_english.txt")
# Grounds that name the prospect and its tools and no other company.
TOOL_GROUNDS = "Acme Corp is hiring a RevOps Manager. Acme Corp uses Salesforce, HubSpot and Gong."


def test_sales_english_in_lower_case_names_no_company():
    """Regions, industries ("proptech"), events and routines of sales work, and tools the grounds
    give, written in lower case where a draft names a company ("we help emea teams")."""
    sentences = [line for line in SALES_ENGLISH.read_text(encoding="utf-8").splitlines() if line]
    assert len(sentences) >= 60
    assert [(sentence, names) for sentence in sentences
            if (names := [r for r in grounding_reasons(sentence, TOOL_GROUNDS, "lexicon")
                          if r.startswith("name not in the facts")])] == []


PROSPECT_GROUNDS = "Acme Corp is hiring a RevOps Manager. Acme Corp uses Salesforce."


def _names(text: str) -> list[str]:
    return [r for r in grounding_reasons(text, PROSPECT_GROUNDS, "lexicon") if r.startswith("name not in the facts")]


@pytest.mark.parametrize("text", [
    "Vendors pick us.",
    "Customers like yours cut churn.",
    "Forecasts slip when data is stale.",
    "Revenue teams hire fast.",
    "Hi there,\nForecasts slip when data is stale.",  # the line after the greeting
    "We know the role. Vendors pick us!",
])
def test_an_english_word_capitalised_to_open_a_sentence_is_no_name(text):
    assert _names(text) == []


def test_a_claim_in_an_opening_word_is_still_checked():
    assert "customers claim not in the facts: 'customers'" in grounding_reasons(
        "Customers like yours cut churn.", PROSPECT_GROUNDS, "lexicon")


@pytest.mark.parametrize("text, name", [
    ("Initech helped us.", "Initech"),  # no English word
    ("Stripe cut costs.", "Stripe"),  # a listed technology
    ("Siemens cut costs.", "Siemens"),  # a listed organisation
    ("We helped Vendors Inc scale.", "Vendors"),  # inside a sentence
    ("Teams at Globex grow.", "Globex"),
    ("Vendors pick us. We helped Vendors scale.", "Vendors"),  # capitalised inside a sentence too
])
def test_a_capitalised_name_stays_held_at_a_sentence_start_or_inside_one(text, name):
    assert f"name not in the facts: {name}" in _names(text)


@pytest.mark.parametrize("word, english", [
    ("proptech", True), ("legaltech", True), ("regtech", True), ("finops", True),
    ("initech", False), ("zorblaxtech", False),
])
def test_an_industry_or_team_compound_is_english_when_its_head_is(word, english):
    assert is_english(word) is english


@pytest.mark.parametrize("mode", ["lexicon", "coverage"])
@pytest.mark.parametrize("sentence, name", [
    ("teams like ours helped northwind Inc. scale.", "northwind Inc"),  # "Inc" is in the facts ("Acme Inc.")
    ("teams like ours helped northwind GmbH scale.", "northwind GmbH"),
    ("teams like ours helped northwind b.v. scale.", "northwind b.v"),
    ("teams like ours helped northwind s.l. scale.", "northwind s.l"),
    ("our work for zorblax s.r.l. shows how.", "zorblax s.r.l"),
    ("our work for zorblax S.A. shows how.", "zorblax S.A"),
])
def test_a_lower_case_name_before_a_legal_form_of_any_spelling_is_held(sentence, name, mode):
    grounds = GROUNDS + "\nAcme Inc.\nAcme GmbH\nS.A."
    assert f"name not in the facts: {name}" in grounding_reasons(f"Hi Dana. {sentence}", grounds, mode)
    assert not any(name in r for r in grounding_reasons(f"Hi Dana. {sentence}", f"{grounds}\n{name}", mode))


@pytest.mark.parametrize("sentence", [
    "Teams in the ag sector ask the same.",  # agriculture, not Aktiengesellschaft
    "Most of our ag customers ask the same.",
    "The co-founder and the s.a. team agree.",
])
def test_an_english_function_word_before_a_legal_form_is_no_name(sentence):
    assert not any(r.startswith("name not in the facts") for r in grounding_reasons(sentence, GROUNDS, "lexicon"))


@pytest.mark.parametrize("sentence, reason", [
    ("We booked 120 meetings for peers.", "number not in the facts: 120 meetings"),  # 120 is the headcount
    ("We did it in 25 days.", "number not in the facts: 25 days"),  # 25 is the $25M round
    ("Our fee is $120.", "number not in the facts: $120"),
    ("Worth 20 days of your time?", "number not in the facts: 20 days"),  # the template says 20 minutes
    ("It raised $25 billion.", "number not in the facts: $25 billion"),
])
def test_a_number_must_mean_what_it_means_in_the_facts(sentence, reason):
    assert reason in grounding_reasons(sentence, GROUNDS, "names_numbers")


@pytest.mark.parametrize("sentence", [
    "At 120 people, the next board meeting will ask how.",
    "A 120-person team will feel it.",
    "At 120 employees, the board will ask.",
    "Congrats on the $25 million Series B.",
    "Congrats on the $25M round.",
    "Worth a 20-minute call?",
    "Worth 20 mins?",
    "Since you are 120 strong, pipeline matters.",
])
def test_a_number_used_as_the_facts_use_it_passes(sentence):
    assert grounding_reasons(sentence, GROUNDS, "names_numbers") == []


def test_a_number_of_openings_the_facts_give_alone_may_count_roles():
    grounds = "Hi Tom, I saw Larkspur is hiring.\nTom\nLarkspur\n2"
    assert grounding_reasons("Larkspur has 2 openings.", grounds, "names_numbers") == []
    assert grounding_reasons("Larkspur closed 2 deals.", grounds, "names_numbers") == \
        ["number not in the facts: 2 deals"]


def test_the_labelled_bad_drafts_grounded_only_by_their_group_are_stopped():
    measured = score(DEFAULT_SET, "lexicon")
    missed = {draft_id for draft_id, why in measured.misses if why.startswith("missed")}
    assert not missed & {"f-bad-9", "h-bad-2"}, measured.misses  # a valuation, and "the founder" for a VP


def test_names_numbers_mode_still_lets_lexicon_claims_through():
    text = "Hi Dana, you are the largest logistics company in Germany."
    assert grounding_reasons(text, GROUNDS, "names_numbers") == []
    assert verify_draft("Hi", text, GROUNDS, first_touch=True, bounds=Bounds(min_words=3))
