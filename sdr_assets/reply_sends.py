"""The sends a batch of replies can match, read from the ledger by key rather than whole.

A reply joins a send by a Message-ID of ours it names, by the send key a signed token in it names,
or by its sender's mailbox (``person_mailbox``); an opt-out asks whether we mailed an address. Only
the ledger rows those keys reach are read: the keys the messages' raw text shows are read ahead in
one query (:meth:`LedgerKeys.read_ahead`), and any key asked for later (a sender the parser reads
otherwise, a token's send) is read when asked, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager

import polars as pl

from resources.tables import frame_of, table_exists
from sdr_assets.domain.addresses import GMAIL, GMAIL_DOMAINS, person_mailbox
from sdr_assets.domain.raw_headers import salvage
from sdr_assets.person_keys import PLAIN, person_key_sql
from sdr_assets.triage.classify import our_message_ids

# What matching a reply to its send reads of a ledger row.
LEDGER_COLUMNS = ["message_id", "send_key", "play", "contact_email", "status", "sent_at", "step"]
_IN = "in (select unnest(?::varchar[]))"
# Each key is read by a query of its own, joined with the keys asked: one ``or`` of them scans the
# ledger keying every address (0.9 s at 300,000 sends, 0.2 s this way). An address the SQL does not key
# (``person_keys``) is read with the first mailbox asked, and keyed here.
_BY = {"id": f"lower(message_id) {_IN}", "key": f"send_key {_IN}",
       "mailbox": f"split_part(lower(contact_email), '@', 2) {_IN} and {person_key_sql('contact_email')} {_IN}"}
_ODD = f"not regexp_full_match(contact_email, '{PLAIN}')"


def _sort_key(row: dict) -> tuple:
    """A send's place among a mailbox's sends: by time, step and key, as the ledger's order had it."""
    return row["sent_at"], row["step"] is not None, row["step"] or 0, row["send_key"]


class LedgerKeys:
    """The ledger rows read so far for a batch of replies, by Message-ID, send key and mailbox."""

    def __init__(self, connect: Callable[[], AbstractContextManager]) -> None:
        self._connect = connect
        self._rows: dict[str, dict] = {}
        self._asked: dict[str, set[str]] = {"id": set(), "key": set(), "mailbox": set()}
        self._odd_read = False  # rows whose address the SQL cannot key: read with the first mailbox
        self._schema: dict | None = None
        self._by_id: dict[str, dict] = {}
        self._by_key: dict[str, dict] = {}
        self._sent: dict[str, tuple[list, list[dict]]] = {}
        self._mailed: dict[str, bool] = {}
        self.by_message_id = _Lookup(self, "id", lambda: self._by_id)
        self.by_send_key = _Lookup(self, "key", lambda: self._by_key)
        self.history = _Lookup(self, "mailbox", lambda: self._sent)
        # The mailboxes (``suppression_key``) of everyone the ledger holds a send to, of any status.
        self.mailed = _Lookup(self, "mailbox", lambda: self._mailed)

    @property
    def rows_read(self) -> int:
        return len(self._rows)

    def read_ahead(self, con, raws: Iterable[bytes], ids: Iterable[str] = (),
                   senders: Iterable[str | None] = ()) -> None:
        """Read the sends the messages ``raws`` name and those to their senders, with ``ids`` and the
        mailboxes of ``senders`` besides, in one query on ``con``."""
        ids, mailboxes = set(ids), {person_mailbox(s) for s in senders}
        for raw in raws:
            salvaged = salvage(raw)
            ids |= our_message_ids(raw) | set(salvaged.message_ids)
            mailboxes.add(person_mailbox(salvaged.from_addr))
        self._read(con, ids, (), mailboxes - {None})

    def ask(self, kind: str, key: str) -> None:
        if key not in self._asked[kind]:
            with self._connect() as con:
                self._read(con, *[[key] if k == kind else () for k in self._asked])

    def frame(self) -> pl.DataFrame:
        """The rows read, as a frame of the ledger's types (empty, without columns, when none were)."""
        return pl.DataFrame(list(self._rows.values()), schema=self._schema) if self._rows else pl.DataFrame()

    def _read(self, con, ids: Iterable[str], keys: Iterable[str], mailboxes: Iterable[str]) -> None:
        asked = {"id": set(ids) - self._asked["id"], "key": set(keys) - self._asked["key"],
                 "mailbox": set(mailboxes) - self._asked["mailbox"]}
        if not any(asked.values()):
            return
        for kind, keys_asked in asked.items():
            self._asked[kind] |= keys_asked
        if not table_exists(con, "send_ledger"):
            return
        wheres, params = [], []
        for kind, keys_asked in asked.items():
            if keys_asked:
                wheres.append(_BY[kind])
                params += [_domains(keys_asked), sorted(keys_asked)] if kind == "mailbox" else [sorted(keys_asked)]
        if asked["mailbox"] and not self._odd_read:
            wheres.append(_ODD)
            self._odd_read = True
        frame = frame_of(con, " union all ".join(f"select {', '.join(LEDGER_COLUMNS)} from send_ledger where {w}"
                                                 for w in wheres), params)
        self._schema = self._schema or frame.schema
        self._rows.update((r["send_key"], r) for r in frame.iter_rows(named=True))
        self._index()

    def _index(self) -> None:
        rows = sorted(self._rows.values(), key=lambda r: r["send_key"])
        self._by_id = {str(r["message_id"]).lower(): r for r in rows if r["message_id"]}
        self._by_key = {r["send_key"]: r for r in self._by_id.values()}
        self._mailed = {m: True for m in map(person_mailbox, (r["contact_email"] for r in rows)) if m}
        self._sent = {}
        for r in sorted((r for r in rows if r["status"] == "sent" and r["sent_at"] is not None), key=_sort_key):
            mailbox = person_mailbox(r["contact_email"])
            if mailbox:
                times, sent = self._sent.setdefault(mailbox, ([], []))
                times.append(r["sent_at"])
                sent.append(r)


def _domains(mailboxes: set[str]) -> list[str]:
    """The domains the ledger's addresses reaching ``mailboxes`` are at: Gmail's mailboxes at either of its."""
    domains = {m.rpartition("@")[2] for m in mailboxes}
    return sorted(domains | GMAIL_DOMAINS if GMAIL in domains else domains)


class _Lookup(Mapping):
    """One index of the rows read, reading from the ledger a key it was not asked for yet."""

    def __init__(self, keys: LedgerKeys, kind: str, index: Callable[[], dict]) -> None:
        self._keys, self._kind, self._index = keys, kind, index

    def __getitem__(self, key):
        if not (key and isinstance(key, str)):
            raise KeyError(key)
        self._keys.ask(self._kind, key)
        return self._index()[key]

    def __iter__(self) -> Iterator:
        return iter(self._index())

    def __len__(self) -> int:
        return len(self._index())
