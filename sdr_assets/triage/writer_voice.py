"""Whether a text speaks in its writer's voice: it names her (I, me, my, we, us, our), in the languages we sell
in. A company's notice to its readers speaks of "you" and of the company by name."""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern

__all__ = ["names_the_writer"]

_FIRST_PERSON_RE = LazyPattern(r"\b(?:i|me|my|we|us|our|mich|mir|uns|ich|wir|je|moi|nous|yo|mi|nos|ik|mij|ons|eu)\b",
                               re.I)


def names_the_writer(text: str) -> bool:
    return bool(_FIRST_PERSON_RE.search(text))
