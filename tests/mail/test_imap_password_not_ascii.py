"""An IMAP password that is not ASCII, as a real user's may be, is refused in one line that does not show it."""

from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg

sys.path.insert(0, str(Path(__file__).parent))
from imap_server import ImapTestServer  # noqa: E402

from resources.imap import ImapMailbox  # noqa: E402

NOW = "2026-03-02T10:00:00+00:00"
PASSWORD = "Grüße-Zürich-2026"


def test_a_password_imaplib_cannot_send_is_a_one_line_refusal_that_does_not_show_it(tmp_path, instance):
    from resources.settings import SendPolicy
    from resources.warehouse import Warehouse
    from sdr_assets.replies import raw_replies

    with ImapTestServer(username="reader", password="s3cret") as server:
        mailbox = ImapMailbox(host="127.0.0.1", port=server.port, username="reader", password=PASSWORD,
                              security="none", timeout_seconds=5.0)
        warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
        result = dg.materialize([raw_replies], resources={"warehouse": warehouse, "mailbox": mailbox,
                                                          "policy": SendPolicy(now_override=NOW)},
                                raise_on_error=False, instance=instance)
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    data = failure.step_failure_data
    shown = f"{data.error.to_string() if data.error else ''} {data.user_failure_data}"
    assert data.user_failure_data is not None, f"a refusal in one line, not a stack trace: {data.error.message}"
    assert "ü" not in shown and "\\xfc" not in shown, shown
