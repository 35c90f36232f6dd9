"""A send's outcome is simulated only where the demo's market runs: in the demo's own folder.

On a live warehouse a demo-mode approval (the Launchpad's demo config, `decide(..., mode="demo")`)
counts for nothing at the gate, and an `X-SDR-Simulated` header is anyone's to write: neither may
hide real sends and real replies from the notebooks.
"""

import mailbox
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from resources.config import DEMO_MARKER
from resources.defaults import build_resources
from resources.tables import frame_of
from sdr_assets.assembly import build_definitions
from sdr_assets.runner import run_due
from tests.approving import approve
from tests.conftest import environ_for
from tests.replies import reply_to

REVOPS = "revops-hiring"
REPLY_AT = datetime(2026, 11, 20, 15, tzinfo=UTC)


def test_live_sends_are_real_beside_a_demo_approval_the_gate_ignored(data_dir, instance):
    resources = build_resources(environ_for(data_dir))
    approve(resources, REVOPS, mode="demo")  # tried with the demo's configuration first: counts nowhere here
    approve(resources, REVOPS, mode="live")
    assert not run_due(build_definitions(resources), instance).failed
    with resources["warehouse"].connect() as con:
        sent = con.execute("select count(*) from send_ledger where status = 'sent' and play = ?",
                           [REVOPS]).fetchone()[0]
        perf = frame_of(con, "select * from reply_performance where play = ?", [REVOPS])
        funnel = frame_of(con, "select * from outreach_funnel where play = ?", [REVOPS])
    assert sent > 0
    assert int(perf.filter(pl.col("simulated"))["sent"].sum()) == 0, "real sends flagged simulated"
    assert int(perf["sent"].sum()) == sent
    assert funnel.filter(~pl.col("simulated"))["contacts_emailed"].sum() == sent


def _reply_with_simulated_header(resources, defs, instance) -> pl.DataFrame:
    with resources["warehouse"].connect() as con:
        sent = frame_of(con, "select * from send_ledger where status = 'sent' and play = ? order by send_key limit 1",
                        [REVOPS]).row(0, named=True)
    mailbox.Maildir(resources["mailbox"].path, create=True).add(
        reply_to(sent, "Not interested, please do not write again.", REPLY_AT, X_SDR_Simulated="true"))
    assert defs.resolve_job_def("replies_job").execute_in_process(instance=instance).success
    with resources["warehouse"].connect() as con:
        return frame_of(con, "select * from reply_performance where play = ?", [REVOPS])


@pytest.mark.opening("revops_sent")
def test_a_live_reply_is_real_whatever_its_headers_say(resources, defs, instance):
    perf = _reply_with_simulated_header(resources, defs, instance)
    assert int(perf.filter(pl.col("simulated"))["sent"].sum()) == 0, "a live send is flagged simulated"
    assert int(perf.filter(~pl.col("simulated"))["human_replies"].sum()) == 1


@pytest.mark.opening("revops_sent")
def test_in_the_demos_folder_the_markets_header_marks_its_reply_simulated(resources, defs, instance):
    (Path(resources["paths"].data_dir) / DEMO_MARKER).write_text("marked as `sdr demo` marks its folder\n")
    perf = _reply_with_simulated_header(resources, defs, instance)
    simulated = perf.filter(pl.col("simulated"))
    assert (int(simulated["sent"].sum()), int(simulated["human_replies"].sum())) == (1, 1)


def test_a_reply_stored_as_simulated_before_the_rule_counts_as_real_on_a_live_warehouse(tmp_path):
    """Classification never revisits a stored row: the flag a former classifier gave a live reply
    from its header is read for what it is worth there, nothing."""
    import duckdb

    from sdr_assets.ledger_counts import send_replies
    from sdr_assets.performance import _per_send
    from sdr_assets.replies import CLASSIFICATION_SCHEMA
    from sdr_assets.sends import LEDGER_DDL

    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))  # a live folder: no demo marker
    con.execute(LEDGER_DDL)
    con.execute("insert into send_ledger (send_key, play, play_version, contact_email, mailbox, step, status, "
                "message_id, sent_at, company_domain, variant, signal_type) values ('k1', 'p', 'v', "
                "'ann@acme.example', 'sam@outreach.example', 1, 'sent', '<m1@x>', ?, 'acme.example', 'a', 'hiring')",
                [datetime(2026, 11, 2, 9, tzinfo=UTC)])
    row = {"message_id": "<r1@acme.example>", "message_key": "k", "send_key": "k1", "play": "p",
           "contact_email": "ann@acme.example", "kind": "human", "label": "interested", "simulated": True,
           "received_at": datetime(2026, 11, 3, tzinfo=UTC), "optout_targets": "[]"}
    con.register("_c", pl.DataFrame([row], schema=CLASSIFICATION_SCHEMA))
    con.execute("create table reply_classifications as select * from _c")
    sends = _per_send(con)
    assert sends.select("send_key", "simulated", "human").rows() == [("k1", False, True)]
    with send_replies(con) as replies:  # what `sdr status`, the summary and the monitor count from
        assert con.execute(f"select send_key, simulated_reply, human from ({replies})").fetchall() == [
            ("k1", False, True)]
