"""The environment's bytecode, compiled at setup for the folders of site-packages the project imports.

Where PYTHONDONTWRITEBYTECODE is set, as on CI machines, every process would otherwise compile
Dagster and Great Expectations again; and left to the test suite, its main process and both
workers each compile the same modules. Most of what the lock file installs is never imported by
the pipeline, its commands or its tests: the packages' own test folders, most of the OpenAI SDK's
types, the web servers of the Dagster UI and of Jupyter. ``bytecode_dirs.txt`` lists the folders
(relative to site-packages) from which the suite, `sdr demo` and the benches import a module,
and setup compiles every module in them; the rest compiles on first use, or with ``--all``
(`make ui` and `make notebook`). ``make bytecode-list`` records the list again after a lock change.

    python -m sdr_assets.bytecode            # every module in the listed folders
    python -m sdr_assets.bytecode --all      # every module in site-packages
    python -m sdr_assets.bytecode --clear    # remove site-packages' bytecode
    python -m sdr_assets.bytecode --record   # list the folders that hold bytecode now
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import sys
import sysconfig
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

LISTED = Path(__file__).with_name("bytecode_dirs.txt")


def site_packages() -> Path:
    return Path(sysconfig.get_paths()["purelib"])


def listed_folders() -> list[str]:
    return [line for line in LISTED.read_text().splitlines() if line]


def modules_in(site: Path, folders: Iterable[str]) -> list[Path]:
    """The ``.py`` files directly in each folder of ``site`` (not in its subfolders); a folder that
    is gone (a package the lock file no longer installs) has none."""
    return [path for folder in folders for path in sorted((site / folder).glob("*.py"))]


def all_modules(site: Path) -> list[Path]:
    return sorted(site.rglob("*.py"))


def _compiled(path: Path) -> bool:
    return bool(compileall.compile_file(path, quiet=2))


def compile_modules(paths: list[Path], workers: int | None = None) -> list[Path]:
    """Compile ``paths`` where their bytecode is missing or older than the source, over one process
    per core; return those that failed to compile."""
    workers = workers or len(os.sched_getaffinity(0))
    with ProcessPoolExecutor(workers) as pool:
        done = list(pool.map(_compiled, paths, chunksize=64))
    return [path for path, ok in zip(paths, done, strict=True) if not ok]


def folders_with_bytecode(site: Path) -> list[str]:
    """Each folder of ``site`` with a compiled module of its own, as ``bytecode_dirs.txt`` lists it."""
    return sorted({pyc.parent.parent.relative_to(site).as_posix() for pyc in site.rglob("__pycache__/*.pyc")})


def clear(site: Path) -> int:
    caches = [cache for cache in site.rglob("__pycache__") if cache.is_dir()]
    for cache in caches:
        shutil.rmtree(cache)
    return len(caches)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sdr_assets.bytecode", description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--all", action="store_true", help="every module in site-packages")
    mode.add_argument("--clear", action="store_true", help="remove site-packages' bytecode")
    mode.add_argument("--record", action="store_true", help=f"write the folders holding bytecode to {LISTED.name}")
    args = parser.parse_args(argv)
    site = site_packages()
    if args.clear:
        print(f"removed {clear(site)} bytecode folders from {site}")
        return 0
    if args.record:
        folders = folders_with_bytecode(site)
        LISTED.write_text("".join(f"{folder}\n" for folder in folders))
        print(f"{LISTED}: {len(folders)} folders, {len(modules_in(site, folders))} modules")
        return 0
    started = time.perf_counter()
    paths = all_modules(site) if args.all else modules_in(site, listed_folders())
    failed = compile_modules(paths)
    print(f"bytecode: {len(paths) - len(failed)} modules compiled or up to date in "
          f"{time.perf_counter() - started:.1f} s" + ("" if args.all else f" ({LISTED.name})"))
    for path in failed:
        print(f"error: {path} did not compile", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
