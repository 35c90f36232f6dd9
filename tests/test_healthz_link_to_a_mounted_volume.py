"""`/healthz` answers 503 for a log that "links to nothing", yet a link to a mounted volume on which
the log has not been written yet takes the first click: ``line_log.append`` opens it with O_CREAT,
which follows the link and creates the file. ``check_writable`` raises for any dangling link without
looking at the folder it points into, so on a fresh install with the log kept on a volume
(``data/optouts/optouts.jsonl -> /mnt/sdr-logs/optouts.jsonl``) the send step holds every message
for ever: no mail goes out, so no click ever creates the file.
"""

import signal

import httpx

from sdr_assets import optout_log
from sdr_assets.domain.unsubscribe import unsubscribe_link, unsubscribe_token
from sdr_assets.serve_heartbeat import unanswered
from tests.serve_process import start_serve

URL = "http://127.0.0.1/unsubscribe"


def test_a_log_linked_to_a_mounted_volume_not_yet_written_does_not_hold_the_mail(tmp_path):
    volume = tmp_path / "mounted-volume"
    volume.mkdir()  # mounted, empty: the first click writes the log there
    log = optout_log.log_path(tmp_path)
    log.parent.mkdir(parents=True)
    log.symlink_to(volume / "optouts.jsonl")
    server, base = start_serve(tmp_path, "--host", "127.0.0.1", SDR_UNSUBSCRIBE_URL=URL, SDR_SECRET="s3cret")
    try:
        held = unanswered(tmp_path, 5, URL)
        token = unsubscribe_token(b"s3cret", "0123456789abcdef01234567", "ann@acme.example")
        click = httpx.post(unsubscribe_link(base, token), data={"List-Unsubscribe": "One-Click"}, timeout=10)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
        server.wait(20)
        server.stdout.close()
    assert click.status_code == 200, "the click is recorded through the link"
    assert (volume / "optouts.jsonl").is_file()
    assert held is None, f"mail is held though the log takes a click: {held}"
