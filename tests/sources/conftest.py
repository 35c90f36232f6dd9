"""Signal sources and enrichment: a scripted HTTP server on 127.0.0.1 for the tests in this folder."""

import pytest
from http_server import ScriptedServer


@pytest.fixture
def serve():
    """``serve(route)`` starts a server for the test and stops it afterwards."""
    servers = []

    def start(route):
        server = ScriptedServer(route).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)
