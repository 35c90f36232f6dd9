"""The `sdr` script collects its garbage once at exit, then freezes what is alive for the interpreter's
own shutdown, which would otherwise walk it in several full collections."""

import subprocess
import sys
from importlib.metadata import entry_points

from sdr_assets import cli

# An exit handler registered before the command runs after the command's own (last in, first out):
# it sees what the command's handler left. The cycle with a finalizer is garbage from the start, and
# the collector is off, so only an explicit collection finalizes it before the interpreter's own.
PROBE = """
import atexit, gc

class Cycle:
    def __del__(self):
        print("garbage finalized", flush=True)

atexit.register(lambda: print("frozen", gc.get_freeze_count() > 0, flush=True))
gc.disable()
cycle = Cycle()
cycle.itself = cycle
del cycle

from sdr_assets.cli import main
main(["--help"])
"""


def test_at_exit_the_garbage_is_finalized_first_and_the_survivors_frozen():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line in ("garbage finalized", "frozen True", "frozen False")]
    assert lines == ["garbage finalized", "frozen True"], done.stdout[-500:]


def test_the_sdr_script_enters_through_main():
    (script,) = entry_points(group="console_scripts", name="sdr")
    assert script.load() is cli.main
