"""Replies already taken into ``suppression_events`` and ``sequence_holds`` are read again, every one
once, when the rules that read them change (a release that accepts an opt-out target it rejected, or
works a hold out otherwise); under the same rules, a run reads only the replies new since."""

from datetime import UTC, datetime, timedelta

import polars as pl

from resources.defaults import build_resources
from resources.tables import transaction
from resources.warehouse import Warehouse, frame_of, replace_rows
from sdr_assets import hold_fold, suppression
from sdr_assets.domain import suppression as rules
from sdr_assets.replies import CLASSIFICATION_SCHEMA
from tests.suppression_folds import fold_suppressions

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
BASE = {name: None for name in CLASSIFICATION_SCHEMA} | {"recipients": "[]", "optout_targets": "[]"}


def _optout(n: int, targets: str) -> dict:
    return {**BASE, "message_id": f"<u{n}@acme>", "kind": "human", "label": "unsubscribe", "optout_targets": targets,
            "optout_via": "unsubscribe_reply", "received_at": NOW - timedelta(days=n)}


def _listed(resources) -> set[str]:
    with resources["warehouse"].connect() as con:
        return {row[0] for row in con.execute("select email from suppression_list").fetchall()}


def test_an_opt_out_target_the_new_rules_accept_is_suppressed_from_a_reply_read_before(tmp_path, monkeypatch):
    resources = build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": NOW.isoformat()})
    rows = [_optout(1, '["ann@acme.example", "bob@intranet"]')]

    def store() -> None:
        with resources["warehouse"].connect() as con:
            replace_rows(con, "reply_classifications", pl.DataFrame(rows, schema=CLASSIFICATION_SCHEMA))

    store()
    fold_suppressions(resources)
    assert _listed(resources) == {"ann@acme.example"}, "the old rules reject an address whose domain has no dot"

    # A release whose rules accept such an address (an intranet mail domain), its digest with them.
    accept = rules.canonical_address
    monkeypatch.setattr(rules, "canonical_address", lambda text: text if text.endswith("@intranet") else accept(text))
    monkeypatch.setattr(suppression, "suppression_digest", lambda: "rules that accept an intranet domain",
                        raising=False)
    with resources["warehouse"].connect() as con:
        pending = {e.target for e in suppression.pending_from_replies(con, suppression.read_events(con))}
    assert pending == {"bob@intranet"}, "before any run, a send reads the opt-out the new rules find"
    fold_suppressions(resources)
    assert _listed(resources) == {"ann@acme.example", "bob@intranet"}, "the reply read before is read again"

    rows.append(_optout(2, '["cat@acme.example"]'))
    store()
    with resources["warehouse"].connect() as con:
        read = {r["message_id"] for r in suppression.owing_replies(con, unread=True)}
    assert read == {"<u2@acme>"}, "under the same rules, only the new reply is read"
    fold_suppressions(resources)
    assert _listed(resources) == {"ann@acme.example", "bob@intranet", "cat@acme.example"}


def test_holds_are_worked_out_again_for_every_reply_when_their_rules_change(tmp_path, monkeypatch):
    rows = [{**BASE, "message_id": f"<h{i}@acme>", "contact_email": f"p{i}@acme.example", "kind": "human",
             "label": "not_interested", "received_at": NOW - timedelta(days=i)} for i in range(1, 4)]
    with Warehouse(path=str(tmp_path / "w.duckdb")).connect() as con:
        replace_rows(con, "reply_classifications", pl.DataFrame(rows, schema=CLASSIFICATION_SCHEMA))
        with transaction(con):
            hold_fold.fold_holds(con, NOW)
        assert hold_fold.holds_current(con, NOW)

        # A release whose rules word a hold's reason otherwise, its digest with them.
        works_out = hold_fold.holds_from
        monkeypatch.setattr(hold_fold, "holds_from", lambda frame, now: works_out(frame, now).with_columns(
            reason=pl.lit("new rules: ") + pl.col("reason")))
        monkeypatch.setattr(hold_fold, "hold_digest", lambda: "rules that word a reason otherwise", raising=False)
        assert not hold_fold.holds_current(con, NOW), "holds worked out under other rules are not current"
        with transaction(con):
            assert hold_fold.fold_holds(con, NOW) is None, "a change of rules folds every reply again"
        reasons = [row[0] for row in con.execute("select reason from sequence_holds").fetchall()]
        assert len(reasons) == 3 and all(r.startswith("new rules: ") for r in reasons), reasons
        assert hold_fold.holds_current(con, NOW)

        rows.append({**rows[0], "message_id": "<h9@acme>", "contact_email": "p9@acme.example"})
        replace_rows(con, "reply_classifications", pl.DataFrame(rows, schema=CLASSIFICATION_SCHEMA))
        with transaction(con):
            assert hold_fold.fold_holds(con, NOW + timedelta(hours=1)) == 1, "under the same rules, one person"
        assert frame_of(con, "select * from sequence_holds").height == 4


def test_the_list_is_folded_whole_again_when_its_rules_change(tmp_path, monkeypatch):
    from sdr_assets.suppression import add_entry, fold_list, lift_entry

    with Warehouse(path=str(tmp_path / "w.duckdb")).connect() as con:
        add_entry(con, tmp_path, "ann@acme.example", "Dana", "asked on the phone", NOW)
        lift_entry(con, tmp_path, "ann@acme.example", "Dana", "she asked again", NOW + timedelta(hours=1))
        add_entry(con, tmp_path, "bob@acme.example", "Dana", "asked on the phone", NOW)
        assert {row[0] for row in con.execute("select email from suppression_list").fetchall()} == {"bob@acme.example"}

        # A release whose rules keep a person's entry through a lift, its digest with them.
        monkeypatch.setattr(rules, "UNLIFTABLE", rules.UNLIFTABLE | {"manual"})
        monkeypatch.setattr(suppression, "suppression_digest", lambda: "rules that keep a manual entry")
        with transaction(con):
            assert fold_list(con) == 2, "a change of rules folds the list whole"
        listed = {row[0] for row in con.execute("select email from suppression_list").fetchall()}
        assert listed == {"ann@acme.example", "bob@acme.example"}
        with transaction(con):
            assert fold_list(con) == 0, "under the same rules, a list that holds every event folds nothing"
