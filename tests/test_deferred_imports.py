"""A deferred module runs once, on the first read of one of its names, and is then the plain module."""

import importlib.util
import subprocess
import sys
import textwrap
import types

import pytest

from sdr_assets.deferred_imports import defer, is_deferred


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A throwaway package that counts how often its code runs; removed from sys.modules afterwards."""
    root = tmp_path / "deferral_probe"
    root.mkdir()
    (root / "__init__.py").write_text(textwrap.dedent("""
        import builtins
        builtins.deferral_probe_runs = getattr(builtins, "deferral_probe_runs", []) + ["package"]
        from deferral_probe.part import Part
        ANSWER = 42
        def __getattr__(name):
            if name == "computed":
                return "from the module's own __getattr__"
            raise AttributeError(name)
    """))
    (root / "part.py").write_text(textwrap.dedent("""
        import builtins
        builtins.deferral_probe_runs.append("part")  # fails unless the package ran first, as in a plain import
        class Part:
            pass
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "deferral_probe"
    import builtins

    for name in [n for n in sys.modules if n.split(".")[0] == "deferral_probe"]:
        del sys.modules[name]
    builtins.__dict__.pop("deferral_probe_runs", None)


def _runs() -> list[str]:
    import builtins

    return getattr(builtins, "deferral_probe_runs", [])


def test_the_code_runs_on_the_first_read_of_a_name_and_only_once(package):
    assert defer(package)
    import deferral_probe

    assert _runs() == [], "importing a deferred module runs none of its code"
    assert is_deferred(deferral_probe)
    assert deferral_probe.ANSWER == 42
    assert _runs() == ["package", "part"] and not is_deferred(deferral_probe)
    assert type(deferral_probe) is types.ModuleType and sys.modules[package] is deferral_probe
    assert deferral_probe.computed == "from the module's own __getattr__"
    with pytest.raises(AttributeError):
        _ = deferral_probe.missing
    assert _runs() == ["package", "part"]


def test_a_submodule_imported_first_runs_its_package_first_and_only_once(package):
    assert defer(package)
    from deferral_probe.part import Part

    assert _runs() == ["package", "part"]
    import deferral_probe

    assert deferral_probe.Part is Part and sys.modules["deferral_probe.part"].Part is Part
    assert sys.modules["deferral_probe.part"].__spec__.origin.endswith("part.py")


def test_a_module_already_imported_or_not_installed_is_left_alone(package):
    import deferral_probe

    assert not defer(package)
    assert not defer("no_such_module_anywhere")
    assert _runs() == ["package", "part"] and type(deferral_probe) is types.ModuleType


def test_great_expectations_validates_without_running_the_modules_it_never_uses():
    probe = textwrap.dedent("""
        import gc, sys, weakref
        import polars as pl
        from sdr_assets.expectations import UNUSED_BY_SUITES, Rule, run_rules

        class Table:
            pass

        def judged():  # what the caller holds while GX is imported for it must die with the caller
            table = Table()
            out = run_rules("probe", pl.DataFrame({"a": ["{}", "x"]}),
                            [Rule("json", "ExpectColumnValuesToBeJsonParseable", {"column": "a"})])
            return out, weakref.ref(table)

        gc.disable()
        out, table = judged()
        assert table() is None, "a reference cycle left by the import holds the caller's frame"
        gc.enable()
        assert out["json"]["unexpected_count"] == 1, out
        print(sorted(n for n in UNUSED_BY_SUITES if type(sys.modules[n]).__name__ != "_Deferred"))
        print(sorted(n for n in ("altair.vegalite", "rfc3987_syntax", "scipy.stats._stats_py") if n in sys.modules))
        from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl
        # altair's first use loads it and jsonschema (one of its submodules first), each once.
        print(kl.alt.Chart.__name__, kl.alt.utils.schemapi.jsonschema.ValidationError
              is sys.modules["jsonschema.exceptions"].ValidationError)
    """)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["[]", "[]", "Chart True"], result.stderr


def test_the_environment_has_no_grammar_that_great_expectations_would_build_on_import():
    """jsonschema imports its optional IRI checker whenever it is installed, and that checker builds a
    parser on import (pyproject.toml leaves it out of the lock); jsonschema itself stays."""
    assert importlib.util.find_spec("jsonschema") is not None
    assert importlib.util.find_spec("rfc3987_syntax") is None and importlib.util.find_spec("lark") is None
