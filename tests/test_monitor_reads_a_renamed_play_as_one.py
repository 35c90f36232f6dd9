"""The monitor reads a renamed play as one play: what it sent under its former name is its own
history (README, "Approving plays"), so a rename does not set its complaints back to none, and the
pauses the monitor records name the play as its file does now, so its owner is told.

Real send step, triage and monitor (``tests/send_world.py``), default monitor settings."""

from sdr_assets.incremental import LayerConfig
from sdr_assets.monitoring import play_monitor
from resources.store.approvals import approval_status
from sdr_assets.playbook import load_plays
from tests.send_world import PLAY, _body, complaint, first_emails_sent
from tests.test_renamed_play import NEW, _approve_new, _rename, _send_new


def test_complaints_before_and_after_a_rename_count_together(tmp_path):
    world = first_emails_sent(tmp_path)
    first = world.outbox()
    _rename(world, 0)  # the same copy under a new name, approved again as a new name needs
    _approve_new(world)
    world.advance(3 * 24 * 60)
    _send_new(world)
    follow_ups = world.outbox()[4:]
    assert len(follow_ups) == 4, "precondition: the renamed play sent its follow-ups"
    world.advance(60)
    # Two people mark the mail as spam: one the first email (sent under the old name), one the follow-up.
    world.deliver(complaint(first[0].address, first[0].message_id, world.now))
    world.deliver(complaint(follow_ups[1].address, follow_ups[1].message_id, world.now))
    world.process()
    r = world.resources
    list(_body(play_monitor)(config=LayerConfig(), warehouse=r["warehouse"], policy=r["policy"], paths=r["paths"]))
    with world.warehouse.connect() as con:
        pauses = con.execute("select scope, play, scope_value from monitor_pauses where event = 'pause' "
                             "and scope in ('play', 'segment') order by pause_id").fetchall()
        readings = {p for (p,) in con.execute("select distinct play from monitor_readings where play is not null")
                    .fetchall()}
        status = approval_status(con, load_plays(world.root / "plays").plays[NEW], "live").status
    assert pauses and {play for _, play, _ in pauses} == {NEW}, (
        f"2 complaints in 8 sends of one play, one before its rename to {NEW} and one after, recorded "
        f"pauses {pauses}; the monitor read {sorted(readings)} as separate plays")
    assert readings == {NEW}, f"the monitor's readings name {sorted(readings)}, not the play as its file names it"
    assert status == "paused_by_monitor", status
