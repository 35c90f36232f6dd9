"""The verifier's digest moves with the source of every check it runs, and with nothing else."""

import pytest

from sdr_assets import rule_digest


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "sdr_assets"
    files = {
        "__init__.py": "",
        "domain/__init__.py": "",
        "domain/drafting.py": "import re\nfrom sdr_assets.domain.checks import (\n    first,  # one\n    second as b,\n)\n",
        "domain/checks.py": "def first():\n    from sdr_assets.domain import words\n    return words.LIST\n",
        "domain/words.py": "LIST = ['a']\n",
        "domain/relative.py": "from .words import LIST\n",
        "domain/unrelated.py": "X = 1\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    monkeypatch.setattr(rule_digest, "_ROOT", root)
    return root


def test_an_edit_to_a_module_imported_at_any_depth_moves_the_digest(project):
    before = rule_digest.source_digest("sdr_assets.domain.drafting")
    (project / "domain/unrelated.py").write_text("X = 2\n")
    assert rule_digest.source_digest("sdr_assets.domain.drafting") == before
    (project / "domain/words.py").write_text("LIST = ['a', 'b']\n")  # imported inside a function of checks
    assert rule_digest.source_digest("sdr_assets.domain.drafting") != before


def test_the_closure_follows_parenthesised_package_and_relative_imports(project):
    assert set(rule_digest._closure(("sdr_assets.domain.drafting", "sdr_assets.domain.relative"))) == {
        "sdr_assets", "sdr_assets.domain", "sdr_assets.domain.drafting", "sdr_assets.domain.checks",
        "sdr_assets.domain.words", "sdr_assets.domain.relative"}


def test_the_verifier_digest_covers_every_check_the_verifier_runs():
    modules = set(rule_digest._closure(rule_digest.VERIFIER_MODULES))
    checks = {"verifier", "firsts", "lowercase_people", "lowercase_names", "lexicon", "foreign_sentences",
              "role_titles", "suggestions", "drafting"}
    assert {f"sdr_assets.domain.{c}" for c in checks} <= modules
    assert len(rule_digest.verifier_digest()) == 24
