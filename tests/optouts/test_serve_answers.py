"""A fresh heartbeat is not enough: the service must still run, answer, and answer the mail's links.

Mail over SMTP goes out only while the `sdr serve` behind the heartbeat runs (its pid, on the
machine that wrote it), answers ``/healthz`` where it listens, and was started for the base URL of
the links the mail carries. Where it listens is never compared with that URL: behind the HTTPS
proxy the README describes, it never is the public address.
"""

import os
import signal
import socket
import subprocess
import sys
from dataclasses import replace

import pytest

from resources.secret import load_secret
from sdr_assets.domain.tokens import fingerprint
from sdr_assets.domain.unsubscribe import answers_links_of
from sdr_assets.play_state import CLEARS_ITSELF
from sdr_assets.serve_heartbeat import heartbeat_path, read, service_state, unanswered, write
from tests.reachable import REACHABLE_OPTOUTS, service_beat
from tests.send_world import outcome_over_smtp, reachable_world
from tests.serve_process import start_serve

LINKS = REACHABLE_OPTOUTS["SDR_UNSUBSCRIBE_URL"]  # https://optout.northwind-sales.com/unsubscribe


@pytest.mark.parametrize("answered, same", [
    (LINKS, True),
    ("HTTPS://OptOut.Northwind-Sales.com./unsubscribe/", True),  # letter case, a final dot, a final slash
    ("https://optout.northwind-sales.com:443/unsubscribe", True),  # the scheme's own port, written
    ("https://optout.northwind-sales.com/%75nsubscribe", True),  # routed decoded, as the service reads it
    ("https://optout.northwind-sales.com/unsubscribe/old", False),
    ("https://optout.northwind-sales.com/", False),
    ("https://optout.northwind-sales.com:8443/unsubscribe", False),
    ("https://links.northwind-sales.com/unsubscribe", False),
    ("http://optout.northwind-sales.com/unsubscribe", False),
    ("https://optout.northwind-sales.com:x/unsubscribe", False),
    ("", False),
])
def test_a_service_answers_the_links_of_its_own_base_url_however_it_is_spelled(answered, same):
    assert answers_links_of(answered, LINKS) is same
    assert answers_links_of(LINKS, answered) is same


def test_mail_waits_while_the_running_service_answers_links_at_another_url(tmp_path):
    world = reachable_world(tmp_path)
    other = "https://optout.northwind-sales.com/unsubscribe/v2"
    service_beat(tmp_path, answers=other)
    refusal, delivered = outcome_over_smtp(world)
    assert delivered == 0
    assert refusal.description == (
        f"Nothing sent. no `sdr serve` answers the one-click unsubscribe links: the one running (pid {os.getpid()}) "
        f"answers links at {other}, not at {LINKS}, the SDR_UNSUBSCRIBE_URL of this mail: restart it with the same "
        "SDR_UNSUBSCRIBE_URL, so every click on this mail would be lost; start `sdr serve` for this data folder and "
        "keep it running"), refusal.description
    assert refusal.metadata[CLEARS_ITSELF].value is True, "once it is restarted right, the run is asked for again"
    # It listens on http://127.0.0.1:<port>, behind the proxy: only the public links are compared.
    service_beat(tmp_path, answers="https://OPTOUT.northwind-sales.com:443/unsubscribe/")
    assert outcome_over_smtp(world) == (None, 1)


def test_a_heartbeat_that_names_no_links_counts_as_no_service_for_them(tmp_path):
    world = reachable_world(tmp_path)
    beat = service_beat(tmp_path)
    write(tmp_path, replace(beat.heartbeat, answers=""))  # as an `sdr serve` from before it said so
    refusal, delivered = outcome_over_smtp(world)
    assert delivered == 0 and "does not say which links it answers" in refusal.description, refusal.description
    assert "restart it" in refusal.description and refusal.metadata[CLEARS_ITSELF].value is True


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(30)
    return child.pid


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_fresh_heartbeat_of_a_service_that_no_longer_runs_or_answers_stops_mail_at_once(tmp_path):
    world = reachable_world(tmp_path)
    beat = service_beat(tmp_path)
    dead = _dead_pid()
    write(tmp_path, replace(beat.heartbeat, pid=dead))
    refusal, delivered = outcome_over_smtp(world)
    assert delivered == 0, "a beat seconds old, from a process that is gone"
    assert f"its heartbeat ({heartbeat_path(tmp_path)}) names pid {dead}, which no longer runs" in refusal.description
    assert refusal.metadata[CLEARS_ITSELF].value is True

    silent = f"http://127.0.0.1:{_closed_port()}/unsubscribe"
    write(tmp_path, replace(beat.heartbeat, url=silent))  # this process runs, but nothing listens there
    refusal, delivered = outcome_over_smtp(world)
    assert delivered == 0 and f"pid {os.getpid()} does not answer on {silent} (GET /healthz: " in refusal.description

    # Another machine's pid and loopback address are not this one's to check (a service in another
    # container sharing the data folder): its fresh beat counts.
    write(tmp_path, replace(beat.heartbeat, pid=dead, url=silent, machine="another-host"))
    assert outcome_over_smtp(world) == (None, 1)


