"""An approval taken under an administrator's or a shared account's name names nobody, however it is
spelled out: 'Administrator', 'Sysadmin', 'Superuser', 'Admin Account', 'Service Account', 'Unknown
User' and such an address are refused as 'admin', 'root' and 'user' are, and no decision is recorded."""

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


@pytest.mark.parametrize("person", ["Administrator", "ADMINISTRATOR", "administrator@acme.com", "Sysadmin",
                                    "Superuser", "Admin Account", "Service Account", "Unknown User",
                                    "System Administrator"])
def test_an_administrators_or_shared_accounts_name_approves_nothing(play, person):
    con = duckdb.connect(":memory:")
    with pytest.raises(ApprovalError, match="reviewer's own name"):
        record_decision(con, play, play.version_hash, "approve", person)
    assert history(con, play.name) == []


@pytest.mark.parametrize("person", ["Dana Whitfield", "Sam Account-Smith", "Ada Adminova"])
def test_a_persons_name_near_those_words_stays_hers(person):
    assert person_name(person) == person
