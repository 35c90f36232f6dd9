"""Claim words in a sense that claims nothing of the prospect: "Balderton leading your Series A"
(an investor leads a round), "your sales leaders", "give that leader a pipeline" (a person who leads
a team), "post-raise" (a prefix), "your next stage of growth", "we can help drive growth" (growth
to come), "a meaningful investment in sales" (spending on a function), "doubling down on outbound"
(a firmer commitment).

Each such word is blanked before the claim check reads a text (lower case). "A leading vendor",
"the leader in fintech", "a market leader", "your blog post", "your growth this year", "impressive
growth", "your sustained growth", "you helped drive growth", "the product leader in biotech",
"leading the Series A market" and "Accel's investment in Blueio" claim something and stay.

A title said of no one, the subject of what usually happens after "a", "an", "any", "every" or
"each" ("drafts that a manager signs off", "any VP of Sales can read it"), claims none either
(``without_titles_of_no_one``); one said of the prospect stays ("as a manager, you", "Acme hired a
director who", "a new director joins"). A team growing now is a team hiring: "expanding its sales
team" and "growing your team" are read as "hiring", which the facts of an opening ground; "expanded
its team" and "growing revenue" stay.
"""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern

_ROUND = r"(?:round|raise|series(?:[ \t]+[a-f](?![^\W\d_]))?|investment|funding|seed|financing)"
_NOT_AFTER = r"(?<![^\W\d_])"
_NOT_BEFORE = r"(?![^\W\d_])"
# A round word ends its noun phrase: a clause ends, or a word that is no part of it follows.
_ROUND_ENDS = (r"(?=[ \t]*(?:[,;:.!?\n)]|\Z"
               r"|[ \t](?:with|and|in|at|for|from|this|last|earlier|so|to|is|was)(?![^\W\d_])))")
_WORDS = r"[^\W\d_]+"
# The titles a general statement's subject may hold, and what such a subject does: a modal, an
# adverb of habit, or a verb in -s that is no change of role.
_TITLE = (r"vice[ \t]+president|head[ \t]+of|chief(?:[ \t]+(?:executive|technology|financial|operating|revenue"
          r"|marketing))?|ceo|cto|cfo|coo|cro|cmo|svp|evp|vp|president|director|manager|co-?founder|founder")
_GENERAL_VERB = (r"(?:can|will|would|should|could|may|might|must|usually|often|typically|always|never|rarely"
                 r"|(?!(?:is|was|has|does|joins|starts|leaves|resigns|arrives|steps|takes|replaces|succeeds"
                 r"|moves|this|its|his|us|yes|plus|less|unless|across|process)(?![^\W\d_]))[^\W\d_]*[^\W\d_s]s)"
                 rf"{_NOT_BEFORE}")
