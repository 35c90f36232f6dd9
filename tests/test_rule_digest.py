"""The verifier's digest moves with the source of every check it runs, and with nothing else."""

from pathlib import Path

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


def test_a_crlf_checkout_of_the_same_code_gives_the_same_digest(project):
    """A warehouse moved to a checkout that writes CRLF (Windows with autocrlf) keeps its answers and
    verdicts: the digest reads line endings as LF, and still follows the imports."""
    before = rule_digest.source_digest("sdr_assets.domain.drafting")
    for name in ("domain/drafting.py", "domain/checks.py", "domain/words.py"):
        path = project / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert rule_digest.source_digest("sdr_assets.domain.drafting") == before
    (project / "domain/words.py").write_bytes(b"LIST = ['a', 'b']\r\n")
    assert rule_digest.source_digest("sdr_assets.domain.drafting") != before


def test_the_verifier_digest_covers_every_check_the_verifier_runs():
    modules = set(rule_digest._closure(rule_digest.VERIFIER_MODULES))
    # ``drafts`` bounds LinkedIn notes and holds a draft for a missing fact.
    checks = {"verifier", "firsts", "lowercase_people", "lowercase_names", "lexicon", "foreign_sentences",
              "role_titles", "suggestions", "drafting", "drafts"}
    assert {f"sdr_assets.domain.{c}" for c in checks} <= modules
    assert len(rule_digest.verifier_digest()) == 24


def test_the_answer_digest_moves_with_the_prompt_the_models_check_and_the_offline_rules(tmp_path, monkeypatch):
    """An edit to any part that shapes a suggested answer (the thread it answers, the ask and the prompt
    it is sent as, the check of the model's answer, the offline answer and its rules) moves the digest
    open answers are kept under; an edit to a module no answer depends on does not."""
    import shutil

    import sdr_assets
    from resources import model
    from sdr_assets.domain import escalation_rows, prompts, suggestions

    root = tmp_path / "sdr_assets"
    shutil.copytree(Path(sdr_assets.__file__).parent, root, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(rule_digest, "_ROOT", root)
    parts = {"the prompt": prompts.suggestion_messages, "the ask": model.answer_messages,
             "the model's answer check": model.checked_answer, "the offline answer": suggestions.offline_suggestion,
             "the check's rules": suggestions.suggestion_reasons,
             "the thread, its writers' names and facts": escalation_rows.build_rows}
    before = rule_digest.source_digest(*rule_digest.ANSWER_MODULES)
    for part, function in parts.items():
        path = root.joinpath(*function.__module__.split(".")[1:]).with_suffix(".py")
        with path.open("a") as file:
            file.write(f"\n# {part}\n")
        after = rule_digest.source_digest(*rule_digest.ANSWER_MODULES)
        assert after != before, f"an edit to {part} ({function.__module__}) leaves the answer digest"
        before = after
    path = root / "drafts.py"
    path.write_text(path.read_text() + "\n")
    assert rule_digest.source_digest(*rule_digest.ANSWER_MODULES) == before


def test_the_answer_digest_is_the_digest_of_the_source_this_process_runs():
    """The cached digest is the running source's: no test that points the digest at a copy leaves its
    digest behind for the tests after it."""
    assert rule_digest.answer_digest() == rule_digest.source_digest(*rule_digest.ANSWER_MODULES)
    assert len(rule_digest.answer_digest()) == 24
