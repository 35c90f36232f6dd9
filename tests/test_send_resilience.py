"""Sends survive overlapping runs, crashes, stop signals, bad drafts and stuck replies.

Each test reproduces one way the send step used to fail a prospect (a message sent twice, a row
left in 'sending' for ever, a whole batch aborted by one name, mail sent while an opt-out was stuck)
and shows it now holds.
"""

import json
import mailbox
import re
from datetime import timedelta
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from resources.warehouse import read_table, replace_rows
from sdr_assets import sent_log
from sdr_assets.assembly import build_definitions
from sdr_assets.cli import app
from sdr_assets.drafts import DRAFT_SCHEMA
from sdr_assets.playbook import load_plays
from sdr_assets.replies import raw_replies
from sdr_assets.send_loop import claim
from sdr_assets.sends import LEDGER_DDL, send_for_play
from sdr_assets.play_graph import play_graph
from tests.command_line import CommandLine
from tests.send_world import PLAY, World, _send_context, play_yaml

REVOPS, SERIES_B = "revops-hiring", "series-b-funding"
POISON = Path(__file__).parent / "badinput" / "replies" / "nested-multipart-1000.eml"


@pytest.fixture
def env(data_dir, resources) -> dict[str, str]:
    return {"SDR_DATA_DIR": str(data_dir), "SDR_NOW": resources["policy"].now_override,
            "DAGSTER_HOME": str(data_dir / "dagster_home")}


def _query(resources, sql: str, params: list | None = None) -> list[tuple]:
    with resources["warehouse"].connect() as con:
        return con.execute(sql, params or []).fetchall()


def _outbox_keys(resources) -> list[str]:
    root = Path(resources["mail"].path)
    # Message-IDs are <sdr-{send key}.{HMAC}@domain>.
    return [str(m["Message-ID"]).removeprefix("<sdr-").partition(".")[0]
            for m in mailbox.Maildir(root, create=False)] if (root / "cur").exists() else []


def _send(resources, instance, play: str = REVOPS) -> dg.ExecuteInProcessResult:
    return dg.materialize([play_graph(play).sends], resources=resources, instance=instance,
                          raise_on_error=False)


def _failure(result: dg.ExecuteInProcessResult) -> str:
    return "\n".join(str(e.event_specific_data.error) for e in result.all_events if e.event_type_value == "STEP_FAILURE")


def test_a_claim_is_won_by_one_process_and_never_taken_over(tmp_path):
    path = str(tmp_path / "w.duckdb")
    first, second = duckdb.connect(path), duckdb.connect(path)
    first.execute(LEDGER_DDL)
    row = ["k" * 24, REVOPS, "v1", "Dana", "d1", "acme.example", "ann@acme.example", "sam@outreach.example", 1,
           "a", "hiring", 0.5, "hi", "sending", None, "<first@x>", None, "2026-11-20 09:00:00+00", "software", "c" * 24]

    assert claim(first, row) is True
    assert claim(second, [*row[:15], "<second@x>", *row[16:]]) is False, "the second process loses"
    assert second.execute("select status, message_id from send_ledger").fetchall() == [("sending", "<first@x>")]


@pytest.mark.opening("revops_ready")
def test_a_line_break_in_a_name_or_subject_holds_that_draft_and_the_batch_goes_on(defs, resources, instance):
    due = _query(resources, "select draft_id from message_drafts where play = ? and step = 1 and grounded "
                            "order by fit desc, draft_id limit 2", [REVOPS])
    with resources["warehouse"].connect() as con:
        con.execute("update message_drafts set contact_name = 'Ann\r\nBcc: all@evil.example' where draft_id = ?",
                    [due[0][0]])
        con.execute("update message_drafts set subject = 'Hello\u2028Bcc: all@evil.example' where draft_id = ?",
                    [due[1][0]])

    result = _send(resources, instance)

    assert result.success, _failure(result)
    held = _query(resources, "select draft_id, reason from send_ledger where status = 'held'")
    assert {d for d, _ in held} == {due[0][0], due[1][0]}
    assert sorted(reason for _, reason in held) == ["recipient name holds the control character U+000D",
                                                    "subject holds the control character U+2028"]
    sent = _query(resources, "select count(*) from send_ledger where status = 'sent'")[0][0]
    assert sent > 0 and sent == len(_outbox_keys(resources)), "the rest of the batch went out"
    assert _query(resources, "select count(*) from send_ledger where status = 'sending'")[0][0] == 0
    root = Path(resources["mail"].path)
    assert not any(b"evil.example" in p.read_bytes() for p in (root / "new").iterdir())


