"""Drafts a model ("openai:adversary") wrote to Dana Park at Initech, settled by the verifier against a play's
approved template, for the tests of what the verifier lets go out: the series-b-funding congrats email
(``first``) and its follow-up (``follow_up``), the data-stack-adopters warehouse email (``stack``), any
other play's email (``facts``, ``request``, ``by_model``), and a suggested answer to her reply
(``answer_reasons``).

The model's words went out when the draft's verdict is ``WRITTEN`` and ``generated_by`` is still the
model; otherwise it fell back to the template and ``reasons`` say why. A test passes what it varies (the
sentence it adds, her title, the template, the company's stack) as a parameter.
"""

from __future__ import annotations

from pathlib import Path

from sdr_assets.domain.drafting import Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts, grounds_lines
from sdr_assets.domain.suggestions import offline_suggestion, suggestion_reasons
from sdr_assets.domain.verifier import Bounds
from sdr_assets.playbook import load_plays

PLAYS = load_plays(Path(__file__).resolve().parents[1] / "data" / "plays", writer={"model": "offline-template"}).plays
PLAY = PLAYS["series-b-funding"]
CONGRATS = next(v for v in PLAY.variants if v["id"] == "congrats")
SIGNAL = {"signal_id": "s1", "signal_type": "funding", "source": "feed", "detail": "",
          "attributes": {"round": "Series B", "amount_usd": 25_000_000, "lead_investor": "Accel"}}
HIRING = {"signal_id": "s1", "signal_type": "hiring", "source": "feed", "detail": "",
          "attributes": {"role": "Revenue Operations Manager", "keywords": "revenue operations"}}
ADOPTION = {"signal_id": "s1", "signal_type": "tech_adoption", "source": "feed", "detail": "",
            "attributes": {"technology": "Snowflake"}}
COMPANY = {"name": "Initech", "industry": "Software", "employees": 240, "country": "US"}
# The congrats email's paragraph before the sentence a test adds.
MIDDLE = ("Congratulations on Initech's $25M Series B. The next board meeting will ask how that turns into "
          "pipeline; we help Software teams answer with outbound that a person signs off before it goes out.")
# The follow-up's ask before its offer; the template's own offer names the industry of the facts.
FOLLOW_UP_ASK = "one more note and then I will leave you to it: if pipeline for the next two quarters is on your list,"
FOLLOW_UP_OFFER = "I can share how other Software teams approached it."
# The warehouse email's paragraph before the sentence a test adds.
STACK_MIDDLE = ("I noticed your team is adopting Snowflake. We supply clean account data as tables your team already "
                "knows how to use.")


def facts(signal: dict = SIGNAL, company: dict = COMPANY, *, title: str = "VP Sales",
          sender: str = "Jordan Lee") -> tuple[Fact, ...]:
    """What research found of Dana (``title``) at ``company`` after ``signal``, and the play's sender."""
    found, _ = build_facts(signal, company, {"first_name": "Dana", "last_name": "Park", "title": title}, "local", 3)
    return (*found, Fact("play.sender_name", "sender_name", sender, "name", "play file"))


def request(found: tuple[Fact, ...], play: str = PLAY.name, variant: str = "congrats", *, step: int = 1,
            body: str | None = None) -> DraftRequest:
    """The approved template of ``variant`` (step 1) or of the play's sequence ``step``, on ``found``; ``body``
    replaces the template's body."""
    template = (next(v for v in PLAYS[play].variants if v["id"] == variant) if step == 1
                else PLAYS[play].sequence[step - 1])
    return DraftRequest(play, variant, template["subject"], template["body"] if body is None else body, found,
                        step=step, bounds=Bounds())


def by_model(draft_request: DraftRequest, subject: str, body: str):
    """The verifier's draft when the model answered ``draft_request`` with ``subject`` and ``body``."""
    return settle(draft_request, Candidate(subject, body, (), "openai:adversary"))


def congrats_request(body: str = CONGRATS["body"], *, title: str = "VP Sales",
                     company: dict = COMPANY) -> DraftRequest:
    """The congrats email's approved template (``body`` its body) on the funding facts."""
    return request(facts(company=company, title=title), body=body)


def congrats_email(extra: str = "", *, before_ask: str = "") -> str:
    """The model's congrats email: ``MIDDLE``, then ``extra`` in the same paragraph, then the ask after
    ``before_ask``."""
    middle = f"{MIDDLE} {extra}" if extra else MIDDLE
    return f"Hi Dana,\n\n{middle}\n\n{before_ask}Open to a short call next week?\n\nJordan Lee\n"


def first(extra: str = "", *, subject: str = "Congrats on the Series B, Dana", title: str = "VP Sales",
          company: dict = COMPANY, template: str = CONGRATS["body"], before_ask: str = ""):
    """The congrats email the model wrote with ``extra`` (``congrats_email``), settled against ``template``."""
    return by_model(congrats_request(template, title=title, company=company), subject,
                    congrats_email(extra, before_ask=before_ask))


def follow_up(opening: str = "", offer: str = FOLLOW_UP_OFFER):
    """The second email the model wrote: ``opening``, the follow-up's ask, then ``offer``."""
    said = f"{opening} {FOLLOW_UP_ASK}" if opening else FOLLOW_UP_ASK
    return by_model(request(facts(), step=2), "Re: Initech after the Series B",
                    f"Hi Dana, {said} {offer}\n\nJordan Lee\n")


def stack_facts(tech_stack: str = "Salesforce, Redshift", sender: str = "Alex Moreno") -> tuple[Fact, ...]:
    """What research found of Dana, VP Data at Initech, whose stack is ``tech_stack``, adopting Snowflake."""
    return facts(ADOPTION, {**COMPANY, "tech_stack": tech_stack}, title="VP Data", sender=sender)


def stack(extra: str, *, tech_stack: str = "Salesforce, Redshift", middle: str = STACK_MIDDLE,
          sender: str = "Alex Moreno"):
    """The data-stack-adopters warehouse email ``sender`` signs, as the model wrote it: ``middle``, then
    ``extra``."""
    body = f"Hi Dana,\n\n{middle} {extra}\n\nWould a sample for Initech be useful?\n\n{sender}\n"
    return by_model(request(stack_facts(tech_stack, sender), "data-stack-adopters", "warehouse"),
                    "Initech and clean account data", body)


def answer_reasons(answer: str, reply: str, found: tuple[Fact, ...] | None = None) -> list[str]:
    """Why a suggested ``answer`` to Dana's question ``reply`` is refused (none: it is offered), grounded on
    her reply, the offline suggestion and ``found`` (the funding facts by default)."""
    fallback = offline_suggestion("question", None, "Dana", None, "", reply)
    grounds = "\n".join([f"They wrote (2026-12-07T10:00): {reply}", fallback, "Dana",
                         *grounds_lines(list(facts() if found is None else found))])
    return suggestion_reasons(answer, grounds, "", "lexicon", reply)
