"""Choose each resource's implementation from the environment: local unless configured otherwise."""

from __future__ import annotations

import os

import dagster as dg
import dns.resolver

from resources.dkim import key_path
from resources.address_checks import AddressChecks
from resources.enrichment import EnrichmentWaterfall, HttpEnrichment, LocalDirectoryEnrichment
from resources.imap import SECURITY_MODES as IMAP_SECURITY, ImapMailbox
from resources.mail import MaildirOutbox
from resources.mailbox import MaildirMailbox
from resources.setting import SettingError, choice, choices, flag, link, number, required
from resources.model import OfflineModel, OpenAICompatibleModel
from resources.config import settings_from_env
from resources.settings import EscalationPolicy, PipelinePaths, SendPolicy, resolve_paths, run_mode
from resources.signal_feed import HttpSignalFeed, NoSignalFeed
from resources.smtp import SECURITY_MODES as SMTP_SECURITY, SmtpTransport
from resources.warehouse import Warehouse


# Each limit with its setting, its kind and its bounds (0 requests per minute: no limit).
MODEL_LIMITS = {
    "timeout_seconds": ("SDR_MODEL_TIMEOUT", float, {"above": 0}),
    "concurrency": ("SDR_MODEL_CONCURRENCY", int, {"least": 1}),
    "requests_per_minute": ("SDR_MODEL_RPM", float, {"least": 0}),
    "tokens_per_minute": ("SDR_MODEL_TPM", float, {"least": 0}),
    "max_calls_per_run": ("SDR_MODEL_BUDGET", int, {"least": 0}),
}
PORT = {"least": 1, "most": 65535}
FEED_PAGINATION = ("cursor", "page")
ENRICHMENT_PROVIDERS = ("local", "http")


def model_limits(env) -> dict:
    """The model stage's limits that the environment sets; the resource's defaults for the rest."""
    return {field: value for field, (var, kind, bounds) in MODEL_LIMITS.items()
            if (value := number(env, var, None, kind, **bounds)) is not None}


def build_resources(environ: dict[str, str] | None = None, *, demo_smtp: bool = False
                    ) -> dict[str, dg.ConfigurableResource]:
    """Local implementations unless configured otherwise; every setting they read is checked here, so
    a bad one stops the command before any run starts (``resources/setting.py``).

    In demo mode (``SDR_MODE=demo``) paths live under the demo's folder, replies are read from its
    local maildir and mail goes to its local outbox; a configured SMTP server is used only when the
    caller asks for it explicitly (``demo_smtp``, the ``sdr demo --smtp`` flag).
    """
    env = os.environ if environ is None else environ
    paths = resolve_paths(env)
    mode = run_mode(env)
    settings = settings_from_env(env)
    sending_domain = settings["policy"].sending_domain
    selector = env.get("SDR_DKIM_SELECTOR", "sdr")
    dkim = {"dkim_key_path": str(key_path(paths["data_dir"], selector)), "dkim_selector": selector,
            "dkim_domain": env.get("SDR_DKIM_DOMAIN") or sending_domain}
    resources: dict[str, dg.ConfigurableResource] = {
        "warehouse": Warehouse(**settings["warehouse"].model_dump()),
        "paths": PipelinePaths(**settings["paths"].model_dump()),
        "policy": SendPolicy(**settings["policy"].model_dump()),
        "escalation_policy": EscalationPolicy(**settings["escalation_policy"].model_dump()),
        "model": OfflineModel(booking_url=link(env, "SDR_BOOKING_URL")),
        "enrichment": enrichment_from(env, paths["reference_dir"]),
        "address_checks": address_checks_from(env),
        "mail": MaildirOutbox(path=paths["outbox"], **dkim),
        "mailbox": MaildirMailbox(path=paths["replies_maildir"]),
        "signal_feed": NoSignalFeed(),
    }
    if env.get("SDR_SIGNAL_FEED_URL"):
        resources["signal_feed"] = signal_feed_from(env)
    if env.get("OPENAI_BASE_URL"):
        resources["model"] = OpenAICompatibleModel(
            base_url=link(env, "OPENAI_BASE_URL"),
            api_key=dg.EnvVar("OPENAI_API_KEY") if env.get("OPENAI_API_KEY") else "none",
            model=env.get("SDR_MODEL", "gpt-4o-mini"), booking_url=link(env, "SDR_BOOKING_URL"),
            **model_limits(env),
        )
    if env.get("SDR_SMTP_HOST") and (mode != "demo" or demo_smtp):
        resources["mail"] = SmtpTransport(
            host=env["SDR_SMTP_HOST"], port=number(env, "SDR_SMTP_PORT", "587", **PORT),
            username=env.get("SDR_SMTP_USERNAME") or None,
            password=dg.EnvVar("SDR_SMTP_PASSWORD") if env.get("SDR_SMTP_PASSWORD") else None,
            security=choice(env, "SDR_SMTP_SECURITY", "starttls", SMTP_SECURITY), **dkim,
        )
    if env.get("SDR_IMAP_HOST") and mode != "demo":
        required(env, "SDR_IMAP_PASSWORD", "when SDR_IMAP_HOST is")
        resources["mailbox"] = ImapMailbox(
            host=env["SDR_IMAP_HOST"], port=number(env, "SDR_IMAP_PORT", "993", **PORT),
            username=env.get("SDR_IMAP_USERNAME", ""), password=dg.EnvVar("SDR_IMAP_PASSWORD"),
            folder=env.get("SDR_IMAP_FOLDER", "INBOX"),
            security=choice(env, "SDR_IMAP_SECURITY", "ssl", IMAP_SECURITY),
        )
    return resources


