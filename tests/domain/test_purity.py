"""``sdr_assets/domain`` is pure logic: it imports no Dagster or DuckDB and touches no file, database or environment.

Read from the source (ast), so the check is exact and needs nothing to run; a second check imports
every module in a fresh interpreter to catch the same libraries arriving through a third party.
"""

import ast
import json
import subprocess
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "sdr_assets" / "domain"
# Modules whose work is files, processes, the network, the environment or a database.
FORBIDDEN_MODULES = {"dagster", "duckdb", "sqlite3", "resources", "os", "pathlib", "shutil", "glob", "tempfile",
                     "subprocess", "socket", "urllib.request", "http", "httpx", "smtplib", "imaplib", "mailbox"}
# Methods that read or write files (Path), or run SQL (DuckDB connections).
FORBIDDEN_METHODS = {"read_text", "write_text", "read_bytes", "write_bytes", "open", "mkdir", "unlink", "rmdir",
                     "touch", "exists", "is_file", "is_dir", "glob", "rglob", "iterdir", "stat",
                     "execute", "executemany", "sql", "fetchall", "fetchone", "connect"}


def impurities(source: str) -> list[str]:
    """Every import or call in ``source`` that does I/O or brings Dagster, by line."""
    return [f"line {line}: {what}" for line, what in _findings(ast.parse(source))]


def _findings(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        for name in names:
            if any(name == m or name.startswith(m + ".") for m in FORBIDDEN_MODULES) or name.startswith("dagster"):
                found.append((node.lineno, f"imports {name}"))
            elif name.startswith("sdr_assets.") and not name.startswith("sdr_assets.domain"):
                found.append((node.lineno, f"imports {name} from outside domain"))
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id in {"open", "exec", "eval", "__import__", "input"}:
                found.append((node.lineno, f"calls {node.func.id}()"))
            if isinstance(node.func, ast.Attribute) and node.func.attr in FORBIDDEN_METHODS:
                found.append((node.lineno, f"calls .{node.func.attr}()"))
    return found


def test_no_domain_module_does_io_or_imports_dagster_or_duckdb():
    modules = sorted(DOMAIN.glob("*.py"))
    assert len(modules) > 20, "the domain package moved: point DOMAIN at it"
    found = {p.name: problems for p in modules if (problems := impurities(p.read_text(encoding="utf-8")))}
    assert found == {}, f"domain modules must stay pure; move these to resources/store or the asset: {found}"


def test_the_check_sees_sql_files_dagster_and_the_environment():
    bad = ("import os\nimport duckdb\nfrom dagster import asset\nfrom pathlib import Path\n"
           "from resources.warehouse import Warehouse\nfrom sdr_assets.metadata import table_metadata\n"
           "def f(con, p):\n    con.execute('select 1')\n    open('x').read()\n    return Path(p).read_text()\n")
    assert sorted(line.split(": ", 1)[1] for line in impurities(bad)) == sorted([
        "imports os", "imports duckdb", "imports dagster", "imports pathlib", "imports resources.warehouse",
        "imports sdr_assets.metadata from outside domain", "calls .execute()", "calls open()", "calls .read_text()"])
    assert impurities("import re\nfrom sdr_assets.domain.plays import Play\ndef f(s):\n    return s.replace('a', 'b')\n") == []
    assert impurities("import re\n\ndef load_plays(d):\n    return d.glob('*')\n") == ["line 4: calls .glob()"]


def test_importing_every_domain_module_loads_neither_dagster_nor_duckdb():
    names = [f"sdr_assets.domain.{p.stem}" for p in sorted(DOMAIN.glob("*.py")) if p.stem != "__init__"]
    probe = ("import importlib, json, sys\n"
             f"for name in {names!r}:\n    importlib.import_module(name)\n"
             "print(json.dumps(sorted(m for m in ('dagster', 'duckdb') if m in sys.modules)))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            cwd=DOMAIN.parents[1])
    assert json.loads(result.stdout) == []
