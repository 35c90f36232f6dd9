"""A contact's message that answers none of our Message-IDs joins the conversation she is in."""

from datetime import UTC, datetime

import pytest

from tests.reply_desk import ReplyDesk, mail, sent

ANN = "ann@acme.example"
MON = datetime(2026, 11, 23, 9, tzinfo=UTC)
TUE, WED = MON.replace(day=24), MON.replace(day=25)


@pytest.mark.parametrize("text", [
    "We will pass on this one, thanks.",
    "Thursday 10:00 works. Could you also send me the pricing sheet?",
])
def test_her_answer_to_the_reps_own_mail_reaches_the_conversation_he_holds(tmp_path, text):
    """Mailed by two plays, she replied in the first, which Sam claimed; he wrote to her from his own
    mailbox and she answered him. Her answer is in Sam's conversation, not the later play's."""
    desk = ReplyDesk(tmp_path / "data")
    revops = sent("revops-hiring", ANN, 1, MON, "RevOps at Acme")
    series_b = sent("series-b-funding", ANN, 1, MON.replace(hour=10), "Congrats on the round")
    desk.sends([revops, series_b])
    desk.receive(mail(ANN, "Yes, this is timely. Can we talk next week?", TUE, revops["message_id"]), TUE)
    desk.run_escalations(TUE.replace(hour=10))
    [conversation] = desk.queue(TUE.replace(hour=10))
    desk.act(conversation["escalation_id"], "claim", "Sam Lee", TUE.replace(hour=11))

    desk.receive(mail(ANN, text, WED, "<sam-own-1@outreach.example>", "Re: our call on Thursday"), WED)
    desk.run_escalations(WED.replace(hour=10))
    [mine] = desk.queue(WED.replace(hour=10))
    assert (mine["escalation_id"], mine["play"], mine["reply_count"]) == (
        conversation["escalation_id"], "revops-hiring", 2)


def test_a_message_anew_after_a_later_play_mailed_her_joins_that_later_send(tmp_path):
    """Her reply came before the later play's mail: a message written anew after it answers that."""
    desk = ReplyDesk(tmp_path / "data")
    revops = sent("revops-hiring", ANN, 1, MON, "RevOps at Acme")
    desk.sends([revops])
    desk.receive(mail(ANN, "Not now, maybe next quarter.", MON.replace(hour=12), revops["message_id"]), MON)
    series_b = sent("series-b-funding", ANN, 1, TUE, "Congrats on the round")
    desk.sends([series_b])
    desk.receive(mail(ANN, "Congrats noted! Could you send pricing?", WED, None, "Pricing"), WED)
    with desk.resources(WED)["warehouse"].connect() as con:
        plays = con.execute("select play from reply_classifications order by received_at").fetchall()
    assert plays == [("revops-hiring",), ("series-b-funding",)]


def test_a_full_refresh_keeps_her_answer_to_the_rep_in_her_conversation(tmp_path):
    desk = ReplyDesk(tmp_path / "data")
    revops = sent("revops-hiring", ANN, 1, MON, "RevOps at Acme")
    series_b = sent("series-b-funding", ANN, 1, MON.replace(hour=10), "Congrats on the round")
    desk.sends([revops, series_b])
    desk.receive(mail(ANN, "Yes, this is timely. Can we talk next week?", TUE, revops["message_id"]), TUE)
    desk.receive(mail(ANN, "Thursday 10:00 works.", WED, "<sam-own-1@outreach.example>", "Re: our call"), WED)
    sql = "select message_id, play from reply_classifications order by message_id"
    with desk.resources(WED)["warehouse"].connect() as con:
        before = con.execute(sql).fetchall()
    assert sorted(play for _, play in before) == ["revops-hiring", "revops-hiring"]

    desk.receive_again(WED.replace(hour=12))
    with desk.resources(WED)["warehouse"].connect() as con:
        assert con.execute(sql).fetchall() == before


def test_her_answer_read_before_her_sends_were_in_the_ledger_joins_her_conversation_once_matched_again(tmp_path):
    """Both plays' sends reached the ledger only after her replies were read: matched again, her answer
    to the rep joins the conversation her earlier reply is in, as it would have on its first reading."""
    desk = ReplyDesk(tmp_path / "data")
    revops = sent("revops-hiring", ANN, 1, MON, "RevOps at Acme")
    series_b = sent("series-b-funding", ANN, 1, MON.replace(hour=10), "Congrats on the round")
    desk.sends([sent("revops-hiring", "bo@beta.example", 1, MON, "RevOps at Beta")])
    desk.receive(mail(ANN, "Yes, this is timely. Can we talk next week?", TUE, revops["message_id"]), TUE)
    desk.receive(mail(ANN, "Thursday 10:00 works.", WED, "<sam-own-1@outreach.example>", "Re: our call"), WED)
    sql = "select play from reply_classifications where from_addr = ? order by received_at"
    with desk.resources(WED)["warehouse"].connect() as con:
        assert con.execute(sql, [ANN]).fetchall() == [(None,), (None,)], "no send of hers in the ledger yet"

    desk.sends([revops, series_b])
    desk.read_again(WED.replace(hour=12))
    with desk.resources(WED)["warehouse"].connect() as con:
        assert con.execute(sql, [ANN]).fetchall() == [("revops-hiring",), ("revops-hiring",)]
    desk.run_escalations(WED.replace(hour=13))
    [conversation] = desk.queue(WED.replace(hour=13))
    assert (conversation["play"], conversation["reply_count"]) == ("revops-hiring", 2)


def test_her_answer_matched_again_joins_the_conversation_a_reply_already_matched_is_in(tmp_path):
    """A lost server answer left both plays' sends unresolved ('sending'): her reply naming the first
    matched it, her answer to the rep matched nothing. Once the sends are settled as sent, her answer
    is matched again into the conversation her reply is in, not the later play's."""
    desk = ReplyDesk(tmp_path / "data")
    revops = sent("revops-hiring", ANN, 1, MON, "RevOps at Acme")
    series_b = sent("series-b-funding", ANN, 1, MON.replace(hour=10), "Congrats on the round")
    desk.sends([{**revops, "status": "sending"}, {**series_b, "status": "sending"}])
    desk.receive(mail(ANN, "Yes, this is timely. Can we talk next week?", TUE, revops["message_id"]), TUE)
    desk.receive(mail(ANN, "Thursday 10:00 works.", WED, "<sam-own-1@outreach.example>", "Re: our call"), WED)
    sql = "select play from reply_classifications order by received_at"
    with desk.resources(WED)["warehouse"].connect() as con:
        assert con.execute(sql).fetchall() == [("revops-hiring",), (None,)]
        con.execute("update send_ledger set status = 'sent'")
    desk.read_again(WED.replace(hour=12))
    with desk.resources(WED)["warehouse"].connect() as con:
        assert con.execute(sql).fetchall() == [("revops-hiring",), ("revops-hiring",)]
