"""``sdr triage PATH... [--json]``: classify raw message files offline.

The lead engineer registers :func:`triage` on the project's Typer app; it is a plain function so
tests can mount it on their own app.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import typer

__all__ = ["triage", "iter_message_files"]


def iter_message_files(paths: list[Path]) -> Iterator[Path]:
    """Files as given; directories walked recursively in name order (hidden files skipped)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield child
        else:
            yield path


def triage(
    paths: list[Path] = typer.Argument(..., help="Message files or directories of them."),
    json_output: bool = typer.Option(False, "--json", help="One JSON object per message per line."),
) -> None:
    """Classify raw e-mail files: bounce, delay, complaint, out_of_office, auto_reply, human, other."""
    from .classify import classify_message

    if not json_output:
        typer.echo(f"{'kind':14s} {'label':15s} {'conf':>5s}  {'detail':40s} path")
    for path in iter_message_files(paths):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            error = {"path": str(path), "error": f"{type(exc).__name__}: {exc.strerror or exc}"}
            typer.echo(json.dumps(error) if json_output else f"{'error':14s} {'':15s} {'':>5s}  {error['error'][:40]:40s} {path}")
            continue
        result = classify_message(raw)
        if json_output:
            typer.echo(json.dumps(result.to_json_dict(path=path), ensure_ascii=False))
            continue
        if result.kind == "bounce":
            detail = f"{'hard' if result.hard else 'soft'} {', '.join(result.recipients[:2])}"
        elif result.return_date:
            detail = f"back {result.return_date.isoformat()}"
        elif result.referrals:
            detail = "refers " + ", ".join(result.referrals[:2])
        else:
            detail = result.sub_reason or ", ".join(result.recipients[:2])
        label = (result.label or "") + ("?" if result.needs_review else "")
        typer.echo(f"{result.kind:14s} {label:15s} {result.confidence:5.2f}  {detail[:40]:40s} {path}")
