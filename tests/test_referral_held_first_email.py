"""A referral whose first email the send step holds (the server greylisted it with a 4xx, another
play's sequence to her goes on, her signal waits for fresh research) has not been mailed: a second
referral accepted at her account is refused, naming her. Counted as mailed by its held ledger row,
the second took her place as the account's contact, her draft went, and she was never mailed though
`sdr referrals accept` said her sequence goes on."""

import pytest

from sdr_assets import send_deferrals
from sdr_assets.runner import run_due
from tests.command_line import CommandLine
from tests.test_two_referrals_at_one_account import _two_named


@pytest.mark.opening("revops_sent")
def test_a_referral_whose_first_email_is_held_still_waits_for_it(environ, instance):
    """With the first referral's first email held by the mail server, a second referral at the
    account is refused and names her."""
    from sdr_assets.cli import app

    env, resources, defs, jane, omar = _two_named(environ)
    run_due(defs, instance)
    runner = CommandLine()
    assert runner.invoke(app, ["referrals", "accept", jane, "--by", "Dana Whitfield"], env=env).exit_code == 0
    run_due(defs, instance)
    greylisted = send_deferrals.held_reason(1, f"451 4.7.1 {jane}: greylisted, try again later")
    with resources["warehouse"].connect() as con:  # as the send step records a first email the server deferred
        held = con.execute("update send_ledger set status = 'held', reason = ?, message_id = null "
                           "where contact_email = ? and step = 1 returning send_key", [greylisted, jane]).fetchall()
    assert held, "the first referral's first email was planned"
    second = runner.invoke(app, ["referrals", "accept", omar, "--by", "Dana Whitfield"], env=env)
    assert second.exit_code == 1, second.output
    assert jane in second.output
