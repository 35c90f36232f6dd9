"""Hearsay about the prospect: "I heard the round was oversubscribed", "Word is the round closed in
under a month", "The beta apparently sold out within hours".

Reporting what others say still claims it: the sentence tells the prospect something about them the
facts never state. A sentence is hearsay when a marker of it stands there (I heard / I hear / I'm
hearing / word is / rumour has it / rumoured / I gather / apparently / reportedly / sounds like / I'm
told / people say / they tell me, and their German, French and Spanish equivalents) and it speaks of
the prospect (you, your, they, their, a name the facts give them, or "the" or "it" opening what is
reported: "I heard the round was...", "The beta apparently..."; not "the hardest part" inside it).
It is stopped unless each of its content words stands in the grounds (an inflection of it too): "I
hear you're hiring 5 SDRs" over a hiring fact passes, and so does a round's lead said of an investor
the facts name as its lead ("I hear it was led by Point Nine"). "I hear that a lot" and "I hear this
from many CFOs" report nothing of the prospect.
"""

from __future__ import annotations

from functools import lru_cache

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.languages import FUNCTION_WORDS
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import SENTENCE_BREAKS

# A text holding none of these holds no marker, and is spared the scan.
_CUES = Cues(("hear", "word", "rumo", "gather", "apparent", "reported", "alleged", "supposed", "sounds", "told", "tell",
              "say", "gehört", "hört", "angeblich", "heißt", "sagt", "gerücht", "paraît", "parait", "entendu",
              "entends", "apparemment", "dit", "rumeur", "bruit", "oído", "oido", "dice", "dijeron", "dicho",
              "contaron", "contado", "escuch", "parecer", "visto"))
# "Sounds like" reports only where it opens a sentence or clause ("Sounds like the launch beat its
# targets", "so it sounds like"), not after a noun ("outbound that sounds like your team") nor
# before a person alone ("so it sounds like them").
_MARKER = LazyPattern(
    r"(?i)(?:(?:\A\s*|[,;:\u2013\u2014]\s*|\s-\s*)(?:(?:so|and|but)\s+)?(?:(?:it|that|this)\s+)?"
    r"(?:really\s+)?sounds\s+like"
    r"(?!\s+(?:them|him|her|us|me|you|it|yours|theirs|ours)(?:selves|self)?\s*(?:[.,;:!?)]|\Z))"
    r"|(?<![^\W\d_])(?:"
    r"(?:i|we)(?:'ve|\s+have|'d|\s+had)?\s+(?:heard|hear)"
    r"|(?:i'm|i\s+am|we're|we\s+are|i've\s+been|we've\s+been)\s+hearing"
    r"|(?:the\s+)?word(?:\s+on\s+the\s+street)?\s+(?:is|has\s+it)|rumou?rs?\s+(?:has|have)\s+it"
    r"|(?:the\s+)?rumou?rs?\s+(?:is|are)|rumou?red"
    r"|(?:i|we)\s+gather|apparently|reportedly|allegedly|supposedly"
    r"|(?:i'm|i\s+am|i've\s+been|i\s+was|i\s+have\s+been|we're|we've\s+been|we\s+were)\s+told"
    r"|(?:people|everyone|they)\s+(?:say|says|tells?\s+me)"
    r"|ich\s+habe\s+gehört|hab(?:e)?\s+gehört|angeblich|es\s+heißt|mir\s+wurde\s+gesagt|man\s+hat\s+mir\s+gesagt"
    r"|man\s+(?:sagt|hört)|gerüchten\s+zufolge|gerüchteweise"
    r"|j'ai\s+entendu|j'entends\s+dire|il\s+para[iî]t(?:rait)?|apparemment|on\s+dit\s+que|on\s+m'a\s+dit"
    r"|(?:selon\s+)?la\s+rumeur(?:\s+dit)?|le\s+bruit\s+court"
    r"|he\s+o[ií]do|(?:he\s+escuchado|escuché|se\s+dice)\s+que|dicen\s+que|me\s+(?:dijeron|han\s+dicho|contaron|han\s+contado)"
    r"|se\s+rumorea|corre\s+el\s+rumor|al\s+parecer|por\s+lo\s+visto"
    r"))(?![^\W\d_])")
