"""Two referrals accepted at one account: the play writes to one referred person at an account at a
time, and `sdr referrals accept` says so rather than dropping the first one with nobody told."""

import json
import mailbox
from datetime import UTC, datetime

import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.runner import run_due
from tests.command_line import CommandLine
from tests.replies import first_sends, reply_to

PLAY = "revops-hiring"
REPLY_AT = datetime(2026, 11, 20, 15, tzinfo=UTC)


def _two_named(environ) -> tuple:
    env = environ()
    resources = build_resources(env)
    sent = first_sends(resources, PLAY)[0]
    domain = sent["company_domain"]
    jane, omar = f"jane.roe@{domain}", f"omar.haddad@{domain}"
    mailbox.Maildir(resources["mailbox"].path, create=True).add(reply_to(sent, (
        f"I'm not the right person for this. Please reach out to Jane Roe ({jane}), she runs revenue "
        f"operations, or Omar Haddad ({omar}) who heads sales ops."), REPLY_AT))
    defs = build_definitions(resources)
    return env, resources, defs, jane, omar


def _mailed(resources, address: str) -> int:
    return sum(address in (m["To"] or "") for m in mailbox.Maildir(resources["mail"].path, create=False))


@pytest.mark.opening("revops_sent")
def test_a_second_referral_at_an_account_is_refused_while_the_first_waits_for_her_first_email(environ, instance):
    """Accepting a second referral at an account whose first accepted referral has not been mailed yet
    is refused, naming her: accepted, it would have silently taken her place, so she was never mailed
    though `sdr referrals list` showed her accepted."""
    from sdr_assets.cli import app

    env, resources, defs, jane, omar = _two_named(environ)
    run_due(defs, instance)
    runner = CommandLine()
    proposed = {r["email"] for r in json.loads(runner.invoke(app, ["referrals", "list", "--json"], env=env).output)}
    assert proposed == {jane, omar}
    assert runner.invoke(app, ["referrals", "accept", jane, "--by", "Dana Whitfield"], env=env).exit_code == 0
    second = runner.invoke(app, ["referrals", "accept", omar, "--by", "Dana Whitfield"], env=env)
    assert second.exit_code == 1, second.output
    assert jane in second.output and "sdr referrals accept" in " ".join(second.output.split())
    run_due(defs, instance)
    run_due(defs, instance)
    assert _mailed(resources, jane) == 1, "the referral accepted first gets her first email"
    assert _mailed(resources, omar) == 0, "the refused one is not mailed"


@pytest.mark.opening("revops_sent")
def test_a_second_referral_accepted_after_the_first_was_mailed_says_whose_place_it_takes(environ, instance):
    """Once the first accepted referral has had her first email, a second one at the account is
    accepted, its output names the one whose place it takes, and both are mailed once."""
    from sdr_assets.cli import app

    env, resources, defs, jane, omar = _two_named(environ)
    run_due(defs, instance)
    runner = CommandLine()
    assert runner.invoke(app, ["referrals", "accept", jane, "--by", "Dana Whitfield"], env=env).exit_code == 0
    run_due(defs, instance)
    second = runner.invoke(app, ["referrals", "accept", omar, "--by", "Dana Whitfield"], env=env)
    assert second.exit_code == 0, second.output
    assert f"takes {jane}'s place" in " ".join(second.output.split())
    run_due(defs, instance)
    run_due(defs, instance)
    assert (_mailed(resources, jane), _mailed(resources, omar)) == (1, 1)
