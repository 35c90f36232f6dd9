"""Matching new replies to their sends reads the sends they can match, not the whole send history."""

from datetime import UTC, datetime, timedelta

from sdr_assets.incremental import LayerConfig
from sdr_assets.replies import RAW_REPLY_DDL, reply_classifications
from tests.reply_desk import ReplyDesk, mail, sent
from tests.send_world import _body

MON = datetime(2026, 11, 23, 9, tzinfo=UTC)
TUE = MON + timedelta(days=1)
ANN, BO, ZOE = "ann@acme.example", "bo.lee@gmail.com", "zoë@beta.example"
SENDS = [sent("revops-hiring", ANN, 1, MON, "RevOps at Acme"), sent("revops-hiring", ANN, 2, MON.replace(hour=12), "Re"),
         sent("series-b-funding", BO, 1, MON, "Congrats"), sent("revops-hiring", ZOE, 1, MON, "RevOps at Beta")]
# Months of other sends: three steps to each of 2,000 other contacts.
HISTORY_SQL = """
insert into send_ledger (send_key, play, play_version, contact_email, step, status, message_id, sent_at)
select 'h' || i, 'revops-hiring', 'v1', 'other' || (i // 3) || '@acct' || (i // 3) || '.example', i % 3 + 1, 'sent',
       '<sdr-' || lpad(i::varchar, 24, '0') || '.' || repeat('0', 32) || '@outreach.example>',
       ?::timestamptz - to_days((i % 90)::integer)
from range(6000) t(i)
"""
REPLIES = [
    mail(ANN, "Not now, maybe next quarter.", TUE, SENDS[1]["message_id"]),  # by Message-ID
    mail("B.O.Lee+news@googlemail.com", "Could you send pricing?", TUE, None, "Pricing"),  # anew, by her mailbox
    mail(ZOE, "Please remove me from your list.", TUE, None, "Stop"),  # anew, an address SQL does not key
    mail("stranger@nowhere.example", "Please unsubscribe me.", TUE, None, "Stop"),  # no contact of ours
]
STORED = ("select message_id, send_key, play, contact_email, kind, label, needs_review, optout_targets, reason "
          "from reply_classifications order by message_id")


def _classified(tmp_path, history: bool) -> tuple[list[tuple], dict]:
    desk = ReplyDesk(tmp_path / ("long" if history else "short"))
    desk.sends(SENDS)
    r = desk.resources(TUE)
    with r["warehouse"].connect() as con:
        if history:
            con.execute(HISTORY_SQL, [MON])
        con.execute(RAW_REPLY_DDL)
        con.executemany("insert into raw_replies values (?, ?, ?, ?)",
                        [[f"<m{i}@x.example>", f"m{i}", raw, TUE] for i, raw in enumerate(REPLIES)])
    result = _body(reply_classifications)(warehouse=r["warehouse"], model=r["model"], paths=r["paths"],
                                          policy=r["policy"], config=LayerConfig())
    with r["warehouse"].connect() as con:
        return con.execute(STORED).fetchall(), result.metadata


def test_new_replies_read_only_the_sends_they_can_match_and_are_matched_as_against_the_whole_ledger(tmp_path):
    """Four replies against a ledger of 6,004 sends read the four sends to their writers (Ann's two,
    Bo's at another spelling of her Gmail, Zoë's) and nothing of the 6,000 others; each is classified
    and matched as it is against a ledger of those four sends alone."""
    stored, metadata = _classified(tmp_path, history=True)
    assert metadata["ledger_rows_read"] == 4
    alone, _ = _classified(tmp_path, history=False)
    assert stored == alone
    assert [(row[2], row[3]) for row in stored] == [
        ("revops-hiring", ANN), ("series-b-funding", BO), ("revops-hiring", ZOE), (None, None)]


def test_the_bench_reads_the_sends_of_its_new_replies_alone(capsys):
    """Two new replies against 300 sends read the three sends to each of their two writers."""
    from sdr_assets import reply_match_bench

    reply_match_bench.main(["--sends", "300", "--replies", "2"])
    out = capsys.readouterr().out
    assert "(2 classified, 0 matching no send)" in out and out.rstrip().endswith("ledger rows read: 6")


def test_a_message_id_the_raw_text_hides_is_read_when_triage_asks_for_it(tmp_path):
    """Python's email package writes a long In-Reply-To as an encoded word, which no reading of the raw
    bytes finds: triage decodes it, and the send it names is read then and matched."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "carl@gamma.example", "sam@outreach.example", "Re: hi"
    message["Message-ID"] = "<c1@gamma.example>"
    message["In-Reply-To"] = SENDS[0]["message_id"]
    message.set_content("Not now, thanks.")
    raw = message.as_bytes()
    assert SENDS[0]["message_id"].encode() not in raw
    desk = ReplyDesk(tmp_path / "data")
    desk.sends(SENDS)
    desk.receive(raw, TUE)
    with desk.resources(TUE)["warehouse"].connect() as con:
        assert con.execute("select send_key, contact_email from reply_classifications").fetchall() == [
            (SENDS[0]["send_key"], ANN)]
