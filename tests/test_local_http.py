"""The local stand-ins' HTTP server takes a burst of new connections without dropping any."""

import socket
from http.server import BaseHTTPRequestHandler

from sdr_assets.local_http import LocalHTTPServer


def test_a_burst_of_connections_waits_in_the_backlog_while_the_server_is_busy():
    server = LocalHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)  # listening, accepting nothing yet
    sockets = []
    try:
        for _ in range(32):
            client = socket.socket()
            sockets.append(client)
            client.settimeout(0.2)
            client.connect(server.server_address)  # a dropped SYN would time out here
    finally:
        for client in sockets:
            client.close()
        server.server_close()
