"""A warehouse in memory for the enrichment tests: ``connect()`` hands out the same connection."""

from contextlib import nullcontext

import duckdb


class Memory:
    def __init__(self):
        self.con = duckdb.connect(":memory:")

    def connect(self):
        return nullcontext(self.con)