@pytest.mark.opening("revops_ready")
def test_an_encoded_word_in_a_name_or_company_holds_that_draft_with_the_reason(defs, resources, instance):
    """Plain ASCII as stored, a NUL and a bidi override once a mail program decodes the header."""
    due = _query(resources, "select draft_id from message_drafts where play = ? and step = 1 and grounded "
                            "order by fit desc, draft_id limit 2", [REVOPS])
    with resources["warehouse"].connect() as con:
        con.execute("update message_drafts set contact_name = 'Jane Doe =?utf-8?q?=00?=' where draft_id = ?",
                    [due[0][0]])
        con.execute("update message_drafts set subject = ? where draft_id = ?",  # the company's name in a subject
                    ["RevOps Manager at Acme =?utf-8?q?=00=E2=80=AE?= Labs", due[1][0]])

    result = _send(resources, instance)

    assert result.success, _failure(result)
    held = dict(_query(resources, "select draft_id, reason from send_ledger where status = 'held'"))
    assert held == {due[0][0]: "recipient name holds an RFC 2047 encoded-word (=?...?=), which mail programs decode",
                    due[1][0]: "subject holds an RFC 2047 encoded-word (=?...?=), which mail programs decode"}
    sent = _query(resources, "select count(*) from send_ledger where status = 'sent'")[0][0]
    assert sent > 0 and sent == len(_outbox_keys(resources)), "the rest of the batch went out"
    root = Path(resources["mail"].path)
    assert not any(b"=?utf-8?q?=00" in p.read_bytes() or b"\x00" in p.read_bytes() for p in (root / "new").iterdir())


@pytest.mark.opening("revops_ready")
def test_rows_left_sending_are_reconciled_with_the_outbox(defs, resources, instance):
    assert _send(resources, instance).success
    (delivered_key, *_), (lost_key, lost_file) = _query(
        resources, "select send_key, transport_id from send_ledger where status = 'sent' order by send_key limit 2")
    root = Path(resources["mail"].path)
    # A crash after the outbox took the message, and one before: both leave the claim in 'sending'.
    (root / "new" / lost_file.removeprefix("maildir:")).unlink()
    (root / "tmp" / "1700000000.M1P1.half-written").write_bytes(b"Subject: half")
    play = _query(resources, "select play from send_ledger where send_key = ?", [lost_key])[0][0]
    log = sent_log.log_path(resources["warehouse"].path, play)  # the crash came before the log took it
    log.write_text("".join(line for line in log.read_text(encoding="utf-8").splitlines(keepends=True)
                           if json.loads(line)["send_key"] != lost_key), encoding="utf-8")
    with resources["warehouse"].connect() as con:
        con.execute("update send_ledger set status = 'sending', transport_id = null where send_key in (?, ?)",
                    [delivered_key, lost_key])

    assert _send(resources, instance).success

    status = dict(_query(resources, "select send_key, status from send_ledger where send_key in (?, ?)",
                         [delivered_key, lost_key]))
    assert status == {delivered_key: "sent", lost_key: "sent"}
    keys = _outbox_keys(resources)
    assert keys.count(delivered_key) == 1 and keys.count(lost_key) == 1, "once each: found, or sent again"
    assert len(keys) == len(set(keys))
    assert list((root / "tmp").iterdir()) == []
    outcomes = dict(_query(resources, "select send_key, outcome from send_resolutions"))
    assert outcomes == {delivered_key: "sent", lost_key: "not_sent"}


