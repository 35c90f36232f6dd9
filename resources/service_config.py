"""The services' settings (model, enrichment, address checks, signal feed, SMTP, IMAP, DKIM) as plain
values, read and checked from the environment without Dagster.

``resources/defaults.py`` builds the Dagster resources from them. ``check_settings`` reads every
setting those resources take, so that `sdr run` and `sdr demo` refuse a bad one before they import
the pipeline.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import dns.resolver

from resources.attachments import duckdb_config
from resources.config import resolve_paths, run_mode, sends_over_smtp, settings_from_env
from resources.dkim import DkimKeyError, domain_name, key_path, signing_domain
from resources.setting import SettingError, choice, choices, flag, header, link, number, required

# Each limit with its setting, its kind and its bounds (0 requests per minute: no limit).
MODEL_LIMITS = {
    "timeout_seconds": ("SDR_MODEL_TIMEOUT", float, {"above": 0}),
    "concurrency": ("SDR_MODEL_CONCURRENCY", int, {"least": 1}),
    "requests_per_minute": ("SDR_MODEL_RPM", float, {"least": 0}),
    "tokens_per_minute": ("SDR_MODEL_TPM", float, {"least": 0}),
    "max_calls_per_run": ("SDR_MODEL_BUDGET", int, {"least": 0}),
}
PORT = {"least": 1, "most": 65535}
MAX_TTL_DAYS = 36500  # a century; a longer freshness reaches before the calendar starts
FEED_PAGINATION = ("cursor", "page")
ENRICHMENT_PROVIDERS = ("local", "http")
SMTP_SECURITY = ("starttls", "ssl", "none")
IMAP_SECURITY = ("ssl", "starttls", "none")


def check_settings(*, demo_smtp: bool = False) -> None:
    """Read every setting of the process's environment that the pipeline's resources and its DuckDB
    take; a bad one raises ``SettingError``, which names it."""
    settings = settings_from_env(os.environ)
    service_config(os.environ, settings["policy"].sending_domain, demo_smtp=demo_smtp)
    duckdb_config()


def dkim_config(env: Mapping[str, str], sending_domain: str, *, suffixes: bool = False) -> dict:
    """The DKIM key's file, selector and signing domain; a selector that names no DNS record, or a
    domain no signature can name, is refused here, before any message is built. Whether the domain
    is a public suffix is asked only with ``suffixes`` (`sdr dkim`): reading the list costs every
    command about 50 ms, and the send step's probe refuses such a domain before a batch anyway."""
    selector = env.get("SDR_DKIM_SELECTOR") or "sdr"
    domain = env.get("SDR_DKIM_DOMAIN") or sending_domain
    try:
        path = key_path(resolve_paths(env)["data_dir"], selector)
    except DkimKeyError as exc:
        raise SettingError(f"SDR_DKIM_SELECTOR: {exc}") from None
    if env.get("SDR_DKIM_DOMAIN"):
        try:
            (signing_domain if suffixes else domain_name)(domain)
        except DkimKeyError as exc:
            raise SettingError(f"SDR_DKIM_DOMAIN must be the domain DKIM signs for (a name under which you "
                               f"publish its record), but {exc}") from None
    elif suffixes:  # the sending domain, a domain name already (``settings_from_env``)
        try:
            signing_domain(domain)
        except DkimKeyError as exc:
            raise SettingError(f"SDR_SENDING_DOMAIN is the domain DKIM signs for unless SDR_DKIM_DOMAIN is set, "
                               f"but {exc}") from None
    return {"dkim_key_path": str(path), "dkim_selector": selector, "dkim_domain": domain}


def service_config(env: Mapping[str, str], sending_domain: str, *, demo_smtp: bool = False) -> dict:
    """Each service's arguments by name, secrets left out; None for a service the environment leaves
    unconfigured (``signal_feed``, ``model``: the offline one, ``smtp``, ``imap``).

    In demo mode IMAP is never read and SMTP only when the caller asks for it (``demo_smtp``).
    """
    mode = run_mode(env)
    services = {
        "dkim": dkim_config(env, sending_domain),
        "booking_url": link(env, "SDR_BOOKING_URL"),
        "enrichment": enrichment_config(env),
        "address_checks": address_checks_config(env),
        "signal_feed": signal_feed_config(env) if env.get("SDR_SIGNAL_FEED_URL") else None,
        "model": None, "smtp": None, "imap": None,
    }
    if env.get("OPENAI_BASE_URL"):
        header(env, "OPENAI_API_KEY", secret=True)
        services["model"] = {"base_url": link(env, "OPENAI_BASE_URL"), "model": env.get("SDR_MODEL", "gpt-4o-mini"),
                             "booking_url": services["booking_url"], **model_limits(env)}
    # A port left unset follows the security, as mail clients do: implicit TLS has ports of its own.
    if sends_over_smtp(env, demo_smtp=demo_smtp):
        security = choice(env, "SDR_SMTP_SECURITY", "starttls", SMTP_SECURITY)
        services["smtp"] = {"host": env["SDR_SMTP_HOST"],
                            "port": number(env, "SDR_SMTP_PORT", "465" if security == "ssl" else "587", **PORT),
                            "username": env.get("SDR_SMTP_USERNAME") or None,
                            "timeout_seconds": number(env, "SDR_SMTP_TIMEOUT", "30", float, above=0),
                            "security": security}
    if env.get("SDR_IMAP_HOST") and mode != "demo":
        required(env, "SDR_IMAP_PASSWORD", "when SDR_IMAP_HOST is")
        security = choice(env, "SDR_IMAP_SECURITY", "ssl", IMAP_SECURITY)
        services["imap"] = {"host": env["SDR_IMAP_HOST"],
                            "port": number(env, "SDR_IMAP_PORT", "993" if security == "ssl" else "143", **PORT),
                            "username": env.get("SDR_IMAP_USERNAME", ""), "folder": env.get("SDR_IMAP_FOLDER", "INBOX"),
                            "timeout_seconds": number(env, "SDR_IMAP_TIMEOUT", "30", float, above=0),
                            "security": security}
    return services


