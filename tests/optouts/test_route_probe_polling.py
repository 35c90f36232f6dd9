"""`sdr suppress probe` reads the replies mailbox less often as it waits: each read over IMAP is a
connection and a login, and mail takes seconds to minutes to arrive."""

from datetime import datetime

from resources.mail import MaildirOutbox
from resources.mailbox import MaildirMailbox
from sdr_assets import optout_route
from tests.conftest import RUN_NOW


def _wait(tmp_path, monkeypatch, timeout: float, deliver: bool = False):
    """The probe's wait on a clock that only sleeping moves: the sleeps, and the result."""
    now, sleeps = [0.0], []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(optout_route.time, "sleep", sleep)
    replies = MaildirMailbox(path=str(tmp_path / "replies"))
    outbox = MaildirOutbox(path=str(tmp_path / ("replies" if deliver else "elsewhere")))
    result = optout_route.check_route(outbox, replies, b"s" * 32, "sdr-monitor@northwind-sales.com",
                                      "northwind-sales.com", datetime.fromisoformat(RUN_NOW), timeout,
                                      clock=lambda: now[0])
    return sleeps, result


def test_the_wait_backs_off_to_fifteen_seconds_and_ends_at_the_timeout(tmp_path, monkeypatch):
    sleeps, result = _wait(tmp_path, monkeypatch, 60)
    assert sleeps == [2, 4, 8, 15, 15, 15, 1], "never past the time left, whose end is read once more"
    assert not result.arrived and result.seconds == 60


def test_a_probe_already_there_is_found_without_a_wait(tmp_path, monkeypatch):
    sleeps, result = _wait(tmp_path, monkeypatch, 60, deliver=True)
    assert sleeps == [] and result.arrived and result.recognised
