"""`sdr status` prints every play of the ledger in its Plays table, a play whose file was
removed (retired) too, so the per-play figures add up to "messages sent" and agree with `--json`
and `reply_rate_summary` (README: "Every play of the play book (and of the ledger) has a row")."""

import json
import re
import shutil
from datetime import UTC, datetime

import duckdb

from sdr_assets.cli import app
from sdr_assets.sends import LEDGER_DDL
from tests.command_line import CommandLine
from tests.conftest import PLAYS, RUN_NOW

SENT = datetime(2026, 11, 18, 9, tzinfo=UTC)
RETIRED = "retired-play"


def _folder(tmp_path):
    shutil.copytree(PLAYS, tmp_path / "plays")
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute(LEDGER_DDL)
    for i in range(3):
        con.execute("insert into send_ledger (send_key, play, play_version, contact_email, mailbox, step, variant, "
                    "signal_type, status, sent_at, company_domain) values (?, ?, 'v1', ?, 'sam@outreach.example', 1, "
                    "'a', 'hiring', 'sent', ?, 'acme.example')", [f"k{i}", RETIRED, f"p{i}@acme.example", SENT])
    con.close()
    return {"SDR_DATA_DIR": str(tmp_path), "SDR_MODE": "live", "SDR_NOW": RUN_NOW}


def test_a_play_whose_file_was_removed_keeps_its_row_in_the_status_plays_table(tmp_path):
    env = _folder(tmp_path)
    runner = CommandLine()
    as_json = json.loads(runner.invoke(app, ["status", "--json"], env=env).stdout)
    assert as_json["sends_by_play"][RETIRED]["sent"] == 3  # --json counts it
    result = runner.invoke(app, ["status"], env={**env, "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    total = int(re.search(r"messages sent\s*│\s*(\d+)", result.stdout).group(1))
    assert total == 3
    rows = [line for line in result.stdout.splitlines() if line.startswith("│") and "signals" not in line]
    sent_column = {cells[0]: int(cells[4]) for line in rows
                   if len(cells := [c.strip() for c in line.strip("│").split("│")]) == 9}
    assert RETIRED in sent_column, f"the 3 emails {RETIRED} sent are in 'messages sent' but in no play's row:\n" \
                                   + result.stdout
    assert sum(sent_column.values()) == total


def test_a_play_whose_file_has_a_typo_keeps_its_sends_in_the_status_plays_table(tmp_path):
    """`channel: fax` in the file holds the play (README); what it sent stays in its row of the table."""
    env = _folder(tmp_path)
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute("update send_ledger set play = 'series-b-funding'")
    con.close()
    path = tmp_path / "plays" / "series-b-funding.yaml"
    path.write_text(path.read_text().replace("channel: email", "channel: fax", 1))
    result = CommandLine().invoke(app, ["status"], env={**env, "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Invalid play file" in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    sent_column = {cells[0]: int(cells[4]) for line in rows
                   if len(cells := [c.strip() for c in line.strip("│").split("│")]) == 9}
    assert sent_column.get("series-b-funding") == 3, result.stdout


def test_a_play_two_files_claim_keeps_its_sends_in_the_status_plays_table(tmp_path):
    """Two files declaring one name hold the play (README); its row says so and still counts its sends."""
    env = _folder(tmp_path)
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute("update send_ledger set play = 'revops-hiring'")
    con.close()
    shutil.copy(tmp_path / "plays" / "revops-hiring.yaml", tmp_path / "plays" / "revops-hiring-copy.yaml")
    result = CommandLine().invoke(app, ["status"], env={**env, "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    cells = {c[0]: c for line in rows
             if len(c := [x.strip() for x in line.strip("│").split("│")]) == 9}
    assert "held" in cells["revops-hiring"][2]
    assert cells["revops-hiring"][4] == "3", result.stdout