def model_limits(env: Mapping[str, str]) -> dict:
    """The model stage's limits that the environment sets; the resource's defaults for the rest."""
    return {field: value for field, (var, kind, bounds) in MODEL_LIMITS.items()
            if (value := number(env, var, None, kind, **bounds)) is not None}


def signal_feed_config(env: Mapping[str, str]) -> dict:
    """The HTTP signal feed described by the ``SDR_SIGNAL_FEED_*`` settings (its token is checked, not kept)."""
    header(env, "SDR_SIGNAL_FEED_AUTH", secret=True)
    return {
        "name": env.get("SDR_SIGNAL_FEED_NAME", "http-feed"), "url": link(env, "SDR_SIGNAL_FEED_URL"),
        "auth_header": header(env, "SDR_SIGNAL_FEED_AUTH_HEADER", "Authorization"),
        "pagination": choice(env, "SDR_SIGNAL_FEED_PAGINATION", "cursor", FEED_PAGINATION),
        "items_key": env.get("SDR_SIGNAL_FEED_ITEMS_KEY", "data"),
        "cursor_key": env.get("SDR_SIGNAL_FEED_CURSOR_KEY", "next_cursor"),
        "page_size": number(env, "SDR_SIGNAL_FEED_PAGE_SIZE", "100", least=1),
        "max_records_per_run": number(env, "SDR_SIGNAL_FEED_LIMIT", "5000", least=1),
        "max_requests_per_run": number(env, "SDR_SIGNAL_FEED_MAX_REQUESTS", "1000", least=1),
    }


def field_map(text: str) -> dict[str, str]:
    """``employees=metrics.headcount,name=legal_name`` as {our field: the provider's key}."""
    pairs = [item.split("=", 1) for item in text.split(",") if item.strip()]
    bad = [p[0] for p in pairs if len(p) != 2 or not p[0].strip() or not p[1].strip()]
    if bad:
        raise SettingError(f"SDR_ENRICHMENT_FIELD_MAP: expected field=key pairs, got {bad}")
    return {ours.strip(): theirs.strip() for ours, theirs in pairs}


def enrichment_config(env: Mapping[str, str]) -> dict:
    """The waterfall's order and freshness, and under ``http`` the HTTP provider that ``SDR_ENRICHMENT_*``
    describes when its URL is set (None otherwise; its API key is checked, not kept)."""
    http = None
    if env.get("SDR_ENRICHMENT_URL"):
        header(env, "SDR_ENRICHMENT_API_KEY", secret=True)
        http = {
            "name": env.get("SDR_ENRICHMENT_NAME", "http"), "base_url": link(env, "SDR_ENRICHMENT_URL"),
            "auth_header": header(env, "SDR_ENRICHMENT_AUTH_HEADER", "Authorization"),
            "auth_prefix": header(env, "SDR_ENRICHMENT_AUTH_PREFIX", "Bearer "),
            "company_path": env.get("SDR_ENRICHMENT_COMPANY_PATH", "/companies/{domain}"),
            "contacts_path": env.get("SDR_ENRICHMENT_CONTACTS_PATH", "/companies/{domain}/contacts"),
            "field_map": field_map(env.get("SDR_ENRICHMENT_FIELD_MAP", "")),
            "concurrency": number(env, "SDR_ENRICHMENT_CONCURRENCY", "4", least=1),
            "timeout_seconds": number(env, "SDR_ENRICHMENT_TIMEOUT", "10", float, above=0),
            "max_pages": number(env, "SDR_ENRICHMENT_MAX_PAGES", "20", least=1),
            "stop_after_unreachable": number(env, "SDR_ENRICHMENT_STOP_AFTER", "3", least=1),
        }
    order = choices(env, "SDR_ENRICHMENT_ORDER", "local,http", ENRICHMENT_PROVIDERS)
    return {"http": http, "order": order, "ttl_days": number(env, "SDR_ENRICHMENT_TTL_DAYS", "30", float, least=0,
                                                                         most=MAX_TTL_DAYS)}


def address_checks_config(env: Mapping[str, str]) -> dict:
    servers = [s.strip() for s in env.get("SDR_DNS_NAMESERVERS", "").split(",") if s.strip()]
    try:
        dns.resolver.Resolver(configure=False).nameservers = servers
    except ValueError:
        raise SettingError("SDR_DNS_NAMESERVERS must be IP addresses (or DNS-over-HTTPS URLs), comma-separated, "
                           f"not {env.get('SDR_DNS_NAMESERVERS')!r}") from None
    return {"allow_role_addresses": flag(env, "SDR_ALLOW_ROLE_ADDRESSES", False),
            "refuse_disposable": flag(env, "SDR_REFUSE_DISPOSABLE", True),
            "check_mx": flag(env, "SDR_CHECK_MX", False), "nameservers": servers,
            "mx_ttl_hours": number(env, "SDR_MX_TTL_HOURS", "24", float, least=0, most=8760)}
