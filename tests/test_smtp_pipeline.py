"""The send step through a real SMTP server on 127.0.0.1: what the ledger says went out, arrived."""

import sys
from email import message_from_bytes
from pathlib import Path

import pytest

from resources.defaults import build_resources
from resources.setting import SettingError
from resources.smtp import SmtpTransport
from sdr_assets.assembly import build_definitions
from tests.approving import approve
from sdr_assets.play_graph import job_name
from sdr_assets.reconcile import resolve, unresolved
from tests.reachable import REACHABLE_OPTOUTS, service_beat
from tests.send_world import World, refused_over_smtp, send_over_smtp

sys.path.insert(0, str(Path(__file__).parent / "mail"))
from smtp_server import LostAnswerHandler, RecordingHandler, start_smtp_server  # noqa: E402

ANN, BOB = "ann.lee@acme.example", "bob@other.example"  # Bob's draft fits better: his goes first


@pytest.mark.opening("first_run")  # every play drafted and waiting at its gate
def test_approved_sends_arrive_over_smtp_once_with_unsubscribe_headers(environ, instance, data_dir):
    resources = build_resources(environ(**REACHABLE_OPTOUTS))
    service_beat(data_dir)
    handler = RecordingHandler()
    server = start_smtp_server(handler)
    try:
        smtp = {**resources, "mail": SmtpTransport(host="127.0.0.1", port=server.port, security="none",
                                                   timeout_seconds=5.0)}
        approve(resources, "series-b-funding", "Priya Raman")
        # The play's outreach job, as `sdr run` launches it for the approved play: twice, as two runs.
        outreach = build_definitions(smtp).resolve_job_def(job_name("series-b-funding"))
        assert outreach.execute_in_process(instance=instance).success
        assert outreach.execute_in_process(instance=instance).success
    finally:
        server.stop()
    with resources["warehouse"].connect() as con:
        rows = con.execute("select message_id, contact_email, play, play_version from send_ledger "
                           "where status = 'sent'").fetchall()
    ledger = {message_id: email for message_id, email, *_ in rows}
    delivered = [message_from_bytes(d["raw"]) for d in handler.delivered]
    assert ledger and len(delivered) == len(ledger), "each send once, even over two runs"
    assert {m["Message-ID"]: d["rcpt_tos"][0] for m, d in zip(delivered, handler.delivered)} == ledger
    [(play, version)] = {(play, version) for *_, play, version in rows}
    assert play == "series-b-funding"
    for message in delivered:
        headers = " ".join(f"{name}: {value}" for name, value in message.items()).lower()
        assert play not in headers and version.lower() not in headers, "a recipient never sees the play"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "unsubscribe" in message.get_payload(decode=True).decode().lower()
        assert "<https://optout.northwind-sales.com/unsubscribe/" in message["List-Unsubscribe"]


def _ledger(world: World) -> dict[str, tuple]:
    with world.warehouse.connect() as con:
        rows = con.execute("select contact_email, send_key, status, reason, message_id from send_ledger").fetchall()
    return {email: tuple(rest) for email, *rest in rows}


def _delivered(handler: RecordingHandler) -> list[tuple[str, str]]:
    return [(d["rcpt_tos"][0], message_from_bytes(d["raw"])["Message-ID"]) for d in handler.delivered]


@pytest.mark.parametrize("how", ["close", "late"])
def test_a_send_whose_answer_was_lost_after_data_is_left_unresolved_and_never_sent_again(tmp_path, how):
    """The server took Bob's message, but its 250 never arrived: dropped, or after the client's timeout."""
    world = World(tmp_path, [ANN, BOB], REACHABLE_OPTOUTS)
    world.decide("approve")
    service_beat(tmp_path)
    handler = LostAnswerHandler("data", how)
    server = start_smtp_server(handler)
    try:
        send_over_smtp(world, server.port)
        key, status, reason, message_id = _ledger(world)[BOB]
        assert (status, _delivered(handler)) == ("sending", [(BOB, message_id)]), "left unresolved, not released"
        assert "connection lost after DATA began" in reason
        assert ANN not in _ledger(world), "the batch stopped before the next message: nothing claimed"
        with world.warehouse.connect() as con:
            assert [(r["send_key"], r["reason"]) for r in unresolved(con)] == [(key, reason)]

        send_over_smtp(world, server.port)  # the next run sends the rest, and not Bob's again
        assert _ledger(world)[BOB][1] == "sending" and _ledger(world)[ANN][1] == "sent"
        assert sorted(_delivered(handler)) == sorted([(BOB, message_id), (ANN, _ledger(world)[ANN][3])])

        with world.warehouse.connect() as con:  # the server's log shows it went out
            resolve(con, key, True, "Dana Whitfield", world.now, "in the server's log",
                    mail=SmtpTransport(host="127.0.0.1", port=server.port, security="none"),
                    warehouse_path=world.warehouse.path)
        send_over_smtp(world, server.port)
    finally:
        server.stop()
    assert _ledger(world)[BOB][1] == "sent" and len(handler.delivered) == 2


