"""The send step and the clock: a batch that runs past midnight dates each message by when it left,
and a clock that reads earlier than what the warehouse recorded stops sending until it has passed it.
The send step against a real DuckDB file and maildir (``tests/send_world.py``)."""

from datetime import UTC, datetime, timedelta

import pytest

import resources.clock as clock
from resources.defaults import build_resources
from resources.mail import MaildirOutbox
from sdr_assets.domain.addresses import canonical_address
from sdr_assets.sends import send_for_play
from tests.send_world import CONTACTS, PLAY, Spelling, World, _send_context, human_reply

ADDRESSES = [Spelling().write(*c) for c in CONTACTS]
JANE = "jane+news@acme.example"


def _at(world: World, when: datetime) -> None:
    world.now = when
    world.resources = world._resources()


class CappedWorld(World):
    def _resources(self) -> dict:
        return build_resources({"SDR_DATA_DIR": str(self.root), "SDR_NOW": self.now.isoformat(),
                                "SDR_SECRET": "property-test-secret", "SDR_MAILBOX_DAILY_CAP": "2"})


def test_a_clock_set_back_across_midnight_sends_nothing_more_that_day(tmp_path):
    world = CappedWorld(tmp_path, ADDRESSES)
    world.decide("approve")
    _at(world, datetime(2026, 11, 21, 0, 5, tzinfo=UTC))
    assert world.send() == "sent" and len(world.outbox()) == 2, "the mailbox's cap of 2"
    _at(world, datetime(2026, 11, 20, 23, 57, tzinfo=UTC))  # the clock stepped back
    refused = world.send()
    assert "earlier than the last send, recorded at 2026-11-21 00:05 UTC" in refused, refused
    assert len(world.outbox()) == 2
    _at(world, datetime(2026, 11, 21, 0, 20, tzinfo=UTC))  # past it again: the day's cap is spent
    assert world.send() == "sent" and len(world.outbox()) == 2


def test_a_reply_fetched_later_than_the_clock_still_holds_the_batch(tmp_path):
    world = World(tmp_path, ADDRESSES)
    world.decide("approve")
    assert world.send() == "sent"
    first = next(s for s in world.outbox() if s.address == JANE)
    world.deliver(human_reply(JANE, "Please unsubscribe me, not interested.", first.message_id,
                              datetime(2026, 11, 21, 8, tzinfo=UTC)))
    _at(world, datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    world.fetch()  # and the replies run stops before classifying it
    _at(world, datetime(2026, 11, 23, 9, 30, tzinfo=UTC))
    assert "not classified yet" in world.send()
    _at(world, datetime(2026, 11, 22, 10, 0, tzinfo=UTC))  # a machine restored from yesterday's snapshot
    refused = world.send()
    assert "earlier than the last reply fetched" in refused or "earlier than the last read" in refused, refused
    assert [s.address for s in world.outbox()].count(JANE) == 1


class _Wall:
    at = datetime(2026, 11, 20, 23, 58, 30, tzinfo=UTC)


class _Datetime(datetime):
    @classmethod
    def now(cls, tz=None):
        return _Wall.at if tz is None else _Wall.at.astimezone(tz)


class SlowRelay(MaildirOutbox):
    """The local outbox behind a relay that takes a minute of the wall clock per message."""

    def send(self, message) -> str:
        sent = super().send(message)
        _Wall.at += timedelta(minutes=1)
        return sent


@pytest.fixture
def wall_clock(monkeypatch):
    monkeypatch.delenv("SDR_NOW", raising=False)
    monkeypatch.setattr(clock, "datetime", _Datetime)
    _Wall.at = datetime(2026, 11, 20, 23, 58, 30, tzinfo=UTC)


class WallWorld(World):
    def _resources(self) -> dict:
        return build_resources({"SDR_DATA_DIR": str(self.root), "SDR_SECRET": "property-test-secret"})


def test_a_message_that_left_after_midnight_is_dated_by_then_and_its_follow_up_waits_its_days(tmp_path, wall_clock):
    world = WallWorld(tmp_path, ADDRESSES)
    world.decide("approve")
    send_for_play(_send_context(), PLAY, warehouse=world.warehouse, paths=world.resources["paths"],
                  policy=world.resources["policy"], mail=SlowRelay(**world.resources["mail"].model_dump()))
    with world.warehouse.connect() as con:
        days = con.execute("select contact_email, sent_at::date from send_ledger where status = 'sent'").fetchall()
    first_day = {canonical_address(email) for email, day in days if str(day) == "2026-11-20"}
    assert len(days) == 4 and 0 < len(first_day) < 4, days  # handed over before midnight and after
    # Step 2 waits 2 days (the UTC day two on, 48 hours less half a day after): due only for the first day's.
    _Wall.at = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    world.send()
    mailed = [s.address for s in world.outbox()]
    assert {a for a in mailed if mailed.count(a) == 2} == first_day, (days, mailed)