def signal_feed_from(env) -> HttpSignalFeed:
    """The HTTP signal feed described by the ``SDR_SIGNAL_FEED_*`` settings."""
    token = env.get("SDR_SIGNAL_FEED_AUTH", "")
    return HttpSignalFeed(
        name=env.get("SDR_SIGNAL_FEED_NAME", "http-feed"), url=link(env, "SDR_SIGNAL_FEED_URL"),
        auth_header=env.get("SDR_SIGNAL_FEED_AUTH_HEADER", "Authorization"),
        auth_value=dg.EnvVar("SDR_SIGNAL_FEED_AUTH") if token else "",
        pagination=choice(env, "SDR_SIGNAL_FEED_PAGINATION", "cursor", FEED_PAGINATION),
        items_key=env.get("SDR_SIGNAL_FEED_ITEMS_KEY", "data"),
        cursor_key=env.get("SDR_SIGNAL_FEED_CURSOR_KEY", "next_cursor"),
        page_size=number(env, "SDR_SIGNAL_FEED_PAGE_SIZE", "100", least=1),
        max_records_per_run=number(env, "SDR_SIGNAL_FEED_LIMIT", "5000", least=1),
        max_requests_per_run=number(env, "SDR_SIGNAL_FEED_MAX_REQUESTS", "1000", least=1),
    )


def field_map(text: str) -> dict[str, str]:
    """``employees=metrics.headcount,name=legal_name`` as {our field: the provider's key}."""
    pairs = [item.split("=", 1) for item in text.split(",") if item.strip()]
    bad = [p[0] for p in pairs if len(p) != 2 or not p[0].strip() or not p[1].strip()]
    if bad:
        raise SettingError(f"SDR_ENRICHMENT_FIELD_MAP: expected field=key pairs, got {bad}")
    return {ours.strip(): theirs.strip() for ours, theirs in pairs}


def enrichment_from(env, reference_dir: str) -> EnrichmentWaterfall:
    """The local directory, then the HTTP provider described by ``SDR_ENRICHMENT_*`` when its URL is set."""
    http = None
    if env.get("SDR_ENRICHMENT_URL"):
        http = HttpEnrichment(
            name=env.get("SDR_ENRICHMENT_NAME", "http"), base_url=link(env, "SDR_ENRICHMENT_URL"),
            api_key=dg.EnvVar("SDR_ENRICHMENT_API_KEY") if env.get("SDR_ENRICHMENT_API_KEY") else "",
            auth_header=env.get("SDR_ENRICHMENT_AUTH_HEADER", "Authorization"),
            auth_prefix=env.get("SDR_ENRICHMENT_AUTH_PREFIX", "Bearer "),
            company_path=env.get("SDR_ENRICHMENT_COMPANY_PATH", "/companies/{domain}"),
            contacts_path=env.get("SDR_ENRICHMENT_CONTACTS_PATH", "/companies/{domain}/contacts"),
            field_map=field_map(env.get("SDR_ENRICHMENT_FIELD_MAP", "")),
            concurrency=number(env, "SDR_ENRICHMENT_CONCURRENCY", "4", least=1),
            timeout_seconds=number(env, "SDR_ENRICHMENT_TIMEOUT", "10", float, above=0),
        )
    order = choices(env, "SDR_ENRICHMENT_ORDER", "local,http", ENRICHMENT_PROVIDERS)
    return EnrichmentWaterfall(local=LocalDirectoryEnrichment(directory=reference_dir), http=http, order=order,
                               ttl_days=number(env, "SDR_ENRICHMENT_TTL_DAYS", "30", float, least=0))


def address_checks_from(env) -> AddressChecks:
    servers = [s.strip() for s in env.get("SDR_DNS_NAMESERVERS", "").split(",") if s.strip()]
    try:
        dns.resolver.Resolver(configure=False).nameservers = servers
    except ValueError:
        raise SettingError("SDR_DNS_NAMESERVERS must be IP addresses (or DNS-over-HTTPS URLs), comma-separated, "
                           f"not {env.get('SDR_DNS_NAMESERVERS')!r}") from None
    return AddressChecks(allow_role_addresses=flag(env, "SDR_ALLOW_ROLE_ADDRESSES", False),
                         refuse_disposable=flag(env, "SDR_REFUSE_DISPOSABLE", True),
                         check_mx=flag(env, "SDR_CHECK_MX", False), nameservers=servers)
