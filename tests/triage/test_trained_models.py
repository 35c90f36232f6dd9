"""The offline models are trained once for what decides them and loaded after, as trained
(``sdr_assets/triage/trained_models.py``)."""

import shutil
import sys

import pytest

from sdr_assets.triage import labels, optout_model, trained_models

MODELS = [
    ("labeller", labels.default_model, lambda: labels.train(labels.load_labelled())),
    ("optout_model", optout_model.optout_model, lambda: optout_model.fit(optout_model.training_rows())),
]


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """Models kept in a folder of the test's own, written as where bytecode may be; the process's models after."""
    monkeypatch.setattr(trained_models, "KEPT", tmp_path / "__pycache__")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    for _, cached, _ in MODELS:
        cached.cache_clear()
    yield tmp_path / "__pycache__"
    for _, cached, _ in MODELS:
        cached.cache_clear()


def _trainings(monkeypatch) -> list[str]:
    """The models trained from here on, by name."""
    calls: list[str] = []
    train = trained_models.trained

    def counted(name, fit, *rest):
        return train(name, lambda: (calls.append(name), fit())[1], *rest)

    monkeypatch.setattr(labels, "trained", counted)
    monkeypatch.setattr(optout_model, "trained", counted)
    return calls


@pytest.mark.parametrize("name,cached,fit", MODELS, ids=[m[0] for m in MODELS])
def test_a_kept_model_is_loaded_as_it_was_trained(kept, monkeypatch, name, cached, fit):
    trainings = _trainings(monkeypatch)
    first = cached()
    cached.cache_clear()
    loaded = cached()
    assert trainings == [name], "trained once, then loaded"
    assert loaded is not first and loaded == first == fit()
    assert [p.name for p in kept.iterdir()] == [trained_models.kept_path(name).name]


def test_the_models_score_a_reply_as_trained(kept):
    """Each class's score in the order trained, down to the last bit."""
    text = "Not the right time for us, maybe next quarter. Please stop emailing me about it."
    trained = labels.train(labels.load_labelled()), optout_model.fit(optout_model.training_rows())
    labels.default_model(), optout_model.optout_model()
    for _, cached, _ in MODELS:
        cached.cache_clear()
    loaded = labels.default_model(), optout_model.optout_model()
    assert list(loaded[0].label_nb.predict_proba(text).items()) == list(trained[0].label_nb.predict_proba(text).items())
    assert list(loaded[0].reason_nb.predict_proba(text).items()) == list(trained[0].reason_nb.predict_proba(text).items())
    assert list(loaded[1].predict_proba(text).items()) == list(trained[1].predict_proba(text).items())


def test_a_model_kept_for_other_source_or_data_is_trained_again(kept, monkeypatch):
    trainings = _trainings(monkeypatch)
    labels.default_model()
    labels.default_model.cache_clear()
    monkeypatch.setattr("sdr_assets.rule_digest.triage_digest", lambda: "another version of the rules")
    assert labels.default_model() == labels.train(labels.load_labelled())
    assert trainings == ["labeller", "labeller"]
    assert [p.name for p in kept.iterdir()] == [trained_models.kept_path("labeller").name], "the older one removed"


def test_the_digest_covers_every_labelled_set(tmp_path, monkeypatch):
    before = trained_models.digest("optout_model")
    data = tmp_path / "data"
    shutil.copytree(trained_models.DATA, data)
    monkeypatch.setattr(trained_models, "DATA", data)
    assert trained_models.digest("optout_model") == before
    for path in sorted(data.glob("*.jsonl")):
        original = path.read_bytes()
        path.write_bytes(original.replace(b"}", b" }", 1))
        assert trained_models.digest("optout_model") != before, path.name
        path.write_bytes(original)


@pytest.mark.parametrize("damage", [lambda b: b[:-1], lambda b: b[:40] + bytes([b[40] ^ 1]) + b[41:], lambda b: b""])
def test_a_kept_file_not_as_written_is_trained_again(kept, monkeypatch, damage):
    trainings = _trainings(monkeypatch)
    optout_model.optout_model()
    path = trained_models.kept_path("optout_model")
    path.write_bytes(damage(path.read_bytes()))
    optout_model.optout_model.cache_clear()
    assert optout_model.optout_model() == optout_model.fit(optout_model.training_rows())
    assert trainings == ["optout_model", "optout_model"]


def test_nothing_is_kept_where_no_bytecode_is_written(kept, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert labels.default_model() == labels.train(labels.load_labelled())
    assert not kept.exists()


def test_setup_keeps_both_models(kept):
    paths = trained_models.keep_all()
    assert sorted(p.name for p in kept.iterdir()) == sorted(p.name for p in paths)
