"""The approval gate's check, which the Dagster UI shows on the play's drafts, says why a play
approved under a name that names no person ('Sales Team', stored before such names were refused)
waits: the approval no longer counts, and a named person approves the version again. Read 'pending'
alone beside a decisions table that lists the approval, a play that sent before the upgrade stopped
with nobody in the UI told why."""

from resources.defaults import build_resources
from sdr_assets.gate import gate_result
from tests.approving import approved_by_a_team

PLAY = "revops-hiring"


def test_the_gate_says_an_approval_by_a_team_does_not_count(tmp_path):
    """The failed gate's description names the approval that does not count and the name that names nobody."""
    env, version = approved_by_a_team(tmp_path, PLAY)

    resources = build_resources(env)
    result = gate_result(PLAY, resources["warehouse"], resources["paths"])
    assert not result.passed
    assert "by 'Sales Team' (decision 1) does not count" in (result.description or ""), result.description