def test_a_send_whose_answer_was_lost_before_data_is_released_for_the_next_run(tmp_path):
    world = World(tmp_path, [ANN, BOB], REACHABLE_OPTOUTS)
    world.decide("approve")
    service_beat(tmp_path)
    handler = LostAnswerHandler("rcpt", "close")
    server = start_smtp_server(handler)
    try:
        send_over_smtp(world, server.port)
        assert BOB not in _ledger(world) and _ledger(world)[ANN][1] == "sent", "released, and the batch went on"
        assert [to for to, _ in _delivered(handler)] == [ANN]
        send_over_smtp(world, server.port)
    finally:
        server.stop()
    assert _ledger(world)[BOB][1] == "sent"
    assert [to for to, _ in _delivered(handler)] == [ANN, BOB]


URL, DOMAIN, REPLIES = REACHABLE_OPTOUTS


@pytest.mark.parametrize("settings, named", [
    ({}, {URL, DOMAIN}),
    ({URL: REACHABLE_OPTOUTS[URL]}, {DOMAIN}),
    ({DOMAIN: REACHABLE_OPTOUTS[DOMAIN]}, {URL}),
    ({**REACHABLE_OPTOUTS, URL: "https://optout.example.com/unsubscribe"}, {URL}),
    ({**REACHABLE_OPTOUTS, URL: "http://127.0.0.1:8080/unsubscribe"}, {URL}),
    ({URL: REACHABLE_OPTOUTS[URL], DOMAIN: REACHABLE_OPTOUTS[DOMAIN]}, {REPLIES}),
])
def test_mail_over_smtp_whose_opt_outs_would_reach_nobody_is_refused_naming_the_setting(tmp_path, settings, named):
    """Left unset, the one-click link and the mailto sit on outreach.example, which never resolves
    (RFC 2606): every opt-out by link would be lost; and with no IMAP server nor a maildir a person
    named, no reply is read, an opt-out by reply included. Nothing goes out, and the step names the
    setting."""
    world = World(tmp_path, [ANN, BOB], settings)
    world.decide("approve")
    service_beat(tmp_path)  # the service runs: only the settings named are wrong
    handler, refused = refused_over_smtp(world)
    assert handler.delivered == [] and _ledger(world) == {}
    assert refused.description.startswith("Nothing sent. ")
    assert {name for name in REACHABLE_OPTOUTS if name in refused.description} == named | (
        {REPLIES} if REPLIES not in settings else set())


@pytest.mark.parametrize("dkim", [{}, {"SDR_DKIM_DOMAIN": "outreach.example"}], ids=["signed for", "not signed for"])
def test_a_sending_domain_no_mail_can_use_is_refused_with_the_settings_naming_it(tmp_path, dkim):
    """A special-use name (RFC 6761) never reaches a mailbox: its opt-outs by mail would reach nobody.
    Every command refuses it, before any step runs, whichever domain DKIM signs for."""
    with pytest.raises(SettingError, match=r"^SDR_SENDING_DOMAIN: 'mail\.test' is not a domain mail can use: "
                                           r".*special-use") as refused:
        World(tmp_path, [ANN, BOB], {**REACHABLE_OPTOUTS, DOMAIN: "mail.test", **dkim})
    assert "DKIM" not in str(refused.value), "a sender with no key is not told about DKIM"


def test_replies_count_as_read_over_imap_or_from_a_maildir_a_person_named(tmp_path):
    from resources.config import settings_from_env

    def named(**env) -> bool:
        return settings_from_env({"SDR_DATA_DIR": str(tmp_path), **env})["policy"].replies_named

    assert not named(), "the default maildir is fed by nothing unless a mail server was set to"
    assert named(SDR_IMAP_HOST="imap.northwind-sales.com") and named(SDR_REPLIES_MAILDIR="/srv/mail/replies")
