"""Every ``--by`` that records a person's decision names a person, by the approval gate's rule.

Accepting a proposed referral makes a person the play never researched a contact its next run
mails; resolving a send as not sent lets the next run send it; a suppression, a task, an
escalation or a meeting is recorded under the name. "Your Name" pasted as printed, "bot" or
"system" names nobody, and each command refuses it in one line before it reads or writes anything.
"""

from __future__ import annotations

import pytest

from resources.config import WarehouseFile, resolve_paths
from sdr_assets import referrals
from sdr_assets.cli import app
from sdr_assets.domain.approvals import DEMO_REVIEWER
from tests.command_line import CommandLine

REFERRAL = "jane.roe@acme.example"
RULE = ("--by needs the name of the person taking the decision, your own (--by \"Dana Whitfield\"): at least two "
        "letters, no invisible characters, no placeholder or machine's name")

# Every command whose --by records a person's decision, with the arguments it needs besides.
COMMANDS = {
    "approve": ["approve", "revops-hiring", "--version", "abc123"],
    "reject": ["reject", "revops-hiring"],
    "revoke": ["revoke", "revops-hiring"],
    "resume": ["resume", "revops-hiring", "--version", "abc123"],
    "referrals accept": ["referrals", "accept", REFERRAL],
    "claim": ["claim", "k3v9qa"],
    "note": ["note", "k3v9qa", "called her"],
    "snooze": ["snooze", "k3v9qa", "--until", "2026-12-07"],
    "handled": ["handled", "k3v9qa", "--outcome", "other"],
    "sends resolve": ["sends", "resolve", "KEY", "--not-sent"],
    "suppress add": ["suppress", "add", REFERRAL, "--reason", "asked by phone"],
    "suppress lift": ["suppress", "lift", REFERRAL, "--reason", "entered by mistake"],
    "tasks done": ["tasks", "done", "3f9a1c2b7d4e"],
    "tasks skip": ["tasks", "skip", "3f9a1c2b7d4e", "--reason", "no profile found"],
    "meetings import": ["meetings", "import", "MEETINGS"],
}


def _sdr(tmp_path, command: str, by: str):
    meetings = tmp_path / "meetings.csv"
    meetings.write_text("Invitee Email,Start Date & Time,Canceled\n", encoding="utf-8")
    args = [str(meetings) if a == "MEETINGS" else a for a in COMMANDS[command]]
    env = {"SDR_DATA_DIR": str(tmp_path / "data"), "SDR_NOW": "2026-11-20T09:00:00+00:00", "SDR_MODE": "live"}
    return CommandLine().invoke(app, [*args, "--by", by], env=env)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", ["Your Name", "bot", "system", " "])
def test_a_decision_by_a_name_that_names_nobody_is_refused_before_anything_is_read(tmp_path, command, name):
    result = _sdr(tmp_path, command, name)
    said = f"'{name}' names nobody: {RULE}" if name.strip() else RULE
    assert (result.exit_code, result.stderr, result.stdout) == (1, f"error: {said}\n", "")
    assert not (tmp_path / "data").exists(), "refused before the command opened the data folder"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_decision_by_a_named_person_is_taken_past_the_name(tmp_path, command):
    result = _sdr(tmp_path, command, "Dana Whitfield")
    assert "names nobody" not in result.output and RULE not in result.output, result.output
    assert result.exit_code in (0, 1) and not result.output.startswith("Usage"), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def _proposed(tmp_path, name: str = "w.duckdb") -> WarehouseFile:
    warehouse = WarehouseFile(path=str(tmp_path / name))
    with warehouse.connect() as con:
        con.execute("create table escalations (play varchar, contact_email varchar, message_id varchar, "
                    "proposed_contacts varchar)")
        con.execute("insert into escalations values ('p', 'ann@acme.example', '<m1>', ?)", [REFERRAL])
        con.execute("create table send_ledger (play varchar, contact_email varchar, company_domain varchar, status varchar)")
        con.execute("insert into send_ledger values ('p', 'ann@acme.example', 'acme.example', 'sent')")
    return warehouse


def test_a_named_person_accepts_a_referral(tmp_path):
    warehouse = _proposed(tmp_path)
    assert referrals.accept(warehouse, REFERRAL, " Dana Whitfield ")["accepted_by"] == "Dana Whitfield"
    with warehouse.connect() as con:
        assert set(referrals.accepted_contacts(con)) == {("p", "acme.example")}


@pytest.mark.parametrize("name", ["Your Name", "bot", "system"])
def test_a_referral_is_not_accepted_by_a_name_that_names_nobody(tmp_path, name):
    warehouse = _proposed(tmp_path)
    with pytest.raises(referrals.ReferralError, match=f"^'{name}' names nobody: "):
        referrals.accept(warehouse, REFERRAL, name)
    with warehouse.connect() as con:
        assert referrals.accepted_contacts(con) == {}


def test_the_demo_accepts_a_referral_by_its_own_reviewer_as_its_other_decisions(tmp_path):
    """In the demo the CLI takes its reviewer's name, as the gate does: so does the acceptance itself."""
    demo = tmp_path / "demo"
    demo.mkdir()
    env = {"SDR_MODE": "demo", "SDR_DEMO_DIR": str(demo), "SDR_NOW": "2026-11-20T09:00:00+00:00"}
    warehouse = _proposed(demo, "warehouse.duckdb")
    assert resolve_paths(env)["warehouse"] == warehouse.path, "the demo's warehouse"
    result = CommandLine().invoke(app, ["referrals", "accept", REFERRAL, "--by", DEMO_REVIEWER], env=env)
    assert result.exit_code == 0, result.output
    with warehouse.connect() as con:
        assert set(referrals.accepted_contacts(con)) == {("p", "acme.example")}
    with pytest.raises(referrals.ReferralError, match=f"^'{DEMO_REVIEWER}' names nobody: "):
        referrals.accept(_proposed(tmp_path), REFERRAL, DEMO_REVIEWER)  # outside the demo it names nobody
