"""The local enrichment files' reads, kept between runs: the same answers as a fresh read, from the
kept read while the bytes and the reading code are the same, from a new read when either changed or
the kept read is damaged, and from a read kept nowhere when its folder cannot be written."""

import logging

import pytest

import resources.enrichment
import resources.reference_reads
from resources.enrichment import LocalDirectoryEnrichment
from tests.badinput.enrichment import corpus


@pytest.fixture
def reference(tmp_path):
    folder = tmp_path / "reference"
    folder.mkdir()
    corpus.write(folder)
    return folder


def _provider(reference, kept) -> LocalDirectoryEnrichment:
    return LocalDirectoryEnrichment(directory=str(reference), kept_reads=str(kept))


def _kept_files(kept) -> list[str]:
    return sorted(path.name.split(".")[0] + "." + path.name.rpartition(".")[2] for path in kept.iterdir())


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The files read whole, by name."""
    read = []
    for name in ("companies_file", "contacts_file"):
        original = getattr(resources.enrichment, name)

        def counted(provider, source, data, original=original):
            read.append(source)
            return original(provider, source, data)

        monkeypatch.setattr(resources.enrichment, name, counted)
    return read


def test_a_second_lookup_of_the_same_files_gives_a_fresh_reads_answer_from_the_kept_reads(reference, tmp_path, reads):
    domains = corpus.domains()
    fresh = LocalDirectoryEnrichment(directory=str(reference)).lookup(domains)
    assert len(fresh.quarantined) >= 20 and reads == ["companies.csv", "contacts.csv"]
    provider = _provider(reference, tmp_path / "kept")
    assert repr(provider.lookup(domains)) == repr(fresh)
    for asked in (domains, domains[:3], ["tail.example", "dup.example", "nowhere.example"]):
        reads.clear()
        answer = provider.lookup(asked)
        assert reads == [], "the files were read again"
        assert repr(answer) == repr(LocalDirectoryEnrichment(directory=str(reference)).lookup(asked))
    assert _kept_files(tmp_path / "kept") == ["companies.json", "companies.parquet",
                                              "contacts.json", "contacts.parquet"]


def test_changed_bytes_or_reading_code_are_read_again_and_the_old_read_is_removed(reference, tmp_path, reads,
                                                                                  monkeypatch):
    kept = tmp_path / "kept"
    provider = _provider(reference, kept)
    provider.lookup(corpus.domains())
    before = sorted(path.name for path in kept.iterdir())
    contacts = reference / "contacts.csv"
    contacts.write_bytes(contacts.read_bytes() + b"c900,tail.example,Zed,Lee,CEO,c,Exec,zed@tail.example,\n")
    reads.clear()
    answer = provider.lookup(["tail.example"])
    assert reads == ["contacts.csv"]
    assert [p["email"] for p in answer.records["tail.example"].contacts][-1] == "zed@tail.example"
    after = sorted(path.name for path in kept.iterdir())
    assert len(after) == 4 and len(set(after) - set(before)) == 2, "one read kept per file"

    monkeypatch.setattr(resources.reference_reads, "code_digest", lambda: "other code")
    reads.clear()
    provider.lookup(["tail.example"])
    assert reads == ["companies.csv", "contacts.csv"]


@pytest.mark.parametrize("damage", ["truncated records", "summary not JSON", "a byte of the records changed",
                                    "summary of other records", "records missing"])
def test_a_damaged_kept_read_is_read_again_with_a_warning_and_kept_whole(reference, tmp_path, reads, caplog, damage):
    kept = tmp_path / "kept"
    provider = _provider(reference, kept)
    expected = provider.lookup(corpus.domains())
    parquet = next(kept.glob("contacts.csv.*.parquet"))
    summary = parquet.with_name(parquet.name.replace(".parquet", ".json"))
    if damage == "truncated records":
        parquet.write_bytes(parquet.read_bytes()[:-100])
    elif damage == "summary not JSON":
        summary.write_text("{")
    elif damage == "a byte of the records changed":
        damaged = bytearray(parquet.read_bytes())
        damaged[len(damaged) // 2] ^= 0x01
        parquet.write_bytes(bytes(damaged))
    elif damage == "summary of other records":
        other = next(kept.glob("companies.csv.*.json")).read_text()
        summary.write_text(other)
    else:
        parquet.unlink()
    reads.clear()
    with caplog.at_level(logging.WARNING, logger="resources.reference_reads"):
        assert repr(provider.lookup(corpus.domains())) == repr(expected)
    assert reads == ["contacts.csv"]
    if damage != "records missing":
        assert "cannot be loaded" in caplog.text and summary.name.removesuffix(".json") in caplog.text
    reads.clear()
    assert repr(provider.lookup(corpus.domains())) == repr(expected)
    assert reads == []


def test_a_folder_that_cannot_be_written_keeps_nothing_and_the_answer_is_whole(reference, tmp_path, reads, caplog):
    blocked = tmp_path / "kept"
    blocked.write_text("a file where the folder would be")
    expected = LocalDirectoryEnrichment(directory=str(reference)).lookup(corpus.domains())
    reads.clear()
    with caplog.at_level(logging.WARNING, logger="resources.reference_reads"):
        answer = _provider(reference, blocked).lookup(corpus.domains())
    assert repr(answer) == repr(expected)
    assert reads == ["companies.csv", "contacts.csv"]
    assert "cannot be kept" in caplog.text and "the next run reads the file again" in caplog.text
