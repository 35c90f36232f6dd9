"""Address checks: syntax and the canonical form, role addresses, disposable domains, and MX over a local DNS server."""

import pytest

from resources.address_checks import AddressChecks
from sdr_assets.domain.address_checks import AddressRules, check_address, is_disposable
from sdr_assets.local_dns import ZoneServer

RULES = AddressChecks().rules()


def test_accepted_addresses_come_back_in_the_one_canonical_form():
    verdict = check_address("  José.Díaz+Q4@Bücher.Example ", RULES)
    assert verdict.accepted and verdict.address == "josé.díaz+q4@xn--bcher-kva.example"


@pytest.mark.parametrize(("address", "reason"), [
    ("info@acme.example", "role address"), ("Sales+emea@acme.example", "role address"),
    ("no-reply@acme.example", "role address"), ("ann@mailinator.com", "disposable"),
    ("ann@eu.mailinator.com", "disposable"), ("ann lee@acme.example", "invalid address"),
    ("", "invalid address"), ("ann@localhost", "invalid address"),
])
def test_refusals_say_why(address, reason):
    verdict = check_address(address, RULES)
    assert not verdict.accepted and verdict.address is None and reason in verdict.refusal


@pytest.mark.parametrize("local", [
    "mailer-daemon", "MAILER_DAEMON", "no.reply", "do_not_reply", "do-not.reply", "bounces", "root", "sales-team",
    "notifications", "unsubscribe", "noreply.support", "support_team+eu", "info.sales",
])
def test_role_and_system_mailboxes_are_refused_however_their_words_are_joined(local):
    verdict = check_address(f"{local}@acme.example", RULES)
    assert not verdict.accepted and "role address, not a person" in verdict.refusal


@pytest.mark.parametrize("local", [
    "mark", "bill", "will", "grace", "hope", "joy", "dev", "art", "sunny", "noor", "nora", "noel", "ali", "sal",
    "jobst", "marketa", "hellen", "rooth", "teamson", "ann.lee", "mary-jane", "jean_luc", "o.brien", "dev.patel",
    "ann.sales", "mark-info", "j.root", "josé.núñez", "øyvind",
])
def test_people_named_beside_or_near_role_words_are_still_accepted(local):
    assert check_address(f"{local}@acme.example", RULES).accepted


def test_role_addresses_can_be_allowed_and_disposable_checks_turned_off():
    assert check_address("info@acme.example", AddressRules(allow_role_addresses=True)).accepted
    assert check_address("ann@mailinator.com", AddressChecks(refuse_disposable=False).rules()).accepted
    assert not is_disposable("mailinator.com.example", RULES.disposable_domains)


@pytest.fixture
def zone():
    records = {
        "acme.example": {"MX": ["10 mx1.acme.example."]},
        "nullmx.example": {"MX": ["0 ."]},
        "webonly.example": {"TXT": ['"v=spf1 -all"']},
        "fallback.example": {"A": ["93.184.215.14"]},
    }
    with ZoneServer(records, silent=frozenset({"slow.example"})) as server:
        yield server


def test_mx_lookup_refuses_domains_that_accept_no_mail(zone):
    checks = AddressChecks(check_mx=True, nameservers=["127.0.0.1"], dns_port=zone.port, dns_timeout_seconds=0.5)
    check = checks.checker()
    assert check("ann@acme.example").accepted
    assert check("ann@fallback.example").accepted  # no MX, but an address record (RFC 5321 fallback)
    assert "does not accept email" in check("ann@nullmx.example").refusal
    assert "does not accept email" in check("ann@webonly.example").refusal
    assert "does not exist" in check("ann@nowhere.example").refusal
    # A resolver that does not answer refuses nothing: an outage must not empty the pipeline.
    assert check("ann@slow.example").accepted
    asked = len(zone.questions)
    assert check("bob@acme.example").accepted and len(zone.questions) == asked  # one lookup per domain per run


def test_without_mx_checks_no_dns_question_is_asked(zone):
    check = AddressChecks(nameservers=["127.0.0.1"], dns_port=zone.port).checker()
    assert check("ann@nowhere.example").accepted and zone.questions == []
