"""The machine reference does all of its fixed work, whatever the machine."""

import re
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


def test_a_round_on_several_cores_lasts_until_its_slowest_process_is_done():
    from sdr_assets.machine_speed import slowest_of_each_round

    timings = [(1, 0.30, 7), (0, 0.20, 7), (0, 0.25, 7), (1, 0.21, 7)]
    assert slowest_of_each_round(timings, 2) == [0.25, 0.30]
    with pytest.raises(RuntimeError, match="disagree on its checksum"):
        slowest_of_each_round([(0, 0.2, 7), (0, 0.2, 8)], 1)


def test_on_several_cores_the_rounds_are_timed_and_the_command_prints_the_fastest_and_slowest():
    from sdr_assets.machine_speed import round_seconds

    rounds = round_seconds(repeats=3, size=20_000, cores=2)
    assert len(rounds) == 3 and all(seconds > 0 for seconds in rounds)
    printed = subprocess.run([sys.executable, "-m", "sdr_assets.machine_speed", "--repeats", "2", "--cores", "2"],
                             capture_output=True, text=True, check=True).stdout
    assert printed.startswith("reference workload on 2 cores at once: "), printed
    shown = re.fullmatch(r"reference workload on 2 cores at once: (\S+) s \(the fastest of 2 runs; "
                         r"the median (\S+) s, the slowest (\S+) s\)\n", printed)
    assert shown, printed
    fastest, median, slowest = map(float, shown.groups())
    assert 0 < fastest <= median <= slowest, printed


def test_a_process_of_the_workload_that_fails_is_reported_not_waited_for():
    from sdr_assets.machine_speed import round_seconds

    with pytest.raises(RuntimeError, match="ended before its rounds"):
        round_seconds(repeats=1, size="not a size", cores=2)


def test_the_command_refuses_fewer_than_one_core(capsys):
    from sdr_assets.machine_speed import main

    with pytest.raises(SystemExit) as refused:
        main(["--cores", "0"])
    assert refused.value.code == 2 and "--cores must be at least 1" in capsys.readouterr().err
