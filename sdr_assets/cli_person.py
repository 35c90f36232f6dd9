"""The ``--by`` option of every command that records a person's decision, held to the gate's rule."""

from __future__ import annotations

from typing import Annotated

import typer


def named_person(by: str) -> str:
    """``by`` stripped when it names a person as the approval gate counts one; otherwise a one-line
    refusal that names the rule, and exit 1, before the command reads or writes anything."""
    from resources.config import run_mode
    from resources.setting import SettingError
    from sdr_assets.domain.approvals import nobody_named

    try:
        mode = run_mode()
    except SettingError:  # the command itself reports the setting; the name meets the live rule
        mode = "live"
    refusal = nobody_named(by, mode)
    if refusal:
        typer.echo(f"error: {refusal}", err=True)
        raise typer.Exit(code=1)
    return by.strip()


By = Annotated[str, typer.Option("--by", callback=named_person,
                                 help="Your own name, recorded as the person taking the decision; a placeholder "
                                      "or a machine's name is refused.")]
