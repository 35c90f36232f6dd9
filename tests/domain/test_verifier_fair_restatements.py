"""Fair restatements of the facts pass: our own research said with another verb, and the hire to
come called new with a verb to come. Judged through ``settle``, as the drafts asset judges a model's."""

import pytest

from tests.domain.truth_contexts import judge

FAIR = [
    ("funding_old", "Hi Owen,\n\nYou raised a Series A led by Accel, and I imagine pipeline targets are set now. We do "
                    "the research and drafting so your team approves the approach once.\n\nWorth 20 minutes?\n\n"
                    "Jordan Lee"),
    ("funding", "Hi Maya,\n\nCongrats on the $25.6M Series B. We handle the research and drafting; your team approves "
                "every message before it goes out.\n\nOpen to a short call next week?\n\nJordan Lee"),
    ("funding_old", "Hi Owen,\n\nCongrats on the Series A. Our research finds the accounts, and a person on your team "
                    "approves each draft.\n\nWorth 20 minutes?\n\nJordan Lee"),
    ("funding", "Hi Maya,\n\nIf more pipeline is on the plan, we write and research the outbound and your team signs "
                "off each message.\n\nOpen to a short call next week?\n\nJordan Lee"),
    ("hiring", "Hi Tom,\n\nAs VP Sales at Larkspur Analytics, you will probably work closely with the new Head of "
               "Revenue Operations. We help that person start with a clean pipeline.\n\nWorth a 20-minute look?\n\n"
               "Sam Carter"),
    ("hiring", "Hi Tom,\n\nYou will probably work closely with the new Head of Revenue Operations. We help that person "
               "start with a clean pipeline.\n\nWorth a 20-minute look?\n\nSam Carter"),
]

UNTRUE = [
    ("funding", "Hi Maya,\n\nCongrats on the $25.6M Series B. I saw your team is researching outbound vendors.\n\n"
                "Open to a short call next week?\n\nJordan Lee", "research"),
    ("hiring", "Hi Tom,\n\nYour new Head of Revenue Operations joined and will inherit routing. We help that person "
               "start with a clean pipeline.\n\nWorth a 20-minute look?\n\nSam Carter", "new"),
    ("hiring", "Hi Tom,\n\nYour new Head of Revenue Operations will inherit routing and reporting. We help that "
               "person start with a clean pipeline.\n\nWorth a 20-minute look?\n\nSam Carter", "new"),
    ("funding", "Hi Maya,\n\nYour new VP Marketing will want pipeline reports. We help Fintech teams run outbound "
                "that a person signs off.\n\nOpen to a short call next week?\n\nJordan Lee", "new"),
]


def _draft(context: str, body: str) -> dict:
    return {"context": context, "subject": {"hiring": "Head of Revenue Operations at Larkspur Analytics"}.get(
        context, "Congrats on the round"), "body": body}


@pytest.mark.parametrize("context, body", FAIR, ids=[b.split("\n\n")[1][:50] for _, b in FAIR])
def test_our_research_and_the_hire_to_come_said_otherwise_pass(context, body):
    written, reasons = judge(_draft(context, body))
    assert written, reasons


@pytest.mark.parametrize("context, body, why", UNTRUE, ids=[b.split("\n\n")[1][:50] for _, b, _ in UNTRUE])
def test_the_prospects_research_and_a_hire_made_or_not_open_are_still_stopped(context, body, why):
    written, reasons = judge(_draft(context, body))
    assert not written
    assert any(why in r for r in reasons), reasons
