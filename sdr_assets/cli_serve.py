"""`sdr serve`: the one-click unsubscribe service, for the links in every message."""

from __future__ import annotations

import os
import socket
from typing import Annotated

import typer

Host = Annotated[str, typer.Option("--host", envvar="SDR_SERVE_HOST", help="Address to listen on.")]
Port = Annotated[int | None, typer.Option("--port", help="Port to listen on (0: any free port; default: "
                                                         "SDR_SERVE_PORT, else 8080).")]


def serve(host: Host = "127.0.0.1", port: Port = None) -> None:
    """Serve the unsubscribe links (RFC 8058 one-click); each opt-out is fsynced to the log under the data folder."""
    if port is None:  # read here, so that a bad SDR_SERVE_PORT is refused by name in one line
        from resources.setting import number

        port = number(os.environ, "SDR_SERVE_PORT", "8080", least=0, most=65535)
    if not 0 <= port <= 65535:  # bind() would raise OverflowError, which is no OSError
        typer.echo(f"error: cannot listen on {host}:{port}: a port is a number from 0 to 65535", err=True)
        raise typer.Exit(code=1)
    from urllib.parse import urlsplit

    import resource

    import uvicorn

    from resources.config import settings_from_env
    from resources.secret import load_secrets
    from sdr_assets import optout_log
    from sdr_assets.domain.tokens import fingerprint
    from sdr_assets.serve_heartbeat import Beat, heartbeat_path
    from sdr_assets.slow_requests import guarded_protocol
    from sdr_assets.unsubscribe_service import build_app

    resources = settings_from_env()  # the plain settings: the service runs for days without Dagster or polars
    data_dir = resources["paths"].data_dir
    policy = resources["policy"]
    keys = load_secrets(data_dir)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        typer.echo(f"error: cannot listen on {host}:{port}: {exc.strerror}", err=True)
        raise typer.Exit(code=1) from None
    sock.listen(128)  # connections queue from now on, so a client may connect as soon as the line below shows
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    listening = f"http://{shown}:{bound}{urlsplit(policy.unsubscribe_url).path or '/'}"
    # Mail over SMTP goes out only while this heartbeat is fresh, names a running service, and names
    # the links it carries: without one, say so and serve nothing.
    beat = Beat(data_dir, listening, policy.unsubscribe_url, verifies=tuple(map(fingerprint, keys.verifying)))
    try:
        beat.beat()
    except OSError as exc:
        sock.close()
        typer.echo(f"error: cannot write the heartbeat {heartbeat_path(data_dir)}: {exc.strerror or exc}", err=True)
        raise typer.Exit(code=1) from None
    # The first line says where it listens (tests start it on port 0) and where opt-outs go.
    typer.echo(f"sdr serve: listening on {listening} "
               f"(opt-outs to {optout_log.log_path(data_dir)}, pid {os.getpid()})")
    # `sdr run` names the secret that signs the links: a different one here would refuse every click.
    typer.echo(f"sdr serve: links verify with {keys.describe()}")
    typer.echo(f"sdr serve: answers the links at {policy.unsubscribe_url} (SDR_UNSUBSCRIBE_URL); heartbeat in "
               f"{heartbeat_path(data_dir)}, while it is fresh mail with those links goes out over SMTP")
    app = build_app(data_dir, keys.verifying, policy.now, urlsplit(policy.unsubscribe_url).path, heartbeat=beat)
    # Clients still sending their requests may hold half the files the process may open, no more:
    # the rest stay free for the connections that send a click at once.
    open_files = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    config = uvicorn.Config(app, http=guarded_protocol(most_receiving=open_files // 2), log_level="warning",
                            proxy_headers=True, forwarded_allow_ips="127.0.0.1")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        beat.stop()
