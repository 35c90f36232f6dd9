"""`sdr serve`'s heartbeat: mail over SMTP goes out only while the service that answers its links beats."""

import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import httpx
import pytest
import uvicorn

from sdr_assets.cli import app
from sdr_assets.play_state import CLEARS_ITSELF
from sdr_assets.route_probe_records import record_probes
from sdr_assets.serve_heartbeat import Beat, Heartbeat, heartbeat_path, read, this_machine, wall_clock, write
from sdr_assets.unsubscribe_service import build_app
from tests.command_line import CommandLine
from tests.reachable import REACHABLE_OPTOUTS, served_at, service_beat
from tests.send_world import World, outcome_over_smtp, reachable_world
from tests.serve_process import SDR, start_serve

ANN = "ann.lee@acme.example"
SILENCE = "SDR_SERVE_MAX_SILENCE_MINUTES"


def _beat_at(data_dir: Path, minutes_ago: float) -> None:
    """A heartbeat last written ``minutes_ago`` (negative: ahead of this clock), by the service's writer,
    on another machine (its pid is not this machine's to check)."""
    now = wall_clock()
    write(data_dir, Heartbeat(4242, served_at(), (now - timedelta(hours=3)).isoformat(),
                              (now - timedelta(minutes=minutes_ago)).isoformat(),
                              REACHABLE_OPTOUTS["SDR_UNSUBSCRIBE_URL"], "another-host"))


@pytest.mark.parametrize("minutes_ago, settings, sends", [
    (0.5, {}, True),
    (10, {}, False),  # the default bound is 5 minutes
    (-10, {}, False),  # a beat from a clock ahead of this one proves nothing
    (10, {SILENCE: "30"}, True),
    (40, {SILENCE: "30"}, False),
])
def test_mail_over_smtp_goes_out_only_while_the_heartbeat_is_fresh(tmp_path, minutes_ago, settings, sends):
    world = reachable_world(tmp_path, **settings)
    _beat_at(tmp_path, minutes_ago)
    refusal, delivered = outcome_over_smtp(world)
    if sends:
        assert refusal is None and delivered == 1
        return
    assert delivered == 0
    description = refusal.description
    assert description.startswith("Nothing sent. no `sdr serve` answers the one-click unsubscribe links"), description
    assert "pid 4242" in description and f"more than {SILENCE}" in description, description
    assert refusal.metadata[CLEARS_ITSELF].value is True, "once the service beats, the run is asked for again"


def test_a_send_refused_for_a_silent_service_goes_out_once_it_beats_again(tmp_path):
    world = reachable_world(tmp_path)
    naive = wall_clock().replace(tzinfo=None).isoformat()
    for unreadable in (None, '{"pid": 1, "url": "x", "started_at": "2026', json.dumps(
            {"pid": 1, "url": "x", "started_at": naive, "beat_at": naive})):  # half a file; a time in no zone
        if unreadable is not None:
            heartbeat_path(tmp_path).parent.mkdir(exist_ok=True)
            heartbeat_path(tmp_path).write_text(unreadable)
        refusal, delivered = outcome_over_smtp(world)
        assert delivered == 0 and "it has written no heartbeat" in refusal.description, refusal.description
    service_beat(tmp_path)
    assert outcome_over_smtp(world) == (None, 1)
    assert outcome_over_smtp(world) == (None, 0), "sent once"


def test_a_silent_service_beside_a_setting_to_fix_is_not_asked_for_again_on_its_own(tmp_path):
    world = World(tmp_path, [ANN], {k: v for k, v in REACHABLE_OPTOUTS.items() if k != "SDR_REPLIES_MAILDIR"})
    world.decide("approve")
    refusal, delivered = outcome_over_smtp(world)
    assert delivered == 0 and "no replies would be read" in refusal.description
    assert "no `sdr serve` answers" in refusal.description, "every cause is named at once"
    assert CLEARS_ITSELF not in refusal.metadata, "a setting waits for a person"


def test_the_local_outbox_needs_no_service(tmp_path):
    world = World(tmp_path, [ANN])
    world.decide("approve")
    assert world.send() == "sent" and len(world.outbox()) == 1
    assert read(tmp_path) is None


