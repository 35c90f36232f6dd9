"""What a draft restates in other words is read as the facts write it, and what it states beyond
them is stopped: a headcount is no count of hires, a number the facts give in words may be written
in digits, an amount of money in any spelling is the facts' amount, "in your first 60 days" and a
day offered for a call count nothing, and a claim of a hire in another language is never passed
unread."""

import pytest

from sdr_assets.domain.drafting import DraftRequest
from sdr_assets.domain.facts import Fact
from sdr_assets.domain.verifier import Bounds, verify_draft

TEMPLATE = ("A note for {company_name}",
            "Hello {first_name},\n\nI saw the news at {company_name}. We help {industry} teams run outbound "
            "that a person approves before it is sent.\n\nOpen to a short call?\n\n{sender_name}\n")
PEOPLE = {"first_name": "Ines", "last_name": "Marsh", "title": "COO", "company_name": "Quillfeather Labs",
          "industry": "Biotech", "employees": "64", "sender_name": "Rowan Pike"}
FUNDED = {**PEOPLE, "round": "Series A", "amount": "€7.2M", "lead_investor": "Northgate Partners"}
JOINED = {**PEOPLE, "person": "Ines Marsh", "new_role": "COO", "why_now": "Ines Marsh joined as COO"}
HIRING = {**PEOPLE, "role": "Lab Manager", "openings": "3", "why_now": "you're hiring Lab Managers"}


def _reasons(values: dict, sentence: str, template: tuple[str, str] = TEMPLATE) -> tuple[str, ...]:
    """The verifier's reasons for the template filled from ``values``, ``sentence`` after its greeting."""
    facts = tuple(Fact(f"test.{k}", k, v, "text", "test") for k, v in values.items())
    request = DraftRequest("p", "a", *template, facts)
    subject, body = request.rendered()
    first, _, rest = body.partition("\n\n")
    return verify_draft(subject, f"{first}\n\n{sentence}\n\n{rest}", request.grounds(), first_touch=True,
                        bounds=Bounds(), roles=request.roles())


@pytest.mark.parametrize("sentence", [
    "Congrats on the 64 hires this quarter.",
    "Nice work bringing on 64 hires since spring.",
])
def test_a_headcount_the_facts_give_is_no_count_of_hires(sentence):
    assert "number not in the facts: 64 hires" in _reasons(PEOPLE, sentence)


@pytest.mark.parametrize("values, sentence", [
    (HIRING, "Good luck with the 3 hires you are recruiting for."),
    (HIRING, "Hiring 3 people at once is a lot of onboarding."),
    (PEOPLE, "With 64 people on the team, routing gets harder."),
])
def test_openings_said_as_hires_to_come_and_a_headcount_as_people_still_pass(values, sentence):
    assert _reasons(values, sentence) == ()


@pytest.mark.parametrize("said", ["the 23 new hires", "the twenty-three new hires"])
def test_a_count_the_facts_give_in_words_passes_in_digits_or_words(said):
    values = {**PEOPLE, "growth": "twenty-three new hires this year"}
    assert _reasons(values, f"Congrats on {said}.") == ()


@pytest.mark.parametrize("growth, sentence", [
    ("founded by three engineers", "Congrats on the 3 new hires."),
    ("two offices", "Congrats on the 2 new hires."),
    ("five new offices", "Congrats on adding 5 sales reps."),
])
def test_a_number_the_facts_give_in_words_counts_only_what_they_count_in_digits(growth, sentence):
    assert any(r.startswith("number not in the facts") for r in _reasons({**PEOPLE, "growth": growth}, sentence))


@pytest.mark.parametrize("growth", ["twenty-three new hires this year", "23 new hires this year"])
@pytest.mark.parametrize("noun", ["engineers", "stores", "offices"])
def test_new_things_counted_are_not_the_new_hires_the_facts_count(growth, noun):
    reasons = _reasons({**PEOPLE, "growth": growth}, f"Congrats on the 23 new {noun}.")
    assert any(r.startswith("number not in the facts: 23") for r in reasons), reasons


