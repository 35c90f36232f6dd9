"""Outside the demo, the demo's reviewer names nobody, also beside other machine words
("the demo" as "the monitor" is refused, "sdr-demo" as "sdr-bot")."""

import copy
from pathlib import Path

import duckdb
import pytest
import yaml

from resources.store.approvals import approval_status, history, record_decision
from sdr_assets.domain.approvals import ApprovalError
from sdr_assets.domain.plays import parse_play

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "plays"


@pytest.mark.parametrize("person", ["the demo", "sdr demo", "sdr-demo", "demo-bot", "demo user", "Demo System"])
def test_a_name_of_the_demo_and_machine_words_approves_nothing_outside_the_demo(person):
    play = parse_play(copy.deepcopy(yaml.safe_load((SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8"))))
    with duckdb.connect() as con:
        with pytest.raises(ApprovalError, match="reviewer's own name"):
            record_decision(con, play, play.version_hash, "approve", person, mode="live")
        assert history(con, play.name) == []
        assert not approval_status(con, play, "live").approved
