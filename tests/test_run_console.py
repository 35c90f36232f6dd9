"""A step's refusal (dg.Failure with a description) is one line on the console; a bug keeps its traceback."""

import os
import subprocess
from pathlib import Path

import dagster as dg

from sdr_assets.run_console import console_logger
from tests.crash_harness import APPROVED, REPO, SDR, copy_prepared, environ

NO_POSTAL_ADDRESS = f"Nothing sent. play '{APPROVED}' has no postal address"
STACK = ("Traceback", 'File "', "Stack Trace")


def test_sdr_run_prints_a_play_stopped_for_its_configuration_as_one_line_without_a_stack_trace(
        crash_template, tmp_path):
    root = tmp_path / "run"
    copy_prepared(crash_template, root)
    env = {name: value for name, value in environ(root).items() if name != "SDR_POSTAL_ADDRESS"}
    # While steps run, Dagster copies the compute log file to the terminal with `tail`, stopped when
    # the run ends: one that has copied nothing yet is the worst case of that race.
    env["PATH"] = f"{_tail_that_copies_nothing(tmp_path)}{os.pathsep}{env['PATH']}"

    result = subprocess.run([str(SDR), "run"], env=env, capture_output=True, text=True, timeout=600, cwd=REPO)

    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"run failed: outreach_revops_hiring {APPROVED}: {NO_POSTAL_ADDRESS}" in result.stdout, output
    assert not [marker for marker in STACK if marker in output], output
    assert len([line for line in result.stderr.splitlines() if NO_POSTAL_ADDRESS in line]) == 1, result.stderr
    assert "Not executing" not in result.stderr, "the steps behind the refusal are no news"


def _tail_that_copies_nothing(tmp_path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "tail").write_text("#!/bin/sh\nexec sleep 600\n")
    (folder / "tail").chmod(0o755)
    return folder


@dg.op
def refusing():
    raise dg.Failure(description="Nothing sent. the test's play has no postal address")


@dg.op
def crashing():
    raise ZeroDivisionError("a bug in a step")


@dg.op
def behind(value):
    return value


@dg.job(logger_defs={"console": console_logger})
def refusal_job():
    behind(behind(refusing()))


@dg.job(logger_defs={"console": console_logger})
def crash_job():
    behind(crashing())


@dg.job(logger_defs={"console": console_logger})
def refusal_and_crash_job():
    behind(refusing())
    behind(crashing())


def _console(job: dg.JobDefinition, capfd) -> str:
    result = job.execute_in_process(raise_on_error=False,
                                    run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}})
    assert not result.success
    return capfd.readouterr().err


def test_a_refusal_is_one_line_and_its_echoes_are_left_out(capfd):
    err = _console(refusal_job, capfd)
    assert err.count("\n") == 1 and " - refusing - STEP_FAILURE - Nothing sent. the test's play has no postal" in err, err


def test_a_bug_keeps_its_traceback_and_the_run_failure(capfd):
    err = _console(crash_job, capfd)
    assert "ZeroDivisionError: a bug in a step" in err and all(marker in err for marker in STACK[1:]), err
    assert "in crashing" in err and "RUN_FAILURE" in err and "Not executing" in err, err


def test_a_bug_beside_a_refusal_keeps_its_traceback(capfd):
    err = _console(refusal_and_crash_job, capfd)
    assert "ZeroDivisionError: a bug in a step" in err and 'File "' in err and "in crashing" in err, err
    assert err.count("Nothing sent.") == 1, err
