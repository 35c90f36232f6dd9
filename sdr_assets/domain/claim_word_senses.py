"""Claim words in a sense that claims nothing of the prospect: "Balderton leading your Series A"
(an investor leads a round), "your sales leaders", "give that leader a pipeline" (a person who leads
a team), "post-raise" (a prefix), "your next stage of growth", "we can help drive growth" (growth
to come), "a meaningful investment in sales" (spending on a function), "doubling down on outbound"
(a firmer commitment), "growing teams often", "whether a team is growing", "Growth after a Series A
is rarely a straight line" (growth of no one), "whether your team is remote or in the office" (a place
of work in a condition), "I've read about how hard it is" (reading of no press of theirs), "I saw the
coverage gap" (coverage a seller measures).

Each such word is blanked before the claim check reads a text (lower case). "A leading vendor",
"the leader in fintech", "a market leader", "your blog post", "your growth this year", "impressive
growth", "your sustained growth", "you helped drive growth", "the product leader in biotech",
"leading the Series A market" and "Accel's investment in Blueio" claim something and stay.

A title said of no one, the subject of what usually happens after "a", "an", "any", "every" or
"each" ("drafts that a manager signs off", "any VP of Sales can read it"), claims none either
(``without_titles_of_no_one``); one said of the prospect stays ("as a manager, you", "Acme hired a
director who", "a new director joins", "Acme has a founder who sells", "every director at Acme
reports to you"); "who" follows a title of no one only after "by" ("signed off by a manager who
reads it"). A team growing now is a team hiring: "expanding its sales team" and "growing your team"
are read as "hiring", which the facts of an opening ground; "expanded its team", "growing revenue"
and another team's growth ("growing your engineering team") stay.

"Doubling", "tripling" and "quadrupling" claim growth only of the prospect: as what it is doing
("you're doubling", "Acme is tripling") or has done ("doubling revenue since 2023", "tripling
headcount in a year"); a goal ("our aim is doubling your reply rate") claims none.
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
    # A function named by what it brings in, no revenue of anyone's: "we work with revenue teams",
    # "revenue leaders", "revenue operations"; read before the leaders of a function.
    ("revenue", LazyPattern(rf"{_NOT_AFTER}(?P<word>revenue)(?=[ \t]+(?:teams?|leaders?|leadership|org|orgs"
                           rf"|organi[sz]ations?|functions?|operations|ops|people|roles?){_NOT_BEFORE})")),
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
    # Growth said of no one: of companies in general ("growing teams often find"), as a condition
    # ("whether a team is growing or not", "if you're growing") or as what usually happens ("Growth
    # after a Series A is rarely a straight line"); not "your growing team" nor "Growth is strong".
    ("growing", LazyPattern(rf"(?<!your[ \t])(?<!their[ \t])(?<!its[ \t])(?<!the[ \t])(?<!our[ \t])"
                           rf"(?<!'s[ \t]){_NOT_AFTER}(?P<word>growing)(?=[ \t]+(?:teams|companies|startups"
                           rf"|businesses|organi[sz]ations|orgs|firms){_NOT_BEFORE})")),
    ("growing", LazyPattern(rf"{_NOT_AFTER}(?:whether|if)(?:[ \t]+[^\W\d_]+(?:['’][^\W\d_]+)?){{1,4}}?"
                           rf"[ \t]+(?P<word>growing){_NOT_BEFORE}")),
    ("growth", LazyPattern(rf"(?:^|(?<=\n)|(?<=[.!?][ \t]))(?P<word>growth)(?=(?:[ \t]+[^\W\d_]+){{0,5}}?"
                          rf"[ \t]+(?:is|are)[ \t]+(?:rarely|often|usually|never|always|seldom|typically"
                          rf"|hardly){_NOT_BEFORE})")),
    # A firmer commitment, not growth: "doubling down on outbound".
    # Reading about a kind of thing, no press of theirs: "I've read about how hard the first board meeting is".
    ("read about", LazyPattern(rf"{_NOT_AFTER}(?P<word>i(?:['’]ve|[ \t]+have)?[ \t]+read[ \t]+about"
                              rf"|i[ \t]+was[ \t]+reading[ \t]+about)(?=[ \t]+(?:how|why|what|when|teams|companies"
                              rf"|startups|founders|leaders|boards|rounds|this[ \t]+kind|the[ \t]+way){_NOT_BEFORE})")),
    # Coverage a seller measures, no press of theirs: "the coverage gap", "we've seen the coverage ratio slip";
    # not one on or about something ("the coverage reports on your Series B").
    ("coverage", LazyPattern(rf"{_NOT_AFTER}(?P<word>coverage)(?=[ \t]+(?:gaps?|ratios?|math|models?|numbers"
                            rf"|metrics?|targets?|plans?|maps?|reports?|rates?|levels?){_NOT_BEFORE}"
                            rf"(?![ \t]+(?:on|about|around){_NOT_BEFORE}))")),
    # Where people work in a condition, no office of theirs: "whether your team is remote or in the office".
    ("office", LazyPattern(rf"{_NOT_AFTER}(?:whether|if)(?:[ \t]+[^\W\d_]+(?:['’][^\W\d_]+)?){{1,5}}?"
                          rf"[ \t]+(?:in|at|from)[ \t]+the[ \t]+(?P<word>office){_NOT_BEFORE}")),
    ("doubl", LazyPattern(rf"{_NOT_AFTER}(?P<word>doubling|doubled)(?=[ \t]+down{_NOT_BEFORE})")),
    # Spending on a function, not money raised.
    ("investment in", LazyPattern(
        rf"{_NOT_AFTER}(?P<word>investment)(?=[ \t]+in[ \t]+(?:sales|marketing|people|hiring|pipeline"
        rf"|outbound|tooling|tools|training|onboarding|talent|data|technology|infrastructure|processes)"
        rf"{_NOT_BEFORE}(?![ \t]+(?:from|by|led|backed){_NOT_BEFORE}))")),
)
# What no one else on the prospect's side must do, or no other tool of theirs ("no one else on your team
# needs to act", "no other tool needs to change"), ranks no one; "no one else does this" stays.
_LEFT_ALONE = (rf"(?=(?:[ \t]+(?:on|at|in|from|of)[ \t]+(?:your|the|their|this|that)(?:[ \t]+{_WORDS}){{1,2}}?)?"
               rf"[ \t]+(?:needs?|has[ \t]+to|have[ \t]+to|must|should|will[ \t]+(?:need|have)[ \t]+to|changes"
               rf"|sees|gets[ \t]+access|is[ \t]+(?:involved|needed|required|copied|affected|touched|changed)"
               rf"){_NOT_BEFORE})")
_SENSES += (
    ("else", LazyPattern(rf"{_NOT_AFTER}(?P<word>no[ \t-]?one[ \t]+else|nobody[ \t]+else){_LEFT_ALONE}")),
    ("no other", LazyPattern(rf"{_NOT_AFTER}(?P<word>no[ \t]+other[ \t]+(?:platform|tool|solution|vendor))"
                             rf"{_LEFT_ALONE}")),
)
# A team growing now, which is a team hiring: "expanding its sales team", "growing your team".
# Only the words of a sales team may come between: another department growing is growth.
_SALES_WORDS = (r"(?:sales|sdr|sdrs|bdr|bdrs|outbound|inbound|revenue|gtm|go-to-market|commercial|business"
                r"|development|representatives?|reps?|account|executives?|own|whole|small|core)")
_TEAM_GROWING = LazyPattern(
    rf"{_NOT_AFTER}(?P<word>expanding|growing)[ \t]+(?:its|the|your|their)[ \t]+(?:{_SALES_WORDS}[ \t]+){{0,3}}?"
    rf"(?:teams?|headcount|workforce|staff){_NOT_BEFORE}")
# Growth by a factor, which is a claim only of the prospect: said by who does it, or by when.
_MULTIPLYING = LazyPattern(rf"{_NOT_AFTER}(?:doubling|tripling|quadrupling){_NOT_BEFORE}")
_DOER = LazyPattern(rf"(?:(?P<who>{_WORDS})(?:['’](?:re|s|ve[ \t]+been)|[ \t]+(?:am|is|are|was|were|has[ \t]+been"
                    rf"|have[ \t]+been))|{_NOT_AFTER}after)[ \t]+(?:{_WORDS}ly[ \t]+|already[ \t]+|now[ \t]+|still[ \t]+)?\Z")
_GOAL = frozenset(("we", "i", "us", "aim", "goal", "target", "focus", "idea", "plan", "job", "mission", "objective",
                   "promise", "what", "that", "this", "which", "point", "hope", "ambition", "task"))
_WHEN = LazyPattern(r"[^.;!?\n]{0,60}?(?<![^\W\d_])(?:since|in[ \t]+(?:a|one|two|three|four|five|\d+|the[ \t]+(?:last|past))"
                    r"[ \t]+(?:[^\W\d_]+[ \t]+)?(?:years?|months?|quarters?)|over[ \t]+the[ \t]+(?:last|past)|this[ \t]+year"
                    r"|last[ \t]+year|year[ \t]+over[ \t]+year|yoy|this[ \t]+quarter|last[ \t]+quarter)(?![^\W\d_])")

# A title said of no one: "drafts that a manager signs off", "any VP of Sales can read it". The title is
# found first, then the words before and after it are read (a scan from each "a" would cost more).
_RANK = LazyPattern(rf"{_NOT_AFTER}(?:{_TITLE}){_NOT_BEFORE}")
# Not after "has", "have", "had" or "with": "Acme has a founder who sells" says who Acme has.
_NO_ONE = LazyPattern(rf"(?<!has )(?<!have )(?<!had )(?<!with ){_NOT_AFTER}(?:a|an|any|every|each)[ \t]+"
                      rf"(?:(?!(?:new|incoming|interim|acting|former){_NOT_BEFORE}){_WORDS}[ \t]+){{0,2}}\Z")
# The words between a title and its verb place no one: "every director at Acme reports" is Acme's.
_BETWEEN = rf"(?!(?:who|that|which|at|in|on|from|with|across){_NOT_BEFORE}){_WORDS}"
_DOES = LazyPattern(rf"(?:[ \t]+of)?(?:[ \t]+{_BETWEEN}){{0,2}}?[ \t]+{_GENERAL_VERB}")
_WHO_DOES = LazyPattern(rf"(?:[ \t]+of)?(?:[ \t]+{_BETWEEN}){{0,2}}?[ \t]+who[ \t]+{_GENERAL_VERB}")
_BY = LazyPattern(rf"{_NOT_AFTER}by[ \t]+\Z")


def without_titles_of_no_one(lower: str) -> str:
    """``lower`` with each title blanked that is the subject of a general statement after "a", "an",
    "any", "every" or "each" (the verifier reads it only where a title claim is not in the facts)."""
    for m in [m for m in _RANK.finditer(lower) if _said_of_no_one(lower, m.start(), m.end())]:
        lower = lower[:m.start()] + " " * (m.end() - m.start()) + lower[m.end():]
    return lower


def _said_of_no_one(lower: str, start: int, end: int) -> bool:
    """Whether the title at ``start``-``end`` follows "a", "any", "every"... and does what usually
    happens ("who" only after "by": "signed off by a manager who reads it")."""
    before = _NO_ONE.search(lower, max(0, start - 48), start)
    if before is None:
        return False
    return bool(_DOES.match(lower, end) or (_WHO_DOES.match(lower, end)
                                            and _BY.search(lower, max(0, before.start() - 4), before.start())))


def _factor_claimed(lower: str, start: int, end: int) -> bool:
    """Whether the "doubling" at ``start``-``end`` is said of the prospect: by a doer other than the
    sender or a goal, or after "after", or with when it happened."""
    doer = _DOER.search(lower, max(0, start - 40), start)
    if doer is not None and (doer["who"] or "").lower() not in _GOAL:
        return True
    return _WHEN.match(lower, end) is not None


def without_other_senses(lower: str) -> str:
    """``lower`` with each claim word of ``_SENSES`` blanked where it claims nothing, and a team's
    growth read as hiring; a factor of growth kept only where it is said of the prospect."""
    for key, sense in _SENSES:
        if key in lower:
            lower = sense.sub(lambda m: m.group()[:m.start("word") - m.start()] + " " * len(m["word"])
                              + m.group()[m.end("word") - m.start():], lower)
    if "ling" in lower:
        lower = _MULTIPLYING.sub(lambda m: m.group() if _factor_claimed(lower, m.start(), m.end())
                                 else " " * len(m.group()), lower)
    if "expanding" in lower or "growing" in lower:
        lower = _TEAM_GROWING.sub(lambda m: "hiring".ljust(len(m["word"])) + m.group()[len(m["word"]):], lower)
    return lower