@pytest.mark.parametrize("sentence", ["Congrats on the #1 two years running.", "Congrats on 1 two-day launch."])
def test_a_number_word_a_digit_counts_is_read_as_the_facts_write_it(sentence):
    values = {**PEOPLE, "growth": sentence.removeprefix("Congrats on ").rstrip(".")}
    assert not any(r.startswith("number not in the facts") for r in _reasons(values, sentence))


@pytest.mark.parametrize("sentence", ["Congrats on the 64 new people this year.", "Welcome to your 64 new staff."])
def test_new_people_counted_are_no_headcount(sentence):
    assert any(r.startswith("number not in the facts: 64") for r in _reasons(PEOPLE, sentence))


def test_a_count_of_hires_the_facts_never_give_is_stopped_in_digits_or_words():
    values = {**PEOPLE, "growth": "twenty-three new hires this year"}
    assert any(r.startswith("number not in the facts") for r in _reasons(values, "Congrats on the 31 new hires."))
    assert any(r.startswith("number not in the facts") for r in _reasons(values, "Congrats on the 30 new hires."))


@pytest.mark.parametrize("values, sentence", [
    (JOINED, "In your first 60 days, pipeline reviews tend to come first."),
    (PEOPLE, "New operators tend to rebuild routing in their first 100 days."),
])
def test_the_first_days_of_a_job_as_a_phrase_count_nothing(values, sentence):
    assert _reasons(values, sentence) == ()


@pytest.mark.parametrize("sentence, number", [
    ("Your team shipped the app in the first 90 days.", "90"),
    ("Most teams see the change within the first 30 days.", "30"),
    ("Most teams see results within the first 18 months.", "18"),
    ("New operators rebuild routing in their first 18 months.", "18"),
])
def test_first_days_of_something_else_or_another_span_are_numbers(sentence, number):
    assert any(r.startswith(f"number not in the facts: {number}") for r in _reasons(PEOPLE, sentence))


def test_the_first_days_said_to_a_contact_who_is_not_new_is_still_a_new_role_claim():
    assert any(r.startswith("says Ines") for r in _reasons(PEOPLE, "In your first 60 days, pipeline comes first."))


@pytest.mark.parametrize("sentence", [
    "Free Wednesday for a quick chat?",
    "Does Monday work for you?",
    "Does Monday work?",
    "How about next Friday?",
    "Would Thursday afternoon suit you?",
    "Does Wed work?",
    "Free Wed for a chat?",
    "Would Tuesday work for a personalized demo?",
    "Would Tuesday work for automated outbound?",
    "Would Tuesday work for a detailed walkthrough?",
    "Is Tuesday good?",
    "Is Tuesday open?",
    "Would Monday or Tuesday work?",
    "How about Monday or next Tuesday?",
    "Free Monday, Tuesday or Wednesday?",
    "Free Monday, Tuesday, or Wednesday?",
    "Free Monday, Tuesday, Wednesday or Thursday?",
    "Does Monday, Tuesday or next Wednesday work?",
    "Monday, Tuesday or Wednesday: which works for a chat?",
    "Free Monday, Tuesday, Wednesday, or Thursday?",
    "Free Monday, Tuesday, or whenever suits?",
    "Would Monday, Tuesday, or Wednesday work, so we can plan?",
])
def test_a_day_offered_for_a_call_passes(sentence):
    assert _reasons(PEOPLE, sentence) == ()


