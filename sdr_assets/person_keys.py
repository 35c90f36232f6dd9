"""Whose mailbox a stored address reaches, in SQL and in polars, as suppression matches it.

The key is :func:`~sdr_assets.domain.suppression.suppression_key`: an opt-out or a complaint naming
``jane+news@`` or ``jane.doe@gmail.com`` is about the person mailed at ``jane@`` or
``janedoe@googlemail.com``. An address written in plain ASCII with one ``@`` (nearly every one) is
keyed by string operations, the same in both; any other is keyed by the Python function, so the SQL
gives it no key, and whoever reads it keys it with :func:`person_keys`. :func:`canonical_column`
keeps the address as the mail went to it (``mailbox_key``), a ``+tag`` and all.
"""

from __future__ import annotations

import polars as pl

from sdr_assets.domain.addresses import GMAIL, GMAIL_DOMAINS, mailbox_key
from sdr_assets.domain.suppression import suppression_key

# ASCII without spaces or control characters, one ``@``: lower-casing and splitting key it.
_ATEXT = r"[\x21-\x3f\x41-\x7e]*"
PLAIN = f"{_ATEXT}@{_ATEXT}"
_GMAIL_SQL = ", ".join(f"'{d}'" for d in sorted(GMAIL_DOMAINS))


def person_key_sql(column: str) -> str:
    """SQL for the key of ``column``; null where it is not plain. A local part that is a tag alone keeps
    it (``addresses.untagged``)."""
    whole = f"split_part(lower({column}), '@', 1)"
    local = f"coalesce(nullif(split_part({whole}, '+', 1), ''), {whole})"
    domain = f"split_part(lower({column}), '@', 2)"
    return (f"case when regexp_full_match({column}, '{PLAIN}') then "
            f"case when {domain} in ({_GMAIL_SQL}) then replace({local}, '.', '') || '@{GMAIL}' "
            f"else {local} || '@' || {domain} end end")


def person_keys(addresses: pl.Series) -> pl.Series:
    """The key of each address (null stays null), named as ``addresses``."""
    lowered = addresses.str.to_lowercase()
    whole = lowered.str.extract(r"^([^@]*)")
    untagged = lowered.str.extract(r"^([^@+]*)")
    local = pl.select(pl.when(untagged == "").then(whole).otherwise(untagged)).to_series()
    domain = lowered.str.extract(r"@(.*)$")
    plain = addresses.str.contains(f"^{PLAIN}$")
    odd = {a: suppression_key(a) for a in addresses.filter(~plain).unique().to_list()}
    gmail = plain & domain.is_in(sorted(GMAIL_DOMAINS))
    keyed = pl.select(
        pl.when(gmail).then(local.str.replace_all(".", "", literal=True) + f"@{GMAIL}")
        .when(plain).then(local + "@" + domain)
        .otherwise(addresses.replace_strict(odd, default=None, return_dtype=pl.String))).to_series()
    return keyed.alias(addresses.name)


def canonical_column(addresses: pl.Series) -> pl.Series:
    """The addresses as the mail went to them (:func:`mailbox_key`): an address stored in another
    spelling (a Unicode domain, another Unicode form, spaces) is the one a report or an opt-out names.
    Lower-cased ASCII without spaces is its own spelling, so only the others are looked up."""
    lowered = addresses.str.to_lowercase()
    odd = lowered.str.contains(r"[^\x00-\x7f]|\s").fill_null(False)
    if not odd.any():
        return lowered
    spelled = {a: mailbox_key(a) for a in lowered.filter(odd).unique().to_list()}
    return pl.select(pl.when(odd).then(lowered.replace(spelled)).otherwise(lowered)).to_series().alias(addresses.name)
