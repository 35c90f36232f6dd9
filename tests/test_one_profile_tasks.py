"""A LinkedIn task goes to the person, as the send step mails her: when one LinkedIn profile joins two
addresses (found under two company domains, each sent a first email before research knew the
profile), her unsubscribe at one address, or her reply there, gives the other address no task either.
A LinkedIn note to the profile of a person who asked us to stop is outreach to her all the same."""

from pathlib import Path

from tests.send_world import World, human_reply
from tests.test_renamed_play_tasks import PLAY, file_and_approve, noted_yaml, send, tasks

COM, IO = "jane@acme.example", "jane@acme-io.example"
PROFILE = "https://www.linkedin.com/in/jane-doe/"


def _both_first_emails_then_her_profile(tmp_path: Path) -> World:
    world = World(tmp_path, [COM, IO])
    send(world, file_and_approve(world, noted_yaml(PLAY, 0)))
    assert {s.address for s in world.outbox()} == {COM, IO}
    with world.warehouse.connect() as con:  # research finds her profile under both domains
        con.execute("update message_drafts set linkedin_url = ?, contact_name = 'Jane Doe'", [PROFILE])
    world.advance(24 * 60 + 10)
    return world


def test_her_unsubscribe_at_one_address_gives_the_other_no_task(tmp_path: Path):
    world = _both_first_emails_then_her_profile(tmp_path)
    to_com = next(s.send_key for s in world.outbox() if s.address == COM)
    world.click(COM, to_com)

    handed = tasks(world, PLAY)

    assert handed.get(COM, (None, None))[1] != "open", handed
    assert handed.get(IO, (None, None))[1] != "open", f"she unsubscribed, and got a LinkedIn task at her other address: {handed}"


def test_her_reply_at_one_address_gives_the_other_no_task(tmp_path: Path):
    world = _both_first_emails_then_her_profile(tmp_path)
    to_com = next(s.message_id for s in world.outbox() if s.address == COM)
    world.deliver(human_reply(COM, "Not interested, thanks.", to_com, world.now))
    world.process()

    handed = tasks(world, PLAY)

    assert handed.get(COM, (None, None))[1] != "open", handed
    assert handed.get(IO, (None, None))[1] != "open", f"she replied, and got a LinkedIn task at her other address: {handed}"


def test_an_open_task_is_withdrawn_when_she_unsubscribes_at_her_other_address(tmp_path: Path):
    world = _both_first_emails_then_her_profile(tmp_path)
    assert {k: v[1] for k, v in tasks(world, PLAY).items()} == {COM: "open", IO: "open"}
    to_com = next(s.send_key for s in world.outbox() if s.address == COM)
    world.click(COM, to_com)

    from sdr_assets.task_records import withdraw_tasks_of_suppressed
    with world.warehouse.connect() as con:
        withdraw_tasks_of_suppressed(con, world.root, world.now)
        statuses = dict(con.execute("select contact_email, status from linkedin_tasks").fetchall())

    assert statuses == {COM: "withdrawn", IO: "withdrawn"}, statuses
