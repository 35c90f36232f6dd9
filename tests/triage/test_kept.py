"""The offline models and the reading of the triage's patterns are worked out once for what decides them and
loaded after, as worked out (``sdr_assets/triage/kept.py``)."""

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sdr_assets.triage import kept as kept_module
from sdr_assets.triage import labels, optout_model, reasons, required_words
from sdr_assets.triage.optout_requests import UNSUBSCRIBE_RE

MODELS = [("labeller", labels.default_model), ("optout_model", optout_model.optout_model)]
CACHES = [cached for _, cached in MODELS] + [required_words.kept_readings]


@pytest.fixture(scope="module")
def trained_here() -> dict:
    """Each model as this process trains it from the labelled sets, once for the module."""
    return {"labeller": labels.train(labels.load_labelled()),
            "optout_model": optout_model.fit(optout_model.training_rows())}


@contextmanager
def _kept_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Kept in ``folder``, written as where bytecode may be; the process's own after."""
    monkeypatch.setattr(kept_module, "KEPT", folder)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    for cached in CACHES:
        cached.cache_clear()
    try:
        yield folder
    finally:
        for cached in CACHES:
            cached.cache_clear()


@pytest.fixture(scope="module")
def set_up(tmp_path_factory) -> Path:
    """A folder as setup (``keep_all``) leaves it, made once for the module."""
    with pytest.MonkeyPatch.context() as monkeypatch, _kept_in(tmp_path_factory.mktemp("set_up"), monkeypatch) as folder:
        kept_module.keep_all()
    return folder


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """Kept in a folder of the test's own, empty."""
    with _kept_in(tmp_path / "__pycache__", monkeypatch) as folder:
        yield folder


@pytest.fixture
def kept_at_setup(kept, set_up):
    """Kept in a folder of the test's own, holding what setup keeps."""
    shutil.copytree(set_up, kept)
    return kept


def _trainings(monkeypatch) -> list[str]:
    """The models trained from here on, by name."""
    calls: list[str] = []
    train = kept_module.trained

    def counted(name, fit, *rest):
        return train(name, lambda: (calls.append(name), fit())[1], *rest)

    monkeypatch.setattr(labels, "trained", counted)
    monkeypatch.setattr(optout_model, "trained", counted)
    return calls


@pytest.mark.parametrize("name,cached", MODELS, ids=[m[0] for m in MODELS])
def test_a_kept_model_is_loaded_as_it_was_trained(kept, monkeypatch, trained_here, name, cached):
    trainings = _trainings(monkeypatch)
    first = cached()
    cached.cache_clear()
    loaded = cached()
    assert trainings == [name], "trained once, then loaded"
    assert loaded is not first and loaded == first == trained_here[name]
    assert [p.name for p in kept.iterdir()] == [kept_module.kept_path(name).name]


def test_the_models_score_a_reply_as_trained(kept_at_setup, monkeypatch, trained_here):
    """Each class's score in the order trained, down to the last bit."""
    text = "Not the right time for us, maybe next quarter. Please stop emailing me about it."
    trained = trained_here["labeller"], trained_here["optout_model"]
    trainings = _trainings(monkeypatch)
    loaded = labels.default_model(), optout_model.optout_model()
    assert trainings == [], "both loaded as setup kept them"
    assert list(loaded[0].label_nb.predict_proba(text).items()) == list(trained[0].label_nb.predict_proba(text).items())
    assert list(loaded[0].reason_nb.predict_proba(text).items()) == list(trained[0].reason_nb.predict_proba(text).items())
    assert list(loaded[1].predict_proba(text).items()) == list(trained[1].predict_proba(text).items())


def test_a_model_kept_for_other_source_or_data_is_trained_again(kept_at_setup, monkeypatch, trained_here):
    kept = kept_at_setup
    trainings = _trainings(monkeypatch)
    labels.default_model()
    labels.default_model.cache_clear()
    monkeypatch.setattr("sdr_assets.rule_digest.triage_digest", lambda: "another version of the rules")
    assert labels.default_model() == trained_here["labeller"]
    assert trainings == ["labeller"], "loaded as kept, then trained for the other rules"
    assert sorted(p.name for p in kept.glob("labeller.*")) == [kept_module.kept_path("labeller").name], \
        "the older one removed"


