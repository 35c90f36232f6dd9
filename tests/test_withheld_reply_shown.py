"""A message the IMAP server lists and never hands over (its FETCH answers ``BODY[] NIL`` on every
read) is shown to a person: `sdr status` and the replies run's metadata name its UID and the mailbox it
waits in, while sends and the reply sensor go on; once the server hands it over, the next replies run
stores it and it is shown no more."""

from datetime import timedelta
from pathlib import Path

import dagster as dg
from rich.console import Console

from resources.config import Paths
from resources.settings import SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.cli_summary import print_summary
from sdr_assets.replies import raw_replies
from sdr_assets.reply_intake import sending_blocker
from sdr_assets.status import collect_status
from tests.imap_backlog import T0, mailbox, raw
from tests.mail.imap_server import ImapTestServer


def _read(warehouse: Warehouse, server: ImapTestServer) -> dg.ExecuteInProcessResult:
    return dg.materialize([raw_replies], resources={
        "warehouse": warehouse, "mailbox": mailbox(server), "policy": SendPolicy(now_override=T0.isoformat())})


def _status(warehouse: Warehouse, tmp_path: Path) -> dict:
    folders = {name: str(tmp_path / name) for name in ("signals", "plays", "reference", "exports")}
    for folder in folders.values():
        Path(folder).mkdir(exist_ok=True)
    paths = Paths(signals_inbox=folders["signals"], plays_dir=folders["plays"], reference_dir=folders["reference"],
                  exports_dir=folders["exports"], data_dir=str(tmp_path))
    return collect_status(warehouse, paths, T0)


def test_a_message_the_server_never_hands_over_is_named_in_status_and_the_runs_metadata(tmp_path, capsys):
    with ImapTestServer(username="reader", password="s3cret") as server:
        for n in (1, 2, 3):
            server.append(raw(n))
        server.withheld.add(2)
        warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))
        for _ in range(2):  # withheld on every read
            result = _read(warehouse, server)
        metadata = result.asset_materializations_for_node("raw_replies")[0].metadata
        where = mailbox(server).position_name()
        assert metadata["withheld_messages"].value == 1
        assert "UID 2" in metadata["withheld"].value and where in metadata["withheld"].value
        status = _status(warehouse, tmp_path)
        assert [(w["mailbox"], w["uid"]) for w in status["withheld_replies"]] == [(where, "UID 2")]
        print_summary(Console(width=300), status, [])
        printed = capsys.readouterr().out
        assert "UID 2" in printed and where in printed, printed
        with warehouse.connect() as con:  # a state, not a stop: sends go on
            assert sending_blocker(con, T0, timedelta(minutes=5)) is None
        server.withheld.clear()
        _read(warehouse, server)
        assert _status(warehouse, tmp_path)["withheld_replies"] == []
    with warehouse.connect() as con:
        assert con.execute("select count(*) from raw_replies").fetchone()[0] == 3
