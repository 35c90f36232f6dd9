"""A pause reaches the play's owner: one email per pause over a real SMTP server, with the reason, the
figures and the resume command; a server that is down leaves it pending and green until the next run;
without an address it is recorded as undeliverable and `sdr status` says so."""

import json
import socket
from datetime import UTC, datetime
from email import message_from_bytes, policy

import dagster as dg
import pytest

from sdr_assets.assembly import build_definitions
from sdr_assets.cli import app
from sdr_assets.decisions import decide
from sdr_assets.jobs import TRIAGE_ASSETS
from sdr_assets.playbook import load_plays
from tests.command_line import CommandLine
from tests.conftest import environ_for
from tests.monitor_world import (  # noqa: F401 (smtp: a fixture)
    OWNER, REVOPS, deliver, give_owner_an_address, not_interested_reply, over_smtp, query_warehouse, sent_messages,
    smtp,
)


def _replies(resources, instance) -> dg.ExecuteInProcessResult:
    """The replies job through its triage, where the monitor pauses a play and its notices go; not the
    reply analytics after them, which nothing here reads."""
    return build_definitions(resources).resolve_job_def("replies_job").execute_in_process(
        instance=instance, raise_on_error=False, asset_selection=[dg.AssetKey(name) for name in TRIAGE_ASSETS])


def _pause_the_play(resources, instance):
    deliver(resources, [not_interested_reply(s) for s in sent_messages(resources, REVOPS)[:8]])
    result = _replies(resources, instance)
    assert result.success
    assert query_warehouse(resources, "select count(*) from monitor_pauses where play = ? and scope = 'play'",
                           [REVOPS]) == [(1,)]
    return result


def _notice_metadata(result) -> dict:
    (event,) = [e for e in result.get_asset_materialization_events() if e.asset_key.to_user_string() == "pause_notices"]
    return {k: v.value for k, v in event.step_materialization_data.materialization.metadata.items()}


def _opening_notice_metadata(instance) -> dict:
    """The pause notices' metadata as the ``revops_paused`` opening's replies run left them."""
    event = instance.get_latest_materialization_event(dg.AssetKey("pause_notices"))
    return {k: v.value for k, v in event.asset_materialization.metadata.items()}


def _status(data_dir) -> tuple[dict, str]:
    runner = CommandLine()
    as_json = runner.invoke(app, ["status", "--json"], env=environ_for(data_dir))
    text = runner.invoke(app, ["status"], env=environ_for(data_dir))
    assert as_json.exit_code == 0 and text.exit_code == 0, (as_json.output, text.output)
    return json.loads(as_json.output)["pause_notices"], text.output


@pytest.mark.opening("revops_sent")
def test_a_monitor_pause_mails_its_owner_once_with_the_resume_command(data_dir, instance, smtp):
    version = give_owner_an_address(data_dir)
    resources = over_smtp(data_dir, smtp.port)
    _pause_the_play(resources, instance)

    (mail,) = smtp.handler.delivered
    assert mail["rcpt_tos"] == [OWNER] and mail["mail_from"] == "sdr-monitor@outreach.example"
    message = message_from_bytes(mail["raw"], policy=policy.default)
    body = message.get_content()
    assert message["Subject"] == f"[sdr] {REVOPS} paused by the monitor"
    assert message["Auto-Submitted"] == "auto-generated" and "List-Unsubscribe" not in message
    (reason, since, sends), = query_warehouse(resources, "select reason, recorded_at, sends from monitor_pauses "
                                                         "where play = ?", [REVOPS])
    assert f"sdr resume {REVOPS} --version {version} --by" in body
    assert f"Since: {since}" in body and reason.rstrip(".") in body and f"{sends} sends counted" in body
    assert query_warehouse(resources, "select count(*) from send_ledger where contact_email = ?", [OWNER]) == [(0,)], \
        "a notice is no prospect mail"

    again = _replies(resources, instance)
    assert again.success and len(smtp.handler.delivered) == 1, "one notice per pause, whatever runs again"
    assert _notice_metadata(again)["sent"] == 1


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.opening("revops_sent")
def test_a_notice_waits_while_the_mail_server_is_down_and_goes_on_the_next_run(data_dir, instance, smtp):
    give_owner_an_address(data_dir)
    result = _pause_the_play(over_smtp(data_dir, _closed_port()), instance)
    assert _notice_metadata(result)["pending"] == 1, "down is a waiting state: the run is green"
    shown, text = _status(data_dir)
    assert [(n["play"], n["state"]) for n in shown["not_delivered"]] == [(REVOPS, "pending")]
    assert f"Pause notice to the owner of {REVOPS} (play {REVOPS}) waits for the mail server" in text

    resources = over_smtp(data_dir, smtp.port)
    assert _replies(resources, instance).success
    assert [m["rcpt_tos"] for m in smtp.handler.delivered] == [[OWNER]]
    assert _status(data_dir)[0]["not_delivered"] == []


@pytest.mark.opening("revops_paused")  # paused by the replies run, its owner with no address
def test_a_pause_with_no_address_to_tell_is_recorded_as_undeliverable(data_dir, instance, smtp):
    shown = _opening_notice_metadata(instance)
    assert (shown["undeliverable"], shown["sent"], shown["pending"], shown["unknown"]) == (1, 0, 0, 0), \
        "recorded undeliverable: nothing was handed to a mail server"
    shown, text = _status(data_dir)
    assert [(n["play"], n["state"]) for n in shown["not_delivered"]] == [(REVOPS, "undeliverable")]
    assert "has no address: set owner_email in the play file, or SDR_NOTIFY_ADDRESS" in text
    assert "[red]" not in text and "error" not in text.lower()

    team = over_smtp(data_dir, smtp.port, SDR_NOTIFY_ADDRESS="sdr-team@team.example")
    assert _replies(team, instance).success
    assert [m["rcpt_tos"] for m in smtp.handler.delivered] == [["sdr-team@team.example"]], "the team's address"


