"""File names as the warehouse keeps them.

A name that is not UTF-8 (a Latin-1 name from a Windows share or an archive) reaches Python with
its odd bytes as lone surrogates (the file system's "surrogateescape"), which no UTF-8 store holds.
Each such byte is kept as an escape, "caf\\xe9.jsonl", so the name stays one per file and can be
stored and compared.
"""

from __future__ import annotations


def stored_name(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
