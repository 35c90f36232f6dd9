"""`sdr suppress`: add, list and lift suppression entries by hand; every change is an event."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from sdr_assets.cli_person import By

suppress_app = typer.Typer(help="Addresses and @domains that are never mailed: add, list, lift (recorded by name); "
                                "probe the opt-out mailto.", no_args_is_help=True)
Reason = Annotated[str, typer.Option("--reason", help="Why.")]


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=1)


@suppress_app.command("add")
def suppress_add(target: Annotated[str, typer.Argument(help="jane@acme.example or @acme.example")], by: By,
                 reason: Reason) -> None:
    """Never mail this address (any +tag) or any address at this domain and its subdomains.

    The entry is logged first, so a send batch running meanwhile honours it from its next message;
    it is recorded in the warehouse once that is free (or by the next run, if the wait runs out)."""
    from resources.config import settings_from_env
    from resources.damage import WarehouseLocked, WarehouseUnavailable
    from resources.tables import KeyLostError
    from sdr_assets.cli_output import BUSY
    from sdr_assets.cli_settings import noted_beside_the_demo
    from sdr_assets.domain.suppression import SuppressionError
    from sdr_assets import entry_log
    from sdr_assets.suppression import log_entry

    resources = settings_from_env()  # the plain settings: recording an opt-out needs no Dagster
    data_dir = resources["paths"].data_dir
    with noted_beside_the_demo():  # an address may be suppressed before the first run
        try:
            event = log_entry(data_dir, target, by, reason, resources["policy"].now(), resources["paths"].mode)
        except SuppressionError as exc:
            _fail(str(exc))
        except OSError as exc:
            _fail(f"the entry could not be written to {entry_log.log_path(data_dir)}, so nothing was recorded: {exc}")
        said = f"{event.recorded_by} suppressed {event.target} ({event.event_id})."
        warehouse = resources["warehouse"]
        try:
            try:
                _record(warehouse.model_copy(update={"lock_timeout_seconds": 0}), data_dir)
            except WarehouseLocked:
                typer.echo(f"{BUSY}: the entry is logged and already stops sending; waiting up to "
                           f"{warehouse.lock_timeout_seconds:g} s to record it there.")
                _record(warehouse, data_dir)
        except (WarehouseUnavailable, KeyLostError) as exc:
            typer.echo(f"{said} Every send honours it from now on; the warehouse could not take it yet, and the "
                       f"next run records it there ({exc})", err=True)
            return
        typer.echo(said)


def _record(warehouse, data_dir: str) -> None:
    """Record the entries log's entries the warehouse does not hold yet."""
    from sdr_assets.suppression import record_entries

    with warehouse.connect() as con:
        record_entries(con, data_dir)


@suppress_app.command("lift")
def suppress_lift(target: str, by: By, reason: Reason) -> None:
    """Lift the bounces and manual entries on an address (every spelling of its mailbox) or @domain;
    unsubscribes and complaints stay."""
    from resources.config import settings_from_env
    from sdr_assets.cli_settings import noted_beside_the_demo
    from resources.tables import KeyLostError
    from sdr_assets.domain.suppression import Suppressions, SuppressionError, active_entries
    from sdr_assets.suppression import lift_entry, read_events

    resources = settings_from_env()
    data_dir = resources["paths"].data_dir
    with noted_beside_the_demo():
        try:
            with resources["warehouse"].connect() as con:
                lifted = lift_entry(con, data_dir, target, by, reason, resources["policy"].now(),
                                    resources["paths"].mode)
                left = Suppressions(active_entries(read_events(con))).reason_for(target.strip())
        except (SuppressionError, KeyLostError) as exc:
            _fail(str(exc))
        stays = f" It stays suppressed: {left}." if left else ""
        typer.echo(f"{by.strip()} lifted {', '.join(lifted)} on {target.strip()}.{stays}")


