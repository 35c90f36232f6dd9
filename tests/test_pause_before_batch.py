"""A pause recorded while the send step is between its plan and its batch holds the batch: the plan's
connection lets the warehouse go to a process waiting for it (a replies run, the monitor), and the
batch reads the monitor's segment pauses and the deliverability guard again on its own connection.
The real send step against a DuckDB file and maildir (``tests/send_world.py``)."""

import sdr_assets.sends as sends_module
from sdr_assets.monitor_data import append_pauses, latest_decision_id
from sdr_assets.monitoring import pauses_announced
from tests.send_world import PLAY, World


def test_a_segment_paused_between_the_plan_and_the_batch_gets_no_mail(tmp_path, monkeypatch):
    # Contact 0 works at bücher.example (Software), contact 1 at acme.example (Healthcare).
    world = World(tmp_path, ["josé.núñez@bücher.example", "jane+news@acme.example"])
    with world.warehouse.connect() as con:
        con.execute("create table enriched_accounts (play varchar, company_domain varchar, industry varchar)")
        con.execute("insert into enriched_accounts values (?, 'bücher.example', 'Software'), "
                    "(?, 'acme.example', 'Healthcare')", [PLAY, PLAY])
    world.decide("approve")

    original = sends_module.plan_sends

    def plan_then_monitor_runs(*args, **kwargs):
        plan = original(*args, **kwargs)
        # The plan's connection is closed: a replies run waiting for the warehouse gets it now, and
        # its monitor pauses the Healthcare segment exactly as play_monitor records a pause.
        event = {"event": "pause", "scope": "segment", "play": PLAY, "play_version": world.version,
                 "scope_value": "healthcare", "recorded_at": world.now, "reason": "segment healthcare tripped"}
        with world.warehouse.connect() as con:
            event["after_decision_id"] = latest_decision_id(con)
            with pauses_announced(world.warehouse.path, [event], world.now):
                append_pauses(con, [event])
        return plan

    monkeypatch.setattr(sends_module, "plan_sends", plan_then_monitor_runs)
    outcome = world.send()

    mailed = {s.mailbox for s in world.outbox()}
    assert "jane@acme.example" not in mailed, (
        f"the batch mailed a contact of the segment the monitor paused before the batch's first message "
        f"(send step said: {outcome}; mailed: {sorted(mailed)})")


def test_a_complaint_recorded_between_the_plan_and_the_batch_stops_the_mailbox_it_pauses(tmp_path, monkeypatch):
    """The same gap for the deliverability guard: a replies run that classifies a complaint while the
    send step is between plan and batch puts the mailbox over the line, and the batch sends anyway."""
    from resources.defaults import build_resources
    from tests.send_world import CONTACTS, Spelling, complaint

    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    line = {"SDR_MAX_COMPLAINT_RATE": "0.001", "SDR_WARN_COMPLAINT_RATE": "0.001"}  # one complaint pauses
    world._resources = lambda: build_resources({"SDR_DATA_DIR": str(world.root), "SDR_NOW": world.now.isoformat(),
                                                "SDR_SECRET": "property-test-secret", "SDR_SEND_LOCK_TIMEOUT": "5",
                                                **line})
    world.resources = world._resources()
    world.decide("approve")
    assert world.send() == "sent"
    first = world.outbox()
    assert len(first) == 4
    world.advance(60 * 24 * 3)  # the follow-ups are due

    original = sends_module.plan_sends

    def plan_then_replies_run(*args, **kwargs):
        plan = original(*args, **kwargs)
        # A replies run gets the warehouse now and classifies one recipient's spam complaint.
        world.deliver(complaint(first[0].address, first[0].message_id, world.now))
        world.process()
        return plan

    monkeypatch.setattr(sends_module, "plan_sends", plan_then_replies_run)
    outcome = world.send()

    # The guard as the send step itself reads it, now:
    from sdr_assets.domain.deliverability import blocking, window_readings
    from sdr_assets.monitor_data import send_outcomes, sends_with_verdicts
    with world.warehouse.connect() as con:
        readings = window_readings(send_outcomes(sends_with_verdicts(con)), world.now,
                                   world.resources["policy"].deliverability_limits())
    paused = blocking(readings, "sam@outreach.example")
    assert paused is not None, "precondition: the complaint puts the mailbox over the line"
    follow_ups = len(world.outbox()) - len(first)
    assert follow_ups == 0, (
        f"{follow_ups} follow-up(s) went out from a mailbox the guard pauses ({paused.message}); "
        f"send step said: {outcome}")
