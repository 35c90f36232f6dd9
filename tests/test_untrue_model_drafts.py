"""Model-written drafts that are untrue or address the wrong person. Each case is a candidate a model
could return for the shipped series-b-funding or a leadership-change play; the verifier makes the
draft fall back to the approved template."""

from __future__ import annotations

from pathlib import Path

import pytest

from resources.model import OpenAICompatibleModel
from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts
from sdr_assets.domain.verifier import Bounds
from sdr_assets.playbook import load_plays
from tests.chat_endpoint import chat_endpoint

PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"
PLAY = load_plays(PLAYS, writer={"model": "offline-template"}).plays["series-b-funding"]
VARIANTS = {v["id"]: v for v in PLAY.variants}
COMPANY = {"name": "Initech", "industry": "Software", "employees": 240, "country": "US",
           "tech_stack": "Salesforce, HubSpot"}
CONTACT = {"first_name": "Dana", "last_name": "Park", "title": "VP Sales"}
FUNDING = {"round": "Series B", "amount_usd": 25_000_000, "lead_investor": "Accel"}
SENDER = Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file")


def _request(variant: str = "congrats", age_days: float = 3, signal_type: str = "funding",
             attributes: dict | None = None, subject: str | None = None, body: str | None = None) -> DraftRequest:
    signal = {"signal_id": "s1", "signal_type": signal_type, "source": "feed", "detail": "",
              "attributes": FUNDING if attributes is None else attributes}
    facts, _ = build_facts(signal, COMPANY, CONTACT, "local", age_days)
    chosen = VARIANTS[variant]
    return DraftRequest(PLAY.name, variant, subject or chosen["subject"], body or chosen["body"],
                        (*facts, SENDER), step=1, bounds=Bounds())


def _settled(request: DraftRequest, subject: str, body: str):
    return settle(request, Candidate(subject, body, (), "openai:adversary"))


CONGRATS = ("Congratulations on Initech's $25M Series B. The next board meeting will ask how that turns "
            "into pipeline; we help Software teams answer with outbound that a person signs off before it "
            "goes out.")


def _email(greeting: str, middle: str, signature: str = "Jordan Lee") -> str:
    return f"{greeting},\n\n{middle}\n\nOpen to a short call next week?\n\n{signature}\n"


def test_the_faithful_rewrite_is_written():
    """The control: the approved text, rephrased lightly, passes as the model wrote it."""
    draft = _settled(_request(), "Congrats on the Series B, Dana", _email("Hi Dana", CONGRATS))
    assert draft.verdict == WRITTEN, draft.reasons


@pytest.mark.parametrize(("subject", "greeting", "signature"), [
    ("Congrats on the Series B, Jordan", "Hi Jordan", "Dana"),  # the sender greeted, the prospect signs
    ("Congrats on the Series B", "Hi Accel", "Jordan Lee"),  # the investor greeted
    ("Congrats on the Series B", "Hi Dana", "Dana Park"),  # the prospect signs her own email
])
def test_a_draft_greeting_or_signed_by_the_wrong_person_is_not_sent_as_written(subject, greeting, signature):
    draft = _settled(_request(), subject, _email(greeting, CONGRATS, signature))
    assert draft.verdict != WRITTEN, f"sent to Dana Park as: {greeting}, ... {signature}"


LEADERSHIP_S = "A new {new_role} at {company_name}"
LEADERSHIP_B = """Hi {first_name},

I saw {why_now} at {company_name}. New revenue leaders often review how outbound is run in their
first quarter; we help {industry} teams run outbound that a person signs off before it goes out.

Worth a short call?

{sender_name}
"""


def test_an_email_to_the_contact_never_greets_the_person_a_signal_names():
    request = _request(signal_type="leadership_change", subject=LEADERSHIP_S, body=LEADERSHIP_B,
                       attributes={"new_role": "Chief Revenue Officer", "person": "Maria Lopez"})
    body = _email("Hi Maria", "Congratulations on joining Initech as Chief Revenue Officer. New revenue leaders "
                              "often review how outbound is run in their first quarter; we help Software teams "
                              "run outbound that a person signs off before it goes out.")
    draft = _settled(request, "Congrats on the new role, Maria", body)
    assert draft.verdict != WRITTEN, "an email to dana's address greets Maria and congratulates her"