# "I hear this a lot", "I hear that from CFOs": the marker's object is the sender's own experience.
_OWN_EXPERIENCE = LazyPattern(
    r"(?i)\s+(?:this|that|it)(?:\s+(?:a\s+lot|all\s+the\s+time|often|from|every|again|constantly|regularly"
    r"|frequently|more|quite|so|too|everywhere|daily|weekly|in)\b|\s*[.,;!?]|\s*\Z)")
_WORD = LazyPattern(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Words of the prospect: "you", "your team", "they", "the round".
_PROSPECT = frozenset("you your you're you've you'd you'll yours they their they're they've theirs "
                      "ihr ihre euer eure sie vous votre vos su sus usted ustedes".split())
# Words that carry no claim of their own: function words, hedges and the markers' own words.
LIGHT_WORDS = frozenset().union(*FUNCTION_WORDS.values()) | frozenset(
    "i'm heard hear hears word rumour rumours rumor rumors gather apparently reportedly allegedly supposedly "
    "ps sounds told tell say says people everyone really pretty quite went going gone goes go well great good "
    "big lot lots things thing way seems seem seemed gehört angeblich heißt paraît parait entendu apparemment "
    "dit oído oido dicen parecer visto war waren ist sind hat haben wurde wurden était été ont fue era sido "
    "está están".split())
_ENDINGS = ("ing", "ed", "es", "s", "ly", "e")
# Words that say an investor led or backed a round: grounded where the sentence names a lead investor.
_LEADING = frozenset("led lead leads leading co-led backed invested".split())


# Kept for the words last stemmed: an account's grounds are stemmed for each of its drafts, and most of
# their words (titles, industries, technologies) for every account.
@lru_cache(maxsize=8192)
def word_stem(word: str) -> str:
    """``word`` without its possessive and one ending of an inflection, as words are compared."""
    word = word.lower().replace("’", "'").removesuffix("'s")
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _claims_of(sentence: str, names: frozenset[str]) -> list[str]:
    """The content words of a hearsay ``sentence`` that speaks of the prospect; none otherwise."""
    markers = [m for m in _MARKER.finditer(sentence) if not _OWN_EXPERIENCE.match(sentence, m.end())]
    if not markers:
        return []
    said = _WORD.findall(_MARKER.sub(" ", sentence))
    words = {w.lower().replace("’", "'").removesuffix("'s") for w in said}
    # "the" or "it" speaks of the prospect's own where it opens what is reported ("I heard the round
    # was...", "The beta apparently...", "I hear that it was..."), not inside it ("the hardest part").
    opening = [w.lower() for m in markers for w in _WORD.findall(sentence[m.end():])[:2]]
    opening.append(_WORD.findall(sentence)[0].lower())
    if not (_PROSPECT & words or names & words or {"the", "it"} & set(opening)):
        return []
    return [w for w in said if w.lower().replace("’", "'") not in LIGHT_WORDS]


def hearsay_reasons(text: str, grounds: str, names: tuple[str, ...] = (), leads: tuple[str, ...] = ()) -> list[str]:
    """A reason for each sentence of ``text`` that reports hearsay about the prospect with a content
    word ``grounds`` never state; ``names``: the prospect's names (the company's, the contact's);
    ``leads``: the investors the facts say led its round."""
    held = _CUES.held_in(text.lower())
    if not held:
        return []
    spoken = frozenset(w.lower().replace("’", "'").removesuffix("'s") for n in names for w in _WORD.findall(n))
    known: set[str] | None = None
    reasons = []
    for sentence in SENTENCE_BREAKS.split(text):
        # An ASCII sentence holds only the cues the text holds, and one without any reports nothing.
        lower = sentence.lower()
        if lower.isascii() and not any(cue in lower for cue in held):
            continue
        claims = _claims_of(sentence, spoken - LIGHT_WORDS)
        if not claims:
            continue
        known = {word_stem(w) for w in _WORD.findall(grounds)} if known is None else known
        led = any(lead.lower() in sentence.lower() for lead in leads)
        if loose := [w for w in claims if word_stem(w) not in known and not (led and w.lower() in _LEADING)]:
            reasons.append(f"hearsay not in the facts ({', '.join(loose[:3])}): {sentence.strip()[:80]}")
    return reasons
