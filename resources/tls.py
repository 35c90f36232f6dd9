"""One TLS context per process for each kind of client this project opens.

Making a context loads the trusted certificates, about 10 ms each time; a context is safe to share
between connections and threads, and each connection still verifies its own peer. Each kind trusts
what it trusted with a new context per connection: mail clients (SMTP, IMAP) what
``ssl.create_default_context()`` trusts, HTTP clients (enrichment, signal feeds, the model) what
httpx trusts by default (certifi's bundle). ``SSL_CERT_FILE`` and ``SSL_CERT_DIR`` are read when a
client connects, so a change to either gets a new context.
"""

from __future__ import annotations

import os
import ssl
from functools import cache


def mail_context() -> ssl.SSLContext:
    """The context for SMTP and IMAP: certificates verified, host names checked."""
    return _context("mail", os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


def http_context() -> ssl.SSLContext:
    """The context httpx makes for ``verify=True``."""
    return _context("http", os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


@cache
def _context(kind: str, cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """A new context for each kind and pair of trust settings (the arguments key the cache)."""
    if kind == "http":
        import httpx

        return httpx.create_ssl_context()
    return ssl.create_default_context()
