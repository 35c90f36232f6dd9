"""A key written once and a file replaced whole leave nothing beside them, even when interrupted."""

import os

import pytest

from resources import whole_files


def _interrupted(*_args, **_kwargs):
    raise KeyboardInterrupt


@pytest.mark.parametrize("write", [whole_files.create_once, whole_files.replace_whole])
def test_a_write_interrupted_before_its_sync_leaves_no_partial_file_and_the_next_puts_it_in_place(
        tmp_path, monkeypatch, write):
    path = tmp_path / "secret.key"
    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", _interrupted)
        with pytest.raises(KeyboardInterrupt):
            write(path, b"k" * 32)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    write(path, b"k" * 32)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.key"] and path.read_bytes() == b"k" * 32


def test_a_key_is_created_once_readable_by_its_owner_alone(tmp_path):
    path = tmp_path / "secret.key"
    assert whole_files.create_once(path, b"first") and not whole_files.create_once(path, b"second")
    assert path.read_bytes() == b"first" and path.stat().st_mode & 0o777 == 0o600
