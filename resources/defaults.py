"""Choose each resource's implementation from the environment: local unless configured otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from resources.address_checks import AddressChecks
from resources.config import settings_from_env
from resources.enrichment import EnrichmentWaterfall, HttpEnrichment, LocalDirectoryEnrichment
from resources.imap import ImapMailbox
from resources.mail import MaildirOutbox
from resources.mailbox import MaildirMailbox
from resources.model import OfflineModel, OpenAICompatibleModel
from resources.service_config import service_config
from resources.settings import EscalationPolicy, PipelinePaths, SendPolicy, resolve_paths
from resources.signal_feed import HttpSignalFeed, NoSignalFeed
from resources.smtp import SmtpTransport
from resources.warehouse import Warehouse

# Where the local enrichment files' reads are kept between runs, in the data folder.
REFERENCE_READS = "reference_reads"


def build_resources(environ: dict[str, str] | None = None, *, demo_smtp: bool = False
                    ) -> dict[str, dg.ConfigurableResource]:
    """Local implementations unless configured otherwise; every setting they read is checked here, so
    a bad one stops the command before any run starts (``resources/setting.py``). The settings are
    read without Dagster (``resources/config.py``, ``resources/service_config.py``).

    In demo mode (``SDR_MODE=demo``) paths live under the demo's folder, replies are read from its
    local maildir and mail goes to its local outbox; a configured SMTP server is used only when the
    caller asks for it explicitly (``demo_smtp``, the ``sdr demo --smtp`` flag).
    """
    env = os.environ if environ is None else environ
    paths = resolve_paths(env)
    settings = settings_from_env(env)
    services = service_config(env, settings["policy"].sending_domain, demo_smtp=demo_smtp)
    resources: dict[str, dg.ConfigurableResource] = {
        "warehouse": Warehouse(**settings["warehouse"].model_dump()),
        "paths": PipelinePaths(**settings["paths"].model_dump()),
        "policy": SendPolicy(**settings["policy"].model_dump()),
        "escalation_policy": EscalationPolicy(**settings["escalation_policy"].model_dump()),
        "model": OfflineModel(booking_url=services["booking_url"]),
        "enrichment": _enrichment(env, paths, services["enrichment"]),
        "address_checks": AddressChecks(**services["address_checks"]),
        "mail": MaildirOutbox(path=paths["outbox"], **services["dkim"]),
        "mailbox": MaildirMailbox(path=paths["replies_maildir"]),
        "signal_feed": NoSignalFeed(),
    }
    if services["signal_feed"] is not None:
        resources["signal_feed"] = HttpSignalFeed(**services["signal_feed"],
                                                  auth_value=_secret(env, "SDR_SIGNAL_FEED_AUTH", ""))
    if services["model"] is not None:
        resources["model"] = OpenAICompatibleModel(**services["model"], api_key=_secret(env, "OPENAI_API_KEY", "none"))
    if services["smtp"] is not None:
        resources["mail"] = SmtpTransport(**services["smtp"], password=_secret(env, "SDR_SMTP_PASSWORD", None),
                                          **services["dkim"])
    if services["imap"] is not None:
        resources["mailbox"] = ImapMailbox(**services["imap"], password=dg.EnvVar("SDR_IMAP_PASSWORD"))
    return resources


def _secret(env, name: str, absent: str | None) -> dg.EnvVar | str | None:
    """The secret setting ``name`` as a Dagster ``EnvVar`` (read when the resource starts, never shown in its
    config), or ``absent`` when it is not set."""
    return dg.EnvVar(name) if env.get(name) else absent


def _enrichment(env, paths: dict[str, str], config: dict) -> EnrichmentWaterfall:
    """The local directory, its reads kept in the data folder, then the HTTP provider when its URL is set."""
    http = None
    if config["http"] is not None:
        http = HttpEnrichment(**config["http"], api_key=_secret(env, "SDR_ENRICHMENT_API_KEY", ""))
    local = LocalDirectoryEnrichment(directory=paths["reference_dir"],
                                     kept_reads=str(Path(paths["data_dir"]) / REFERENCE_READS))
    return EnrichmentWaterfall(local=local, http=http,
                               order=config["order"], ttl_days=config["ttl_days"])
