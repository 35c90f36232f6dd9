"""The prospect's industry said otherwise than research found it: "As a fintech company, you know
compliance", "fintech teams like yours", "Acme is a logistics platform", "Acme, an insurtech startup,"
and "your e-commerce business" for an account whose industry is Software.

Research gives the account's industry; a draft may call the prospect a company of an industry only
where the grounds name that industry, in one of its spellings ("Fintech" grounds "a financial
services company", "E-commerce" an "ecommerce brand"). The kind is read only where it is the
prospect's: "as a ... company" followed by a comma or by "you" (not "as a fintech company grows"),
"... teams like yours" or like a name of theirs, a name of theirs or "you" said to be one or set beside
one, and "your ... company". Teams in general ("fintech teams often ..."), our own help ("we help
fintech teams"), a condition ("if you're a fintech company") and words of no one industry ("software",
"SaaS", "B2B") state none.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern

# Each industry with the spellings and the close kinds that one fact of it grounds.
_INDUSTRIES = (
    ("fintech", "financial technology", "financial services", "finserv", "payments", "lending", "banking",
     "neobank", "wealthtech", "wealth management", "regtech"),
    ("insurance", "insurtech"),
    ("crypto", "cryptocurrency", "blockchain", "web3", "defi"),
    ("healthcare", "health care", "healthtech", "health tech", "digital health", "medtech", "medical device",
     "telehealth", "hospital"),
    ("biotech", "biotechnology", "life sciences", "pharma", "pharmaceutical", "biopharma"),
    ("logistics", "supply chain", "freight", "shipping", "trucking", "transportation", "mobility"),
    ("e-commerce", "ecommerce", "ecom", "online retail", "dtc", "d2c", "direct-to-consumer", "retail", "retailer",
     "consumer goods", "cpg", "fmcg", "marketplace"),
    ("cybersecurity", "cyber security", "cyber", "infosec"),
    ("marketing tech", "martech", "marketing technology", "adtech", "ad tech", "advertising"),
    ("hr tech", "hrtech", "hr technology", "hr software", "recruiting", "staffing", "workforce management"),
    ("edtech", "education", "e-learning", "elearning", "higher ed", "k-12"),
    ("real estate", "proptech"),
    ("legaltech", "legal tech", "law firm"),
    ("manufacturing", "industrial", "industrials"),
    ("automotive",),
    ("aerospace", "defense", "defence"),
    ("energy", "cleantech", "climate tech", "climatetech", "renewables", "renewable energy", "oil and gas",
     "utilities", "utility", "solar"),
    ("telecom", "telecoms", "telecommunications", "telco"),
    ("media", "publishing", "entertainment", "streaming"),
    ("gaming", "games", "esports"),
    ("hospitality", "travel", "restaurant", "food and beverage", "foodtech"),
    ("construction", "contech"),
    ("agriculture", "agtech", "agritech", "agribusiness"),
    ("government", "govtech", "public sector"),
    ("nonprofit", "non-profit"),
    ("consulting", "professional services"),
)
_GROUP = {spelling: n for n, spellings in enumerate(_INDUSTRIES) for spelling in spellings}
_B = r"[ \t]+"
_END = r"(?![\w'’-])"
_INDUSTRY = "(?P<industry>" + "|".join(
    "[ \t-]*".join(map(re.escape, re.split("[ -]", s))) for s in sorted(_GROUP, key=len, reverse=True)
) + ")"
_SPELLING = LazyPattern(rf"(?i)(?<![\w'’-]){_INDUSTRY}{_END}")
_KIND = (r"(?:company|business|firm|startup|start-up|scale-?up|vendor|brand|provider|player|platform|shop|outfit"
         r"|organi[sz]ation|house|leader|operator)")
_KINDS = (r"(?:companies|businesses|firms|startups|start-ups|scale-?ups|vendors|brands|providers|players|platforms"
          r"|teams|leaders|founders|operators|organi[sz]ations|orgs)")
_WORD = r"[\w'’&-]+"
# A few words before the industry ("a fast-growing"), and one between it and the kind ("fintech software company").
_BEFORE = rf"(?:{_WORD}{_B}){{0,2}}?"
_BETWEEN = rf"(?:{_WORD}{_B})?"
_A = rf"an?{_B}"
# "as a fintech company, you" and "as a fintech company you": a kind set beside the reader, not a time
# ("as a fintech company grows").
_AS = LazyPattern(rf"(?i)(?<![\w'’-])as{_B}{_A}{_BEFORE}{_INDUSTRY}{_B}{_BETWEEN}{_KIND}{_END}"
                  rf"(?=[ \t]*,|{_B}(?:you|your|yourselves)(?![\w'’-]))")
_YOUR = LazyPattern(rf"(?i)(?<![\w'’-])your{_B}{_BEFORE}{_INDUSTRY}{_B}{_BETWEEN}"
                    rf"(?:company|business|firm|startup|start-up|scale-?up|brand){_END}")
_CONDITION = LazyPattern(r"(?i)(?<![\w'’-])(?:if|whether|unless|when|whenever|once)(?:[ \t]+[\w'’-]+){0,3}[ \t]*\Z")
# Each spelling's longest run of letters: a text holding none is not scanned.
_CUES = Cues(tuple(sorted({max(re.split("[ -]", s), key=len) for s in _GROUP})))


@lru_cache(maxsize=64)
def _of_theirs(names: tuple[str, ...]) -> tuple[LazyPattern, LazyPattern]:
    """The patterns of a kind said of ``names`` (or "you"): "Acme is a ... company", "Acme, a ... company",
    "you're a ... company", and "... teams like yours" or like one of ``names``."""
    whom = "|".join(["you", *(re.escape(n) for n in sorted(names, key=len, reverse=True))])
    said = LazyPattern(
        rf"(?i)(?<![\w'’-])(?:{whom})(?:['’]re|['’]s|,|{_B}(?:is|are|was|were|being|as)"
        rf"(?:{_B}(?:already|now|still|clearly|really|truly))?){_B}{_A}{_BEFORE}{_INDUSTRY}{_B}{_BETWEEN}{_KIND}{_END}")
    alike = LazyPattern(rf"(?i)(?<![\w'’-]){_INDUSTRY}{_B}{_BETWEEN}{_KINDS}{_B}like{_B}(?:yours|{whom}){_END}")
    return said, alike


def _group(spelled: str) -> int:
    """The industry a spelling found in a text is of, however its spaces and hyphens are written."""
    lower = " ".join(spelled.lower().split())
    squashed = re.sub("[ -]", "", lower)
    return next(n for s, n in _GROUP.items() if s == lower or re.sub("[ -]", "", s) == squashed)


def industry_reasons(text: str, grounds: str, names: tuple[str, ...] = ()) -> list[str]:
    """A reason for each industry ``text`` (folded) calls the prospect's that the ``grounds`` never name;
    ``names``: the names the facts give the prospect and theirs."""
    if not _CUES.any_in(text.lower()):
        return []
    found = []
    for pattern in (_AS, _YOUR, *_of_theirs(tuple(n for n in names if n))):
        for said in pattern.finditer(text):
            if not _CONDITION.search(text, max(0, said.start() - 40), said.start()):
                found.append((_group(said["industry"]), " ".join(said.group().split())))
    if not found:
        return []
    known = {_group(m["industry"]) for m in _SPELLING.finditer(grounds)}
    return [f"industry of the prospect not in the facts: '{phrase}'"
            for phrase in dict.fromkeys(phrase for group, phrase in found if group not in known)]
