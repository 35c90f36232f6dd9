"""A contact's message that answers none of our Message-IDs joins the conversation she is in."""

from datetime import UTC, datetime

import pytest

from tests.reply_desk import ReplyDesk, mail, sent

ANN = "ann@acme.example"
MON = datetime(2026, 11, 23, 9, tzinfo=UTC)
TUE, WED = MON.replace(day=24), MON.replace(day=25)
REVOPS = sent("revops-hiring", ANN, 1, MON, "RevOps at Acme")


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


# Her answers to the rep's own mail: their Message-IDs sort after her reply's and before it, so
# neither the order of reading nor that of the ids decides the match.
ANSWERS = ["Thursday 10:00 works.", "Thursday 10:00 works for me."]


def _her_two_messages(answer: str) -> tuple[bytes, bytes]:
    """Her reply to the first play's mail, and her later answer to the rep's own mail."""
    return (mail(ANN, "Yes, this is timely. Can we talk next week?", TUE, REVOPS["message_id"]),
            mail(ANN, answer, TUE.replace(hour=15), "<sam-own-1@outreach.example>", "Re: our call"))


def _two_plays_mailed_her(desk: ReplyDesk) -> None:
    desk.sends([REVOPS, sent("series-b-funding", ANN, 1, MON.replace(hour=10), "Congrats on the round")])


@pytest.mark.parametrize("answer", ANSWERS)
def test_her_reply_and_her_answer_to_the_rep_read_together_are_one_conversation_as_when_read_apart(tmp_path, answer):
    """Her two messages fetched in one read are matched as when each came in its own read: her
    answer to the rep joins the conversation her reply opened, not the later play's send."""
    apart, together = ReplyDesk(tmp_path / "apart"), ReplyDesk(tmp_path / "together")
    reply, answer = _her_two_messages(answer)
    _two_plays_mailed_her(apart)
    apart.receive(reply, TUE.replace(hour=12))
    apart.receive(answer, WED)
    _two_plays_mailed_her(together)
    together.receive_together([answer, reply], WED)
    sql = "select play, send_key, kind, label from reply_classifications order by received_at"
    results = []
    for desk in (apart, together):
        with desk.resources(WED)["warehouse"].connect() as con:
            results.append(con.execute(sql).fetchall())
        desk.run_escalations(WED.replace(hour=10))
        results.append([(c["play"], c["reply_count"]) for c in desk.queue(WED.replace(hour=10))])
    assert results[0] == results[2] and results[1] == results[3] == [("revops-hiring", 2)]


def test_a_message_anew_she_wrote_before_her_reply_keeps_the_later_send_when_both_are_read_together(tmp_path):
    """Read together, her message written anew before her reply to the first play does not join
    that reply's conversation: it came first, so it answers our latest mail, as when read apart."""
    desk = ReplyDesk(tmp_path / "data")
    revops = sent("revops-hiring", ANN, 1, MON, "RevOps at Acme")
    desk.sends([revops, sent("series-b-funding", ANN, 1, MON.replace(hour=10), "Congrats on the round")])
    desk.receive_together([mail(ANN, "Yes, this is timely. Can we talk next week?", TUE.replace(hour=12),
                                revops["message_id"]),
                           mail(ANN, "Congrats noted! Could you send pricing?", TUE, None, "Pricing")], WED)
    with desk.resources(WED)["warehouse"].connect() as con:
        plays = con.execute("select play from reply_classifications order by received_at").fetchall()
    assert plays == [("series-b-funding",), ("revops-hiring",)]


@pytest.mark.parametrize("answer", ANSWERS)
def test_her_two_messages_read_together_before_her_sends_were_in_the_ledger_are_matched_again_as_one(tmp_path,
                                                                                                     answer):
    """Both of her messages came in one read while her sends were missing from the ledger: matched
    again, her answer to the rep joins the conversation her reply is in, as when read apart."""
    desk = ReplyDesk(tmp_path / "data")
    desk.sends([sent("revops-hiring", "bo@beta.example", 1, MON, "RevOps at Beta")])
    desk.receive_together(list(_her_two_messages(answer)), WED)
    _two_plays_mailed_her(desk)
    desk.read_again(WED.replace(hour=12))
    with desk.resources(WED)["warehouse"].connect() as con:
        plays = con.execute("select play from reply_classifications where from_addr = ? order by received_at",
                            [ANN]).fetchall()
    assert plays == [("revops-hiring",), ("revops-hiring",)]
