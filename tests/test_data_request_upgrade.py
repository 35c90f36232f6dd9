"""A warehouse stored before triage kept the data-request mark: the upgrade reads the stored replies for
it, and an erasure request read before it ("Please erase my details.") is suppressed as the opt-out it is."""

from datetime import timedelta

import pytest

from sdr_assets import replies
from sdr_assets.inbox import ensure_tables
from sdr_assets.triage import classify
from tests.send_world import first_emails_sent, human_reply


def test_an_erasure_read_before_the_mark_was_kept_is_suppressed_on_upgrade(tmp_path):
    world = first_emails_sent(tmp_path)
    jane, ann = (next(s for s in world.outbox() if s.address.startswith(p)) for p in ("jane", "ann"))
    world.deliver(human_reply(jane.address, "Please erase my details.", jane.message_id,
                              world.now + timedelta(minutes=5)))
    world.deliver(human_reply(ann.address, "Sounds good, send me the deck.", ann.message_id,
                              world.now + timedelta(minutes=6)))
    _processed_by_an_earlier_version(world)
    with world.warehouse.connect() as con:
        assert con.execute("select label from reply_classifications where from_addr = ?",
                           [jane.address.lower()]).fetchone()[0] != "unsubscribe"
    assert world.suppressed(jane.address) is None
    world.process()
    with world.warehouse.connect() as con:
        stored = {r[0]: r[1:] for r in con.execute("select from_addr, label, data_request from reply_classifications")
                  .fetchall()}
    assert stored[jane.address.lower()] == ("unsubscribe", True)
    assert stored[ann.address.lower()][1] is False and len(stored) == 2
    assert world.suppressed(jane.address) == "unsubscribe_reply"
    assert world.suppressed(ann.address) is None


def test_an_upgrade_that_fails_after_reading_the_marks_reads_the_erasure_again_on_the_next_run(tmp_path):
    """The run that added the mark fails before it stored what triage read again: the next run, which finds the
    column, still reads the erasure request again, and she is suppressed."""
    world = first_emails_sent(tmp_path)
    jane = next(s for s in world.outbox() if s.address.startswith("jane"))
    world.deliver(human_reply(jane.address, "Please erase my details.", jane.message_id,
                              world.now + timedelta(minutes=5)))
    _processed_by_an_earlier_version(world)

    def fail(*args, **kwargs):
        raise RuntimeError("the run stops before its rows are stored")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(replies, "merge_rows", fail)
        with pytest.raises(Exception, match="the run stops"):
            world.process()
    with world.warehouse.connect() as con:
        assert "data_request" in {r[0] for r in con.execute("describe reply_classifications").fetchall()}
    assert world.suppressed(jane.address) is None
    world.process()
    assert world.suppressed(jane.address) == "unsubscribe_reply"


def test_an_erasure_read_on_upgrade_whose_sender_wrote_again_since_goes_to_a_person_not_suppressed(tmp_path):
    """"Please erase my details.", then "Actually, let's talk next week.": read again on upgrade, the request goes
    to a person, who decides on the opt-out; nothing is suppressed behind the later reply's back."""
    world = first_emails_sent(tmp_path)
    jane = next(s for s in world.outbox() if s.address.startswith("jane"))
    world.deliver(human_reply(jane.address, "Please erase my details.", jane.message_id,
                              world.now + timedelta(minutes=5)))
    world.deliver(human_reply(jane.address, "Actually, ignore that: let's talk next week.", jane.message_id,
                              world.now + timedelta(hours=5)))
    _processed_by_an_earlier_version(world)
    world.process()
    with world.warehouse.connect() as con:
        stored = con.execute("select label, needs_review, data_request from reply_classifications "
                             "where visible_text like 'Please erase%'").fetchall()
    assert stored[0][0] != "unsubscribe" and stored[0][1:] == (True, True)
    assert world.suppressed(jane.address) is None


def test_an_erasure_read_on_upgrade_that_a_person_handled_since_goes_to_a_person_not_suppressed(tmp_path):
    world = first_emails_sent(tmp_path)
    jane = next(s for s in world.outbox() if s.address.startswith("jane"))
    world.deliver(human_reply(jane.address, "Please erase my details.", jane.message_id,
                              world.now + timedelta(minutes=5)))
    _processed_by_an_earlier_version(world)
    with world.warehouse.connect() as con:
        message_id = con.execute("select message_id from reply_classifications").fetchone()[0]
        ensure_tables(con)
        for action, message in (("reply", message_id), ("handle", None)):
            con.execute("insert into escalation_events (escalation_id, action, actor, acted_at, recorded_at, "
                        "message_id) values ('e1', ?, 'sam', ?, ?, ?)", [action, world.now, world.now, message])
    world.process()
    with world.warehouse.connect() as con:
        stored = con.execute("select label, needs_review, data_request from reply_classifications").fetchall()
    assert stored[0][0] != "unsubscribe" and stored[0][1:] == (True, True)
    assert world.suppressed(jane.address) is None


def test_the_upgrade_pass_reports_the_erasures_it_read_again_and_those_it_left_to_a_person(tmp_path):
    """Two erasure requests read before the mark was kept, one whose sender wrote again since: the first run
    after the upgrade reads both again and leaves one to a person; the next run reads none again."""
    world = first_emails_sent(tmp_path)
    jane, ann, other = (next(s for s in world.outbox() if s.address.startswith(p)) for p in ("jane", "ann", "jos"))
    for n, (sent, text) in enumerate(((jane, "Please erase my details."), (ann, "Bitte unsere Daten löschen."),
                                      (ann, "Actually, ignore that: let's talk next week."),
                                      (other, "Sounds good, send me the deck."))):
        world.deliver(human_reply(sent.address, text, sent.message_id, world.now + timedelta(minutes=5 + n * 60)))
    _processed_by_an_earlier_version(world)
    with world.warehouse.connect() as con:
        ids = dict(con.execute("select visible_text, message_id from reply_classifications").fetchall())
    metadata = world.process()
    assert (metadata["erasures_read_again"], metadata["erasures_left_to_a_person"]) == (2, 1), metadata
    assert metadata["erasures_read_again_ids"].value == sorted(
        [ids["Please erase my details."], ids["Bitte unsere Daten löschen."]])
    assert world.suppressed(jane.address) == "unsubscribe_reply" and world.suppressed(ann.address) is None
    again = world.process()
    assert (again["erasures_read_again"], again["erasures_left_to_a_person"]) == (0, 0), again
    assert again["erasures_read_again_ids"].value == []


def _processed_by_an_earlier_version(world) -> None:
    """The world's replies triaged as a version before the mark did: no erasure read, no column for the mark."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(classify, "read_request", lambda text: (False, False))
        patch.setattr(classify, "is_data_request", lambda text: False)
        patch.setattr(classify, "asks_erasure", lambda text: False)
        world.process()
    with world.warehouse.connect() as con:
        con.execute("alter table reply_classifications drop column data_request")
