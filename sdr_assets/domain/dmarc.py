"""DMARC's organisational domain (RFC 7489 3.2) and relaxed alignment, from the public suffix list.

The list is the one the ``publicsuffixlist`` package ships, read from the installed package: no
network. It is used as published, private section included, as DMARC receivers use it: two sites
under ``github.io`` belong to different organisations. A top-level domain the list does not name
is a public suffix (its default rule ``*``), so ``outreach.example`` is an organisational domain.
"""

from __future__ import annotations

from functools import cache


@cache
def _suffixes():
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(accept_unknown=True, only_icann=False)


def organisational_domain(domain: str) -> str | None:
    """The public suffix that matches the most labels of ``domain``, with one label more; None when
    ``domain`` is itself a public suffix. ``domain`` in lower case, without a final dot."""
    return _suffixes().privatesuffix(domain)


def relaxed_aligned(a: str, b: str) -> bool:
    """Whether two domains (lower-case A-labels) pass DMARC's relaxed alignment: the same name, or the
    same organisational domain. A public suffix is no organisation: it aligns only with itself."""
    if a == b:
        return True
    organisation = organisational_domain(a)
    return organisation is not None and organisation == organisational_domain(b)
