"""The prospect's works and words that no fact mentions: "I loved your talk at the fintech summit",
"I read your book on sales leadership", "The GridSense demo at the trade show was the highlight",
"I love your motto: move fast, sell honestly", "Your website says you make payments simple", "You
called GridSense the future of grid monitoring".

Research gives a signal and a company's record, never what the prospect said, wrote or showed: a
work is theirs where "your", "their", "its", a name of theirs (or its first word: "Maria" of "Maria
Lopez") with "'s" or "the" and that name stand before it, up to two describing words apart ("your
recent LinkedIn post"), and words are theirs where "you", "they", "he", "she" or a name of theirs
said, wrote, called or described something in no quote marks (a quote is judged by what it quotes,
``attributed_quotes.py``). Nothing is stated in a question, after a word of condition, time or offer
in the same sentence ("if you have a talk track", "we can write your website copy"), in an idiom of
sales ("book of business", "talk track", "video call"), of an opening ("your job post", "Acme posted a
RevOps Manager role"), of ours
("our website") or of no one ("a demo"). It is stopped unless the grounds say the same word.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import not_stated_after, statements

_WORKS = LazyPattern(
    r"(?i)(?<![^\W\d_])(?<!job[ \t])(?:talks?|speech|keynote|presentation|panel|session|webinar|podcast|episode|interview"
    r"|book|article|op-ed|blog|post|newsletter|video|demo|booth|website|web[ \t]+site|homepage|landing[ \t]+page"
    r"|about[ \t]+page|tagline|slogan|motto|mission[ \t]+statement|manifesto)"
    r"(?![^\W\d_]|-|[ \t]+(?:of[ \t]+business|tracks?|calls?|links?|days?)(?![^\W\d_]))")
_SAYING = LazyPattern(r"(?i)(?<![^\W\d_])(?:said|told|wrote|described|called|tweeted|posted|claimed|stated"
                      r"|argued|put[ \t]+it)(?![^\W\d_])")
# What follows "posted" where it posts an opening, no words of theirs: "Acme posted a RevOps Manager role".
_OPENING_POSTED = LazyPattern(r"(?i)(?:[ \t]+[^\W\d_][\w&'-]*){1,6}?[ \t]+(?:roles?|positions?|openings?|jobs?"
                              r"|vacanc(?:y|ies)|reqs?)(?![^\W\d_])")
# A text holding none of these holds no work or words of the prospect's: each is a part of one of them.
_CUES = Cues(("talk", "speech", "keynote", "presentation", "panel", "session", "webinar", "podcast", "episode",
              "interview", "book", "article", "op-ed", "blog", "post", "newsletter", "video", "demo", "booth", "site",
              "homepage", "page", "tagline", "slogan", "motto", "mission", "manifesto", "said", "told", "wrote",
              "described", "called", "tweeted", "claimed", "stated", "argued", "put it"))
# Words before the claim in its sentence that make it a condition, a time or an offer.
_NOT_STATED = not_stated_after("in case", "will", "would", "could", "can", "might", "may", "should", "shall", "help",
                               "helps", "plan", "plans")
# Words that end a describing run before a work: "your team a demo" gives the team nothing of theirs.
_NOT_DESCRIBING = frozenset("a an the to for with and or of in on at is are was were be".split())
# Words said in quotes are judged by what they quote (``attributed_quotes.py``).
_QUOTE_MARKS = LazyPattern("[\"“”„«»‹›]")
_WORD = LazyPattern(r"[^\W\d_][\w'’&-]*")


def _describes(word: str) -> bool:
    return word not in _NOT_DESCRIBING


def _is_adverb(word: str) -> bool:
    return word.endswith("ly") or word in ("also", "once", "just")



def _ends_with_owner(before: str, owners: tuple[str, ...], skippable) -> bool:
    """Whether ``before`` (lower case, ending before a work or a verb of saying) ends with one of
    ``owners``, up to two words apart that ``skippable`` accepts."""
    words = [w.replace("’", "'") for w in _WORD.findall(before)]
    for skipped in range(3):
        if skipped and (len(words) < skipped or not skippable(words[-skipped])):
            return False
        if f" {' '.join(words[:len(words) - skipped])}".endswith(owners):
            return True
    return False


def their_work_reasons(text: str, grounds: str, names: tuple[str, ...] = ()) -> list[str]:
    """A reason for each sentence of ``text`` that tells of a work or words of the prospect's the
    ``grounds`` never name; ``names``: the names the facts give the prospect and theirs."""
    lower = text.lower()
    if not _CUES.any_in(lower):
        return []
    full_names = [n.lower().replace("’", "'") for n in names if n]
    said_names = tuple(dict.fromkeys([*full_names, *(n.split()[0] for n in full_names)]))
    work_owners = tuple(f" {o}" for o in ("your", "their", "its", *(f"{n}'s" for n in said_names),
                                          *(f"the {n}" for n in said_names)))
    speakers = tuple(f" {s}" for s in ("you", "they", "he", "she", *said_names))
    known = f" {' '.join(_WORD.findall(grounds.lower()))} "
    reasons = []
    for sentence in statements(text):
        found = [(m, work_owners) for m in _WORKS.finditer(sentence)]
        if not _QUOTE_MARKS.search(sentence):
            found += [(m, speakers) for m in _SAYING.finditer(sentence)]
        for match, owners in sorted(found, key=lambda pair: pair[0].start()):
            word = " ".join(match.group().lower().split())
            if f" {word} " in known or _NOT_STATED.search(sentence, 0, match.start()) \
                    or (word == "posted" and _OPENING_POSTED.match(sentence, match.end())):
                continue
            skippable = _describes if owners is work_owners else _is_adverb
            if _ends_with_owner(sentence[:match.start()].lower(), owners, skippable):
                reasons.append(f"work or words of the prospect not in the facts ({word}): {sentence.strip()[:80]}")
                break
    return reasons