def test_the_service_beats_from_its_event_loop_and_removes_its_heartbeat_when_it_stops(tmp_path):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    beat = Beat(tmp_path, "http://127.0.0.1/unsubscribe", "https://mail.acme.example/u", seconds=0.05)
    server = uvicorn.Server(uvicorn.Config(build_app(tmp_path, b"secret", wall_clock, heartbeat=beat),
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while read(tmp_path) is None or read(tmp_path).beat_at == read(tmp_path).started_at:
            assert time.monotonic() < deadline, "no beat after the first"
            time.sleep(0.02)
        heartbeat = read(tmp_path)
        assert (heartbeat.pid, heartbeat.url) == (os.getpid(), "http://127.0.0.1/unsubscribe")
        assert (heartbeat.answers, heartbeat.machine) == ("https://mail.acme.example/u", this_machine())
        assert timedelta(0) <= heartbeat.age() < timedelta(seconds=5)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
    assert not heartbeat_path(tmp_path).exists(), "a service that stopped answers nothing"
    assert [p.name for p in heartbeat_path(tmp_path).parent.iterdir()] == [], "no partial file left"


def test_sdr_serve_writes_its_heartbeat_while_it_listens_and_removes_it_on_sigterm(tmp_path):
    server, base = start_serve(tmp_path, SDR_UNSUBSCRIBE_URL="https://mail.acme.example/u")
    try:
        heartbeat = read(tmp_path)
        assert heartbeat is not None, "written before the service says it listens"
        assert (heartbeat.pid, heartbeat.url) == (server.pid, base)
        assert (heartbeat.answers, heartbeat.machine) == ("https://mail.acme.example/u", this_machine()), \
            "the public links it answers behind the proxy, and where its pid and address mean something"
        assert httpx.get(base.rsplit("/u", 1)[0] + "/healthz", timeout=10).text == "ok"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
        server.stdout.close()
    assert read(tmp_path) is None


def test_sdr_serve_that_cannot_write_its_heartbeat_refuses_to_start_in_one_line(tmp_path):
    (tmp_path / "optouts").write_text("a file where the folder should be")
    env = {**os.environ, "SDR_DATA_DIR": str(tmp_path), "SDR_SERVE_PORT": "0"}
    result = subprocess.run([SDR, "serve"], env=env, capture_output=True,
                            text=True, timeout=60)  # a service that starts anyway fails here, killed
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: cannot write the heartbeat {heartbeat_path(tmp_path)}: "), result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == "", result


def _status(tmp_path: Path, **env: str) -> tuple[str, dict]:
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": "2026-11-20T09:00:00+00:00",
           "SDR_UNSUBSCRIBE_URL": REACHABLE_OPTOUTS["SDR_UNSUBSCRIBE_URL"], **env}
    text, as_json = (CommandLine().invoke(app, args, env=env) for args in (["status"], ["status", "--json"]))
    assert text.exit_code == 0 and as_json.exit_code == 0, text.output + as_json.output
    return " ".join(text.output.split()), json.loads(as_json.output)["unsubscribe_service"]


def test_sdr_status_shows_the_last_beat_and_warns_while_mail_over_smtp_waits_for_it(tmp_path):
    smtp = {"SDR_SMTP_HOST": "127.0.0.1"}
    printed, service = _status(tmp_path)
    assert "Unsubscribe service" not in printed and "sdr serve" not in printed, "no mail waits for it"
    assert service["heartbeat"] is None and service["needed"] is False
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:  # the mailto's route proven: no warning of it
        record_probes(con, [("unsubscribe@outreach.example", True, "<probe@outreach.example>", None)],
                      datetime.now(UTC))
    printed, service = _status(tmp_path, **smtp)
    assert "warning: no `sdr serve` answers the unsubscribe links: it has written no heartbeat" in printed, printed
    assert printed.endswith("start it and keep it running: sdr serve"), printed

    service_beat(tmp_path)
    printed, service = _status(tmp_path, **smtp)
    assert re.search(r"Unsubscribe service \(sdr serve\): last beat [0-9] s ago", printed), printed
    assert "warning" not in printed, printed
    assert f"pid {os.getpid()}, listening on {served_at()} since " in printed, printed
    assert f"since {read(tmp_path).started_at}, for the links at {REACHABLE_OPTOUTS['SDR_UNSUBSCRIBE_URL']}" \
        in printed, printed
    assert service["unanswered"] is None and 0 <= service["seconds_since_beat"] < 60

    _beat_at(tmp_path, 12)
    printed, service = _status(tmp_path)
    assert "last beat 12 min ago" in printed, printed
    assert (f"warning: no `sdr serve` answers the unsubscribe links: its last heartbeat ({heartbeat_path(tmp_path)}, "
            f"pid 4242) is 12 minute(s) old, more than {SILENCE} (5) allows") in printed, printed
    assert 12 * 60 <= service["seconds_since_beat"] < 13 * 60 and service["max_silence_minutes"] == 5


def test_the_demo_shows_no_service(tmp_path):
    _beat_at(tmp_path / "demo", 60)
    printed, service = _status(tmp_path, SDR_MODE="demo", SDR_DEMO_DIR=str(tmp_path / "demo"),
                               SDR_SMTP_HOST="127.0.0.1")
    assert service is None and "sdr serve" not in printed
