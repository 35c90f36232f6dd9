"""`sdr dkim`: the signing key under the data folder and the DNS record that vouches for it."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(help="DKIM: create the signing key once, print the DNS record to publish.", no_args_is_help=True)


def _settings() -> tuple:
    """The key's file, selector and signing domain, every setting checked; a public suffix as the
    signing domain is refused here too."""
    import os

    from resources.defaults import build_resources
    from resources.service_config import dkim_config

    resources = build_resources()
    dkim_config(os.environ, resources["policy"].sending_domain, suffixes=True)
    mail = resources["mail"]
    return mail.dkim_key_path, mail.dkim_selector, mail.dkim_domain


@app.command("init")
def init() -> None:
    """Create the private key under the data folder (mode 0600) unless it exists; never overwrites one.
    What is there already must be a key file it can read: a link to nothing or a folder is no key kept."""
    from pathlib import Path

    from resources.dkim import DkimKeyError, create_key, public_key_b64

    key, selector, domain = _settings()
    created = create_key(Path(key))
    if not created:
        try:
            public_key_b64(Path(key))
        except DkimKeyError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(code=1) from None
    typer.echo(f"{'Created' if created else 'Kept the existing'} DKIM key {key} (selector {selector}, "
               f"domain {domain}). Publish the record that `sdr dkim record` prints; until DNS serves it, "
               "receivers cannot verify the signature.")


@app.command("record")
def record(as_value: Annotated[bool, typer.Option("--value", help="Print only the TXT value.")] = False) -> None:
    """Print the DNS TXT record to publish at {selector}._domainkey.{domain}."""
    from pathlib import Path

    from resources.dkim import DkimKeyError, dns_record

    key, selector, domain = _settings()
    try:
        entry = dns_record(Path(key), selector, domain)
    except DkimKeyError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(entry.value if as_value else entry.zone_line())