# Each sense, with a word a text must hold for it to apply (a plain test spares most drafts the scan).
_SENSES = (
    # An investor leading a round: "Balderton leading your Series A", not "leading the Series A market".
    ("lead", LazyPattern(rf"{_NOT_AFTER}(?P<word>leading)(?=[ \t]+(?:your|the|their|its|this|a|an)[ \t]+"
                        rf"(?:[\w&'$£€.-]+[ \t]+){{0,3}}?{_ROUND}{_NOT_BEFORE}{_ROUND_ENDS})")),
    # People who lead a team or a function: "your sales leaders", "give that leader a pipeline"; never a
    # leader of a field ("the product leader in biotech").
    ("lead", LazyPattern(rf"{_NOT_AFTER}(?<!the[ \t])(?<!an[ \t])(?<!\Wa[ \t])(?<!^a[ \t])"
                        rf"(?:sales|marketing|revenue|business|commercial|product|engineering|finance|people"
                        rf"|team|growth|operations|that|this|each|every|these|those)[ \t]+"
                        rf"(?P<word>leaders?){_NOT_BEFORE}(?![ \t]+(?:in|of|among|across|at)(?![^\W\d_]))")),
    # A prefix: "post-raise", "post-launch".
    ("post-", LazyPattern(rf"{_NOT_AFTER}(?P<word>post)(?=-[^\W\d_])")),
    # Growth to come, or growth someone will help with ("to support your growth", "key for sustained growth").
    ("growth", LazyPattern(rf"{_NOT_AFTER}(?:next[ \t]+(?:stage|phase|chapter)[ \t]+of|future"
                          rf"|(?:crucial|key|vital|important|essential|critical|needed|necessary)[ \t]+(?:for|to)"
                          rf"[ \t]+(?:sustained|sustainable|long-term)"
                          rf"|(?:(?:to|can|will|could|would)[ \t]+|'ll[ \t]+|'d[ \t]+)"
                          rf"(?:support|fuel|drive|accelerate|power|enable|help(?:[ \t]+with)?)"
                          rf"(?:[ \t]+[^\W\d_]+(?:'s)?){{0,2}}?)"
                          rf"[ \t]+(?P<word>growth){_NOT_BEFORE}")),
    # A firmer commitment, not growth: "doubling down on outbound".
    ("doubl", LazyPattern(rf"{_NOT_AFTER}(?P<word>doubling|doubled)(?=[ \t]+down{_NOT_BEFORE})")),
    # Spending on a function, not money raised.
    ("investment in", LazyPattern(
        rf"{_NOT_AFTER}(?P<word>investment)(?=[ \t]+in[ \t]+(?:sales|marketing|people|hiring|pipeline"
        rf"|outbound|tooling|tools|training|onboarding|talent|data|technology|infrastructure|processes)"
        rf"{_NOT_BEFORE}(?![ \t]+(?:from|by|led|backed){_NOT_BEFORE}))")),
)
# A team growing now, which is a team hiring: "expanding its sales team", "growing your team".
_TEAM_GROWING = LazyPattern(
    rf"{_NOT_AFTER}(?P<word>expanding|growing)[ \t]+(?:its|the|your|their)[ \t]+(?:{_WORDS}[ \t]+){{0,3}}?"
    rf"(?:teams?|headcount|workforce|staff){_NOT_BEFORE}")

# A title said of no one: "drafts that a manager signs off", "any VP of Sales can read it". The title is
# found first, then the words before and after it are read (a scan from each "a" would cost more).
_RANK = LazyPattern(rf"{_NOT_AFTER}(?:{_TITLE}){_NOT_BEFORE}")
_NO_ONE = LazyPattern(rf"{_NOT_AFTER}(?:a|an|any|every|each)[ \t]+(?:(?!(?:new|incoming|interim|acting|former)"
                      rf"{_NOT_BEFORE}){_WORDS}[ \t]+){{0,2}}\Z")
_DOES = LazyPattern(rf"(?:[ \t]+of)?(?:[ \t]+{_WORDS}){{0,2}}?[ \t]+{_GENERAL_VERB}")


def without_titles_of_no_one(lower: str) -> str:
    """``lower`` with each title blanked that is the subject of a general statement after "a", "an",
    "any", "every" or "each" (the verifier reads it only where a title claim is not in the facts)."""
    for m in [m for m in _RANK.finditer(lower) if _NO_ONE.search(lower, max(0, m.start() - 48), m.start())
              and _DOES.match(lower, m.end())]:
        lower = lower[:m.start()] + " " * (m.end() - m.start()) + lower[m.end():]
    return lower


def without_other_senses(lower: str) -> str:
    """``lower`` with each claim word of ``_SENSES`` blanked where it claims nothing, and a team's
    growth read as hiring."""
    for key, sense in _SENSES:
        if key in lower:
            lower = sense.sub(lambda m: m.group()[:m.start("word") - m.start()] + " " * len(m["word"])
                              + m.group()[m.end("word") - m.start():], lower)
    if "expanding" in lower or "growing" in lower:
        lower = _TEAM_GROWING.sub(lambda m: "hiring".ljust(len(m["word"])) + m.group()[len(m["word"]):], lower)
    return lower
