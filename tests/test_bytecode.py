"""Setup compiles the folders of site-packages the project imports from (sdr_assets/bytecode.py)."""

import importlib
import sys
from pathlib import Path

from sdr_assets import bytecode
from sdr_assets.deferred_imports import is_deferred


def _site(root: Path) -> Path:
    for name in ["top.py", "pkg/__init__.py", "pkg/mod.py", "pkg/tests/test_mod.py", "other/__init__.py"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("VALUE = 1\n")
    return root


def _compiled(site: Path) -> set[str]:
    return {f"{pyc.parent.parent.relative_to(site).as_posix()}/{pyc.name.split('.')[0]}"
            for pyc in site.rglob("__pycache__/*.pyc")}


def test_the_listed_folders_are_compiled_and_their_subfolders_are_not(tmp_path):
    site = _site(tmp_path)
    assert bytecode.compile_modules(bytecode.modules_in(site, [".", "pkg", "gone"]), workers=2) == []
    assert _compiled(site) == {"./top", "pkg/__init__", "pkg/mod"}


def test_everything_is_compiled_with_all_and_recorded_by_folder(tmp_path):
    site = _site(tmp_path)
    assert bytecode.compile_modules(bytecode.all_modules(site), workers=1) == []
    assert len(_compiled(site)) == 5
    assert bytecode.folders_with_bytecode(site) == [".", "other", "pkg", "pkg/tests"]
    assert bytecode.clear(site) == 4 and _compiled(site) == set()


def test_a_module_that_does_not_compile_is_named(tmp_path):
    site = _site(tmp_path)
    (site / "pkg" / "broken.py").write_text("def (:\n")
    assert bytecode.compile_modules(bytecode.modules_in(site, ["pkg"]), workers=1) == [site / "pkg" / "broken.py"]


def test_what_the_tests_import_from_site_packages_lies_in_the_listed_folders():
    """After a lock change, ``make bytecode-list`` records the folders again (the Makefile)."""
    for name in ["dagster", "duckdb", "polars"]:  # imported in every worker of the suite
        importlib.import_module(name)

    site = bytecode.site_packages()
    listed = set(bytecode.listed_folders())
    loaded = [Path(module.__file__) for module in list(sys.modules.values())
              if (getattr(module, "__file__", None) or "").endswith(".py") and not is_deferred(module)]
    folders = {path.parent.relative_to(site).as_posix() for path in loaded if path.is_relative_to(site)}
    assert len(folders) > 50
    assert sorted(folders - listed) == []
