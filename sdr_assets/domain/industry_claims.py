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
# The grounds name an industry in the plural too, as providers write it ("Pharmaceuticals", "Medical Devices").
_GROUNDED = LazyPattern(rf"(?i)(?<![\w'’-]){_INDUSTRY}(?:e?s)?{_END}")
_KIND = (r"(?:company|business|firm|startup|start-up|scale-?up|vendor|brand|provider|player|platform|shop|outfit"
         r"|organi[sz]ation|house|leader|operator)")
_KINDS = (r"(?:companies|businesses|firms|startups|start-ups|scale-?ups|vendors|brands|providers|players|platforms"
          r"|teams|leaders|founders|operators|organi[sz]ations|orgs)")
_WORD = r"[\w'’&-]+"
# A few words before the industry ("a fast-growing"), and one between it and the kind ("fintech software company").
_BEFORE = rf"(?:{_WORD}{_B}){{0,2}}?"
_BETWEEN = rf"(?:{_WORD}{_B})?"
_A = rf"an?{_B}"
# Each claim as what stands before the industry's spelling and what follows it: "as a fintech company, you"
# and "as a fintech company you" (a kind set beside the reader, not a time: "as a fintech company grows");
# "your fintech startup"; "Acme is a ... company", "Acme, a ... company", "you're a ... company"; and
# "fintech teams like yours" or like a name of theirs. A name of theirs, or "you", is read by its one word
# next to the claim ("Acme Pay is a ...", "... like Acme Pay").
_WHO = r"(?P<who>[^\W\d_][\w&'’-]*)"
_AS = LazyPattern(rf"(?i)(?<![\w'’-])as{_B}{_A}{_BEFORE}\Z")
_YOUR = LazyPattern(rf"(?i)(?<![\w'’-])your{_B}{_BEFORE}\Z")
_SAID = LazyPattern(rf"(?i)(?<![\w'’-]){_WHO}(?:['’]re|['’]s|,|{_B}(?:is|are|was|were|being|as)"
                    rf"(?:{_B}(?:already|now|still|clearly|really|truly))?){_B}{_A}{_BEFORE}\Z")
_KIND_AFTER = LazyPattern(rf"(?i){_B}{_BETWEEN}{_KIND}{_END}")
_BESIDE_YOU = LazyPattern(r"(?i)[ \t]*,|[ \t]+(?:you|your|yourselves)(?![\w'’-])")
_YOUR_KIND = LazyPattern(rf"(?i){_B}{_BETWEEN}(?:company|business|firm|startup|start-up|scale-?up|brand){_END}")
_ALIKE = LazyPattern(rf"(?i){_B}{_BETWEEN}{_KINDS}{_B}like{_B}{_WHO}{_END}")
_CONDITION = LazyPattern(r"(?i)(?<![\w'’-])(?:if|whether|unless|when|whenever|once)(?:[ \t]+[\w'’-]+){0,3}[ \t]*\Z")
# Each spelling's longest run of letters: a text holding none is not scanned.
_CUES = Cues(tuple(sorted({max(re.split("[ -]", s), key=len) for s in _GROUP})))


def _spellings(text: str, lower: str) -> list[re.Match[str]]:
    """The industries ``text`` spells, each found near a place it holds a cue."""
    found: dict[int, re.Match[str]] = {}
    for cue in _CUES.held_in(lower):
        at = lower.find(cue)
        while at >= 0:
            for m in _SPELLING.finditer(text, max(0, at - 12), min(len(text), at + len(cue) + 30)):
                found.setdefault(m.start(), m)
            at = lower.find(cue, at + 1)
    return [found[start] for start in sorted(found)]


def _claims(text: str, industry: re.Match[str], last: set[str], first: set[str]) -> list[str]:
    """The claims of the prospect's kind ``text`` makes with the industry spelled at ``industry``."""
    start, end, before = industry.start(), industry.end(), max(0, industry.start() - 60)
    ends = []
    if kind := _KIND_AFTER.match(text, end):
        if (said := _AS.search(text, before, start)) and _BESIDE_YOU.match(text, kind.end()):
            ends.append((said.start(), kind.end()))
        if (said := _SAID.search(text, before, start)) and said["who"].casefold() in last:
            ends.append((said.start(), kind.end()))
    if (kind := _YOUR_KIND.match(text, end)) and (said := _YOUR.search(text, before, start)):
        ends.append((said.start(), kind.end()))
    if (alike := _ALIKE.match(text, end)) and alike["who"].casefold() in first:
        ends.append((start, alike.end()))
    return [" ".join(text[s:e].split()) for s, e in ends
            if not _CONDITION.search(text, max(0, s - 40), s)]


def _group(spelled: str) -> int:
    """The industry a spelling found in a text is of, however its spaces and hyphens are written."""
    lower = " ".join(spelled.lower().split())
    squashed = re.sub("[ -]", "", lower)
    return next(n for s, n in _GROUP.items() if s == lower or re.sub("[ -]", "", s) == squashed)


def industry_reasons(text: str, grounds: str, names: tuple[str, ...] = ()) -> list[str]:
    """A reason for each industry ``text`` (folded) calls the prospect's that the ``grounds`` never name;
    ``names``: the names the facts give the prospect and theirs."""
    spelled = _spellings(text, text.lower()) if _CUES.any_in(text.lower()) else []
    if not spelled:
        return []
    last = {"you", *(n.split()[-1].casefold() for n in names if n.strip())}
    first = {"you", "yours", *(n.split()[0].casefold() for n in names if n.strip())}
    found = [(_group(m["industry"]), phrase) for m in spelled for phrase in _claims(text, m, last, first)]
    if not found:
        return []
    known = {_group(m["industry"]) for m in _GROUNDED.finditer(grounds)}
    return [f"industry of the prospect not in the facts: '{phrase}'"
            for phrase in dict.fromkeys(phrase for group, phrase in found if group not in known)]
