"""Six accounts as research gives their facts (funding, an older funding, hiring, a technology, a new
leader, a launch), each with its play, and a draft judged through ``settle`` with a model's candidate,
as the drafts asset judges one."""

from sdr_assets.domain.drafting import WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact, build_facts

PLAYS = {
    "funding": ("Jordan Lee",
                "Congrats on the {round}, {first_name}",
                "Hi {first_name},\n\nCongratulations on {company_name}'s {amount} {round}. The next board meeting will ask how\nthat turns into pipeline; we help {industry} teams answer with outbound that a person\nsigns off before it goes out.\n\nOpen to a short call next week?\n\n{sender_name}\n"),
    "hiring": ("Sam Carter",
               "{role} at {company_name}",
               "Hi {first_name},\n\nI saw {company_name} is hiring a {role}. Teams that add RevOps at around {employees} people\nusually spend the new hire's first quarter untangling routing and reporting.\n\nWe help that person start with a clean pipeline instead. Worth a 20-minute look before they join?\n\n{sender_name}\n"),
    "tech": ("Alex Moreno",
             "{company_name} and clean account data",
             "Hi {first_name},\n\nI noticed {why_now}. Once the warehouse is live, the next request is usually clean account\nand signal data for revenue teams. We supply that as tables your team already knows how to use.\n\nWould a sample for {company_name} be useful?\n\n{sender_name}\n"),
    "leadership": ("Nora Beck",
                   "{company_name}'s new {new_role}",
                   "Hi {first_name},\n\nI saw {why_now} at {company_name}. A new {new_role} usually reviews how pipeline is built in the\nfirst quarter. We help {industry} teams run outbound that a person approves before it goes out.\n\nWorth a short call?\n\n{sender_name}\n"),
    "launch": ("Owen Hart",
               "{product} and pipeline",
               "Hi {first_name},\n\nI saw {why_now}. A launch usually means the sales team needs accounts that fit it.\nWe find them and draft outreach that your team approves first.\n\nOpen to a short call?\n\n{sender_name}\n"),
}

