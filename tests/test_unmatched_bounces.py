"""A hard bounce without our Message-ID counts in the bounce rate, against the message that bounced.

Many servers return a bounce without the original's headers: triage matches it to no send and the
address is suppressed, but the guard counted it nowhere, so a mailbox mailing a list of dead
addresses was never paused. Now it counts against the latest message to the failed recipient (any
spelling of her mailbox) sent before the bounce arrived, from whichever mailbox sent it.
"""

import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import duckdb

from resources.config import SendRules
from sdr_assets.domain.deliverability import PAUSE, window_readings
from sdr_assets.guard_pauses import guard_pauses
from sdr_assets.monitor_data import send_outcomes, sends_with_verdicts
from sdr_assets.sends import LEDGER_DDL
from sdr_assets.cli import app
from sdr_assets.status import collect_status
from sdr_assets.unmatched_bounces import unmatched_bounces
from tests.command_line import CommandLine
from tests.send_world import SENDER, bounce, first_emails_sent

NOW = datetime(2026, 11, 30, 18, tzinfo=UTC)
RULES = SendRules(now_override=NOW.isoformat())
SAM, KIM = "sam@outreach.example", "kim@outreach.example"


def _warehouse(tmp_path) -> duckdb.DuckDBPyConnection:
    """Sam sent 100 messages and Kim 100 yesterday; Kim also wrote to jane.doe@gmail.com this morning."""
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute(LEDGER_DDL)
    con.execute("create table reply_classifications (message_id varchar, send_key varchar, kind varchar, "
                "label varchar, hard boolean, recipients varchar, received_at timestamptz, dsn boolean)")
    con.execute("create table raw_replies (message_id varchar, fetched_at timestamptz)")
    sends = [(f"{m[0]}{i}", f"{m[0]}{i}@x.example", m, NOW - timedelta(days=1, minutes=i))
             for m in (SAM, KIM) for i in range(100)]
    sends.append(("jane", "Jane.Doe@gmail.com", KIM, NOW - timedelta(hours=5)))
    con.executemany("insert into send_ledger (send_key, play, play_version, contact_email, company_domain, mailbox, "
                    "step, status, message_id, sent_at) values (?, 'p', 'v', ?, 'x.example', ?, 1, 'sent', ?, ?)",
                    [[k, contact, m, f"<sdr-{k}@outreach.example>", at] for k, contact, m, at in sends])
    return con


def _bounce(con, name: str, recipient: str, at: datetime, dsn: bool = True) -> None:
    """A hard bounce that kept none of the original's headers: triage matched it to no send. ``dsn``:
    a delivery status report from the null sender, as a mail server writes one."""
    con.execute("insert into reply_classifications values (?, null, 'bounce', null, true, ?, ?, ?)",
                [f"<{name}@mx.example>", f'["{recipient}"]', at, dsn])
    con.execute("insert into raw_replies values (?, ?)", [f"<{name}@mx.example>", at + timedelta(minutes=1)])


def _prose_bounce(recipient: str) -> bytes:
    """A bounce written as prose, with no delivery status report: anyone could have written it."""
    return (f"From: MAILER-DAEMON@mx.example\r\nTo: {SENDER}\r\nSubject: Undelivered Mail Returned to Sender"
            f"\r\nMessage-ID: <prose@mx.example>\r\n\r\nThis message could not be delivered to {recipient}: "
            "550 5.1.1 user unknown\r\n").encode()


def _mailboxes(con) -> dict[str, tuple[int, str]]:
    readings = window_readings(send_outcomes(sends_with_verdicts(con)), NOW, RULES.deliverability_limits())
    return {r.name: (r.hard_bounces, r.state) for r in readings if r.scope == "mailbox"}


def test_bounces_without_our_message_id_count_against_the_mailbox_that_sent_the_message(tmp_path):
    con = _warehouse(tmp_path)
    for i in range(10):
        _bounce(con, f"b{i}", f"s{i}@x.example", NOW - timedelta(hours=20))
    assert _mailboxes(con) == {SAM: (10, PAUSE), KIM: (0, "ok")}
    play = SimpleNamespace(name="p", sender={"email": SAM})
    assert "10 hard bounces (10.00%)" in guard_pauses(con, [play], RULES)["p"]
    sends = sends_with_verdicts(con).filter(hard_bounce=True)
    assert sorted(sends["send_key"]) == sorted(f"s{i}" for i in range(10))
    assert sends.filter(send_key="s3")["message_ids"].item() == "<b3@mx.example>"


def test_a_bounce_counts_against_the_recipients_latest_message_before_it_in_any_spelling(tmp_path):
    con = _warehouse(tmp_path)
    _bounce(con, "jane", "janedoe+sales@googlemail.com", NOW - timedelta(hours=4))
    assert sends_with_verdicts(con).filter(hard_bounce=True)["send_key"].to_list() == ["jane"]
    assert _mailboxes(con)[KIM][0] == 1


def test_a_bounce_about_no_message_of_ours_before_it_counts_nothing(tmp_path):
    con = _warehouse(tmp_path)
    _bounce(con, "stranger", "nobody@x.example", NOW - timedelta(hours=1))
    _bounce(con, "early", "jane.doe@gmail.com", NOW - timedelta(hours=7))  # before Jane was mailed
    assert sends_with_verdicts(con).filter(hard_bounce=True).height == 0
    assert _mailboxes(con) == {SAM: (0, "ok"), KIM: (0, "ok")}


