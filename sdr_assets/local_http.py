"""The HTTP server behind the local stand-ins for outside services (model, enrichment API)."""

from http.server import ThreadingHTTPServer


class LocalHTTPServer(ThreadingHTTPServer):
    """A thread per connection, none of them keeping the process alive, and room for a burst.

    At the default listen backlog of 5, a burst of new connections overflows it: the kernel drops
    their SYNs and each of those clients waits a second before it sends one again.
    """

    daemon_threads = True
    request_queue_size = 128
