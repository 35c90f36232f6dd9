"""Hearsay about the prospect and quotes put in their mouth, which a red team's drafts slipped past
the verifier: each stopped beside the near wording that must pass (a hearsay marker over grounded
words or about no one of theirs, a quote of the template's words or nobody's)."""

import pytest

from sdr_assets.domain.attributed_quotes import quote_reasons
from sdr_assets.domain.hearsay import hearsay_reasons
from tests.domain.said_in_template import reasons_with

CONTEXTS = {
    "fund": {"facts": {"first_name": "Elena", "last_name": "Voss", "title": "CEO", "company_name": "Quillmark GmbH",
                       "industry": "Legal tech", "round": "Series A", "amount": "€18M", "lead_investor": "Point Nine",
                       "sender_name": "Nora Beck"},
             "subject": "Congrats on the {round}, {first_name}",
             "body": "Hi {first_name},\n\nCongratulations on {company_name}'s {amount} {round}. We help {industry} "
                     "teams turn a round into pipeline, with a person signing off before it goes out. {said}\n\n"
                     "Open to a short call next week?\n\n{sender_name}\n"},
    "hire": {"facts": {"first_name": "Marcus", "last_name": "Hale", "title": "VP Sales",
                       "company_name": "Tessellate Inc.",
                       "role": "Sales Development Representative", "openings": "5",
                       "why_now": "you're hiring Sales Development Representatives", "sender_name": "Ivy Park"},
             "subject": "SDR hiring at {company_name}",
             "body": "Hi {first_name},\n\nI saw {company_name} is hiring {openings} Sales Development Representatives. "
                     "New reps usually spend their first month building lists. {said}\n\n"
                     "Worth a 20-minute look?\n\n{sender_name}\n"},
    "launch": {"facts": {"first_name": "Grace", "last_name": "Otieno", "title": "Head of Marketing",
                         "company_name": "Brightwell Energy Ltd", "industry": "Energy", "product": "Brightwell Grid",
                         "why_now": "you launched Brightwell Grid", "sender_name": "Owen Reed"},
               "subject": "Brightwell Grid",
               "body": "Hi {first_name},\n\nI saw {why_now}. A launch brings a push for pipeline from the accounts "
                       "that fit it best; we write to them \"with a person signing off\". {said}\n\n"
                       "Would a short call next week be useful?\n\n{sender_name}\n"},
}


def _reasons(context: str, said: str) -> tuple[str, ...]:
    """The verifier's reasons for the context's template with ``said`` added to it."""
    return reasons_with(CONTEXTS[context], said, " {said}")


@pytest.mark.parametrize("context, said", [
    ("fund", "I heard the round was oversubscribed."),
    ("fund", "Word is the round closed in under a month."),
    ("fund", "Reportedly the round was oversubscribed."),
    ("fund", "I hear Point Nine pushed for a fast close."),
    ("hire", "I gather the last cohort missed quota."),
    ("hire", "I'm told your team is burning out."),
    ("launch", "Sounds like the launch beat its targets."),
    ("launch", "So it sounds like the launch went viral."),
    ("launch", "rumour has it the beta sold out"),
    ("launch", "The beta apparently sold out within hours."),
    ("launch", "People say Brightwell is the one to watch."),
])
def test_hearsay_about_the_prospect_is_stopped(context, said):
    reasons = _reasons(context, said)
    assert [r for r in reasons if r.startswith("hearsay not in the facts")], reasons


@pytest.mark.parametrize("context, said", [
    ("hire", "I hear you're hiring 5 SDRs."),
    ("hire", "I heard Tessellate is hiring Sales Development Representatives."),
    ("hire", "I hear that a lot from sales leaders."),
    ("fund", "I hear that from founders all the time."),
    ("hire", "I'm told ramp time is the hardest part for most teams."),
    ("fund", "People say outbound is dead, but it isn't."),
    ("launch", "I heard about the Brightwell Grid launch."),
    ("launch", "We write outbound that sounds like your team."),
    ("launch", "We write outbound so it sounds like you."),
    ("launch", "If that sounds like a fit, reply here."),
])
def test_hearsay_of_grounded_words_or_of_no_one_of_theirs_passes(context, said):
    assert _reasons(context, said) == ()


