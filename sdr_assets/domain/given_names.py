"""Whether a lower-case word is a given name, for telling "quick question, mark" from "pipeline,
simplified": the English first names of faker (a dependency), read once on first use."""

from __future__ import annotations

from functools import cache


@cache
def given_names() -> frozenset[str]:
    """Every listed English given name, lower case."""
    from faker.providers.person.en import Provider as Person

    return frozenset(name.casefold() for name in Person.first_names)


def is_given_name(word: str) -> bool:
    return word.casefold() in given_names()