def test_a_heartbeat_edited_to_an_address_no_request_can_go_to_is_no_service_in_one_line(tmp_path):
    world = reachable_world(tmp_path)
    beat = service_beat(tmp_path)
    edited = "http://127.0.0.1 :8080/unsubscribe"
    write(tmp_path, replace(beat.heartbeat, url=edited))
    assert read(tmp_path).url == edited
    shown = service_state(tmp_path, 5, LINKS)["unanswered"]  # what `sdr status` shows
    assert shown.startswith(f"pid {os.getpid()} does not answer on {edited} (GET /healthz: URL can't contain "
                            "control characters"), shown
    refusal, delivered = outcome_over_smtp(world)
    assert delivered == 0 and shown in refusal.description, refusal.description
    assert refusal.metadata[CLEARS_ITSELF].value is True


@pytest.mark.parametrize("edit", [{"url": "http://127.0.0.1\x01:8080/unsubscribe"},
                                  {"url": "http://127.0.0.1:8080/u\nnsubscribe"},
                                  {"answers": "https://links.example/u\r\nx"}])
def test_a_heartbeat_edited_with_a_control_character_is_unreadable_and_shown_in_one_line(tmp_path, edit):
    world = reachable_world(tmp_path)
    beat = service_beat(tmp_path)
    write(tmp_path, replace(beat.heartbeat, **edit))
    assert read(tmp_path) is None, "`sdr serve` writes no control character: the file was edited"
    shown = service_state(tmp_path, 5, LINKS)["unanswered"]  # what `sdr status` shows
    assert shown == f"it has written no heartbeat ({heartbeat_path(tmp_path)} is missing or unreadable)", shown
    refusal, delivered = outcome_over_smtp(world)
    assert delivered == 0 and shown in refusal.description and "\n" not in refusal.description.split(": ", 1)[-1]


def test_mail_stops_at_once_when_sdr_serve_is_killed_and_goes_out_once_it_runs_again(tmp_path):
    world = reachable_world(tmp_path)
    server, listening = start_serve(tmp_path, SDR_UNSUBSCRIBE_URL=LINKS)
    try:
        assert unanswered(tmp_path, 5, LINKS) is None, "it runs, answers /healthz and was started for these links"
        assert listening.startswith("http://127.0.0.1:") and read(tmp_path).answers == LINKS
        server.send_signal(signal.SIGKILL)
        assert server.wait(20) == -signal.SIGKILL
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(20)
        server.stdout.close()
    beat = read(tmp_path)
    assert beat is not None and beat.age().total_seconds() < 60, "killed, it could not remove its fresh heartbeat"
    refusal, delivered = outcome_over_smtp(world)
    assert delivered == 0
    assert f"names pid {server.pid}, which no longer runs" in refusal.description, refusal.description
    assert refusal.metadata[CLEARS_ITSELF].value is True

    server, _ = start_serve(tmp_path, SDR_UNSUBSCRIBE_URL=LINKS)
    try:
        assert outcome_over_smtp(world) == (None, 1)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
        server.stdout.close()


def test_mail_waits_while_the_running_service_verifies_links_with_another_secret(tmp_path, monkeypatch):
    """A service that verifies with none of the secret the mail is signed with refuses every click on it
    (Gmail and Yahoo do not fall back to the mailto): the mail waits until it is restarted with that secret."""
    world = reachable_world(tmp_path)
    monkeypatch.setenv("SDR_SECRET", "the-pipelines-secret")
    server, _ = start_serve(tmp_path, SDR_UNSUBSCRIBE_URL=LINKS)  # with the data folder's own key file alone
    try:
        refusal, delivered = outcome_over_smtp(world)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
        server.stdout.close()
    assert delivered == 0
    signing, verifying = fingerprint(b"the-pipelines-secret"), fingerprint(load_secret(tmp_path, {}))
    assert (f"the one running (pid {server.pid}) verifies links with secret {verifying}, not with secret "
            f"{signing}, which signs this mail's links: restart it with the same SDR_SECRET") in refusal.description
    assert refusal.metadata[CLEARS_ITSELF].value is True

    server, _ = start_serve(tmp_path, SDR_UNSUBSCRIBE_URL=LINKS, SDR_SECRET="a-new-secret",
                            SDR_SECRET_PREVIOUS="the-pipelines-secret")
    try:
        assert outcome_over_smtp(world) == (None, 1), "a previous secret still verifies what it signed"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
        server.stdout.close()
