"""A play the monitor paused, renamed in its file without an edit (the same version,
"the same play" per the README), must not send again until a person resumes it.

Real send step, real triage and the real monitor asset (``tests/send_world.py``); the monitor's
play threshold is lowered through ``SendPolicy`` (as ``tests/monitor_world.strict_segments`` does)
so the world's four contacts can trip it: two refusals pause the play, two contacts stay silent
and are due a follow-up."""

from datetime import timedelta

import dagster as dg

from sdr_assets.decisions import decide
from sdr_assets.incremental import LayerConfig
from sdr_assets.monitoring import play_monitor
from tests.approving import current_version
from tests.send_world import CONTACTS, PLAY, Spelling, World, _body, first_emails_sent, human_reply
from tests.test_renamed_play import NEW, _rename, _send_new


def _monitor(world) -> None:
    r = world.resources
    policy = r["policy"].model_copy(update={"monitor_threshold": 1.5})
    list(_body(play_monitor)(config=LayerConfig(), warehouse=r["warehouse"], policy=policy, paths=r["paths"]))


def _pauses(world) -> list[tuple]:
    with world.warehouse.connect() as con:
        return con.execute("select scope, play, play_version from monitor_pauses where event = 'pause'").fetchall()


def test_a_paused_play_renamed_without_an_edit_stays_paused(tmp_path):
    world = first_emails_sent(tmp_path)
    first = world.outbox()
    world.advance(6 * 60)
    for sent in first[:2]:
        world.deliver(human_reply(sent.address, "No thanks, not interested.", sent.message_id, world.now))
    world.process()
    _monitor(world)
    assert _pauses(world) == [("play", PLAY, world.version)], "precondition: the monitor paused the play"

    world.advance(3 * 24 * 60)  # the silent contacts' follow-ups are due
    assert world.send().startswith("refused"), "precondition: the paused play sends nothing"
    assert len(world.outbox()) == 4

    # Someone renames the play (no edit: same content, same version hash) and approves the new name,
    # as a new name needs (README "Approving plays").
    _rename(world, 0)
    try:
        decide(NEW, "approve", "Lee Ops", "renamed for the EU team", current_version(NEW, world.root / "plays"),
               warehouse_path=world.warehouse.path, plays_dir=world.root / "plays", mode="live")
    except Exception:  # a refusal naming the monitor's pause is one correct outcome
        pass
    try:
        _send_new(world)
    except dg.Failure:
        pass
    after = world.outbox()
    assert len(after) == 4, (
        f"the monitor paused {PLAY} at version {world.version}; the same copy renamed {NEW} sent "
        f"{len(after) - 4} more message(s) ({sorted(s.address for s in after[4:])}) with no resume")


def test_a_segment_paused_for_a_play_stays_paused_once_the_play_is_renamed(tmp_path):
    """The same for a segment pause: it holds every later version of the play until a person resumes
    (README, "The monitor"); a rename with no edit is not even a new version."""
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    with world.warehouse.connect() as con:
        con.execute("create table enriched_accounts (play varchar, company_domain varchar, industry varchar)")
        for name in (PLAY, NEW):  # enrichment keys accounts by the play's name; Ann's is her own at Acme
            con.execute("insert into enriched_accounts values (?, 'bücher.example', 'Software'), "
                        "(?, 'acme.example', 'Healthcare'), (?, 'contact2.acme.example', 'Healthcare'), "
                        "(?, 'sub.fjord.example', 'Software')", [name] * 4)
    world.decide("approve")
    assert world.send() == "sent"
    first = world.outbox()
    jane = next(s for s in first if s.address.startswith("jane"))
    world.advance(6 * 60)
    world.deliver(human_reply(jane.address, "No thanks, not interested.", jane.message_id, world.now))
    world.process()
    r = world.resources
    policy = r["policy"].model_copy(update={"monitor_segment_threshold": 0.5})
    list(_body(play_monitor)(config=LayerConfig(), warehouse=r["warehouse"], policy=policy, paths=r["paths"]))
    with world.warehouse.connect() as con:
        assert con.execute("select scope, scope_value from monitor_pauses").fetchall() == [("segment", "healthcare")]

    world.advance(3 * 24 * 60)
    control = world.copied_to(tmp_path / "control")  # under its own name the pause holds
    assert control.send() == "sent"
    held = sorted(s.address for s in control.outbox()[4:])
    assert held and not [a for a in held if a.endswith("@acme.example")], held
    _rename(world, 0)
    decide(NEW, "approve", "Lee Ops", "renamed for the EU team", current_version(NEW, world.root / "plays"),
           warehouse_path=world.warehouse.path, plays_dir=world.root / "plays", mode="live")
    _send_new(world)
    mailed = sorted(s.address for s in world.outbox()[4:])
    assert not [a for a in mailed if a.endswith("@acme.example")], (
        f"the monitor paused segment healthcare for {PLAY}; renamed {NEW} (same version) mailed {mailed}")