@pytest.mark.parametrize("sentence, reason", [
    ("Does Monday at 9:30 work for you?", "name not in the facts: Monday"),
    ("Can we chat Thursday, noon?", "name not in the facts: Thursday"),
    ("Can we chat Thursday, around noon?", "name not in the facts: Thursday"),
    ("Free Tuesday, 10am?", "name not in the facts: Tuesday"),
    ("Could we chat on Friday after your board meets on Friday?", "name not in the facts: Friday"),
    ("You announced the news on Monday.", "name not in the facts: Monday"),
    ("Did the news go out on Monday?", "name not in the facts: Monday"),
    ("Saw you launched on Monday, open to a quick call?", "name not in the facts: Monday"),
    ("Did you open the Berlin office on Tuesday?", "name not in the facts: Tuesday"),
    ("Congrats on Friday's launch, worth a chat?", "name not in the facts: Friday's"),
    ("Free Monday, Tuesday or Wednesday at 10am?", "name not in the facts: Wednesday"),
    ("After your launch on Monday, Tuesday or Wednesday?", "name not in the facts: Monday"),
    ("Free Monday, after your launch on Tuesday?", "name not in the facts: Tuesday"),
    ("Free Monday at 10, Tuesday or Wednesday?", "name not in the facts: Monday"),
    ("Free Monday, Tuesday your team launches?", "name not in the facts: Tuesday"),
    ("Free Monday, Tuesday you launch, right?", "name not in the facts: Tuesday"),
    ("Free Monday, Tuesday after you announce?", "name not in the facts: Tuesday"),
    ("Free Monday, Tuesday the board meets, or Wednesday?", "name not in the facts: Tuesday"),
    ("Free to chat Monday, Friday, the day your board approved the budget?", "name not in the facts: Friday"),
    ("Can we talk Monday, Sunday, when you go live?", "name not in the facts: Sunday"),
    ("Free Monday, Tuesday, after your launch?", "name not in the facts: Tuesday"),
    ("Free Monday, Tuesday, once the board signs off?", "name not in the facts: Tuesday"),
    ("Free Monday, Tuesday, since you went live?", "name not in the facts: Tuesday"),
    ("Free Monday, Tuesday, before you go live?", "name not in the facts: Tuesday"),
    ("Free Monday, Tuesday, your team launched then?", "name not in the facts: Tuesday"),
    ("Free Monday, Tuesday, Friday, the day you went live?", "name not in the facts: Friday"),
    ("Free Monday, Tuesday, or Friday, when you go live?", "name not in the facts: Friday"),
])
def test_a_slot_with_a_time_or_a_day_said_of_the_prospect_is_stopped(sentence, reason):
    """Reviewer: a weekday the prospect does something on passed after a listed day ("Free Monday,
    Tuesday your team launches?", "Free Monday, Tuesday the board meets, or Wednesday?"), and so did
    one that the next clause, after a comma, tells of ("Can we talk Monday, Sunday, when you go live?")."""
    assert reason in _reasons(PEOPLE, sentence)


@pytest.mark.parametrize("sentence, day", [
    ("Free Monday, the day you launched?", "Monday"),
    ("Free Monday, the day you launch?", "Monday"),
    ("Free Monday \u2014 the day you launched?", "Monday"),
    ("Free Monday the day your board meets?", "Monday"),
    ("Free Monday, when you go live?", "Monday"),
    ("Free Monday, right after your launch?", "Monday"),
    ("Free Monday morning, before your launch?", "Monday"),
    ("Free Monday, your launch day?", "Monday"),
    ("Free Monday or Tuesday, the day of your launch?", "Tuesday"),
])
def test_a_day_offered_then_said_of_the_prospect_is_checked(sentence, day):
    """Reviewer: "Free Monday, the day you launched?" passed: the first weekday a clause offers was
    blanked though the words right after it tell of the prospect's launch."""
    assert f"name not in the facts: {day}" in _reasons(PEOPLE, sentence)


@pytest.mark.parametrize("sentence", [
    "Free Monday, when it suits you?",
    "Free Monday, when you're free?",
    "Free Monday after lunch?",
    "Free Monday, right after lunch?",
    "Free Monday, or is Tuesday better?",
    "Does Monday work, so we can plan?",
])
def test_a_day_offered_then_something_other_than_the_prospect_passes(sentence):
    assert _reasons(PEOPLE, sentence) == ()


def test_a_day_of_the_prospect_the_facts_give_passes():
    values = {**PEOPLE, "why_now": "Quillfeather Labs launched on Monday"}
    assert not any("Monday" in r for r in _reasons(values, "Free Monday, the day you launched?"))


@pytest.mark.parametrize("amount, said", [
    ("€7.2M", "7,2 M€"), ("€7.2M", "EUR 7.2m"), ("€7.2M", "7.2 million euros"), ("€7.2M", "€7,200,000"),
    ("7,2 M€", "€7.2M"), ("7.2 million euros", "€7.2M"), ("£2.5M", "2.5 million pounds"),
])
def test_an_amount_spelled_otherwise_than_the_facts_passes(amount, said):
    assert _reasons({**FUNDED, "amount": amount}, f"Congrats on the {said} Series A.") == ()


