"""Every play has a row in `reply_rate_summary`, one that sent nothing too, with why it sent nothing."""

from datetime import UTC, datetime

import dagster as dg

from resources.tables import frame_of
from sdr_assets.analytics import reply_rate_summary
from sdr_assets.playbook import load_plays
from sdr_assets.sends import LEDGER_DDL
from sdr_assets.status import collect_status
from tests.approving import approve

SENT = datetime(2026, 11, 18, 9, tzinfo=UTC)


def _summary(resources: dict, instance: dg.DagsterInstance) -> dict[str, dict]:
    assert dg.materialize([reply_rate_summary], resources=resources, instance=instance).success
    with resources["warehouse"].connect() as con:
        frame = frame_of(con, "select * from reply_rate_summary order by play")
    return {r["play"]: r for r in frame.iter_rows(named=True)}


def test_a_play_that_sent_nothing_has_a_row_of_zeros_that_says_why(resources, instance):
    plays = sorted(load_plays(resources["paths"].plays).plays)
    first, second = plays[:2]
    rows = _summary(resources, instance)
    assert sorted(rows) == plays
    assert {r["state"] for r in rows.values()} == {"waiting for approval"}
    assert rows[first]["emails_sent"] == rows[first]["delivered"] == rows[first]["contacts"] == 0
    assert rows[first]["reply_rate"] is None and rows[first]["bounce_rate"] is None
    assert (rows[first]["reply_rate_low"], rows[first]["reply_rate_high"]) == (0.0, 1.0)

    approve(resources, first)
    rows = _summary(resources, instance)
    assert rows[first]["state"] == "no sends yet", "approved, and nothing sent: a state the analyst sees"
    assert rows[second]["state"] == "waiting for approval"

    with resources["warehouse"].connect() as con:
        con.execute(LEDGER_DDL)
        con.execute("insert into send_ledger (send_key, play, play_version, contact_email, mailbox, step, variant, "
                    "signal_type, status, sent_at, company_domain) values ('k1', ?, 'v1', 'ann@acme.example', "
                    "'sam@outreach.example', 1, 'a', 'hiring', 'sent', ?, 'acme.example')", [first, SENT])
    rows = _summary(resources, instance)
    assert (rows[first]["state"], rows[first]["emails_sent"], rows[first]["reply_rate"]) == ("sent", 1, 0.0)
    assert sorted(rows) == plays and rows[second]["state"] == "waiting for approval"

    status = collect_status(resources["warehouse"], resources["paths"])["sends_by_play"]
    assert {p: (c["sent"], c["state"]) for p, c in status.items()} == {
        p: (r["emails_sent"], r["state"]) for p, r in rows.items()}, "sdr status --json counts the same plays"
