"""An `sdr serve` that cannot append to the opt-out log must not count as answering the links.

Mail over SMTP goes out only while `sdr serve` answers the one-click links, "so every click would
[not] be lost". A service that cannot write its heartbeat refuses to start; one that cannot write the
opt-out log starts, beats, answers ``/healthz`` with ``ok`` and answers every click 503. The send step
then sends on while no click can be recorded. Here the log is a link to a volume that is not mounted
(``data/optouts/optouts.jsonl -> /mnt/sdr-logs/optouts.jsonl``); a log left owned by root by a
``sudo sdr serve`` behaves alike for a service user.
"""

import signal

import httpx

from sdr_assets import optout_log
from sdr_assets.domain.unsubscribe import unsubscribe_link, unsubscribe_token
from sdr_assets.serve_heartbeat import unanswered
from tests.serve_process import start_serve

URL = "http://127.0.0.1/unsubscribe"


def test_a_service_whose_log_takes_no_click_holds_the_mail(tmp_path):
    log = optout_log.log_path(tmp_path)
    log.parent.mkdir(parents=True)
    log.symlink_to(tmp_path / "unmounted-volume" / "optouts.jsonl")
    server, base = start_serve(tmp_path, "--host", "127.0.0.1", SDR_UNSUBSCRIBE_URL=URL, SDR_SECRET="s3cret")
    try:
        token = unsubscribe_token(b"s3cret", "0123456789abcdef01234567", "ann@acme.example")
        click = httpx.post(unsubscribe_link(base, token), data={"List-Unsubscribe": "One-Click"}, timeout=10)
        held = unanswered(tmp_path, 5, URL)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
        server.wait(20)
        server.stdout.close()
    assert click.status_code == 503, "the click was not recorded"
    assert held is not None, "mail over SMTP would go out while every click on it is answered 503"
