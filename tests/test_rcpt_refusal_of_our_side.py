"""A refusal at RCPT about OUR side (our HELO name unknown to the receiving server) is no verdict on
the prospect's address: it must not add a hard-bounce suppression, least of all for the messages the
send step itself released as the account's refusal (three alike in a row at three domains)."""

import dagster as dg
import pytest

from sdr_assets.send_loop import _hard_refusals
from tests.mail.smtp_server import start_smtp_server
from tests.test_smtp_refusals import PEOPLE, BlockedAccount, _approved, _smtp

# Postfix with reject_unknown_helo_hostname (unknown_hostname_reject_code = 550); smtpd_delay_reject
# (the default) gives the HELO restriction's verdict in reply to RCPT TO, for every recipient alike.
HELO_REFUSED = "550 5.7.1 <3f2a9c1b7d2e>: Helo command rejected: Host not found"


def test_messages_released_as_the_accounts_refusal_do_not_suppress_their_recipients(tmp_path):
    world = _approved(tmp_path)
    server = start_smtp_server(BlockedAccount("rcpt", HELO_REFUSED))
    try:
        with pytest.raises(dg.Failure, match="refused alike"):
            world.send_with(_smtp(server.port))
    finally:
        server.stop()
    assert [a for a, s in world.statuses().items() if s == "failed"] == []  # released: the account's
    with world.warehouse.connect() as con:
        rows = con.execute("select target, reason, note from suppression_events").fetchall() \
            if con.execute("select count(*) from information_schema.tables "
                           "where table_name = 'suppression_events'").fetchone()[0] else []
    assert rows == [], f"the batch released these as our account's refusal, yet suppressed them for good: {rows}"


@pytest.mark.parametrize("reply", [
    HELO_REFUSED[4:],
    "5.7.1 This server does not accept mail from your network",
])
def test_a_refusal_about_our_side_is_not_a_dead_address(reply):
    assert _hard_refusals("k1", {PEOPLE[0]: (550, reply)}, None) == []
