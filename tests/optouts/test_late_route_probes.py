"""A probe that reaches the replies mailbox after `sdr suppress probe` stopped waiting proves its
route once the replies run has read it: `sdr status` stops warning of it without another probe."""

import duckdb

from sdr_assets.domain.reply_ids import header_message_id
from sdr_assets.replies import RAW_REPLY_DDL
from tests.conftest import RUN_NOW
from tests.optouts.test_mailto_route import DOMAIN
from tests.optouts.test_sender_routes import PROBE, _session, _world


def _read_by_the_replies_run(tmp_path, raws: list[bytes]) -> None:
    """Store ``raws`` as the replies run stores what it reads from the mailbox."""
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.execute(RAW_REPLY_DDL)
        for raw in raws:
            con.execute("insert into raw_replies values (?, ?, ?, ?)", [header_message_id(raw), "late", raw, RUN_NOW])


def test_a_probe_that_arrives_after_the_wait_proves_its_route_once_the_replies_run_reads_it(tmp_path):
    _world(tmp_path)
    (probe, before), handler = _session(tmp_path, [PROBE, ["status"]])
    assert probe.exit_code == 1, probe.output
    assert "warning: mail to jordan@outreach.example" in before.output, before.output
    late = [d["raw"] for d in handler.delivered if d["rcpt_tos"] == ["jordan@outreach.example"]]
    _read_by_the_replies_run(tmp_path, late)
    (after,), _ = _session(tmp_path, [["status"]])
    assert after.exit_code == 0, after.output
    assert "warning: mail to jordan@outreach.example" not in after.output, after.output


def test_a_refused_probe_stays_unproven_whatever_the_replies_run_read(tmp_path):
    _world(tmp_path, **{"series-b-funding": "rejected-desk@outreach.example"})
    (probe,), _ = _session(tmp_path, [PROBE])
    assert probe.exit_code == 1, probe.output
    _read_by_the_replies_run(tmp_path, [b"From: a@b.example\r\nMessage-ID: <other@b.example>\r\n\r\nhi\r\n"])
    (after,), _ = _session(tmp_path, [["status"]])
    assert "warning: mail to rejected-desk@outreach.example" in after.output, after.output


def test_a_late_probe_of_the_unsubscribe_address_proves_its_route_too(tmp_path):
    _world(tmp_path)
    everything = {f"unsubscribe@{DOMAIN}", "alex@outreach.example", "sam@outreach.example", "jordan@outreach.example"}
    (probe,), handler = _session(tmp_path, [PROBE], routed=everything - {f"unsubscribe@{DOMAIN}"})
    assert probe.exit_code == 1, probe.output
    _read_by_the_replies_run(tmp_path, [d["raw"] for d in handler.delivered if d["rcpt_tos"] == [f"unsubscribe@{DOMAIN}"]])
    (after,), _ = _session(tmp_path, [["status"]], routed=everything)
    assert after.exit_code == 0 and "warning: mail to" not in after.output, after.output