def test_the_digest_covers_every_labelled_set(tmp_path, monkeypatch):
    before = kept_module.digest("optout_model")
    data = tmp_path / "data"
    shutil.copytree(kept_module.DATA, data)
    monkeypatch.setattr(kept_module, "DATA", data)
    assert kept_module.digest("optout_model") == before
    for path in sorted(data.glob("*.jsonl")):
        original = path.read_bytes()
        path.write_bytes(original.replace(b"}", b" }", 1))
        assert kept_module.digest("optout_model") != before, path.name
        path.write_bytes(original)


@pytest.mark.parametrize("damage", [lambda b: b[:-1], lambda b: b[:40] + bytes([b[40] ^ 1]) + b[41:], lambda b: b""])
def test_a_kept_file_not_as_written_is_trained_again(kept_at_setup, monkeypatch, trained_here, damage):
    trainings = _trainings(monkeypatch)
    path = kept_module.kept_path("optout_model")
    path.write_bytes(damage(path.read_bytes()))
    assert optout_model.optout_model() == trained_here["optout_model"]
    assert trainings == ["optout_model"]


def test_nothing_is_kept_where_no_bytecode_is_written(kept, monkeypatch, trained_here):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert labels.default_model() == trained_here["labeller"]
    assert not kept.exists()


def test_setup_keeps_both_models_and_the_readings(kept):
    paths = kept_module.keep_all()
    assert len(paths) == 3 and sorted(p.name for p in kept.iterdir()) == sorted(p.name for p in paths)


def test_setup_reads_every_pattern_the_classifier_holds():
    """Those of the rule, the labeller's cues (in a tuple of pairs) and the bounces' reasons (guarded)."""
    patterns = [(p.pattern, p.flags) for p in UNSUBSCRIBE_RE.patterns] + [
        (rx.pattern, rx.flags) for _, rx in labels._CUES]
    guarded = [(p.pattern, p.flags) for _, p in reasons._STRONG + reasons._WEAK]
    assert len(patterns) > 100 and guarded and set(patterns + guarded) <= kept_module.read_patterns()


def test_a_kept_reading_is_the_patterns_own(kept_at_setup, monkeypatch):
    """Every pattern read at setup, read as ``re`` parses it now: what is kept for it, and nothing read again."""
    patterns = kept_module.read_patterns()
    required_words.kept_readings.cache_clear()
    assert required_words.kept_readings().keys() == patterns

    def unread(*pattern):
        raise AssertionError(f"read again: {pattern}")

    monkeypatch.setattr(required_words, "_required_strings", unread)
    monkeypatch.setattr(required_words, "_required_words", unread)
    loaded = {key: (required_words.required_strings(*key), required_words.required_words(*key)) for key in patterns}
    monkeypatch.undo()
    assert loaded == {key: (required_words._required_strings(*key), required_words._required_words(*key))
                      for key in patterns}
    assert any(s is not None for s, _ in loaded.values()) and any(w is not None for _, w in loaded.values())


def test_a_pattern_not_kept_is_read_as_before(kept_at_setup):
    required_words.kept_readings.cache_clear()
    assert (r"\b(take|get) me off\b", 0) not in required_words.kept_readings()
    assert required_words.required_words(r"\b(take|get) me off\b") == frozenset({"off"})
    assert required_words.required_strings(r"user unknown|no such user") == ("no such user", "user unknown")


def test_setup_reads_the_patterns_again_only_when_one_is_not_kept(kept_at_setup, monkeypatch):
    kept_readings = []
    monkeypatch.setattr(required_words, "keep_readings", lambda patterns: kept_readings.append(patterns))
    required_words.kept_readings.cache_clear()
    kept_module.keep_all()
    assert kept_readings == []
    monkeypatch.setattr(kept_module, "read_patterns", lambda: {("a new pattern", 0)})
    kept_module.keep_all()
    assert kept_readings == [{("a new pattern", 0)}]