@pytest.mark.opening("revops_ready")
def test_an_unresolved_send_is_listed_says_what_waits_and_is_resolved_by_a_person(defs, resources, instance, env):
    assert _send(resources, instance).success
    key, email = _query(resources, "select send_key, contact_email from send_ledger where status = 'sent' "
                                    "and step = 1 order by send_key limit 1")[0]
    with resources["warehouse"].connect() as con:
        con.execute("update send_ledger set status = 'sending' where send_key = ?", [key])
    later_steps = _query(resources, "select count(*) from message_drafts where play = ? and contact_email = ? "
                                    "and step > 1", [REVOPS, email])[0][0]
    runner = CommandLine()

    listed = runner.invoke(app, ["sends", "unresolved", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert [(r["send_key"], r["steps_waiting"]) for r in rows] == [(key, later_steps)] and later_steps > 0
    shown = " ".join(runner.invoke(app, ["sends", "unresolved"], env=env).output.split())
    assert "the next send step settles them itself" in shown and "mail server's log" not in shown, \
        "the maildir outbox can tell: no server log to check"
    status = " ".join(runner.invoke(app, ["status"], env=env).output.split())  # undo the terminal's wrapping
    assert f"Unresolved send {key}" in status and f"{later_steps} later step(s) wait on it" in status

    refused = runner.invoke(app, ["sends", "resolve", key, "--sent"], env=env)
    assert refused.exit_code != 0, "a named person is required"
    done = runner.invoke(app, ["sends", "resolve", key, "--sent", "--by", "Dana Whitfield", "--note", "in the log"],
                         env=env)
    assert done.exit_code == 0, done.output
    assert _query(resources, "select status from send_ledger where send_key = ?", [key]) == [("sent",)]
    assert _query(resources, "select resolved_by, outcome from send_resolutions") == [("Dana Whitfield", "sent")]
    assert json.loads(runner.invoke(app, ["sends", "unresolved", "--json"], env=env).output) == []
    again = runner.invoke(app, ["sends", "resolve", key, "--not-sent", "--by", "Dana Whitfield"], env=env)
    assert again.exit_code != 0 and "no unresolved send" in again.output


def _write_reply(root: Path, raw: bytes) -> None:
    box = mailbox.Maildir(root, create=True)
    box.add(raw)


def test_a_poison_reply_is_quarantined_and_the_unsubscribe_after_it_still_counts(defs, resources, instance, data_dir):
    inbox = data_dir / "inbox" / "replies"
    _write_reply(inbox, POISON.read_bytes())
    _write_reply(inbox, b"From: Ann <ann@acme.example>\r\nTo: sam@outreach.example\r\nSubject: Re: hello\r\n"
                        b"Message-ID: <r1@acme.example>\r\nIn-Reply-To: <sdr-0123456789abcdef01234567@outreach.example>"
                        b"\r\n\r\nPlease unsubscribe me from this list.\r\n")

    for _ in range(2):  # the next run does not fail on the same message either
        result = defs.resolve_job_def("replies_job").execute_in_process(instance=instance, raise_on_error=False)
        assert result.success, _failure(result)

    quarantined = _query(resources, "select reason from quarantined_replies")
    assert len(quarantined) == 1 and "nested too deeply" in quarantined[0][0]
    assert ("ann@acme.example",) in _query(resources, "select email from suppression_list")


def test_a_reply_whose_text_cannot_be_stored_is_quarantined_alone(defs, resources, instance, data_dir, monkeypatch):
    # As if a decoder let a lone surrogate through (the parser refuses the charsets known to): the
    # row is set aside with its reason, not the whole table's write.
    monkeypatch.setattr("sdr_assets.triage.parse._SURROGATE_RE", re.compile("(?!)"))
    inbox = data_dir / "inbox" / "replies"
    _write_reply(inbox, b"From: Bob <bob@elsewhere.example>\r\nTo: sam@outreach.example\r\nSubject: Re: hello\r\n"
                        b"Message-ID: <u7@elsewhere.example>\r\nContent-Type: text/plain; charset=utf-7\r\n\r\n"
                        b"Thanks +2AA- bye\r\n")
    _write_reply(inbox, b"From: Ann <ann@acme.example>\r\nTo: sam@outreach.example\r\nSubject: Re: hello\r\n"
                        b"Message-ID: <r2@acme.example>\r\n\r\nPlease unsubscribe me from this list.\r\n")

    result = defs.resolve_job_def("replies_job").execute_in_process(instance=instance, raise_on_error=False)

    assert result.success, _failure(result)
    quarantined = _query(resources, "select message_id, reason from quarantined_replies")
    assert len(quarantined) == 1 and "u7@" in quarantined[0][0] and "UnicodeEncodeError" in quarantined[0][1]
    assert ("ann@acme.example",) in _query(resources, "select email from suppression_list")


ANN, FOLLOW_UP = "ann.lee@acme.example", "Following up once."


def _sequence(world: World, steps: list[tuple[int, str]]) -> None:
    """The play's sequence: the first email, then a follow-up per (delay, body); its drafts for Ann."""
    text = play_yaml(0)
    follow_ups = "".join(f"  - channel: email\n    delay_days: {delay}\n    subject: \"Re: hello\"\n"
                         f"    body: \"{body}\"\n" for delay, body in steps)
    sequence = "sequence:\n  - channel: email\n    delay_days: 0\n" + follow_ups
    (world.root / "plays" / f"{PLAY}.yaml").write_text(text[:text.index("sequence:")] + sequence
                                                      + text[text.index("sender:"):])
    play = load_plays(world.root / "plays").plays[PLAY]
    rows = [{"draft_id": f"{play.version_hash}-{step}", "play": PLAY, "play_version": play.version_hash,
             "play_content": play.content_sha256,
             "company_domain": "acme.example", "contact_email": ANN, "contact_name": "Ann Lee", "linkedin_url": None,
             "signal_type": "hiring", "step": step, "channel": "email", "delay_days": spec["delay_days"],
             "variant": "a", "subject": spec.get("subject", "Hello Ann"), "body": spec.get("body", "Hi Ann."),
             "grounded": True, "verdict": "grounded", "fact_ids": "", "verifier_reasons": "", "missing_facts": "",
             "generated_by": "offline", "fit": 0.5, "is_review_sample": False}
            for step, spec in enumerate(play.sequence, start=1)]
    with world.warehouse.connect() as con:
        replace_rows(con, "message_drafts", pl.DataFrame(rows, schema=DRAFT_SCHEMA), "play = ?", [PLAY])


def test_an_approved_edit_that_inserts_a_step_sends_no_follow_up_a_second_time(tmp_path):
    world = World(tmp_path, [ANN])
    _sequence(world, [(2, FOLLOW_UP)])
    world.decide("approve")
    assert world.send() == "sent"
    world.advance(2 * 24 * 60)
    assert world.send() == "sent"
    _sequence(world, [(1, "A short nudge."), (2, FOLLOW_UP), (4, "A last note.")])  # reviewed and approved
    world.decide("approve")
    for _ in range(3):
        world.advance(24 * 60)
        world.send()
    bodies = [m.get_payload(decode=True).decode() for m in mailbox.Maildir(world.root / "outbox", create=False)]
    assert sum(FOLLOW_UP in b for b in bodies) == 1, bodies
    assert sum("A last note." in b for b in bodies) == 1, "the steps after it still go"


def test_a_ledger_kept_before_messages_had_a_digest_takes_the_column_and_sends(tmp_path):
    world = World(tmp_path, [ANN])
    with world.warehouse.connect() as con:
        con.execute(LEDGER_DDL.replace(",\n    content_digest varchar", ""))
        assert "content_digest" not in [c[0] for c in con.execute("describe send_ledger").fetchall()]
    world.decide("approve")
    assert world.send() == "sent"
    with world.warehouse.connect() as con:
        assert con.execute("select count(content_digest) from send_ledger where status = 'sent'").fetchone() == (1,)


@pytest.mark.opening("revops_ready")
def test_sending_stops_red_while_replies_a_successful_run_fetched_are_not_classified(defs, resources, instance):
    """No replies run explains the lag (``reply_wait``): the send step is the one place that shows it."""
    assert dg.materialize([raw_replies], resources=resources, instance=instance).success  # the mailbox read
    with resources["warehouse"].connect() as con:  # a reply fetched, never classified (its job died)
        con.execute("insert into raw_replies values ('<late@x>', 'k', 'Subject: stop'::blob, ?)",
                    [resources["policy"].now() - timedelta(minutes=30)])
    stuck = _send(resources, instance)
    assert not stuck.success and "not classified yet" in _failure(stuck) and "did not read them" in _failure(stuck)
    assert _outbox_keys(resources) == []

    assert build_definitions(resources).resolve_job_def("replies_job").execute_in_process(instance=instance).success
    assert _send(resources, instance).success
    assert len(_outbox_keys(resources)) > 0, "sending resumes once replies are processed"


def test_mail_the_sensor_saw_unread_holds_sending_after_the_lag_until_a_later_read_stores_it():
    from datetime import UTC, datetime

    from resources.attachments import connect
    from sdr_assets.reply_intake import clear_unread, record_attempt, record_unread, sending_blocker

    seen, lag = datetime(2026, 11, 20, 9, tzinfo=UTC), timedelta(minutes=5)
    minutes = lambda n: seen + timedelta(minutes=n)  # noqa: E731
    con = connect(":memory:")  # reads times in UTC, as the warehouse does
    record_unread(con, "MaildirMailbox", 2, seen)  # before any replies run
    assert sending_blocker(con, minutes(4), lag) is None, "a run may be reading them now"
    assert "2 messages waited in MaildirMailbox at 2026-11-20 09:00" in sending_blocker(con, minutes(6), lag)
    record_attempt(con, "MaildirMailbox", minutes(-1))
    record_unread(con, "MaildirMailbox", 3, minutes(10))
    assert "3 messages waited in MaildirMailbox at 2026-11-20 09:00" in sending_blocker(con, minutes(11), lag), \
        "a read that began before they were seen does not cover them, and the wait counts from the first sighting"
    record_attempt(con, "MaildirMailbox", minutes(12))
    assert sending_blocker(con, minutes(30), lag) is None, "a later read stored them"
    record_unread(con, "MaildirMailbox", 1, minutes(40))
    assert sending_blocker(con, minutes(44), lag) is None, "seen anew after that read, the wait starts anew"
    assert "1 message waited" in sending_blocker(con, minutes(46), lag)
    clear_unread(con, "MaildirMailbox")
    assert sending_blocker(con, minutes(46), lag) is None
    con.close()


@pytest.mark.parametrize("spelled", ["ann.lee@acme.example", " Ann.Lee@acme.example"])
def test_a_contact_listed_under_two_accounts_is_mailed_once(tmp_path, spelled):
    ann, bob = "ann.lee@acme.example", "bob@other.example"
    world = World(tmp_path, [ann, bob])
    with world.warehouse.connect() as con:
        drafts = read_table(con, "message_drafts")
        twins = drafts.filter(pl.col("contact_email") == ann).with_columns(
            pl.col("draft_id") + "-dup", pl.lit("acme-subsidiary.example").alias("company_domain"),
            pl.lit(spelled).alias("contact_email"))
        replace_rows(con, "message_drafts", pl.concat([drafts, twins]))
    world.decide("approve")

    runs = [send_for_play(_send_context(), PLAY, warehouse=world.warehouse, paths=world.resources["paths"],
                          policy=world.resources["policy"], mail=world.resources["mail"]) for _ in range(2)]

    assert sorted(sent.address for sent in world.outbox()) == [ann, bob], "once each, over two runs"
    assert sorted(status for _, status, _ in world.ledger()) == ["sent", "sent"]
    (left_out,) = runs[0].metadata["duplicate_drafts"].value
    assert left_out["draft_id"] == left_out["kept"] + "-dup", "the first draft by its identifier is sent"
    assert runs[1].metadata["duplicate_drafts"].value == []
