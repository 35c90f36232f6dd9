"""A replies run whose inputs are as it left them is not launched again, a reply without a Date among
them: ``sequence_holds`` reads such a reply on every run (its hold follows the clock), but a hold that
does not move with the clock, or has not moved yet, leaves the run unlaunched."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage

import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.replies import holds_unchanged
from tests.conftest import RUN_NOW
from tests.monitor_world import REVOPS, deliver, query_warehouse, sent_messages
from tests.test_unchanged_replies import _replies


def _dateless(send, text: str) -> bytes:
    """A reply from the contact of ``send`` saying ``text``, with no Date header."""
    _, message_id, contact, sender, subject, _ = send
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = contact, sender, f"Re: {subject}"
    msg["Message-ID"] = f"<undated-{message_id.strip('<>')}>"
    msg["In-Reply-To"] = msg["References"] = message_id
    msg.set_content(text + "\n")
    return bytes(msg)


@pytest.mark.opening("revops_sent")
def test_a_settled_run_with_a_dateless_reply_launches_nothing(defs, resources, instance, environ):
    deliver(resources, [_dateless(sent_messages(resources, REVOPS)[0], "No thanks, not interested.")])
    report, launched = _replies(defs, instance)
    assert launched and not report.failed
    assert query_warehouse(resources, "select count(*) from reply_classifications where received_at is null")[0][0] == 1
    later = datetime.fromisoformat(RUN_NOW) + timedelta(minutes=5)
    with build_resources(environ(SDR_NOW=later.isoformat()))["warehouse"].connect(read_only=True) as con:
        assert holds_unchanged(con, later), "her stop does not move with the clock: the holds stand as folded"
    report, launched = _replies(build_definitions(build_resources(environ(SDR_NOW=later.isoformat()))), instance)
    assert not launched and report.unchanged == ["replies_job"], "nothing moved: no run launched"


def test_holds_that_follow_the_clock_stand_until_the_day_moves_them(tmp_path):
    import polars as pl

    from resources.tables import transaction
    from resources.warehouse import Warehouse, replace_rows
    from sdr_assets.hold_fold import fold_holds, holds_current
    from sdr_assets.replies import CLASSIFICATION_SCHEMA

    now = datetime.fromisoformat(RUN_NOW)
    base = {name: None for name in CLASSIFICATION_SCHEMA}
    rows = [{**base, "message_id": "<ooo@acme>", "contact_email": "ann@acme.example", "kind": "out_of_office"},
            {**base, "message_id": "<no@acme>", "contact_email": "bob@acme.example", "kind": "human",
             "label": "not_interested"}]
    with Warehouse(path=str(tmp_path / "w.duckdb")).connect() as con:
        replace_rows(con, "reply_classifications", pl.DataFrame(rows, schema=CLASSIFICATION_SCHEMA))
        with transaction(con):
            fold_holds(con, now)
        assert holds_current(con, now + timedelta(hours=1)), "the same day: Ann's pause and Bob's stop stand"
        assert not holds_current(con, now + timedelta(days=2)), "two days on, Ann's undated absence pauses her later"
        rows.append({**base, "message_id": "<q@acme>", "contact_email": "cat@acme.example", "kind": "human",
                     "label": "question"})
        replace_rows(con, "reply_classifications", pl.DataFrame(rows, schema=CLASSIFICATION_SCHEMA))
        assert not holds_current(con, now + timedelta(hours=1)), "a new undated reply is folded"
        rows[1] = {**rows[1], "label": "interested"}
        replace_rows(con, "reply_classifications", pl.DataFrame(rows[:2], schema=CLASSIFICATION_SCHEMA))
        assert not holds_current(con, now + timedelta(hours=1)), "an undated reply read again otherwise is folded"