@pytest.mark.opening("revops_sent")
def test_a_notice_meeting_a_key_that_cannot_sign_stays_pending_and_goes_once_the_key_is_fixed(
        data_dir, instance, smtp):
    give_owner_an_address(data_dir)
    key = data_dir / "dkim" / "sdr.private.pem"
    key.parent.mkdir(parents=True, exist_ok=True)
    key.write_bytes(b"-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    first = _pause_the_play(over_smtp(data_dir, smtp.port), instance)
    assert _notice_metadata(first)["pending"] == 1, "nothing went: a waiting state, not a failure"

    key.unlink()  # the key fixed (here: removed, so nothing is signed)
    assert _replies(over_smtp(data_dir, smtp.port), instance).success
    assert [m["rcpt_tos"] for m in smtp.handler.delivered] == [[OWNER]], "the owner hears of the pause"


def _approve_an_edit_over_the_pause(resources, data_dir) -> tuple[str, str]:
    """Edit the paused play's copy and approve the edit over the pause: (paused version, edit)."""
    paused = load_plays(data_dir / "plays").plays[REVOPS].version_hash
    path = data_dir / "plays" / f"{REVOPS}.yaml"
    path.write_text(path.read_text().replace('subject: "{role} at {company_name}"',
                                             'subject: "Your {role} hire at {company_name}"', 1))
    edited = load_plays(data_dir / "plays").plays[REVOPS]
    decide(REVOPS, "approve", "Lee Ops", "copy fixed after the pause", edited.version_hash,
           warehouse_path=resources["warehouse"].path, plays_dir=resources["paths"].plays_dir, mode="live",
           now=datetime(2026, 11, 20, 13, tzinfo=UTC), over_pause=paused)
    return paused, edited.version_hash


@pytest.mark.opening("revops_paused")  # no address yet: its notice recorded undeliverable
def test_a_pause_of_a_version_edited_and_approved_since_is_told_without_a_resume_of_that_version(
        data_dir, instance, smtp):
    """The owner learns of every pause of copy that went out, though the approver (another person) answered
    it with an edit; the notice names the version paused and what the edit does, and gives no resume of a
    version the file no longer holds (a command the gate would refuse)."""
    resources = over_smtp(data_dir, smtp.port)
    paused, edit = _approve_an_edit_over_the_pause(resources, data_dir)

    team = over_smtp(data_dir, smtp.port, SDR_NOTIFY_ADDRESS="sdr-team@team.example")
    result = _replies(team, instance)
    (mail,) = smtp.handler.delivered
    body = " ".join(message_from_bytes(mail["raw"], policy=policy.default).get_content().split())
    assert result.success and mail["rcpt_tos"] == ["sdr-team@team.example"]
    assert f"(version {paused})" in body and f"version {edit}, an edit of it, was approved by Lee Ops" in body
    assert "sdr resume" not in body
    assert "sdr approve" not in body and "approve it over the pause" not in body, "it is approved already"
    assert "if the edit does not answer them, revoke it" in body
    assert _notice_metadata(result)["sent"] == 1 and _status(data_dir)[0]["not_delivered"] == []


@pytest.mark.opening("revops_paused")  # no address yet: its notice recorded undeliverable
def test_a_pause_of_a_version_edited_since_is_not_told_once_a_person_resumed_the_play(data_dir, instance, smtp):
    resources = over_smtp(data_dir, smtp.port)
    _, edit = _approve_an_edit_over_the_pause(resources, data_dir)
    decide(REVOPS, "resume", "Dana Whitfield", "replies read", edit, warehouse_path=resources["warehouse"].path,
           plays_dir=resources["paths"].plays_dir, mode="live", now=datetime(2026, 11, 20, 14, tzinfo=UTC))

    team = over_smtp(data_dir, smtp.port, SDR_NOTIFY_ADDRESS="sdr-team@team.example")
    result = _replies(team, instance)
    assert result.success and smtp.handler.delivered == [], "a person resumed the play after the pause"
    assert _notice_metadata(result)["lifted"] == 1
    assert _status(data_dir)[0]["not_delivered"] == []


@pytest.mark.opening("revops_sent")
def test_a_notice_whose_hand_over_was_lost_is_no_longer_listed_once_the_pause_is_resumed(data_dir, instance, smtp):
    from sdr_assets.domain.pause_notices import CLAIM
    from sdr_assets.notice_records import NOTICES_DDL, append

    version = give_owner_an_address(data_dir)
    resources = over_smtp(data_dir, smtp.port)
    deliver(resources, [not_interested_reply(s) for s in sent_messages(resources, REVOPS)[:8]])
    with resources["warehouse"].connect() as con:  # a run died handing the notice over, before this one
        con.execute(NOTICES_DDL)
        assert append(con, 1, REVOPS, CLAIM, OWNER, datetime(2026, 11, 20, 12, tzinfo=UTC))
    assert _replies(resources, instance).success
    assert [(n["pause_id"], n["state"]) for n in _status(data_dir)[0]["not_delivered"]] == [(1, "unknown")]
    assert smtp.handler.delivered == [], "a claim without an outcome may have gone: never twice"

    decide(REVOPS, "resume", "Dana Whitfield", "replies read", version, warehouse_path=resources["warehouse"].path,
           plays_dir=resources["paths"].plays_dir, mode="live", now=datetime(2026, 11, 20, 14, tzinfo=UTC))
    assert _replies(resources, instance).success
    assert _status(data_dir)[0]["not_delivered"] == [], "a resumed pause's lost notice is no longer asked after"
