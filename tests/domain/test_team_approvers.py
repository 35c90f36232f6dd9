"""An approval taken under a team's, a shared login's or a tool's name names nobody: 'Sales Team',
'RevOps', 'Guest', 'Dagster UI', 'Automation' and the like are refused as 'admin' is, and no decision
is recorded; a person whose name holds such a word keeps hers."""

import copy
from pathlib import Path

import duckdb
import pytest
import yaml

from resources.store.approvals import history, record_decision
from sdr_assets.domain.approvals import ApprovalError, person_name
from sdr_assets.domain.plays import parse_play

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "plays"


@pytest.fixture
def play():
    return parse_play(copy.deepcopy(yaml.safe_load((SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8"))))


@pytest.mark.parametrize("person", ["Sales Team", "RevOps", "RevOps Team", "Dagster UI", "Guest", "Automation",
                                    "Bot", "System", "Ops Team", "sales-ops", "revops@acme.com", "Marketing Dept"])
def test_a_teams_or_tools_name_approves_nothing(play, person):
    con = duckdb.connect(":memory:")
    with pytest.raises(ApprovalError, match="reviewer's own name"):
        record_decision(con, play, play.version_hash, "approve", person)
    assert history(con, play.name) == []


@pytest.mark.parametrize("person", ["Dana Whitfield", "Edgar Guest", "Anna Bot", "Teamster Jones", "Rosa Sales",
                                    "Dana Whitfield (RevOps)", "ops-2", "Uiara Costa"])
def test_a_persons_name_holding_such_a_word_stays_hers(person):
    assert person_name(person) == person
