"""The triage's and the play checks' patterns, and the play file's validator, are built when first used,
not when `sdr` starts."""

import copy
import importlib
import inspect
import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.name_slots import slot
from sdr_assets.triage.caseless import Caseless, CaselessAny
from sdr_assets.triage.literal_guard import GuardedPattern

ROOT = Path(__file__).parents[1]
# Modules whose rules were compiled at import: about half of what starting any `sdr` command cost.
LAZY = ("sdr_assets.triage.optout_requests", "sdr_assets.triage.labels", "sdr_assets.triage.data_requests",
        "sdr_assets.triage.hostility", "sdr_assets.triage.autoreply", "sdr_assets.triage.bounces",
        "sdr_assets.triage.classify", "sdr_assets.triage.quotes", "sdr_assets.triage.reasons",
        "sdr_assets.domain.new_roles", "sdr_assets.domain.claim_subjects", "sdr_assets.domain.present_time",
        "sdr_assets.domain.hires_named", "sdr_assets.domain.offered_days", "sdr_assets.domain.offered_time",
        "sdr_assets.domain.new_hires", "sdr_assets.domain.recency", "sdr_assets.domain.spelled_numbers",
        "sdr_assets.domain.foreign_sentences", "sdr_assets.domain.address_lines", "sdr_assets.domain.messages",
        "sdr_assets.domain.firsts", "sdr_assets.domain.lowercase_dates", "sdr_assets.domain.lowercase_names",
        "sdr_assets.domain.verifier", "sdr_assets.domain.title_abbreviations", "sdr_assets.domain.plays",
        "sdr_assets.domain.claim_word_senses", "sdr_assets.domain.own_side", "sdr_assets.domain.role_titles",
        "sdr_assets.domain.foreign_claims", "sdr_assets.domain.facts", "sdr_assets.domain.languages",
        "sdr_assets.domain.amounts", "sdr_assets.domain.lowercase_people",
        "sdr_assets.domain.new_titles", "sdr_assets.domain.hearsay", "sdr_assets.domain.attributed_quotes")

# Every module of the triage and the play checks, for the check that what is put off compiles.
RULE_MODULES = tuple(sorted(f"sdr_assets.{path.parent.name}.{path.stem}" for folder in ("domain", "triage")
                            for path in (ROOT / "sdr_assets" / folder).glob("*.py") if path.stem != "__init__"))

# The verifier indexes its claim phrases by their first word, at import, with this one.
USED_AT_IMPORT = [r"[^\W\d_]+"]


def held_patterns(value, seen: dict):
    """Each pattern ``value`` is or holds (plain, lazy, caseless or guarded) in lists, tuples, sets, the values of
    dicts and the attributes of the project's objects, at any depth. ``seen`` keeps each object walked, by its id:
    kept, no id is freed and given to another object the walk would then skip."""
    if id(value) in seen:
        return
    seen[id(value)] = value
    if isinstance(getattr(value, "pattern", None), str):
        yield value
    if isinstance(value, dict):
        items = value.values()
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = value
    elif type(value).__module__.startswith("sdr_assets") and hasattr(value, "__dict__"):
        items = vars(value).values()
    else:
        items = ()
    for item in items:
        yield from held_patterns(item, seen)


def module_rules(names) -> list:
    """The patterns the modules ``names`` hold, each once."""
    seen: dict = {}
    return [pattern for name in names for key, value in vars(importlib.import_module(name)).items()
            if not key.startswith("__") for pattern in held_patterns(value, seen)]


def compile_each(patterns) -> None:
    """Compiles what each of ``patterns`` puts off until its first search, raising ``re.error`` if one is broken."""
    for pattern in patterns:
        if isinstance(pattern, LazyPattern):
            assert pattern.groups >= 0
        elif isinstance(pattern, Caseless):
            assert pattern.lowered.groups >= 0 and pattern.caseless.groups >= 0
        elif isinstance(pattern, GuardedPattern):
            assert pattern.regex.groups >= 0 and (pattern.literals is None or all(pattern.literals))
        else:
            assert isinstance(pattern, re.Pattern), f"a pattern of a kind not compiled here: {pattern!r}"


