"""A message matched to a send by its sender alone (no In-Reply-To) is tied, on a full refresh,
to the send that was her latest when it was read, as it was incrementally: the rebuilt table equals the
incremental one."""

from datetime import UTC, datetime

import pytest

from tests.reply_desk import ReplyDesk, mail, sent

ANN = "ann@acme.example"
MON = datetime(2026, 11, 23, 9, tzinfo=UTC)
TUE, WED, THU = MON.replace(day=24), MON.replace(day=25), MON.replace(day=26)
AWAY = ("Automatic reply: I am out of the office until 30 November with limited access to email.")

SQL = "select message_id, send_key, play, kind, label from reply_classifications order by message_id"


def _away(at: datetime) -> bytes:
    """Her mail server's out-of-office notice, answering no Message-ID (many don't)."""
    raw = mail(ANN, AWAY, at, None, "Automatic reply: hello")
    return raw.replace(b"MIME-Version", b"Auto-Submitted: auto-replied\r\nMIME-Version")


@pytest.mark.parametrize("message", ["away", "fresh"])
def test_a_full_refresh_ties_a_sender_matched_message_to_the_send_it_followed(tmp_path, message):
    desk = ReplyDesk(tmp_path / "data")
    revops = sent("revops-hiring", ANN, 1, MON, "RevOps at Acme")
    desk.sends([revops])
    raw = _away(MON.replace(hour=10)) if message == "away" else mail(
        ANN, "Not now, maybe next quarter. Could you send pricing though?", MON.replace(hour=10), None, "Pricing")
    desk.receive(raw, MON.replace(hour=11))
    with desk.resources(MON.replace(hour=11))["warehouse"].connect() as con:
        first = con.execute(SQL).fetchall()
    assert [row[2] for row in first] == ["revops-hiring"], first

    # A later play mails her after her message was read (another play, a week on).
    desk.sends([sent("series-b-funding", ANN, 1, WED, "Congrats on the round")])
    desk.read_again(WED.replace(hour=1))
    with desk.resources(WED.replace(hour=1))["warehouse"].connect() as con:
        incremental = con.execute(SQL).fetchall()
    assert incremental == first, "nothing new: the incremental table stands"

    desk.receive_again(THU)
    with desk.resources(THU)["warehouse"].connect() as con:
        rebuilt = con.execute(SQL).fetchall()
    assert rebuilt == incremental, "a full refresh moved her message to a send made after it was read"


def test_a_full_refresh_leaves_her_message_from_before_we_mailed_her_unmatched(tmp_path):
    """She wrote to us before any play mailed her (an inbound question); a play mailed her later. Read then,
    her message matched no send; a full refresh must not tie it to the send made after it."""
    desk = ReplyDesk(tmp_path / "data")
    desk.sends([sent("revops-hiring", "bo@beta.example", 1, MON, "RevOps at Beta")])
    desk.receive(mail(ANN, "Hi, do you offer a team plan? What does it cost?", MON.replace(hour=10), None,
                      "Team plan"), MON.replace(hour=11))
    desk.sends([sent("series-b-funding", ANN, 1, WED, "Congrats on the round")])
    desk.read_again(WED.replace(hour=1))
    sql = "select message_id, send_key, play, kind from reply_classifications where from_addr = ?"
    with desk.resources(WED.replace(hour=1))["warehouse"].connect() as con:
        incremental = con.execute(sql, [ANN]).fetchall()
    assert [row[1:] for row in incremental] == [(None, None, "other")], incremental

    desk.receive_again(THU)
    with desk.resources(THU)["warehouse"].connect() as con:
        assert con.execute(sql, [ANN]).fetchall() == incremental, "a full refresh tied it to a later send"
