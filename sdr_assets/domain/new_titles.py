"""A title called new ("New COO at Acme", "your new VP Sales", "congrats to your new CTO") says the
role changed hands lately: facts that name the person or the role do not say so.

Such a claim needs a sentence of the grounds that tells of the change and holds the same title
("COO", or "Chief Operating Officer" written long; "VP Sales", not "VP Marketing"): a title
called new or incoming there, or a verb of entering a role (joined, appointed, promoted, named,
hired, took over, stepped in, succeeds) or a start ("starts as", "start date"). A change of a
person the facts name ("Maria Lopez joined in March") grounds it only where the facts give that
person that title now (a sentence holds both, or the person's fact and its title's) and the change
names no year: "Dana Ortiz joined Acme in 2015" makes no one a new CEO. An open role
(hiring, an opening) changed no hands: it grounds only the hire to come ("before your new Head of X
starts"), which ``new_hires.py`` judges. A new title after "a", "an", "any" or "every" is said of no
one ("a new VP Sales usually reviews the pipeline", "teams with a new COO") and claims nothing,
unless the prospect has, got or landed it ("Acme has a new COO", "congrats on landing a new COO").
The words between "new" and the rank are no determiner or pronoun ("new dashboards the VP reads").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.new_hires import after_verb_to_come, hires_to_come
from sdr_assets.domain.lexicon import CLAIM_GROUPS, CLAIM_SENSES, TITLE_RANKS
from sdr_assets.domain.said_outright import SENTENCE_BREAKS
from sdr_assets.domain.title_abbreviations import AMBIGUOUS

_B = r"[ \t]+"
# The ranks of titles, their abbreviations ("COO", and the C-level ones of several meanings: "CPO"),
# "president" and the "officer" a long C-level title ends with.
_RANKS = sorted({*TITLE_RANKS, *(w for w in CLAIM_GROUPS["role_title"] if w.isalpha()),
                 *(a.lower() for a in AMBIGUOUS if len(a) == 3 and a[0] == "C" and a[2] == "O"), "officer"}
                - {"founder", "cofounder"}, key=len, reverse=True)
_RANK = "(?:" + "|".join(r.replace(" ", _B) for r in _RANKS) + r")(?![^\W\d_])"
# Words that never stand between "new" and a title's rank: "new dashboards the VP can read".
_NOT_FILLER = ("the|a|an|your|our|their|his|her|its|my|this|that|these|those|you|we|they|i|he|she|it|who"
               "|which|each|every|any|some|for|to|with|by|from|at|on|in|can|will|is|are")
# "new", up to two words, then the word that ranks a title: "new COO", "new VP Sales", "new Sales Director".
_NEW = rf"(?<![^\W\d_])(?P<title>new{_B}(?:(?!(?:{_NOT_FILLER})(?![^\W\d_]))[^\W\d_]+{_B}){{0,2}}?(?P<rank>{_RANK}))"
_CLAIM = LazyPattern(rf"(?i)(?<!\ba )(?<!\ban )(?<!\bany )(?<!\bevery )(?<!\beach )(?<!\banother ){_NEW}")
# A new title the prospect has or took on is a claim after "a" too: "Acme has a new COO".
_OWNED = LazyPattern(
    r"(?i)(?<![^\W\d_])(?:has|have|had|got|gotten|land(?:s|ed|ing)?|welcom(?:es|ed|ing)|hired"
    rf"|br(?:ings|ought|inging){_B}on|there['’]s|there{_B}is){_B}an?{_B}{_NEW}")
_CHANGE = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:(?:new|incoming){_B}"
    r"|join(?:s|ed|ing)?|appoint(?:s|ed|ment)|promot(?:ed|ion)|named|hired|hires"
    rf"|t(?:ook|akes|aking){_B}over|succe(?:eds|eded|eding)|replac(?:es|ed|ing)|step(?:s|ped|ping){_B}(?:in|into|up)"
    rf"|start(?:s|ed|ing)?{_B}(?:as|on|in)|start{_B}date|leadership{_B}change)(?![^\W\d_])")
# An opening, which grounds only the hire to come ("before your new Head of X starts").
# A year a change is dated by ("joined in 2015"): no change of now.
_YEAR = LazyPattern(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_OPEN = LazyPattern(rf"(?i)(?<![^\W\d_])(?:hiring|recruiting|openings?|to{_B}hire|open{_B}role)(?![^\W\d_])")
# A clause of time to come with an arrival ("before they join"): the body of a subject line that calls
# the title new ("Acme's new Head of X") speaks of the hire to come.
_ARRIVAL_TO_COME = LazyPattern(
    r"(?i)(?<![^\W\d_])(?:once|when|before|until|till|as[ \t]+soon[ \t]+as|by[ \t]+the[ \t]+time)(?![^\W\d_])"
    r"[^,;:.!?\n]*?(?<![^\W\d_])(?:joins?|starts?|arrives?|(?:is|are|comes?)[ \t]+on[ \t]+board)(?![^\W\d_])")

# The word that completes a rank of a title shown in a reason: "VP Sales", "Head of Sales".
_OPENS_TITLE = LazyPattern(r"(?i)(?:vp|svp|evp|head|chief)\Z")
_TITLES = frozenset(CLAIM_GROUPS["role_title"])
_LETTERS = LazyPattern(r"[^\W\d_]+")
_ITS_AREA = LazyPattern(r"(?:[ \t]+of)?(?:[ \t]+[A-Z][\w&-]*)+")
# Where a claim may start: each "new" as a word, and "a new" or "an new" for one the prospect owns.
# Only there is the claim's pattern tried (a search tries its lookbehinds at every character).
_NEW_WORD = LazyPattern(rf"(?i)(?<![^\W\d_])new{_B}")
_A_NEW = LazyPattern(rf"(?i)(?<![^\W\d_])an?{_B}new{_B}")


@lru_cache(maxsize=4096)
def _phrase(words: str) -> re.Pattern[str]:
    return re.compile(r"(?i)(?<![^\W\d_])" + re.escape(words).replace(r"\ ", _B) + r"(?![^\W\d_])")


@lru_cache(maxsize=1024)
def _title(rank: str, title: str) -> tuple[frozenset[str], frozenset[str]]:
    """The ways of writing the rank of the ``title`` called new ("VP Sales"), and the other words of
    it ("sales"). A title the lexicon writes short or long ("COO", "Chief Operating Officer") is any
    of its forms, and a rank written so ("VP", "Vice President") any of its forms too."""
    forms, words = {" ".join(rank.lower().split())}, {w.lower() for w in _LETTERS.findall(title)[1:]}
    for sense in CLAIM_SENSES:
        said = [form for form in sense if _phrase(form).search(title)]
        if said and set(sense) & _TITLES:
            if not set(sense) & set(TITLE_RANKS):
                forms.discard(" ".join(rank.lower().split()))  # "chief" of "Chief Operating" is no title
            forms.update(sense)
            words -= {w for form in said for w in form.split()}
    return frozenset(forms), frozenset(words - {w for form in forms for w in form.split()} - {"of", "officer"})


def _holds(title: tuple[frozenset[str], frozenset[str]], text: str) -> bool:
    """Whether ``text`` holds the ``title``: a form of its rank and its other words."""
    forms, words = title
    return words <= {w.lower() for w in _LETTERS.findall(text)} and any(_phrase(f).search(text) for f in forms)


def _grounded(change: LazyPattern, title: tuple[frozenset[str], frozenset[str]], people: Iterable[str], grounds: str,
              titles: Iterable[tuple[str, str]] = ()) -> bool:
    """Whether a sentence of ``grounds`` tells of a ``change`` and holds the ``title``, or tells of an
    undated change of a person that the grounds or ``titles`` (each person's title as the facts give
    it) say holds the title."""
    if not change.search(grounds):  # a sentence telling of the change is one of the grounds'
        return False
    sentences = SENTENCE_BREAKS.split(grounds)
    changes = [s for s in sentences if change.search(s)]
    if any(_holds(title, s) for s in changes):
        return True
    names = [n for n in people if n.strip() and any(_phrase(n).search(s) and not _YEAR.search(s) for s in changes)]
    return any(_phrase(n).search(s) and _holds(title, s) for n in names for s in sentences) \
        or any(_phrase(n).fullmatch(who.strip()) and _holds(title, held) for who, held in titles for n in names)


def _to_come(text: str, at: int) -> bool:
    """Whether the title called new at ``at`` is the hire to come: in a clause of time to come or after
    a verb to come, or in
    the subject line (the first of several) of a text whose body speaks of an arrival to come."""
    lower = text.lower()
    if any(start <= at < end for start, end in hires_to_come(lower)) or after_verb_to_come(lower, at):
        return True
    line_end = text.find("\n")
    return 0 <= at < line_end and _ARRIVAL_TO_COME.search(text, line_end) is not None


def _first_claim(text: str) -> re.Match[str] | None:
    """``_CLAIM.search(text)``, tried only where a "new" starts (its lookbehinds read the text before)."""
    for new in _NEW_WORD.finditer(text):
        if claim := _CLAIM.match(text, new.start()):
            return claim
    return None


def new_title_reasons(text: str, grounds: str, people: Iterable[str] = (),
                      titles: Iterable[tuple[str, str]] = ()) -> list[str]:
    """A reason for the first title ``text`` calls new where no sentence of ``grounds`` tells of that
    change of role (of its rank, or of one of ``people``, the persons the facts name, who holds it:
    ``titles`` pairs each person with the title the facts give them, read once and only where the
    grounds' sentences do not settle the claim)."""
    if "new" not in text.lower():
        return []
    found = [m for m in (_first_claim(text), _OWNED.search(text) if _A_NEW.search(text) else None) if m]
    if not found:
        return []
    claim = min(found, key=lambda m: m.start("title"))
    area = _ITS_AREA.match(text, claim.end()) if _OPENS_TITLE.search(claim.group("rank")) else None
    said = " ".join(text[claim.start("title"):area.end() if area else claim.end()].split())
    title = _title(claim.group("rank"), said)
    if _grounded(_CHANGE, title, people, grounds, titles):
        return []
    if _to_come(text, claim.start("title")) and _grounded(_OPEN, title, (), grounds):
        return []
    return [f"new role claim not in the facts: '{said}' (the facts name no one who joined, was appointed "
            "or took the role)"]


def people_named(fields: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The persons the facts (each fact's field and value) name: the signal's person and the contact."""
    values = dict(reversed(list(fields)))
    return tuple(n for n in (values.get("person", ""), values.get("contact_name", ""),
                             f"{values.get('first_name', '')} {values.get('last_name', '')}") if n.strip())


def people_titles(fields: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """Each person the facts name with the title they give them: the signal's person and their new
    role, the contact and their title (worked out as read: most drafts call no title new)."""
    values = dict(reversed(list(fields)))
    contact = f"{values.get('first_name', '')} {values.get('last_name', '')}"
    pairs = ((values.get("person", ""), values.get("new_role", "") or values.get("signal_title", "")),
             (values.get("contact_name", ""), values.get("title", "")), (contact, values.get("title", "")))
    yield from ((who, title) for who, title in pairs if who.strip() and title.strip())
