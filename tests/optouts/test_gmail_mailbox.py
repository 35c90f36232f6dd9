"""One Gmail mailbox under several spellings (dots in the local part, googlemail.com) is one
suppression for the send step and for `sdr suppress lift`, while mail goes to the address as written."""

import pytest

from resources.warehouse import Warehouse
from sdr_assets import optout_log
from sdr_assets.domain.suppression import SuppressionError
from sdr_assets.suppression import add_entry, current_suppressions, ingest_log, lift_entry, read_events
from tests.send_world import START, World

JANE = "jane.doe@gmail.com"


def test_the_send_step_refuses_a_gmail_mailbox_suppressed_under_another_spelling(tmp_path):
    world = World(tmp_path, [JANE, "sam@acme.example"])
    world.decide("approve")
    world.suppress("janedoe@googlemail.com")  # she asked by phone, and the note has another spelling
    assert world.send() == "sent"
    assert [s.address for s in world.outbox()] == ["sam@acme.example"], "the suppressed Gmail mailbox was mailed"
    with world.warehouse.connect() as con:
        statuses = dict(con.execute("select contact_email, status from send_ledger").fetchall())
    assert statuses[JANE] == "suppressed", "recorded under the address as written"


@pytest.fixture
def con(tmp_path):
    with Warehouse(path=str(tmp_path / "w.duckdb")).connect() as connection:
        yield connection


def test_lifting_one_gmail_spelling_lifts_the_mailbox_but_never_its_unsubscribe(con, tmp_path):
    add_entry(con, tmp_path, "jane.doe@gmail.com", "Dana", "asked by phone", START)
    add_entry(con, tmp_path, "janedoe+news@googlemail.com", "Dana", "asked again", START)
    assert lift_entry(con, tmp_path, "JaneDoe@gmail.com", "Dana", "entered by mistake", START) == ["manual"]
    assert current_suppressions(con, tmp_path).reason_for("j.a.n.e.doe@gmail.com") is None
    assert sorted(e.target for e in read_events(con) if e.action == "lift") == [
        "jane.doe@gmail.com", "janedoe+news@googlemail.com"], "one lift per spelling, each as it was written"

    optout_log.append(tmp_path, "k1", "jane.doe@googlemail.com", START)
    ingest_log(con, tmp_path)
    with pytest.raises(SuppressionError, match="unsubscribe_link cannot be lifted"):
        lift_entry(con, tmp_path, "janedoe@gmail.com", "Dana", "she called us", START)
    assert current_suppressions(con, tmp_path).reason_for(JANE) == "unsubscribe_link"
