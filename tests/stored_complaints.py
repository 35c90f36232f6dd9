"""A warehouse holding a ledger and the complaints that name its messages, as triage stores them."""

from __future__ import annotations

import duckdb

from sdr_assets.domain.deliverability import SendOutcome
from sdr_assets.sends import LEDGER_DDL


def stored(con: duckdb.DuckDBPyConnection, outcomes: list[SendOutcome]) -> duckdb.DuckDBPyConnection:
    """``con`` with one sent message per outcome and a complaint naming each one that drew one."""
    con.execute(LEDGER_DDL)
    con.execute("create table reply_classifications (message_id varchar, send_key varchar, kind varchar, "
                "label varchar, hard boolean, recipients varchar, received_at timestamptz)")
    keys = [f"k{i}" for i in range(len(outcomes))]
    con.executemany("insert into send_ledger (send_key, play, play_version, contact_email, company_domain, mailbox, "
                    "step, status, message_id, sent_at) values (?, 'p', 'v', ?, 'x.example', ?, 1, 'sent', ?, ?)",
                    [[k, f"{k}@x.example", o.mailbox, f"<sdr-{k}@outreach.example>", o.sent_at]
                     for k, o in zip(keys, outcomes, strict=True)])
    con.executemany("insert into reply_classifications values (?, ?, 'complaint', null, null, ?, ?)",
                    [[f"<arf-{k}@isp.example>", k, f'["{k}@x.example"]', o.complaint_at]
                     for k, o in zip(keys, outcomes, strict=True) if o.complaint])
    return con
