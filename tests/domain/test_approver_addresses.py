"""An approver named by an email address is judged by the name its address gives: a machine's or a
shared mailbox's address (``system@acme.com``, ``noreply@acme.com``) names nobody, as its name alone
does, while a person's address names her."""

import copy
from pathlib import Path

import duckdb
import pytest
import yaml

from resources.store.approvals import approval_status, history, record_decision
from sdr_assets.domain.approvals import ApprovalError, person_name, status_of
from sdr_assets.domain.plays import parse_play

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "plays"


@pytest.fixture
def play():
    return parse_play(copy.deepcopy(yaml.safe_load((SHIPPED / "revops-hiring.yaml").read_text(encoding="utf-8"))))


@pytest.fixture
def con():
    connection = duckdb.connect(":memory:")
    yield connection
    connection.close()


MACHINE_ADDRESSES = ["system@acme.com", "admin@acme.com", "root@localhost", "bot@acme.com", "dagster@acme.com",
                     "SDR@acme.com", " sdr-bot@acme.com ", "noreply@acme.com", "no-reply@acme.com",
                     "postmaster@acme.com", "mailer-daemon@acme.com", "your.name@acme.com"]


@pytest.mark.parametrize("address", MACHINE_ADDRESSES)
def test_a_machine_address_names_nobody(con, play, address):
    assert person_name(address) is None
    with pytest.raises(ApprovalError, match="reviewer's own name"):
        record_decision(con, play, play.version_hash, "approve", address)
    assert history(con, play.name) == []


@pytest.mark.parametrize("address", MACHINE_ADDRESSES)
def test_a_stored_approval_by_a_machine_address_never_opens_the_gate(play, address):
    trail = [{"decision_id": 1, "version_hash": play.version_hash, "decision": "approve", "decided_by": address,
              "decided_at": None, "note": "", "mode": "live"}]
    assert status_of(play, trail).status == "pending"


@pytest.mark.parametrize("address", ["dana@acme.com", "dana.whitfield@acme.com", "d.whitfield@acme.com",
                                     "lee.ops@acme.com"])
def test_a_person_s_address_names_her(con, play, address):
    record_decision(con, play, play.version_hash, "approve", address)
    assert approval_status(con, play).approved_by == address
