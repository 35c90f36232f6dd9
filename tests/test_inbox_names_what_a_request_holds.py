"""`sdr inbox` names every other address a request to stop that waits for a person holds: a
colleague's "please take Jane off your list", answered at one address of Jane's, holds her other
current address too (``People.opt_outs``), and the person reading the queue decides for both, so she
sees both, in the table's notes and in ``--json`` (``holds_also``)."""

from __future__ import annotations

import json

from sdr_assets.escalations import escalations
from sdr_assets.incremental import LayerConfig
from tests.send_world import _body
from tests.test_optout_reaches_both_current_addresses import NEW, OLD
from tests.test_pending_optout_reaches_her_other_address import _asked_for_by_a_colleague
from tests.test_quarantine_holds import _sdr


def _queued(tmp_path):
    world = _asked_for_by_a_colleague(tmp_path)
    r = world.resources
    _body(escalations)(config=LayerConfig(), warehouse=r["warehouse"], model=r["model"], paths=r["paths"],
                       policy=r["policy"], escalation_policy=r["escalation_policy"])
    return world


def test_the_inbox_names_her_other_address_the_request_holds(tmp_path):
    world = _queued(tmp_path)
    shown = _sdr(world, "inbox", "--json")
    assert shown.exit_code == 0, shown.output
    [row] = [r for r in json.loads(shown.output)["escalations"] if r["contact_email"] == NEW]
    assert row["holds_also"] == [OLD], row
    table = _sdr(world, "inbox")
    assert table.exit_code == 0, table.output
    assert OLD in table.output, f"the inbox does not say the request holds {OLD}:\n{table.output}"


def test_the_thread_says_her_other_address_waits_for_the_same_decision(tmp_path):
    world = _queued(tmp_path)
    [row] = json.loads(_sdr(world, "inbox", "--json").output)["escalations"]
    shown = _sdr(world, "thread", row["escalation_id"])
    assert shown.exit_code == 0, shown.output
    assert OLD in shown.output.split("suggested answer")[1], shown.output


def test_once_handled_it_names_nothing_held(tmp_path):
    world = _queued(tmp_path)
    [row] = json.loads(_sdr(world, "inbox", "--json").output)["escalations"]
    done = _sdr(world, "handled", row["escalation_id"], "--by", "Dana Whitfield", "--outcome", "other")
    assert done.exit_code == 0, done.output
    [after] = json.loads(_sdr(world, "inbox", "--json", "--all").output)["escalations"]
    assert after["holds_also"] == [], after
