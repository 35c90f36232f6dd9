"""A suppression lifted by a person (an entry made by mistake) lets the contact's message go, once; a lift
lifts its own mailbox alone, and an opt-out carried over from an earlier layout is kept."""

from datetime import UTC, datetime

import duckdb

from resources.warehouse import Warehouse, one
from sdr_assets.domain.addresses import person_key
from sdr_assets.suppression import add_entry, current_suppressions, ingest_log, lift_entry, read_events
from tests.send_world import World

ANN, BEN = "ann.lee@acme.example", "ben.ray@acme.example"


def _statuses(world: World) -> dict[str, str]:
    with world.warehouse.connect() as con:
        return dict(con.execute("select lower(contact_email), status from send_ledger where step = 1").fetchall())


def test_a_lifted_suppression_lets_the_first_message_go_once(tmp_path):
    world = World(tmp_path, [ANN, BEN])
    world.suppress(ANN)
    world.decide("approve")
    assert world.send() == "sent"
    assert _statuses(world) == {ANN: "suppressed", BEN: "sent"}
    assert world.send() == "sent" and _statuses(world)[ANN] == "suppressed", "still suppressed: nothing changes"

    with world.warehouse.connect() as con:
        assert lift_entry(con, world.root, ANN, "Dana Whitfield", "entered by mistake", world.now)
    world.advance(60 * 24)
    assert world.send() == "sent"
    world.advance(60 * 24)
    assert world.send() == "sent"
    assert _statuses(world) == {ANN: "sent", BEN: "sent"}
    assert sorted(s.address for s in world.outbox() if s.address == ANN) == [ANN], "mailed once, after the lift"
    with world.warehouse.connect() as con:
        (rows,) = one(con, "select count(*) from send_ledger where lower(contact_email) = ? and step = 1", [ANN])
    assert rows == 1, "the refusal was taken over, not duplicated"


AT = datetime(2026, 11, 20, 9, tzinfo=UTC)


def test_lifting_a_mailbox_whose_local_part_is_a_tag_alone_leaves_the_domains_entry(tmp_path):
    """``+x@acme.example`` without its tag would read as the whole domain: it keeps its tag, so its lift
    lifts its own entry and not ``@acme.example``'s."""
    assert person_key("+x@acme.example") == "+x@acme.example" and person_key("ann+x@acme.example") == "ann@acme.example"
    with Warehouse(path=str(tmp_path / "w.duckdb")).connect() as con:
        add_entry(con, tmp_path, "@acme.example", "Dana", "their legal team asked", AT)
        add_entry(con, tmp_path, "+x@acme.example", "Dana", "a list address", AT)
        lift_entry(con, tmp_path, "+x@acme.example", "Dana", "it is a person after all", AT)
        events = [(e.target, e.action) for e in read_events(con)]
        assert current_suppressions(con, tmp_path).reason_for("ann@acme.example") == \
            "manual (domain @acme.example)", events
    assert ("@acme.example", "lift") not in events


def test_an_opt_out_the_reply_derived_list_kept_without_a_date_is_carried_over_into_the_events(tmp_path):
    """A warehouse of before the event log: its list held an opt-out from a reply with no readable Date."""
    path = str(tmp_path / "w.duckdb")
    with duckdb.connect(path) as old:
        old.execute("create table suppression_list (email varchar, reason varchar, source_message_id varchar, "
                    "added_at timestamptz)")
        old.execute("insert into suppression_list values ('gone@acme.example', 'unsubscribe', '<u1@x>', null)")
    with Warehouse(path=path).connect() as con:
        assert current_suppressions(con, tmp_path).reason_for("gone@acme.example") is not None
        ingest_log(con, tmp_path)
        assert current_suppressions(con, tmp_path).reason_for("gone@acme.example") is not None, \
            "the opt-out was lost when the list was carried over into events"
