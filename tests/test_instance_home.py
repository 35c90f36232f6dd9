"""DAGSTER_HOME's ``dagster.yaml``: written when missing or left by an earlier version, never when edited."""

import pytest

from sdr_assets.instance import EARLIER_YAML, SETTINGS_YAML, ensure_dagster_home


@pytest.mark.parametrize("before, after", [(None, SETTINGS_YAML), (EARLIER_YAML, SETTINGS_YAML),
                                           ("telemetry:\n  enabled: true\n", "telemetry:\n  enabled: true\n")],
                         ids=["missing", "an earlier version's", "edited by hand"])
def test_the_homes_settings_are_written_only_where_the_project_wrote_them(before, after, tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.delenv("SDR_MODE", raising=False)
    if before is not None:
        home.mkdir()
        (home / "dagster.yaml").write_text(before)
    assert ensure_dagster_home() == home
    assert (home / "dagster.yaml").read_text() == after
    assert "dagster._" not in after and "sdr_assets" not in after
