"""A contact's message that answers none of our Message-IDs joins the send she had when she wrote it."""

from datetime import UTC, datetime, timedelta

from tests.reply_desk import ReplyDesk, mail, sent

ANN = "ann@acme.example"
MON = datetime(2026, 11, 23, 9, tzinfo=UTC)
TUE = MON + timedelta(days=1)


def test_her_message_written_before_a_later_plays_mail_went_out_is_not_that_plays_reply(tmp_path):
    """Ann wrote anew at 09:55 about revops-hiring's Monday mail; series-b-funding's first mail went
    out at 10:00 and the mailbox was read at 10:05. Her decline answers revops-hiring: counted under
    series-b-funding it would be a reply to a mail she had not received, dated before it was sent,
    and a negative the monitor holds against a play that drew none."""
    desk = ReplyDesk(tmp_path / "data")
    revops = sent("revops-hiring", ANN, 1, MON, "RevOps at Acme")
    series_b = sent("series-b-funding", ANN, 1, TUE.replace(hour=10), "Congrats on the round")
    desk.sends([revops, series_b])
    desk.receive(mail(ANN, "Not interested, thanks. We hired for that role already.", TUE.replace(minute=55),
                      None, "Your email yesterday"), TUE.replace(hour=10, minute=5))
    with desk.resources(TUE.replace(hour=11))["warehouse"].connect() as con:
        matched = con.execute("select c.play, c.send_key, c.received_at < l.sent_at from reply_classifications c "
                              "left join send_ledger l using (send_key)").fetchall()
    assert matched == [("revops-hiring", revops["send_key"], False)], matched
