"""The machine reference does all of its fixed work, whatever the machine."""

import subprocess
import sys

import pytest

from sdr_assets.machine_speed import MODULUS, SIZE, reference_seconds, workload


@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 12_345, SIZE])
def test_the_workload_returns_its_closed_form(size):
    squares = (size - 1) * size * (2 * size - 1) // 6
    assert workload(size) == squares % MODULUS + size * (size - 1) // 2


def test_the_reference_is_timed_and_the_command_prints_it():
    assert reference_seconds(repeats=2, size=10_000) > 0
    printed = subprocess.run([sys.executable, "-m", "sdr_assets.machine_speed", "--repeats", "1"],
                             capture_output=True, text=True, check=True).stdout
    assert printed.startswith("reference workload: ") and float(printed.split()[2]) > 0
    assert printed.rstrip().endswith("(the fastest of 1 run)")


def test_the_command_refuses_fewer_than_one_run(capsys):
    from sdr_assets.machine_speed import main

    with pytest.raises(SystemExit) as refused:
        main(["--repeats", "0"])
    assert refused.value.code == 2 and "--repeats must be at least 1" in capsys.readouterr().err
