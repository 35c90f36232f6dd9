"""Typer's test runner with each app's click command built once per process.

Typer builds the click command again for every ``invoke``, reading every command's signature and
type hints: about 14 ms a call for the `sdr` app, which the `sdr` program pays once per process. The
command holds no state of an invocation, so one built command serves them all.
"""

from __future__ import annotations

import functools
from unittest import mock

import typer
import typer.testing
from typer.main import get_command


@functools.cache
def _command(app: typer.Typer):
    return get_command(app)


class CommandLine(typer.testing.CliRunner):
    """``CliRunner`` whose ``invoke`` runs the app's command built once (``_command``)."""

    def invoke(self, app: typer.Typer, *args, **kwargs) -> typer.testing.Result:
        with mock.patch.object(typer.testing, "_get_command", _command):
            return super().invoke(app, *args, **kwargs)
