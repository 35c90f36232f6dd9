"""MX verdicts kept in the warehouse for ``mx_ttl_hours``: a run asks DNS only about domains it holds
no fresh verdict for.

``mx_verdicts`` holds one row per domain and resolvers (``AddressChecks.resolvers``) with the
refusal ("" when the domain accepts mail) and when it was checked. A verdict the resolver could not
give (a timeout, no nameserver answering) is not kept: it refuses nothing, and the next run asks again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import duckdb

from resources.address_checks import AddressChecks
from resources.tables import insert_rows
from sdr_assets.domain.address_checks import AddressVerdict

MX_DDL = """
create table if not exists mx_verdicts (
    domain varchar not null,
    resolvers varchar not null,
    refusal varchar not null,
    checked_at timestamptz not null,
    primary key (domain, resolvers)
)"""


class KeptVerdicts:
    """The fresh verdicts of the last runs, those this run adds, and the domains looked up since
    ``asked`` was cleared."""

    def __init__(self, checks: AddressChecks, con: duckdb.DuckDBPyConnection, now: datetime, *, refresh: bool = False):
        self.checks, self.now, self.ttl = checks, now, timedelta(hours=checks.mx_ttl_hours)
        self.known: dict[str, str | None] = {}
        self.checked: dict[str, datetime] = {}
        self.asked: set[str] = set()
        if not refresh:  # a full refresh asks DNS again about every domain
            con.execute(MX_DDL)
            for domain, refusal, at in con.execute(
                    "select domain, refusal, checked_at from mx_verdicts where resolvers = ? and checked_at > ?",
                    [checks.resolvers, now - self.ttl]).fetchall():
                self.known[domain], self.checked[domain] = refusal, at

    def checker(self) -> Callable[[str | None], AddressVerdict]:
        return self.checks.checker(self.known, self.asked)

    def stale_at(self) -> datetime | None:
        """When the first verdict among the domains looked up since ``asked`` was cleared goes stale."""
        times = [self.checked[d] + self.ttl if d in self.checked else
                 self.now + self.ttl if self.known.get(d) is not None else self.now for d in self.asked]
        return min(times, default=None)

    def store(self, con: duckdb.DuckDBPyConnection) -> int:
        """Keep this run's verdicts, inside the caller's transaction; the number kept."""
        rows = [[d, self.checks.resolvers, refusal, self.now] for d, refusal in sorted(self.known.items())
                if refusal is not None and d not in self.checked]
        con.execute(MX_DDL)
        return insert_rows(con, "mx_verdicts", ("domain", "resolvers", "refusal", "checked_at"), rows, "domain",
                           "replace")
