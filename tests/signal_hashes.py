"""Counting the signal files the sensor hashes, and a racy window short enough to wait out."""

from sensors import signal_files

# The racy window (2 s) is past the coarsest file clock's tick; the test folders' clock counts
# nanoseconds, so a shorter window keeps what the wait means and spares a test most of it.
SHORT_RACY_NS = 500_000_000


def short_racy_window(monkeypatch) -> int:
    """``SHORT_RACY_NS`` as the racy window from now on; returns it."""
    from sdr_assets.domain import file_clock

    monkeypatch.setattr(file_clock, "RACY_NS", SHORT_RACY_NS)
    return SHORT_RACY_NS


def count_hashes(monkeypatch) -> list[str]:
    """The names of the files the sensor hashes from now on, in order."""
    names = []

    def counted(path, record, digest=signal_files.own_digest):
        names.append(path.name)
        return digest(path, record)

    monkeypatch.setattr(signal_files, "own_digest", counted)
    return names