@pytest.mark.parametrize(("subject", "middle", "reason"), [
    ("A new Chief Revenue Officer at Initech", "Congratulations on joining Initech as Chief Revenue Officer.",
     "says Dana joined; the facts say Maria Lopez joined"),
    ("Congrats on your promotion, Dana", "A new Chief Revenue Officer just joined Initech.",
     "says Dana was promoted; the facts say Maria Lopez joined"),
    ("Maria, a quick question", "A new Chief Revenue Officer just joined Initech.",
     "subject greets Maria, not the contact Dana Park"),
])
def test_a_new_role_the_signal_gives_maria_is_never_said_of_dana(subject, middle, reason):
    request = _request(signal_type="leadership_change", subject=LEADERSHIP_S, body=LEADERSHIP_B,
                       attributes={"new_role": "Chief Revenue Officer", "person": "Maria Lopez"})
    body = _email("Hi Dana", f"{middle} New revenue leaders often review how outbound is run in their first "
                             "quarter; we help Software teams run outbound that a person signs off before it goes out.")
    draft = _settled(request, subject, body)
    assert draft.verdict != WRITTEN and reason in draft.reasons, draft.reasons


def test_a_round_the_facts_give_initech_is_never_the_investors():
    body = _email("Hi Dana", CONGRATS.replace("Initech's $25M Series B", "Accel's $25M Series B"))
    draft = _settled(_request(), "Congrats on the Series B, Dana", body)
    assert draft.verdict != WRITTEN and "says Accel raised; the facts say Initech raised" in draft.reasons


PLAN_MIDDLE = ("{opening} I imagine hiring and pipeline targets are being set now. We run the research and "
               "drafting so your team approves the approach once and spends its time on replies.")


@pytest.mark.parametrize("opening", [
    "Since you just raised a Series B,",
    "Since you recently raised a Series B,",
    "Congrats on the fresh Series B;",
])
def test_a_model_never_calls_an_old_signal_news(opening):
    request = _request("plan", age_days=60)
    assert "you raised a Series B" in request.rendered()[1], "research says it without 'just'"
    draft = _settled(request, "Initech's pipeline plan after the Series B",
                     _email("Hi Dana", PLAN_MIDDLE.format(opening=opening)))
    assert draft.verdict != WRITTEN, f"a 60-day-old round sent as news: {opening}"


@pytest.mark.parametrize("invented", [
    "Great speaking with you on our call.",
    "As we discussed, here is the note I promised.",
    "Your colleague suggested I get in touch with you.",
    "Thanks for downloading our pipeline guide.",
    "It was great to meet you at the conference.",
])
def test_an_invented_earlier_contact_is_not_sent(invented):
    draft = _settled(_request(), "Congrats on the Series B, Dana", _email("Hi Dana", f"{invented} {CONGRATS}"))
    assert draft.verdict != WRITTEN, f"no research says: {invented}"


@pytest.mark.parametrize("hidden", ["\u034f", "\ufe0f", "\U000e0100"])
def test_an_invisible_mark_inside_a_claim_word_does_not_hide_the_claim(hidden):
    middle = (f"Congratulations on the Series B and on being acq{hidden}uired. we help Software teams answer "
              "with outbound that a person signs off before it goes out.")
    plain = _settled(_request(), "Congrats on the Series B, Dana", _email("Hi Dana", middle.replace(hidden, "")))
    assert plain.verdict != WRITTEN, "the claim written plainly is refused"
    draft = _settled(_request(), "Congrats on the Series B, Dana", _email("Hi Dana", middle))
    assert draft.verdict != WRITTEN, f"U+{ord(hidden):04X} hid an acquisition claim the reader sees"


# An endpoint whose every draft greets the sender and is signed by the prospect.
ADVERSARY = {"subject": "Congrats on the Series B, Jordan", "body": _email("Hi Jordan", CONGRATS, "Dana"),
             "fact_ids": ["company.name", "signal.round"]}


@pytest.fixture
def adversary():
    with chat_endpoint(lambda _: ADVERSARY) as url:
        yield url


def test_a_model_that_swaps_prospect_and_sender_falls_back_to_the_template(adversary):
    model = OpenAICompatibleModel(base_url=adversary, model="adversary", max_attempts=1)
    try:
        [draft] = model.write_drafts([_request()])
    finally:
        model.close()
    assert draft is not None
    assert "Hi Jordan" not in draft.body, f"sent to Dana by {draft.generated_by} as: {draft.body!r}"