@suppress_app.command("list")
def suppress_list(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Everything suppressed now, with the reason in force, including clicks not yet ingested and
    replies not yet recorded."""
    from sdr_assets.cli_settings import to_read
    from sdr_assets.suppression import list_frame, pending_from_replies, pending_optouts, read_events

    resources = to_read()
    with resources["warehouse"].connect(read_only=True) as con:
        events = read_events(con)
        frame = list_frame(events + pending_from_replies(con, events)
                           + pending_optouts(con, resources["paths"].data_dir))
    rows = list(frame.iter_rows(named=True))
    if as_json:
        typer.echo(json.dumps(rows, default=str, indent=2))
        return
    from rich.table import Table

    from sdr_assets.cli_output import add_cells, cli_console, print_table

    table = Table(title=f"Suppressed: {len(rows)}")
    for column in ("address or domain", "reason", "by", "since", "note"):
        table.add_column(column)
    for r in rows:
        add_cells(table, r["email"], r["reasons"], r["recorded_by"], f"{r['added_at']:%Y-%m-%d %H:%M}", r["note"] or "")
    if rows:
        print_table(cli_console(), table)
    else:
        typer.echo("Nobody is suppressed.")


@suppress_app.command("probe")
def suppress_probe(timeout: Annotated[float, typer.Option(
        "--timeout", min=0, help="Seconds to wait for the probes in the replies mailbox.")] = 300) -> None:
    """Prove opt-outs, replies and bounces by mail reach `sdr`: mail a probe to unsubscribe@SDR_SENDING_DOMAIN
    and to each play's sender through the configured SMTP server, wait for them in the replies mailbox and
    record each outcome. Exits 1 when one does not arrive."""
    import dagster as dg

    from resources.config import NO_REPLIES_READ
    from resources.defaults import build_resources
    from resources.dkim import DkimKeyError
    from resources.imap import ImapError
    from resources.secret import load_secret
    from resources.smtp import MailDeliveryError
    from sdr_assets.domain.route_probe import probe_message
    from sdr_assets.domain.sender_routes import route_key, senders
    from sdr_assets.optout_route import check_routes
    from sdr_assets.playbook import load_plays
    from sdr_assets.route_probe_records import replies_user

    resources = build_resources()
    policy, mail = resources["policy"], resources["mail"]
    if not mail.reaches_recipients:
        _fail("mail goes to the local outbox (no SDR_SMTP_HOST), so no message reaches unsubscribe@"
              f"{policy.sending_domain}: nothing to check")
    if not policy.replies_named:
        _fail(f"{NO_REPLIES_READ}; the probe would wait for a mailbox nothing delivers to")
    unsubscribe, user = f"unsubscribe@{policy.sending_domain}", route_key(replies_user() or "")
    book = load_plays(resources["paths"].plays)
    plays_of = {address: plays for address, plays in senders((p.name, p.sender["email"]) for p in book.plays.values())
                .items() if route_key(address) != route_key(unsubscribe)}
    now, secret = policy.now(), load_secret(resources["paths"].data_dir)
    probes = [probe_message(secret, policy.notify_from, policy.sending_domain, now)]
    whose: dict[str, tuple[str, ...]] = {}  # a sender's probe's Message-ID: the sender's plays
    for address, plays in plays_of.items():
        if route_key(address) == user:
            typer.echo(f"Mail to {address} ({_plays(plays)}) needs no probe: it is the replies mailbox's own "
                       "account (SDR_IMAP_USERNAME).")
            continue
        probes.append(probe_message(secret, policy.notify_from, policy.sending_domain, now, to=address))
        whose[probes[-1]["Message-ID"]] = plays
    try:
        with dg.build_resources({"mail": mail, "mailbox": resources["mailbox"]}) as ready:  # passwords read here
            results = check_routes(ready.mail, ready.mailbox, probes, timeout)
    except (MailDeliveryError, DkimKeyError, ValueError) as exc:
        _fail(f"the probe to {unsubscribe} could not be sent: {exc}")
    except (ImapError, OSError) as exc:
        _fail(f"the replies mailbox could not be read: {exc}")
    _record_probes(resources, results, whose, now)
    lost = [line for result in results if (line := _probe_line(result, whose.get(result.message_id), timeout))]
    for line in lost:
        typer.echo(f"error: {line}", err=True)
    if lost:
        raise typer.Exit(code=1)


def _plays(plays: tuple[str, ...]) -> str:
    return f"the sender of {', '.join(plays)}"


def _probe_line(result, plays: tuple[str, ...] | None, timeout: float) -> str | None:
    """Say how the probe went, on stdout when it arrived; the error line when it did not. ``plays``:
    those the probed address sends for (none for unsubscribe@)."""
    what = (f"replies, opt-outs and bounces sent to that address ({_plays(plays)}) are never read"
            if plays else "opt-outs sent to that address are lost")
    if result.refused:
        return f"the mail server refused the probe to {result.address}: {result.refused}; {what}"
    if not result.arrived:
        return (f"mail to {result.address} did not reach the replies mailbox within {timeout:g} s (probe "
                f"{result.message_id}): {what} until it is delivered there")
    if not (plays or result.recognised):
        return (f"mail to {result.address} reaches the replies mailbox, but names that address in none of To, Cc, "
                "Delivered-To, X-Original-To or Envelope-To (a forward that rewrites them?): an opt-out sent there "
                "is not known for one by its address")
    who = f" ({_plays(plays)})" if plays else ""
    ignored = "" if plays else "; the replies run ignores the probe"
    typer.echo(f"Mail to {result.address}{who} reaches the replies mailbox ({result.seconds:.1f} s){ignored}.")
    return None


def _record_probes(resources, results, senders: dict, now) -> None:
    """Each probe's outcome into the warehouse, for `sdr status` and `sdr plays show`; a warehouse that
    cannot take it is said, and changes nothing of what the probes proved. ``senders``: the probes of
    play senders by Message-ID; the mailto's proves nothing where it arrives not naming unsubscribe@."""
    from resources.damage import WarehouseUnavailable
    from resources.tables import KeyLostError
    from sdr_assets.cli_settings import noted_beside_the_demo
    from sdr_assets.route_probe_records import record_probes

    unnamed = "arrived naming the address in none of To, Cc, Delivered-To, X-Original-To or Envelope-To"
    outcomes = []
    for r in results:
        named = r.recognised or r.message_id in senders
        outcomes.append((r.address, r.arrived and named, r.message_id, r.refused or (unnamed if r.arrived and not named else None)))
    with noted_beside_the_demo():
        try:
            with resources["warehouse"].connect() as con:
                record_probes(con, outcomes, now)
        except (WarehouseUnavailable, KeyLostError) as exc:
            typer.echo(f"note: the outcome could not be recorded in the warehouse, so `sdr status` does not "
                       f"show it yet: {exc}", err=True)