@pytest.mark.parametrize("amount, said", [
    ("€7.2M", "7,3 M€"), ("€7.2M", "$7.2M"), ("7,2 M€", "€72M"), ("€7.2M", "7.2 million pounds"),
])
def test_another_amount_is_stopped_however_it_is_spelled(amount, said):
    assert any(r.startswith("number not in the facts") for r in
               _reasons({**FUNDED, "amount": amount}, f"Congrats on the {said} Series A."))


GERMAN = ("Eine Notiz für {company_name}",
          "Hallo {first_name},\n\nwir haben gesehen, dass {company_name} gerade wächst. Wir helfen Teams mit "
          "Outbound, das ein Mensch freigibt, bevor es rausgeht.\n\nDanke!\n\n{sender_name}\n")


@pytest.mark.parametrize("sentence, language", [
    ("Herzlichen Glückwunsch zum neuen Head of Marketing.", "German"),
    ("Toutes nos félicitations pour la nouvelle directrice marketing.", "French"),
    ("Enhorabuena por la nueva directora de ventas.", "Spanish"),
    ("Gluckwunsch zur neuen COO.", "German"),
])
@pytest.mark.parametrize("values", [PEOPLE, JOINED])
def test_a_hire_claimed_in_another_language_is_stopped_as_not_judged(sentence, language, values):
    for template in (TEMPLATE, GERMAN):
        reasons = _reasons(values, sentence, template)
        assert any(r.startswith(f"not judged: language ({language})") for r in reasons), (template, reasons)


FRENCH = ("Une note pour {company_name}",
          "Bonjour {first_name},\n\nFélicitations pour votre nouveau poste chez {company_name}. Nous aidons les "
          "équipes avec un outbound qu'une personne approuve avant l'envoi.\n\nMerci !\n\n{sender_name}\n")


def test_a_foreign_claim_sentence_the_approved_template_says_whole_is_grounded_by_it():
    template = (GERMAN[0], GERMAN[1].replace("Danke!", "Glückwunsch zur neuen Rolle!"))
    reasons = _reasons(JOINED, "Glückwunsch zur neuen Rolle!", template)
    assert not any(r.startswith("not judged") for r in reasons), reasons


@pytest.mark.parametrize("template, sentence", [
    (FRENCH, "Félicitations pour le nouveau directeur commercial."),
    ((GERMAN[0], GERMAN[1].replace("Danke!", "Glückwunsch zur neuen Rolle!")), "Glückwunsch zur neuen Rolle, Ines!"),
])
def test_foreign_claim_words_of_the_approved_template_ground_no_other_sentence(template, sentence):
    assert any(r.startswith("not judged: language") for r in _reasons(PEOPLE, sentence, template))


def test_foreign_claim_words_the_facts_hold_are_grounded_by_them():
    values = {**JOINED, "why_now": "Ines Marsh a rejoint Quillfeather Labs comme nouvelle COO"}
    reasons = _reasons(values, "Ines a rejoint l'équipe comme nouvelle COO.", FRENCH)
    assert not any(r.startswith("not judged") for r in reasons), reasons


@pytest.mark.parametrize("sentence, language", [
    ("Ines wurde zur COO befördert.", "German"),
    ("Ines a été promue COO.", "French"),
    ("Auguri per la nomina a COO!", "Italian"),
    ("Ines è stata promossa a COO.", "Italian"),
])
def test_a_promotion_or_appointment_in_another_language_is_stopped_as_not_judged(sentence, language):
    reasons = _reasons(PEOPLE, sentence)
    assert any(r.startswith(f"not judged: language ({language})") for r in reasons), reasons


@pytest.mark.parametrize("sentence", [
    "Félicitations pour votre nouveau poste chez Quillfeather Labs !",
    "Félicitations pour votre nouveau poste chez Quillfeather Labs!",
])
def test_a_template_sentence_repeated_with_other_punctuation_is_grounded_by_it(sentence):
    reasons = _reasons(PEOPLE, sentence, FRENCH)
    assert not any(r.startswith("not judged") for r in reasons), reasons


