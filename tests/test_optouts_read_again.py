"""Replies stored under older triage rules are read again once the rules change: an opt-out the older
rules missed ("Please take me off your list.") is recorded as a fresh one would be, and nothing else moves.

The older rules are the current ones less that wording, under another digest; the replies job's assets
(``tests/send_world.py``) run on a world whose four contacts got the first email.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
from datetime import timedelta
from pathlib import Path

import pytest

from resources.model import OfflineModel
from sdr_assets import replies
from sdr_assets.cli import app
from sdr_assets.escalations import escalations
from sdr_assets.inbox import ensure_tables, load_queue, with_suppressions
from sdr_assets.incremental import LayerConfig
from sdr_assets.reply_rereads import by_rules_alone, record_reread, rules_moved
from sdr_assets.reread_records import last_reread
from sdr_assets.rule_digest import triage_digest
from sdr_assets.triage import classify, labels, quotes
from sdr_assets.triage.labels import label_reply
from sdr_assets.triage.result import MAY_ASK_TO_STOP
from tests.command_line import CommandLine
from tests.send_world import _body, bounce, first_emails_sent, human_reply

MISSED = "Please take me off your list."
REPLIES = Path(__file__).resolve().parent / "fixtures" / "replies"


class CountingModel(OfflineModel):
    """The offline labeller, counting each reply it is asked about: a model call, as triage sees it."""

    def reply_labeller(self, cache=None):
        def labelled(text: str):
            calls.append(text)
            return label_reply(text)

        return labelled


calls: list[str] = []


@pytest.fixture
def world(tmp_path):
    calls.clear()
    world = first_emails_sent(tmp_path)
    world.resources["model"] = CountingModel()
    return world


def _sent(world, prefix: str):
    return next(s for s in world.outbox() if s.address.startswith(prefix))


def _under_older_rules(world, digest: str = "older-rules") -> dict:
    """A replies run under rules that miss ``MISSED``, whose digest is ``digest``."""
    current = labels.is_unsubscribe

    def older(text: str) -> bool:
        return current(text) and "off your list" not in text.lower()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(labels, "is_unsubscribe", older)
        patch.setattr(classify, "is_unsubscribe", older)
        patch.setattr(replies, "triage_digest", lambda: digest)
        return world.process()


def _stored(world, address: str) -> tuple:
    with world.warehouse.connect() as con:
        return con.execute("select label, read_by from reply_classifications where from_addr = ?",
                           [address.lower()]).fetchone()


def _status(world) -> str:
    env = {"SDR_DATA_DIR": str(world.root), "SDR_NOW": world.now.isoformat(), "SDR_SECRET": "property-test-secret",
           "DAGSTER_HOME": str(world.root / "dagster_home")}
    result = CommandLine().invoke(app, ["status"], env=env)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def _handled_by_a_person(world) -> None:
    """The one stored reply logged in an escalation that a person then handled."""
    with world.warehouse.connect() as con:
        message_id = con.execute("select message_id from reply_classifications").fetchone()[0]
        ensure_tables(con)
        for action, message in (("reply", message_id), ("handle", None)):
            con.execute("insert into escalation_events (escalation_id, action, actor, acted_at, recorded_at, "
                        "message_id) values ('e1', ?, 'Dana Whitfield', ?, ?, ?)",
                        [action, world.now, world.now, message])


def _escalate(world) -> None:
    r = world.resources
    _body(escalations)(config=LayerConfig(), warehouse=world.warehouse, model=r["model"], paths=r["paths"],
                       policy=r["policy"], escalation_policy=r["escalation_policy"])


def _deliver(world, sent, text: str, minutes: int) -> None:
    world.deliver(human_reply(sent.address, text, sent.message_id, world.now + timedelta(minutes=minutes)))


def test_an_optout_the_older_rules_missed_is_suppressed_after_one_run_without_a_model_call(world):
    jane, ann, jos = _sent(world, "jane"), _sent(world, "ann"), _sent(world, "jos")
    _deliver(world, jane, MISSED, 5)
    _deliver(world, ann, "Sounds good, send me the deck.", 6)
    world.deliver(bounce(jos.address, jos.message_id, world.now + timedelta(minutes=7), hard=False))
    _under_older_rules(world)
    assert _stored(world, jane.address)[0] != "unsubscribe"
    assert world.suppressed(jane.address) is None
    asked = len(calls)

    metadata = world.process()
    assert _stored(world, jane.address) == ("unsubscribe", triage_digest())
    assert world.suppressed(jane.address) == "unsubscribe_reply"  # her sequence ends: she is never mailed again
    assert (metadata["read_again_under_new_rules"], metadata["optouts_found_under_new_rules"]) == (2, 1), metadata
    assert len(calls) == asked  # read again by the rules alone: no model call
    with world.warehouse.connect() as con:
        note = con.execute("select note from suppression_events where target = ?",
                           [jane.address.lower()]).fetchone()[0]
        assert note == f"triage rules {triage_digest()}"
        assert last_reread(con)["optouts_found"] == 1
    assert "2 read, 1 opt-out(s) the earlier rules missed recorded." in _status(world)
    # Nothing else moved: Ann's reply keeps its label, the delay report its handling.
    assert _stored(world, ann.address)[0] == "interested" and world.suppressed(ann.address) is None
    assert world.suppressed(jos.address) is None

    again = world.process()
    assert (again["read_again_under_new_rules"], again["optouts_found_under_new_rules"]) == (0, 0), again


def test_an_interested_reply_over_her_companys_footer_stays_interested_when_read_again(world):
    """The footer below her sign-off ("If you would prefer not to receive marketing emails from Acme,
    please unsubscribe") is Acme's notice to its readers: reading it under new rules records no opt-out."""
    ann = _sent(world, "ann")
    _deliver(world, ann, "Great, Thursday 2pm works for me.\n\nBest,\nAnn\n\n________________________________\n"
             "This email may contain confidential information. If you would prefer not to receive marketing emails "
             "from Acme, please unsubscribe or reply REMOVE.", 5)
    with pytest.MonkeyPatch.context() as patch:  # older rules: nothing below her sign-off read
        patch.setattr(classify, "written_text", quotes.visible_text)
        patch.setattr(replies, "triage_digest", lambda: "older-rules")
        world.process()
    assert _stored(world, ann.address)[0] == "interested"

    metadata = world.process()
    assert (metadata["read_again_under_new_rules"], metadata["optouts_found_under_new_rules"]) == (1, 0), metadata
    assert _stored(world, ann.address)[0] == "interested" and world.suppressed(ann.address) is None


def test_rules_whose_version_did_not_change_read_nothing_again(world):
    jane = _sent(world, "jane")
    _deliver(world, jane, MISSED, 5)
    _under_older_rules(world, digest=triage_digest())
    metadata = world.process()
    assert metadata["read_again_under_new_rules"] == 0
    assert world.suppressed(jane.address) is None


def test_an_optout_found_in_a_reply_a_person_handled_keeps_its_handling(world):
    jane = _sent(world, "jane")
    _deliver(world, jane, MISSED, 5)
    _under_older_rules(world)
    label, read_by = _stored(world, jane.address)
    _handled_by_a_person(world)
    metadata = world.process()
    assert _stored(world, jane.address) == (label, read_by)
    assert world.suppressed(jane.address) is None
    assert (metadata["read_again_under_new_rules"], metadata["optouts_found_under_new_rules"],
            metadata["optouts_found_kept_as_handled"]) == (1, 0, 1), metadata
    assert "1 more in replies a person handled, left as handled" in _status(world)


def test_an_open_escalation_whose_reply_now_reads_as_an_optout_shows_it(world):
    jane = _sent(world, "jane")
    _deliver(world, jane, MISSED, 5)
    _under_older_rules(world)
    _escalate(world)
    with world.warehouse.connect() as con:
        [before] = load_queue(con, world.now)
    assert before["status"] == "open" and before["label"] != "unsubscribe"
    world.process()
    _escalate(world)
    with world.warehouse.connect() as con:
        [after] = with_suppressions(load_queue(con, world.now), con, world.root)
    assert (after["escalation_id"], after["status"]) == (before["escalation_id"], "open")
    assert (after["label"], after["suppressed"], after["opted_out"]) == ("unsubscribe", "unsubscribe_reply", True)


def test_the_rules_are_looked_over_again_only_when_their_digest_moves(tmp_path):
    world = first_emails_sent(tmp_path)
    world.process()
    with world.warehouse.connect() as con:
        record_reread(con, "rules-a", world.now, 0, [], [])
        assert not rules_moved(con, "rules-a", world.now)
        assert rules_moved(con, "rules-b", world.now)


def test_a_stored_reply_read_again_keeps_its_label_unless_the_optout_rule_takes_it():
    given = by_rules_alone("interested", None, 0.91)
    assert given("Sounds good, send me the deck.") == ("interested", None, 0.91)
    assert given(MISSED) == ("unsubscribe", None, 0.97)
    assert by_rules_alone(None, None, None)("Sounds good, send me the deck.") == label_reply(
        "Sounds good, send me the deck.")


def _answering(world, name: str, sent, minutes: int) -> None:
    """Deliver the reply fixture ``name``, sent from the contact of ``sent`` and answering it."""
    message = email.message_from_bytes((REPLIES / name).read_bytes(), policy=email.policy.default)
    for header, value in (("From", sent.address), ("In-Reply-To", sent.message_id), ("References", sent.message_id),
                          ("Date", email.utils.format_datetime(world.now + timedelta(minutes=minutes)))):
        del message[header]
        message[header] = value
    world.deliver(message.as_bytes())


def _without_the_optout_model(world) -> None:
    """A replies run under older rules that lacked the opt-out model's mark."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(classify, "may_ask_to_stop", lambda text: False)
        patch.setattr(replies, "triage_digest", lambda: "older-rules")
        world.process()


def _stored_reading(world, address: str) -> tuple:
    with world.warehouse.connect() as con:
        return con.execute("select label, needs_review, reason from reply_classifications where from_addr = ?",
                           [address.lower()]).fetchone()


def _queued(world) -> list[dict]:
    _escalate(world)
    with world.warehouse.connect() as con:
        return load_queue(con, world.now)


def test_a_reply_the_new_rules_find_may_ask_to_stop_goes_to_a_person_with_her_mail_held(world):
    """"Cut it out with the emails, mate. Not interested.": older rules without the opt-out model closed it as a
    plain decline; the new rules' model marks it, and a person reads it as on a first reading."""
    jane = _sent(world, "jane")
    _answering(world, "requests_to_stop/decline_in_words_the_rule_lacks.eml", jane, 5)
    _without_the_optout_model(world)
    assert _stored_reading(world, jane.address) == ("not_interested", False, None)

    metadata = world.process()
    assert _stored_reading(world, jane.address) == ("not_interested", True, MAY_ASK_TO_STOP)
    assert (metadata["read_again_under_new_rules"], metadata["may_ask_to_stop_found_under_new_rules"]) == (1, 1)
    assert world.suppressed(jane.address) is None
    assert jane.mailbox in world.stopped()
    [queued] = _queued(world)
    assert queued["status"] == "open" and queued["may_ask_to_stop"]


def test_an_interested_reply_over_words_of_opting_out_below_her_sign_off_is_marked_when_read_again(world):
    """"Thursday 2pm works for me" over "Remove me from your list." below her sign-off: older rules read nothing
    below it; the new ones send it to a person, marked as possibly asking to stop, and suppress nobody."""
    ann = _sent(world, "ann")
    _answering(world, "own_words/interested_over_opt_out_line_below_signoff.eml", ann, 5)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(classify, "written_text", quotes.visible_text)
        patch.setattr(replies, "triage_digest", lambda: "older-rules")
        world.process()
    assert _stored_reading(world, ann.address)[2] is None

    metadata = world.process()
    assert _stored_reading(world, ann.address) == ("interested", True, MAY_ASK_TO_STOP)
    assert metadata["may_ask_to_stop_found_under_new_rules"] == 1
    assert world.suppressed(ann.address) is None
    [queued] = _queued(world)
    assert queued["may_ask_to_stop"] and queued["label"] == "interested"


def test_a_reply_that_may_ask_to_stop_a_person_handled_keeps_its_handling(world):
    jane = _sent(world, "jane")
    _answering(world, "requests_to_stop/decline_in_words_the_rule_lacks.eml", jane, 5)
    _without_the_optout_model(world)
    _handled_by_a_person(world)
    metadata = world.process()
    assert _stored_reading(world, jane.address) == ("not_interested", False, None)
    assert metadata["may_ask_to_stop_found_under_new_rules"] == 0


def test_a_reply_the_new_rules_find_may_ask_to_stop_is_recorded_with_the_reread_and_shown_in_status(world):
    """The replies sent to a person by a reading under new rules are kept with it, as the opt-outs it found are, and
    ``sdr status`` names how many wait for a person, their mail held."""
    jane = _sent(world, "jane")
    _answering(world, "requests_to_stop/decline_in_words_the_rule_lacks.eml", jane, 5)
    _without_the_optout_model(world)
    world.process()
    with world.warehouse.connect() as con:
        [message_id] = con.execute("select message_id from reply_classifications").fetchone()
        reread = last_reread(con)
    assert (reread["read_again"], reread["optouts_found"], reread["may_ask_to_stop_found"]) == (1, 0, 1), reread
    assert reread["may_ask_to_stop_ids"] == [message_id]
    assert "1 read, 0 opt-out(s) the earlier rules missed recorded; 1 that may ask to stop sent to a person" in _status(
        world)


def test_a_reread_record_of_an_earlier_layout_gains_the_replies_sent_to_a_person(world):
    """A warehouse whose ``reply_rereads`` predates them: its last reading shows none, and the next is recorded whole."""
    world.process()
    with world.warehouse.connect() as con:
        con.execute("create table reply_rereads (rules varchar primary key, read_at timestamptz not null, "
                    "read_again bigint not null, optouts_found bigint not null, kept_as_handled bigint not null, "
                    "message_ids varchar not null)")
        con.execute("insert into reply_rereads values ('rules-a', ?, 3, 1, 0, '[\"m1\"]')", [world.now])
        assert last_reread(con)["may_ask_to_stop_found"] == 0
        record_reread(con, "rules-b", world.now + timedelta(minutes=1), 2, [], [], ["m2"])
        assert (last_reread(con)["may_ask_to_stop_found"], last_reread(con)["may_ask_to_stop_ids"]) == (1, ["m2"])
