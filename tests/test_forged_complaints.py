"""Forged feedback reports cannot pause a mailbox.

Only a complaint whose report carries one of our Message-IDs (its MAC nobody outside can compute)
counts for the deliverability guard and the complaint rates. One naming an address alone, or a
made-up Message-ID, is an unverified complaint: it suppresses the address until a person lifts it,
counts apart, and `sdr status` tells a person, loudly when there are as many as would pause a sender.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from sdr_assets.cli import app
from sdr_assets.domain.deliverability import PAUSE, window_readings
from sdr_assets.monitor_data import send_outcomes, sends_with_verdicts
from sdr_assets.status import collect_status
from tests.command_line import CommandLine
from tests.send_world import CONTACTS, PLAY, SENDER, World, complaint, first_emails_sent, forged_message_id

JOSE, JANE, ANN, OYVIND = ("@".join(c) for c in CONTACTS)


@pytest.fixture
def world(tmp_path):
    world = first_emails_sent(tmp_path)
    world.advance(60 * 24 * 3)  # the follow-ups are due
    return world


def _first(world: World, local: str):
    return next(s for s in world.outbox() if s.address.startswith(local))


def _address_only(sent, at) -> bytes:
    """A report naming the recipient whose attached original carries no Message-ID at all."""
    return complaint(sent.address, sent.message_id, at).replace(f"Message-ID: {sent.message_id}\r\n".encode(), b"")


def _deliver_forged(world: World) -> list:
    jose, jane, ann = (_first(world, p) for p in ("jos", "jane", "ann"))
    world.deliver(_address_only(jose, world.now))
    world.deliver(complaint(jane.address, forged_message_id(jane.send_key), world.now))  # a made-up MAC
    world.deliver(complaint(ann.address, "<1234@mail.evil.example>", world.now))  # not our Message-ID at all
    world.process()
    return [jose, jane, ann]


def _readings(world: World):
    with world.warehouse.connect() as con:
        return window_readings(send_outcomes(sends_with_verdicts(con)), world.now,
                               world.resources["policy"].deliverability_limits())


def _status(world: World) -> dict:
    return collect_status(world.warehouse, world.resources["paths"], world.now, policy=world.resources["policy"])


def test_three_forged_complaints_do_not_pause_the_mailbox_and_still_suppress_their_addresses(world):
    named = _deliver_forged(world)

    assert [r.state for r in _readings(world) if r.state == PAUSE] == []
    assert [world.suppressed(s.address) for s in named] == ["unmatched_complaint"] * 3
    outcome = world.send()
    assert outcome == "sent", f"three forged reports stopped the mailbox: {outcome}"
    mailed = [s.address for s in world.outbox()]
    assert mailed.count(_first(world, "øyvind").address) == 2, "the fourth contact's follow-up went out"
    assert all(mailed.count(s.address) == 1 for s in named), "nobody a report named was mailed again"


def test_the_guard_reads_no_sends_when_the_only_complaints_name_addresses_alone(world, monkeypatch):
    from sdr_assets import monitor_data
    from sdr_assets.guard_pauses import guard_pauses
    from sdr_assets.playbook import load_plays

    _deliver_forged(world)
    monkeypatch.setattr(monitor_data, "window_outcomes", lambda *_: pytest.fail("read the sends"))
    plays = load_plays(world.resources["paths"].plays).plays.values()
    with world.warehouse.connect() as con:
        assert guard_pauses(con, plays, world.resources["policy"]) == {}


def test_three_genuine_complaints_still_pause_the_mailbox(world):
    for local in ("jos", "jane", "ann"):
        sent = _first(world, local)
        world.deliver(complaint(sent.address, sent.message_id, world.now))
    world.process()

    assert {(r.scope, r.state) for r in _readings(world)} >= {("mailbox", PAUSE)}
    outcome = world.send()
    assert outcome.startswith("refused: sending paused"), outcome
    assert len(world.outbox()) == 4
    assert _status(world)["unverified_complaints"]["count"] == 0


def test_sdr_status_counts_unverified_complaints_apart_and_says_they_would_pause_the_sender_if_real(world):
    _deliver_forged(world)

    status = _status(world)
    assert PLAY not in status["paused_plays"]
    counts = status["sends_by_play"][PLAY]
    assert (counts["complaints"], counts["unverified_complaints"]) == (0, 3)
    unverified = status["unverified_complaints"]
    assert unverified["count"] == 3
    assert [m.split(":")[0] for m in unverified["would_pause"]] == [f"mailbox {SENDER}"]
    env = {"SDR_DATA_DIR": str(world.root), "SDR_NOW": world.now.isoformat(), "SDR_SECRET": "property-test-secret"}
    shown = " ".join(CommandLine().invoke(app, ["status"], env=env).output.split())
    assert "Unverified complaints in the last 14 days: 3" in shown
    assert f"would pause mailbox {SENDER} if they were real" in shown
    assert "sdr suppress lift" in shown


def test_one_unverified_complaint_is_shown_without_an_alarm(world):
    world.deliver(_address_only(_first(world, "jane"), world.now))
    world.process()

    unverified = _status(world)["unverified_complaints"]
    assert (unverified["count"], unverified["would_pause"]) == (1, [])
    env = {"SDR_DATA_DIR": str(world.root), "SDR_NOW": world.now.isoformat(), "SDR_SECRET": "property-test-secret"}
    shown = " ".join(CommandLine().invoke(app, ["status"], env=env).output.split())
    assert "Unverified complaints in the last 14 days: 1" in shown and "if they were real" not in shown


def test_forged_reports_dated_weeks_back_are_still_shown_by_when_they_were_read(world):
    """A report's date is its writer's to choose: three dated 20 days back, read this week, suppress
    three prospects and must not be hidden from `sdr status`, the one place a person sees them: not
    from the count, nor from the play's figures, nor from the warning as many real ones would raise."""
    named = world.outbox()[:3]
    for sent in named:
        world.deliver(_address_only(sent, world.now - timedelta(days=20)))
    world.process()
    assert [world.suppressed(s.address) for s in named] == ["unmatched_complaint"] * 3
    status = collect_status(world.warehouse, world.resources["paths"], world.now, policy=world.resources["policy"])
    assert status["unverified_complaints"]["count"] == 3
    assert sorted(status["unverified_complaints"]["addresses"]) == sorted(s.address.lower() for s in named)
    assert status["sends_by_play"][PLAY]["unverified_complaints"] == 3, "held against the messages they name"
    assert [m.split(":")[0] for m in status["unverified_complaints"]["would_pause"]] == [f"mailbox {SENDER}"]