def test_a_fragment_of_a_template_sentence_is_not_grounded_by_it():
    reasons = _reasons(PEOPLE, "Nouveau poste chez Quillfeather Labs.", FRENCH)
    assert any(r.startswith("not judged: language (French)") for r in reasons), reasons


@pytest.mark.parametrize("values", [
    {**PEOPLE, "company_name": "Nuova Energia"},
    {**PEOPLE, "company_name": "Nuova Energia", "why_now": "Nuova Energia is growing"},
])
def test_a_name_in_the_facts_grounds_no_foreign_claim_word(values):
    reasons = _reasons(values, "Nuova COO a Nuova Energia.")
    assert any(r.startswith("not judged: language (Italian)") for r in reasons), reasons


@pytest.mark.parametrize("company, sentence", [
    ("Novo Nordisk", "Good to see Novo Nordisk growing the biotech team."),
    ("Nuova Energia", "Good to see Nuova Energia growing the biotech team."),
    ("Nuova Energia", "Good to see nuova energia growing the biotech team."),
])
def test_the_company_named_whole_in_an_english_sentence_claims_nothing_in_another_language(company, sentence):
    reasons = _reasons({**PEOPLE, "company_name": company}, sentence)
    assert not any(r.startswith("not judged") for r in reasons), reasons


@pytest.mark.parametrize("company, sentence", [
    ("Novo Nordisk", "I saw the Novo team is growing its e-commerce push."),
    ("Novo Nordisk", "Good to see the Novo team da Lisboa growing."),
    ("Nuova Energia", "Is the Nuova team e-commerce first?"),
])
def test_a_company_named_in_part_inside_a_sentence_claims_nothing_in_another_language(company, sentence):
    reasons = _reasons({**PEOPLE, "company_name": company}, sentence)
    assert not any(r.startswith("not judged") for r in reasons), reasons


@pytest.mark.parametrize("company, sentence, language", [
    ("Novo Nordisk", "O novo diretor da Novo chegou.", "Portuguese"),
    ("Nuova Energia", "Nuova COO a Nuova Energia.", "Italian"),
    ("Nuova Energia", "Complimenti per la nuova COO del team Nuova.", "Italian"),
    ("Nuova Energia", "Per Quillfeather Labs: Nuova COO.", "Italian"),
    ("Nuova Energia", "Ines — Nuova Direttrice Commerciale.", "Italian"),
    ("Nuova Energia", "(Nuova COO di Quillfeather Labs)", "Italian"),
    ("Nuova Energia", "Re: Nuova COO di Quillfeather Labs", "Italian"),
    ("Nuova Energia", "Ho visto che la squadra Nuova ha una COO.", "Italian"),
])
def test_a_claim_word_in_lower_case_or_opening_a_sentence_is_no_part_of_a_name(company, sentence, language):
    """Reviewer: a capitalised foreign claim word matching part of a company name slipped through
    after ':', '—', '-', '(' or 'Re:' ("Per Quillfeather Labs: Nuova COO.", "Ines — Nuova Direttrice
    Commerciale.", "(Nuova COO di Quillfeather Labs)"); a name part is a name only after a word."""
    reasons = _reasons({**PEOPLE, "company_name": company}, sentence)
    assert any(r.startswith(f"not judged: language ({language})") for r in reasons), reasons


@pytest.mark.parametrize("sentence", [
    "Congrats on the nomination for the biotech prize.",
    "Your de novo work stood out to us.",
    "Your lobby is art nouveau, a lovely touch.",
    "The Art Nouveau lobby at your office stood out.",
])
def test_a_claim_word_english_writes_too_is_no_foreign_claim_in_an_english_sentence(sentence):
    assert not any(r.startswith("not judged") for r in _reasons(PEOPLE, sentence))


@pytest.mark.parametrize("sentence, language", [
    ("Bravo pour sa nomination comme COO.", "French"),
    ("O novo diretor comercial chegou.", "Portuguese"),
    ("Vi o anúncio de novo diretor.", "Portuguese"),
    ("Bonjour, art nouveau et nouveau directeur.", "French"),
])
def test_a_claim_word_english_writes_too_is_a_claim_among_words_of_its_language(sentence, language):
    reasons = _reasons(PEOPLE, sentence)
    assert any(r.startswith(f"not judged: language ({language})") for r in reasons), reasons