@pytest.mark.parametrize("context, said", [
    ("hire", "You posted that \"pipeline is everyone's job\", which I loved."),
    ("hire", "You wrote that 'ramp is everything' on the blog."),
    ("launch", "Your 'energy data for everyone' line stuck with me."),
    ("launch", "Your line, \u201cenergy data for everyone\u201d, stuck with me."),
    ("launch", "\"Power, made simple\" is a great tagline."),
    ("launch", "You said \"we sold out in a day\"."),
    ("launch", "As Grace put it, \"data wins\"."),
    ("launch", "Brightwell's motto \u00abpower for all\u00bb says it well."),
])
def test_a_quote_given_the_prospect_must_be_in_the_facts(context, said):
    reasons = _reasons(context, said)
    assert [r for r in reasons if r.startswith("quote not in the facts")], reasons


@pytest.mark.parametrize("context, said", [
    ("launch", "You said it best: \"with a person signing off\"."),
    ("launch", "Your \"BRIGHTWELL GRID\" launch caught my eye."),
    ("fund", "Teams often tell us \"we need pipeline, fast\"."),
    ("fund", "Our tagline is \"approved before it goes out\"."),
    ("hire", "A lot of leaders say \"pipeline is everyone's job\"."),
    ("hire", "Teams call this the \"ramp gap\"."),
    ("fund", "Drop me a line or reply \"yes\"."),
])
def test_a_quote_of_the_facts_or_of_no_one_of_theirs_passes(context, said):
    assert _reasons(context, said) == ()


def test_the_checks_give_a_reason_a_person_reads():
    assert hearsay_reasons("I heard the round was oversubscribed.", "Series A round") == [
        "hearsay not in the facts (oversubscribed): I heard the round was oversubscribed."]
    assert quote_reasons("Your tagline \"Power, made simple\" works.", "Brightwell") == [
        "quote not in the facts: 'Power, made simple'"]
    assert hearsay_reasons("No marker here.", "") == [] and quote_reasons("No quote here.", "") == []


@pytest.mark.parametrize("said, grounds, stopped", [
    ("Ich habe gehört, dass Ihre Runde überzeichnet war.", "Glückwunsch zur Runde von Quillmark", True),
    ("Ich habe gehört, dass Ihre Runde von Point Nine war.", "Glückwunsch zur Runde von Point Nine", False),
    ("J'ai entendu que votre lancement a dépassé les objectifs.", "Bravo pour le lancement", True),
    ("Al parecer su ronda se cerró en un mes.", "Enhorabuena por la ronda", True),
    ("Al parecer su ronda fue de Point Nine.", "Enhorabuena por la ronda de Point Nine", False),
])
def test_hearsay_in_german_french_or_spanish_is_read_too(said, grounds, stopped):
    assert bool(hearsay_reasons(said, grounds)) is stopped


def test_hearsay_is_read_in_each_sentence_whatever_words_the_others_hold():
    """Each sentence is read for hearsay where the text holds a word of it: "they tell me" in one, beside
    "say" in another, is hearsay still."""
    text = "Hi Dana, what do you say to a call?\nThey tell me the Acme round was oversubscribed."
    assert hearsay_reasons(text, "Acme raised a Series B", ("Acme",)) == [
        "hearsay not in the facts (round, oversubscribed): They tell me the Acme round was oversubscribed."]


# One wording of each marker the check reads, in each language, with no other word of hearsay beside it:
# each is found, whatever string the check first asks a text for.
_EN, _DE, _FR, _ES = ("Acme raised a Series B", "Glückwunsch zur Runde von Acme", "Bravo pour le tour de Acme",
                      "Enhorabuena por la ronda de Acme")