def test_the_guards_window_reads_only_the_bounces_that_arrived_inside_it(tmp_path):
    con = _warehouse(tmp_path)
    con.execute("insert into send_ledger (send_key, play, play_version, contact_email, company_domain, mailbox, "
                "step, status, message_id, sent_at) values ('old', 'p', 'v', 'old@x.example', 'x.example', ?, 1, "
                "'sent', '<sdr-old@outreach.example>', ?)", [SAM, NOW - timedelta(days=40)])
    _bounce(con, "early", "old@x.example", NOW - timedelta(days=39))
    _bounce(con, "recent", "s1@x.example", NOW - timedelta(hours=3))
    since = NOW - timedelta(days=14)
    assert sends_with_verdicts(con).filter(hard_bounce=True)["send_key"].sort().to_list() == ["old", "s1"]
    window = sends_with_verdicts(con, since, ["old@x.example"])
    assert "old" in window["send_key"].to_list()
    assert window.filter(hard_bounce=True)["send_key"].to_list() == ["s1"], "a bounce before the window is not read"


def test_a_bounce_in_no_mail_servers_form_may_be_forged_and_counts_for_no_rate(tmp_path):
    con = _warehouse(tmp_path)
    for i in range(10):
        _bounce(con, f"b{i}", f"s{i}@x.example", NOW - timedelta(hours=20), dsn=i < 3)
    _bounce(con, "gone", "s20@x.example", NOW - timedelta(days=20))  # before the window
    assert _mailboxes(con)[SAM] == (3, "warn"), "seven written as prose count nothing: ten would pause"
    assert unmatched_bounces(con, RULES) == {"count": 10, "counted": 3, "window_days": 14}


def test_a_table_triage_has_not_given_the_form_yet_is_read_with_none_counted(tmp_path):
    """The guard may read before the first triage after an upgrade fills ``dsn`` in."""
    con = _warehouse(tmp_path)
    con.execute("alter table reply_classifications drop column dsn")
    con.execute("insert into reply_classifications values ('<b@mx.example>', null, 'bounce', null, true, "
                "'[\"s1@x.example\"]', ?)", [NOW - timedelta(hours=3)])
    assert _mailboxes(con)[SAM] == (0, "ok")
    assert unmatched_bounces(con, RULES) == {"count": 1, "counted": 0, "window_days": 14}


def test_sdr_status_shows_the_bounces_without_our_message_id_and_how_many_count(tmp_path):
    world = first_emails_sent(tmp_path)
    jane, ann = (next(s for s in world.outbox() if s.address.startswith(p)) for p in ("jane", "ann"))
    world.deliver(bounce(jane.address, "<1234@relay.example>", world.now, hard=True))  # a server's report
    world.deliver(_prose_bounce(ann.address))
    world.process()
    with world.warehouse.connect() as con:
        assert sends_with_verdicts(con).filter(hard_bounce=True)["contact_email"].to_list() == [jane.address.lower()]
    status = collect_status(world.warehouse, world.resources["paths"], world.now, policy=world.resources["policy"])
    assert status["unmatched_bounces"] == {"count": 2, "counted": 1, "window_days": 14}
    env = {"SDR_DATA_DIR": str(world.root), "SDR_NOW": world.now.isoformat(), "SDR_SECRET": "property-test-secret"}
    shown = " ".join(CommandLine().invoke(app, ["status"], env=env).output.split())
    assert "Hard bounces without our Message-ID in the last 14 days: 2, 1 of them delivery status reports" in shown


def test_bounces_stored_before_triage_kept_their_form_are_read_again_on_upgrade(tmp_path):
    """Only a match triages a stored reply again: without reading its form when the column is added, a
    server's bounce stored before would count in no rate after the upgrade."""
    world = first_emails_sent(tmp_path)
    jane, ann, oyvind = (next(s for s in world.outbox() if s.address.startswith(p)) for p in ("jane", "ann", "øyvind"))
    world.deliver(bounce(jane.address, "<1234@relay.example>", world.now, hard=True))  # a server's report
    world.deliver(_prose_bounce(ann.address))
    world.process()
    with world.warehouse.connect() as con:
        con.execute("alter table reply_classifications drop column dsn")
    world.deliver(bounce(oyvind.address, "<5678@relay.example>", world.now, hard=True))
    world.process()
    with world.warehouse.connect() as con:
        rows = con.execute("select recipients, dsn from reply_classifications where kind = 'bounce'").fetchall()
        stored = {json.loads(recipients)[0]: dsn for recipients, dsn in rows}
        assert stored == {jane.address.lower(): True, ann.address.lower(): False, oyvind.address.lower(): True}
        counted = sends_with_verdicts(con).filter(hard_bounce=True)["contact_email"].sort().to_list()
        assert counted == sorted([jane.address.lower(), oyvind.address.lower()]), "the prose one counts for no rate"
        assert unmatched_bounces(con, world.resources["policy"]) == {"count": 3, "counted": 2, "window_days": 14}
