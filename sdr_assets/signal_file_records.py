"""The signals run's record of each inbox file (``signal_files``), as the run and the signals sensor
both read it."""

from __future__ import annotations

from sdr_assets.domain.file_clock import FileRecord

SIGNAL_FILES_SQL = "select file, sha256, size, mtime_ns, hashed_ns, inode, ctime_ns from signal_files"


def signal_file_records(rows: list[tuple]) -> dict[str, tuple[str, FileRecord]]:
    """Rows of ``SIGNAL_FILES_SQL``: stored file name to (its SHA-256, what was recorded of it)."""
    return {file: (sha, FileRecord(*times)) for file, sha, *times in rows}
