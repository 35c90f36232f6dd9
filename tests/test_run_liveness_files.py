"""Asking whether a live `sdr run` still holds its lock opens no file that stays open: the daemon's
sensor asks every minute for as long as the run goes on, and each answer 'held' left one descriptor
open in the long-lived process that evaluates sensors, until it could open no file at all."""

import os
from pathlib import Path

from sdr_assets import run_liveness


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_asking_about_a_held_lock_leaves_no_file_open(tmp_path: Path):
    with run_liveness.held(tmp_path) as tags:
        token = tags[run_liveness.TAG]
        before = _open_files()
        for _ in range(50):
            assert not run_liveness.released(tmp_path, token), "a held lock reads as released"
        assert _open_files() == before, f"{_open_files() - before} descriptors left open by 50 questions"
    assert run_liveness.released(tmp_path, token)
    assert not list((tmp_path / run_liveness.FOLDER).iterdir()), "the lock file of an ended run stays"


def test_a_folder_that_takes_no_locks_names_none_and_the_run_goes_on(tmp_path: Path, monkeypatch):
    """A data folder whose filesystem refuses ``flock`` leaves the run to be judged by its process id:
    the run goes on with no lock named, and no file is left behind."""
    def refuse(fd, operation):
        raise OSError(37, "No locks available")

    monkeypatch.setattr(run_liveness.fcntl, "flock", refuse)
    before = _open_files()
    with run_liveness.held(tmp_path) as tags:
        ran = True
    assert ran and tags == {}
    assert _open_files() == before
    assert not list((tmp_path / run_liveness.FOLDER).iterdir())
