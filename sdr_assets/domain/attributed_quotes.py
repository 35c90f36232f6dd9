"""Quotes put in the prospect's mouth: `You posted that "pipeline is everyone's job"`, "Your 'energy
data for everyone' line stuck with me", `"Power, made simple" is a great tagline`.

A quoted phrase is the prospect's when the sentence says they said it (you, they, your CEO or a
name the facts give them before said, posted, wrote, tweeted, told, put it...), calls it their line,
headline, post or page ("your line", "your 'x' post"), or calls it a tagline, slogan or motto that
is not "ours". Such a quote must stand in the grounds, read
without case, quote marks or punctuation; a quote of the template's own words, or one nobody is
said to have said ("teams often ask "who signs off?""), is not checked.
"""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern

# A quoted phrase: in double quotes of any kind, or in single ones that no letter touches outside
# (the apostrophe of "everyone's" neither opens nor closes one).
_QUOTED = LazyPattern(
    r"[\"“”„«»‹›]\s*([^\"“”„«»‹›\n]{2,160}?)\s*[\"“”„«»‹›]"
    r"|(?<![^\W_])['‘’]([^\W_][^\n]{0,158}?)['‘’](?![^\W_])")
_SENTENCE = LazyPattern(r"(?<=[.!?])\s+(?=[\"“„«‹'‘A-Z])|\n+")
_SAYING = frozenset("said says posted posts wrote writes tweeted tweets shared shares told put mentioned "
                    "called described announced claimed claims stated states".split())
# Who may be said to say it: the prospect, their company or someone of theirs ("your CEO said").
_SPEAKERS = frozenset("you you've you'd they they've he she your their its".split())
# What is theirs when they own it ("your line", "your 'x' post"), and what is someone's slogan anyway.
_THEIR = frozenset("your their its".split())
_OWNED = frozenset("line lines words phrase quote post tweet article talk keynote interview homepage website "
                   "site page ad ads video podcast newsletter deck bio headline headlines".split())
_SLOGANS = frozenset("tagline taglines slogan slogans motto mottos strapline catchphrase mantra".split())
_OURS = frozenset("our my we i".split())
_WORDS = LazyPattern(r"[^\W_]+")
_TOKENS = LazyPattern(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _said_by(sentence: str, names: frozenset[str]) -> bool:
    """Whether ``sentence`` (its quotes read as one word) says its quote is the prospect's: a word of
    theirs up to three words before a verb of saying or a thing of theirs ("your line"), or the quote
    called a tagline, slogan or motto that is not "ours"."""
    words = [w.casefold().replace("’", "'").removesuffix("'s") for w in _TOKENS.findall(sentence)]
    for n, word in enumerate(words):
        before = words[max(0, n - 3):n]
        if word in _SAYING and any(w in _SPEAKERS or w in names for w in before):
            return True
        if word in _OWNED and any(w in _THEIR or w in names for w in before):
            return True
        if word in _SLOGANS and not _OURS.intersection(before):
            return True
    return False


def _plain(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold().replace("'", "").replace("’", "")))


def quote_reasons(text: str, grounds: str, names: tuple[str, ...] = ()) -> list[str]:
    """A reason for each quoted phrase ``text`` gives the prospect that ``grounds`` do not hold;
    ``names``: the prospect's names (the company's, the contact's), whose words may be said to say it."""
    if not any(mark in text for mark in "\"“”„«»‹›‘’") and " '" not in text and "\n'" not in text \
            and not text.startswith("'"):
        return []
    known = f" {_plain(grounds)} "
    spoken = frozenset(w.casefold().removesuffix("'s") for n in names for w in _TOKENS.findall(n))
    reasons = []
    for sentence in _SENTENCE.split(text):
        for match in _QUOTED.finditer(sentence):
            quote = match.group(1) or match.group(2)
            words = _plain(quote)
            if words and f" {words} " not in known and _said_by(_QUOTED.sub(" quoted ", sentence), spoken):
                reasons.append(f"quote not in the facts: '{quote.strip()}'")
    return reasons