EVERY_MARKER = [
    ("I heard the Acme round was oversubscribed.", _EN),
    ("We've heard the Acme round was oversubscribed.", _EN),
    ("I'm hearing the Acme round was oversubscribed.", _EN),
    ("Word is the Acme round was oversubscribed.", _EN),
    ("Word on the street is the Acme round was oversubscribed.", _EN),
    ("Rumour has it the Acme round was oversubscribed.", _EN),
    ("Rumors are the Acme round was oversubscribed.", _EN),
    ("The rumour is the Acme round was oversubscribed.", _EN),
    ("The Acme round is rumored to be oversubscribed.", _EN),
    ("I gather the Acme round was oversubscribed.", _EN),
    ("Apparently the Acme round was oversubscribed.", _EN),
    ("The Acme round was reportedly oversubscribed.", _EN),
    ("The Acme round was allegedly oversubscribed.", _EN),
    ("The Acme round was supposedly oversubscribed.", _EN),
    ("Sounds like the Acme round was oversubscribed.", _EN),
    ("I'm told the Acme round was oversubscribed.", _EN),
    ("People say the Acme round was oversubscribed.", _EN),
    ("They tell me the Acme round was oversubscribed.", _EN),
    ("Everyone tells me the Acme round was oversubscribed.", _EN),
    ("Ich habe gehört, Ihre Runde war überzeichnet.", _DE),
    ("Angeblich war Ihre Runde überzeichnet.", _DE),
    ("Es heißt, Ihre Runde war überzeichnet.", _DE),
    ("Mir wurde gesagt, Ihre Runde war überzeichnet.", _DE),
    ("Man sagt, Ihre Runde war überzeichnet.", _DE),
    ("Gerüchten zufolge war Ihre Runde überzeichnet.", _DE),
    ("Man hat mir gesagt, Ihre Runde war überzeichnet.", _DE),
    ("Man hört, Ihre Runde war überzeichnet.", _DE),
    ("Gerüchteweise war Ihre Runde überzeichnet.", _DE),
    ("J'ai entendu que votre tour était sursouscrit.", _FR),
    ("Il paraît que votre tour était sursouscrit.", _FR),
    ("Il paraîtrait que votre tour était sursouscrit.", _FR),
    ("J'entends dire que votre tour était sursouscrit.", _FR),
    ("Apparemment votre tour était sursouscrit.", _FR),
    ("On dit que votre tour était sursouscrit.", _FR),
    ("On m'a dit que votre tour était sursouscrit.", _FR),
    ("Selon la rumeur, votre tour était sursouscrit.", _FR),
    ("Le bruit court que votre tour était sursouscrit.", _FR),
    ("La rumeur dit que votre tour était sursouscrit.", _FR),
    ("He oído que su ronda fue sobresuscrita.", _ES),
    ("He escuchado que su ronda fue sobresuscrita.", _ES),
    ("Dicen que su ronda fue sobresuscrita.", _ES),
    ("Me dijeron que su ronda fue sobresuscrita.", _ES),
    ("Me han dicho que su ronda fue sobresuscrita.", _ES),
    ("Se rumorea que su ronda fue sobresuscrita.", _ES),
    ("Corre el rumor de que su ronda fue sobresuscrita.", _ES),
    ("Escuché que su ronda fue sobresuscrita.", _ES),
    ("Se dice que su ronda fue sobresuscrita.", _ES),
    ("Me contaron que su ronda fue sobresuscrita.", _ES),
    ("Al parecer su ronda fue sobresuscrita.", _ES),
    ("Por lo visto su ronda fue sobresuscrita.", _ES),
]


@pytest.mark.parametrize("said, grounds", EVERY_MARKER, ids=[s for s, _ in EVERY_MARKER])
def test_every_marker_is_read_with_no_other_word_of_hearsay(said, grounds):
    assert hearsay_reasons(f"Hi Dana,\n{said}", grounds, ("Acme",))


@pytest.mark.parametrize("context, said", [
    ("hire", "They tell me you're hiring 5 SDRs."),
    ("fund", "Everyone tells me outbound is hard."),
    ("launch", "I'm hearing about the Brightwell Grid launch."),
])
def test_a_new_marker_over_grounded_words_or_no_one_of_theirs_passes(context, said):
    assert _reasons(context, said) == ()


def test_listening_to_the_prospect_is_no_hearsay():
    """"Escuchar" is also to listen: only "he escuchado que" reports what was heard."""
    assert hearsay_reasons("Hi Dana,\nHe escuchado su podcast sobre ventas.", _ES, ("Acme",)) == []
