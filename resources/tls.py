"""One TLS context per process for every client this project opens (SMTP, IMAP, HTTP, the model).

Making a context loads the trusted certificates, about 10 ms each time; a context is safe to share
between connections and threads, and each connection still verifies its own peer. The certificates
trusted are those ``SSL_CERT_FILE`` and ``SSL_CERT_DIR`` name when a client connects, as with a new
context each time.
"""

from __future__ import annotations

import os
import ssl
from functools import cache


def client_context() -> ssl.SSLContext:
    """The default client context (certificates verified, host names checked) for the trust settings now."""
    return _context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


@cache
def _context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """A new context for each pair of trust settings (the arguments key the cache)."""
    return ssl.create_default_context()
