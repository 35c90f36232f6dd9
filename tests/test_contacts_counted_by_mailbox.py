"""The reply summary counts a contact once, however her address was spelled in the ledger."""

from datetime import UTC, datetime

import dagster as dg
import duckdb

from resources.settings import PipelinePaths
from resources.tables import frame_of
from resources.warehouse import Warehouse
from sdr_assets.analytics import reply_rate_summary
from sdr_assets.sends import LEDGER_DDL

SENT = datetime(2026, 11, 18, 9, tzinfo=UTC)
# One mailbox spelled three ways (a Unicode domain, its ASCII form, another case) and another person.
SENDS = [("k1", 1, "josé.núñez@bücher.example"), ("k2", 2, "josé.núñez@xn--bcher-kva.example"),
         ("k3", 3, "José.Núñez@Bücher.example"), ("k4", 1, "ann@acme.example")]


def test_the_summary_counts_one_contact_per_mailbox_not_per_spelling(tmp_path, instance):
    path = str(tmp_path / "warehouse.duckdb")
    with duckdb.connect(path) as con:
        con.execute(LEDGER_DDL)
        for key, step, address in SENDS:
            con.execute("insert into send_ledger (send_key, play, play_version, contact_email, mailbox, step, "
                        "variant, signal_type, status, sent_at, company_domain) values (?, 'p', 'v1', ?, "
                        "'sam@outreach.example', ?, 'a', 'hiring', 'sent', ?, 'x.example')",
                        [key, address, step, SENT])
    warehouse = Warehouse(path=path)
    paths = PipelinePaths(signals_inbox=str(tmp_path), plays_dir=str(tmp_path / "plays"), reference_dir=str(tmp_path),
                          exports_dir=str(tmp_path / "exports"))
    assert dg.materialize([reply_rate_summary], resources={"warehouse": warehouse, "paths": paths},
                          instance=instance).success
    with warehouse.connect() as con:
        row = frame_of(con, "select emails_sent, contacts from reply_rate_summary where play = 'p'").row(0)
    assert row == (4, 2)
