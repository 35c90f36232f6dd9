"""A mail server's limit on how many recipients our client may name in a while (Postfix's
``smtpd_client_recipient_rate_limit``: "450 4.7.1 Error: too many recipients from <our address>") is
our account's pace: the batch ends at the first such answer, green, and the rest go next run."""

import pytest

from resources.smtp_replies import defers_sender
from tests.mail.smtp_server import RecordingHandler, start_smtp_server
from tests.test_smtp_refusals import PEOPLE, AccountDeferred, _approved, _smtp


@pytest.mark.parametrize("code, text, account", [
    (450, "4.7.1 Error: too many recipients from 192.0.2.7", True),  # Postfix's anvil limit on our client
    (450, "4.7.1 Error: too many recipients from [192.0.2.7], try again later", True),
    (452, "4.5.3 Error: too many recipients", False),  # one message's recipients: the next one may pass
])
def test_too_many_recipients_from_our_client_is_the_accounts_pace(code, text, account):
    assert defers_sender(code, text) is account


def test_the_client_recipient_limit_ends_the_batch_after_one_deferral(tmp_path):
    """Only one RCPT meets the limit; no draft is counted as deferred by the server; all go next run."""
    world = _approved(tmp_path)
    reply = "450 4.7.1 Error: too many recipients from 127.0.0.1"
    server = start_smtp_server(AccountDeferred(allowed=1, stage="rcpt", reply=reply))
    try:
        result = world.send_with(_smtp(server.port))
    finally:
        server.stop()
    assert server.handler.deferred == 1, f"{server.handler.deferred} recipients named after the server's limit"
    assert result.metadata["deferred_by_server_this_run"] == 0, "the account's pace, not each message's"
    assert reply in str(result.metadata["halted"])
    healthy = start_smtp_server(RecordingHandler())
    try:
        world.send_with(_smtp(healthy.port))
    finally:
        healthy.stop()
    assert sorted(d["rcpt_tos"][0] for d in [*server.handler.delivered, *healthy.handler.delivered]) == PEOPLE
