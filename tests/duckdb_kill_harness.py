"""DuckDB alone under `kill -9`: how often a killed writer leaves a file that no longer opens.

A writer process attaches a DuckDB file to an in-memory instance, as the pipeline does
(``resources/attachments.py``), writes and deletes rows, and detaches it, which checkpoints it; it
does that over and over until it is killed at a random moment. After one to four such writers, the
file is opened and read whole. No project code runs here: what it counts is DuckDB's.

    python -m tests.duckdb_kill_harness --rounds 400                 # a checkpoint at every detach
    python -m tests.duckdb_kill_harness --rounds 400 --cycles-per-attach 50   # as a run that holds its file
    python -m tests.duckdb_kill_harness --rounds 400 --attach-options "(storage_version 'v1.0.0')"
    python -m tests.duckdb_kill_harness --rounds 400 --setting "checkpoint_on_detach='DISABLED'"
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from sdr_assets.domain.stats import wilson

WRITER = """
import random, sys
import duckdb
path, options, cycles, settings = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
db = duckdb.connect(":memory:")
for setting in settings:
    db.execute(f"set {setting}")
rng = random.Random()
while True:
    db.execute(f"attach '{path}' as w {options}")
    con = db.cursor()
    con.execute("use w")
    con.execute("create table if not exists t (k integer primary key, v varchar, n double)")
    con.execute("create table if not exists u (k integer, s varchar)")
    for _ in range(cycles):
        con.execute(f"insert or replace into t select range + {rng.randint(0, 20000)}, md5(range::varchar), random() "
                    f"from range({rng.randint(1, 3000)})")
        con.execute(f"insert into u select range, repeat('x', {rng.randint(1, 200)}) from range({rng.randint(1, 5000)})")
        if rng.random() < 0.3:
            con.execute(f"delete from u where k % {rng.randint(2, 7)} = 0")
        if rng.random() < 0.1:
            con.execute("create or replace table t2 as select * from t where n < 0.5")
    con.close()
    db.execute("detach w")
"""


def opens(path: Path) -> str | None:
    """None if the file opens and every column of its tables reads; else DuckDB's error."""
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as exc:
        return str(exc)
    try:
        made = {name for (name,) in con.execute("select table_name from duckdb_tables()").fetchall()}
        for table, sql in (("t", "select count(*), sum(length(v)), sum(n), sum(k) from t"),
                           ("u", "select count(*), sum(length(s)), sum(k) from u")):
            if table in made:  # a writer killed before its first commit made none
                con.execute(sql).fetchall()
    except duckdb.Error as exc:
        return str(exc)
    finally:
        con.close()
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cycles-per-attach", type=int, default=1,
                        help="write cycles between an attach and its detach (its checkpoint)")
    parser.add_argument("--attach-options", default="", help="appended to ATTACH, e.g. \"(storage_version 'v1.0.0')\"")
    parser.add_argument("--setting", action="append", default=[], help="a SET on the writer's instance")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    kills = corrupt = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "db"
        folder.mkdir()
        for round_ in range(args.rounds):
            path = folder / "w.duckdb"
            for _ in range(rng.randint(1, 4)):
                writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), args.attach_options,
                                           str(args.cycles_per_attach), *args.setting], stderr=subprocess.DEVNULL)
                time.sleep(rng.uniform(0.2, 1.5))
                writer.kill()
                writer.wait()
                kills += 1
            error = opens(path)
            if error is not None:
                corrupt += 1
                print(f"round {round_}: the file no longer opens: {error[:200]}", flush=True)
            if error is not None or rng.random() < 0.05:  # a new file now and then, and after each loss
                shutil.rmtree(folder)
                folder.mkdir()
    low, high = wilson(corrupt, args.rounds)
    print(f"rounds {args.rounds}, writers killed {kills}, files that no longer open {corrupt} "
          f"({corrupt / args.rounds:.1%} of rounds, 95% interval {low:.1%}-{high:.1%}); DuckDB {duckdb.__version__}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
