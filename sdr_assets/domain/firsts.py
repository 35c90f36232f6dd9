"""Claims that a prospect came first: "the first logistics company in Germany to do this", "one of
the first teams to adopt dbt", "a first-of-its-kind rollout".

"first" alone is ordinary English ("the first few weeks", "your first call"). It ranks a prospect
when an organisation noun follows it within three words and the phrase goes on to say where or
among whom ("to", "in", "among"...), when a past "was" or "were" puts the prospect first ("you were
the first to ship it"), and in "first-ever" and "first of its kind", with up to three words between
("the first product of its kind"). An invitation ("be one of
the first teams to try it") ranks no one, unless it says where ("be the first team in Germany to
try it" says no team there has). A ranking is grounded only by the same words in the
grounds, as the lexicon's ranking phrases are.
"""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern

_ORGANISATION = (r"(?:compan(?:y|ies)|firms?|startups?|scale-?ups?|teams?|business(?:es)?|brands?|players?"
                 r"|providers?|vendors?|platforms?|banks?|insurers?|retailers?|carriers?|manufacturers?"
                 r"|organi[sz]ations?|adopters?|movers?|ones?)")
_WORD = r"[^\W\d_][\w'&.-]*"
# "an organisation" after "first", up to two words on: "first logistics company", "first teams".
_GROUP = r"(?:\s+" + _WORD + r"){0,2}?\s+" + _ORGANISATION
# "the" and what may come before it: "one of the", "among the very".
_THE = r"(?:(?:one|among)\s+(?:of\s+)?)?(?:the\s+)?(?:very\s+)?"
# What an invitation puts before "first": "be the", "be one of the", "to be among the".
_INVITED = LazyPattern(r"(?i)(?<![^\W\d_])be\s+" + _THE + r"\Z")
_FIRST = LazyPattern(
    r"(?i)(?<![^\W\d_])(?:"
    r"first[- ]ever|first(?:[- ]|(?:\s+" + _WORD + r"){1,3}\s+)of[- ](?:its|their|a)[- ]kind"
    r"|(?:was|were|became)\s+" + _THE + r"first(?:" + _GROUP + r")?\s+to"
    r"|first" + _GROUP + r"\s+(?:to|in|on|among|across|worldwide|globally|anywhere)"
    r")(?![^\W\d_])")


def first_claim_reasons(text: str, grounds: str) -> list[str]:
    """Each phrase of ``text`` that ranks a prospect first and that ``grounds`` do not state."""
    if "first" not in text.casefold():
        return []
    said = " ".join(grounds.casefold().split())
    reasons = []
    for claim in _FIRST.finditer(text):
        if claim.group().casefold().endswith(" to") and _INVITED.search(text, 0, claim.start()):
            continue
        phrase = " ".join(claim.group().casefold().split())
        if phrase not in said:
            reasons.append(f"ranking claim not in the facts: '{phrase}'")
    return reasons
