"""DAGSTER_HOME's ``dagster.yaml``: written when missing or left by an earlier version, never when edited."""

import pytest

from resources.setting import SettingError
from sdr_assets.cli import main
from sdr_assets.instance import CLAIM, EARLIER_YAML, SETTINGS_YAML, ensure_dagster_home


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


def test_one_dagster_home_serves_one_data_folder(tmp_path, monkeypatch):
    """Shared, one folder's sends would read as the other's in Dagster's history, and its runs would
    not be asked for: the second folder is refused, in one line, until the first is gone."""
    home, first, second = tmp_path / "shared_home", tmp_path / "a", tmp_path / "b"
    first.mkdir()
    monkeypatch.delenv("SDR_MODE", raising=False)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("SDR_DATA_DIR", str(first))
    assert ensure_dagster_home() == home
    assert (home / CLAIM).read_text().strip() == str(first)

    monkeypatch.setenv("SDR_DATA_DIR", str(second))
    with pytest.raises(SettingError, match=f"^DAGSTER_HOME {home} holds the run history of the data folder "
                                           f"{first}, not of {second}: "):
        ensure_dagster_home()
    with pytest.raises(SystemExit) as exit_:
        main(["run"])
    assert exit_.value.code == 1

    first.rmdir()  # its folder gone: the history is taken over
    assert ensure_dagster_home() == home and (home / CLAIM).read_text().strip() == str(second)


def test_a_data_folder_moved_with_its_own_home_keeps_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SDR_MODE", raising=False)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.setenv("SDR_DATA_DIR", str(tmp_path / "old"))
    assert ensure_dagster_home() == tmp_path / "old" / "dagster_home"
    (tmp_path / "old").rename(tmp_path / "new")
    (tmp_path / "old").mkdir()  # another folder now where it was
    monkeypatch.delenv("DAGSTER_HOME")
    monkeypatch.setenv("SDR_DATA_DIR", str(tmp_path / "new"))
    assert ensure_dagster_home() == tmp_path / "new" / "dagster_home"
