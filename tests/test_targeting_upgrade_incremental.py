"""3ae57d2d changed which contact and which segment an account gets (whole-word titles, countries by
name, unknown headcounts) but not what ``enriched_accounts`` is marked as built from: its mark covers
the signals, referrals, play versions, reference files and settings, never the targeting rules'
code. A warehouse built before the upgrade keeps every row the substring rule chose (a Director of
FP&A as the data play's persona, "cto" inside "director") until a signal of that account changes,
while a full rebuild of the same inputs gives the new choice: the incremental table differs from
the full rebuild. The project already keys other layers by their rules' source (``rule_digest``:
"nobody should have to remember to bump a number").

The warehouse is first built by the release before, in its own process: a copy of the project whose
``_has_words`` is the substring rule the release before 3ae57d2d used."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.test_targeting_titles_countries_headcount import _adoption, _materialize, _world

ROOT = Path(__file__).resolve().parents[1]
PLAY = "data-stack-adopters"
COMPANIES = "mixed.example,Mixed,Software,300,US,Snowflake\n"
CONTACTS = ("m1,mixed.example,Fay,Numbers,Director of FP&A,director,Finance,fay.numbers@mixed.example,\n"
            "m2,mixed.example,Eli,Builder,Engineering Manager,manager,Engineering,eli.builder@mixed.example,\n")
BUILD = """
import sys
from pathlib import Path
import dagster as dg
from tests.test_targeting_titles_countries_headcount import _materialize
with dg.DagsterInstance.ephemeral() as instance:
    rows = _materialize(Path(sys.argv[1]), instance)
print(rows[("data-stack-adopters", "mixed.example")]["email"])
"""


def _release_before(tmp_path: Path) -> Path:
    old = tmp_path / "release-before"
    ignore = shutil.ignore_patterns("__pycache__")
    for package in ("sdr_assets", "resources"):
        shutil.copytree(ROOT / package, old / package, ignore=ignore)
    targeting = old / "sdr_assets" / "domain" / "targeting.py"
    source = targeting.read_text()
    rule = "    return _words(tuple(words)).search(text.lower()) is not None\n"
    assert rule in source
    targeting.write_text(source.replace(rule, "    return any(w.lower() in text.lower() for w in words)\n"))
    return old


def test_an_upgrade_of_the_targeting_rules_gives_the_full_rebuilds_table(tmp_path, instance):
    world = _world(tmp_path / "world", COMPANIES, CONTACTS, [_adoption(1, "mixed.example")])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(_release_before(tmp_path)), str(ROOT)])}
    built = subprocess.run([sys.executable, "-c", BUILD, str(world)], env=env, cwd=tmp_path, capture_output=True,
                           text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    assert built.stdout.split()[-1] == "fay.numbers@mixed.example"  # as the release before chose

    incremental = _materialize(world, instance)  # the first run after the upgrade, nothing else changed
    with duckdb.connect(str(world / "warehouse.duckdb")) as con:
        con.execute("drop table enriched_accounts")  # what a full rebuild gives from the same inputs
    rebuilt = _materialize(world, instance)
    assert rebuilt[(PLAY, "mixed.example")]["email"] == "eli.builder@mixed.example"
    assert incremental[(PLAY, "mixed.example")]["email"] == rebuilt[(PLAY, "mixed.example")]["email"], (
        "after the upgrade the incremental run keeps the Director of FP&A the release before chose")