# Imports `sdr` as its script does, noting each pattern `re` compiles while one of the modules above runs its
# body; then prints those among the patterns the modules hold, found as the check that each compiles finds them.
PROBE = """
import importlib, json, re, sys
lazy, compiled = set(json.loads(sys.argv[1])), set()
original = re._compiler.compile
def noting(pattern, flags):
    frame = sys._getframe(1)
    while frame.f_code.co_name != "<module>":
        frame = frame.f_back
    if frame.f_globals["__name__"] in lazy:
        compiled.add(pattern)
    return original(pattern, flags)
re._compiler.compile = noting
import sdr_assets.cli
re._compiler.compile = original
""" + inspect.getsource(held_patterns) + inspect.getsource(module_rules) + """
rules = {pattern.pattern for pattern in module_rules(lazy)}
plays = sys.modules["sdr_assets.domain.plays"]
built = plays.PlayFile.__pydantic_complete__
plays.parse_play_text(open("data/plays/revops-hiring.yaml").read(), "revops-hiring.yaml")
print(json.dumps({"rules": len(rules), "compiled": sorted(p[:60] for p in rules & compiled), "play_model_built": built,
                  "built_when_read": plays.PlayFile.__pydantic_complete__}))
"""


def test_starting_sdr_builds_none_of_the_rules_nor_the_play_validator():
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(LAZY)], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    found = json.loads(done.stdout)
    assert found["rules"] > 300, "the probe finds the rules it looks for"
    compiled = [p for p in found["compiled"] if p not in USED_AT_IMPORT]
    assert compiled == [], f"compiled at import: {len(compiled)}, e.g. {compiled[:3]}"
    assert (found["play_model_built"], found["built_when_read"]) == (False, True)


def test_a_lazy_pattern_finds_what_the_compiled_one_finds_and_compiles_once(monkeypatch):
    lazy, plain = LazyPattern(r"(?i)(?P<word>ab+)c?", re.M), re.compile(r"(?i)(?P<word>ab+)c?", re.M)
    compiles = []
    re.purge()  # the plain one's compiling is forgotten: the lazy one's is counted
    original = re._compiler.compile
    monkeypatch.setattr(re._compiler, "compile", lambda *args: compiles.append(args) or original(*args))
    text = "xABBc abc\nab"
    assert lazy.pattern == plain.pattern and not compiles
    assert lazy.search(text).group("word") == plain.search(text).group("word") == "ABB"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert lazy.sub("-", text) == plain.sub("-", text) and lazy.split(text) == plain.split(text)
    assert (lazy.flags, lazy.groupindex, lazy.groups) == (plain.flags, plain.groupindex, plain.groups)
    assert lazy.match(text, 1).span() == plain.match(text, 1).span() and lazy.fullmatch("ab")
    assert len(compiles) == 1, "compiled once, on the first search"
    assert copy.deepcopy(lazy).search(text).group() == pickle.loads(pickle.dumps(lazy)).search(text).group() == "ABBc"


def test_every_rule_put_off_compiles():
    """A pattern compiled on first use would fail only then: each one the modules hold, at any depth, compiles now."""
    rules = module_rules(RULE_MODULES)
    kinds = {kind: sum(type(rule) is kind for rule in rules) for kind in (LazyPattern, Caseless, GuardedPattern)}
    assert kinds[LazyPattern] > 250 and kinds[Caseless] > 100 and kinds[GuardedPattern] > 20, kinds
    compile_each(rules)


@pytest.mark.parametrize("holder", [
    lambda broken: {"rules": ((LazyPattern(broken), "was promoted"),)},
    lambda broken: [Caseless(broken)],
    lambda broken: CaselessAny(["fine", broken]),
    lambda broken: (GuardedPattern(broken),),
    lambda broken: (slot(r"\bas[ \t]+", broken),),
], ids=["lazy in a tuple", "caseless", "caseless in turn", "guarded", "name slot"])
def test_the_check_finds_a_broken_rule_wherever_a_module_holds_it(holder):
    with pytest.raises(re.error, match="missing \\)"):
        compile_each(held_patterns(holder("you (joined"), {}))