CONTEXTS = {
    "funding": dict(
        signal={"signal_id": "s1", "signal_type": "funding", "source": "feed",
                "attributes": {"round": "Series B", "amount_usd": 25_600_000, "lead_investor": "Index Ventures"}},
        company={"name": "Kestrel Pay", "industry": "Fintech", "employees": 340, "country": "US",
                 "tech_stack": "HubSpot, Stripe"},
        contact={"first_name": "Maya", "last_name": "Chen", "title": "VP Sales"}, age_days=5),
    "funding_old": dict(
        signal={"signal_id": "s1b", "signal_type": "funding", "source": "feed",
                "attributes": {"round": "Series A", "amount_usd": 8_000_000, "lead_investor": "Accel"}},
        company={"name": "Tallis Health", "industry": "Healthcare", "employees": 90, "country": "GB"},
        contact={"first_name": "Owen", "last_name": "Price", "title": "CEO"}, age_days=40),
    "hiring": dict(
        signal={"signal_id": "s2", "signal_type": "hiring", "source": "feed",
                "attributes": {"role": "Head of Revenue Operations", "openings": 2, "department": "Sales"}},
        company={"name": "Larkspur Analytics", "industry": "Software", "employees": 1200, "country": "GB"},
        contact={"first_name": "Tom", "last_name": "Okafor", "title": "VP Sales"}, age_days=3),
    "tech": dict(
        signal={"signal_id": "s3", "signal_type": "tech_adoption", "source": "feed",
                "attributes": {"technology": "Snowflake"}},
        company={"name": "Northwind Freight", "industry": "Logistics", "employees": 850, "country": "DE",
                 "tech_stack": "Snowflake, dbt"},
        contact={"first_name": "Priya", "last_name": "Nair", "title": "Head of Data"}, age_days=10),
    "leadership": dict(
        signal={"signal_id": "s4", "signal_type": "leadership_change", "source": "feed",
                "attributes": {"person": "Maria Lopez", "new_role": "Chief Revenue Officer"}},
        company={"name": "Ferrum Robotics", "industry": "Manufacturing", "employees": 420, "country": "FR"},
        contact={"first_name": "Dana", "last_name": "Ortiz", "title": "CEO"}, age_days=6),
    "launch": dict(
        signal={"signal_id": "s5", "signal_type": "product_launch", "source": "feed",
                "attributes": {"product": "GridSense"}},
        company={"name": "Helio Energy", "industry": "Energy", "employees": 260, "country": "ES"},
        contact={"first_name": "Lucia", "last_name": "Romero", "title": "Head of Sales"}, age_days=4),
}
PLAY_OF = {"funding_old": "funding"}
# Per context: first name, a grounded opener, our offer, the ask, the sender, a subject.
OPEN_OF = {
    "funding": ("Maya", "Congratulations on Kestrel Pay's $25.6M Series B.", "We help Fintech teams run outbound that a person signs off before it goes out.", "Open to a short call next week?", "Jordan Lee", "Congrats on the Series B, Maya"),
    "funding_old": ("Owen", "Congratulations on Tallis Health's $8M Series A.", "We help Healthcare teams run outbound that a person signs off before it goes out.", "Open to a short call next week?", "Jordan Lee", "Congrats on the Series A, Owen"),
    "hiring": ("Tom", "I saw Larkspur Analytics is hiring a Head of Revenue Operations.", "We help that person start with a clean pipeline instead of untangling routing.", "Worth a 20-minute look before they join?", "Sam Carter", "Head of Revenue Operations at Larkspur Analytics"),
    "tech": ("Priya", "I noticed your team is adopting Snowflake.", "We supply clean account and signal data as tables your team already knows how to use.", "Would a sample for Northwind Freight be useful?", "Alex Moreno", "Northwind Freight and clean account data"),
    "leadership": ("Dana", "I saw a new Chief Revenue Officer just joined Ferrum Robotics.", "We help Manufacturing teams run outbound that a person approves before it goes out.", "Worth a short call?", "Nora Beck", "Ferrum Robotics's new Chief Revenue Officer"),
    "launch": ("Lucia", "I saw you just launched GridSense.", "We find accounts that fit a launch and draft outreach your team approves first.", "Open to a short call?", "Owen Hart", "GridSense and pipeline"),
}


def request(context: str) -> DraftRequest:
    """The drafts asset's request for ``context``: its facts as research builds them, and its play."""
    spec = CONTEXTS[context]
    facts, _ = build_facts(spec["signal"], spec["company"], spec["contact"], age_days=spec["age_days"])
    sender, subject, body = PLAYS[PLAY_OF.get(context, context)]
    facts = (*facts, Fact("play.sender_name", "sender_name", sender, "name", "play file"))
    return DraftRequest("adv", "a", subject, body, facts)


def judge(draft: dict) -> tuple[bool, tuple[str, ...]]:
    """Whether ``draft`` is written as the model gave it, and the reasons it is not."""
    req = request(draft["context"])
    text = settle(req, Candidate(draft["subject"], draft["body"], (), "openai:adv"))
    return text.verdict == WRITTEN, text.reasons


def draft(context: str, claim: str) -> dict:
    """A draft for ``context``: its grounded opener, then ``claim``, then our offer and the ask."""
    first, opener, offer, ask, sender, subject = OPEN_OF[context]
    return {"context": context, "subject": subject, "body": f"Hi {first},\n\n{opener} {claim} {offer}\n\n{ask}\n\n{sender}"}


def assert_stopped(context: str, claim: str, why: str) -> None:
    """``claim`` in a draft for ``context`` holds the draft, with a reason that says ``why``."""
    written, reasons = judge(draft(context, claim))
    assert not written
    assert any(why in r for r in reasons), reasons


def assert_written(context: str, claim: str) -> None:
    """``claim`` in a draft for ``context`` lets the model's draft be written."""
    written, reasons = judge(draft(context, claim))
    assert written, reasons
