"""Who an email greets and who signs it: the greeting names the contact, the signature the sender.

A greeting ("Hi Dana," or "Dana,") opens the body, a signature ("Jordan Lee", "Best,\nJordan")
ends it. Those lines name people, and a name there that is also an English word ("Mark", "Will",
"Grant") reads like any capitalised word opening a sentence elsewhere, which the name check lets
pass; "hi sarah," is in lower case, which it does not read at all. So every word of a greeting
after its greeting word, and every capitalised word of a short last line (any word after a dash,
"- mike"), must be a name the grounds give (a word they write with a capital), a word anyone may
be greeted by ("team", "there", "Ms.") or a sign-off ("Best", "Thanks", "Looking forward").

Given the :class:`Roles` (the names the facts give the contact and the sender), the name must also
be the right person's: after "Hi" or "Dear" only the contact's, and in a name standing alone on
the first line or in the signature no word a fact writes with a capital but the contact's there
and the sender's here. "Hi Jordan," to Dana, "Hi Accel," (the investor), "Hi Maria," (the person a
signal names) and a signature "Dana Park" are reasons; the approved template's own capitalised
words ("Congrats again!") still end a draft.

The subject line addresses someone where it opens with a greeting ("Hi Maria"), or a name stands
before its first comma or after its last one ("Maria, a quick question", "A quick question,
jordan"): a name the facts give someone else there, or one in lower case that they never give
and that is no English word, or is a given name standing there ("quick question, mark"), is a
reason too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from sdr_assets.domain.english_words import is_english
from sdr_assets.domain.given_names import is_also_a_name
from sdr_assets.domain.languages import FUNCTION_WORDS
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.lexicon import GENERIC_CAPITALISED
from sdr_assets.domain.lowercase_names import WORD_FORM

GENERIC = frozenset(GENERIC_CAPITALISED)

_GREETING = LazyPattern(
    r"(?i)\A\s*(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening))\b[\s,]*"
    r"(?P<names>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})\s*[,!:\u2013\u2014-]")
_NAMES_ALONE = LazyPattern(r"\A\s*(?P<names>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})\s*,\s*\Z")
_SIGNATURE = LazyPattern(r"\A[\s\-\u2013\u2014~]*(?P<names>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})[\s,.!]*\Z")
_WORD = LazyPattern(r"[^\W\d_]+")
ADDRESSEES = frozenset({"team", "there", "all", "everyone", "folks", "both", "you", "again", "and", "the",
                        "mr", "mrs", "ms", "mx", "miss", "dr", "prof"})
SIGN_OFFS = frozenset({"best", "thanks", "thank", "you", "regards", "kind", "warm", "warmest", "warmly", "cheers",
                       "sincerely", "all", "the", "wishes", "talk", "soon", "speak", "cordially", "many", "and",
                       "with", "from", "team", "yours", "truly", "take", "care", "again", "looking", "forward",
                       "have", "a", "great", "good", "nice", "day", "week", "weekend", "hear", "chat", "later",
                       "appreciate", "it", "stay", "safe", "to", "more"})
_DASHED = LazyPattern(r"\A\s*[-\u2013\u2014~]")
_NAMES = r"(?P<names>[^\W\d_][\w'.-]*(?:[ \t]+[^\W\d_][\w'.-]*){0,2})"
_SUBJECT_GREETING = LazyPattern(r"(?i)\A\s*(?:hi|hello|hey|dear)\b[ \t,]*" + _NAMES + r"[ \t]*(?:[,!:?.\u2013\u2014-]|\Z)")
_SUBJECT_OPENS = LazyPattern(r"\A\s*" + _NAMES + r"[ \t]*[,:\u2013\u2014]")
_SUBJECT_ENDS = LazyPattern(r",[ \t]*" + _NAMES + r"[ \t!?.]*\Z")
# The fields whose values name a person or an organisation other than the contact.
OTHER_PARTIES = ("sender_name", "person", "lead_investor", "investors")


def _unnamed(raw: str, allowed: frozenset[str], known: frozenset[str], capitalised_only: bool,
             also: Callable[[], frozenset[str]] | None = None) -> list[str]:
    """The words of ``raw`` that name someone the grounds do not: not ``known`` greeting or closing
    words, and (where ``capitalised_only``) written with a capital, as a name on its own line is.
    The names allowed there are ``allowed`` and, where given, ``also()``, asked only for a word
    ``allowed`` lacks."""
    words = _WORD.findall(unicodedata.normalize("NFKC", raw))
    rest = [w for w in words if w.casefold() not in known]
    if capitalised_only and not all(w[0].isupper() for w in rest):
        return []  # an ordinary line ("Looking forward,"), no name
    unnamed = [w for w in rest if w.casefold() not in allowed]
    return [w for w in unnamed if w.casefold() not in also()] if unnamed and also else unnamed


def _written_names(text: str) -> frozenset[str]:
    """The words ``text`` writes with a capital, folded ("will" in a template's prose is no Will)."""
    return frozenset(w.casefold() for w in _WORD.findall(unicodedata.normalize("NFKC", text)) if w[0].isupper())


def _folded_words(text: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _WORD.findall(unicodedata.normalize("NFKC", text)))


@dataclass(frozen=True)
class Roles:
    """Whom a draft goes to and who sends it, as the facts name them (``first_name`` and
    ``last_name``, ``sender_name``), and the values of all its facts, whose other names are no one's
    to greet or sign with."""

    contact: str
    sender: str
    facts: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()  # (field, value) of each fact: whose is what

    def value(self, field: str) -> str:
        """The value of the fact ``field``, or "" where the facts have none."""
        return self._values.get(field, "")

    @cached_property
    def _values(self) -> dict[str, str]:
        """Each field's first value, as ``value`` reads it many times a draft."""
        values: dict[str, str] = {}
        for f, v in self.fields:
            values.setdefault(f, v)
        return values

    @cached_property
    def contact_names(self) -> frozenset[str]:
        return _folded_words(self.contact)

    @cached_property
    def sender_names(self) -> frozenset[str]:
        return _folded_words(self.sender)

    @cached_property
    def named(self) -> frozenset[str]:
        """Every word a fact writes with a capital: a person, company, investor, title, place."""
        return _written_names("\n".join(self.facts))

    @cached_property
    def others(self) -> frozenset[str]:
        """The words that name the sender, the person a signal names or an investor, not the contact."""
        return _folded_words("\n".join(v for f, v in self.fields if f in OTHER_PARTIES)) - self.contact_names


class _GivenNames:
    """The words the grounds write with a capital, read only for a greeting's or a signature's word
    that the contact's or the sender's own names do not hold: most drafts greet and sign with those."""

    def __init__(self, grounds: str, roles: Roles | None):
        self._grounds, self._roles = grounds, roles
        self._written: frozenset[str] | None = None

    def written(self) -> frozenset[str]:
        if self._written is None:
            self._written = _written_names(self._grounds)
        return self._written

    def prose(self) -> frozenset[str]:
        """The template's own capitalised words: the grounds', but a fact's name."""
        return self.written() - self._roles.named if self._roles else self.written()


def address_line_reasons(body: str, grounds: str, roles: Roles | None = None) -> list[str]:
    """A name in the greeting or the signature of ``body`` that the grounds do not give, or (with
    ``roles``) that is not the contact's in the greeting or the sender's in the signature."""
    lines = [line for line in body.splitlines() if line.strip()]
    if not lines or body in grounds:  # the approved template as filled: its names are the grounds'
        return []
    given = _GivenNames(grounds, roles)
    if roles is None:
        greeted = alone = signer = (frozenset(), given.written)
    else:  # a capitalised word of the template's prose may stand alone on a line; a fact's name may not
        greeted = (roles.contact_names, None)
        alone, signer = (roles.contact_names, given.prose), (roles.sender_names, given.prose)
    reasons = []
    if greeting := _GREETING.match(lines[0]):  # after "Hi", "Dear": a name in any case, the contact's
        other = _unnamed(greeting["names"], greeted[0], ADDRESSEES, False, greeted[1])
    elif greeting := _NAMES_ALONE.match(lines[0]):  # "Mark,": only a name stands alone before a comma
        other = _unnamed(greeting["names"], alone[0], ADDRESSEES | GENERIC, True, alone[1])
    if greeting and other:
        names = greeting["names"].strip()
        if roles is not None and any(w.casefold() in given.written() for w in other):
            reasons.append(f"greets {names}, not the contact {roles.contact or '(the facts give no name)'}")
        else:
            reasons.append(f"greeting names someone not in the facts: {names}")
    signature = _SIGNATURE.match(lines[-1]) if len(lines) > 1 else None
    if signature and (other := _unnamed(signature["names"], signer[0], SIGN_OFFS, not _DASHED.match(lines[-1]),
                                        signer[1])):
        names = signature["names"].strip()
        if roles is not None and any(w.casefold() in given.written() for w in other):
            reasons.append(f"signed by {names}, not the sender {roles.sender or '(the facts give no name)'}")
        else:
            reasons.append(f"signed by someone not in the facts: {names} ({', '.join(other)})")
    return reasons


def ordinary_word(word: str) -> bool:
    """A lower-case word that is no given name: an English word or word form, or a greeting's."""
    return word in ADDRESSEES or word in FUNCTION_WORDS["en"] or is_english(word) or WORD_FORM.search(word) is not None


def subject_line_reasons(subject: str, grounds: str, roles: Roles | None = None) -> list[str]:
    """A name the subject line addresses that is someone else's (with ``roles``) or, in lower case,
    no one's the grounds give."""
    if not subject.strip() or roles is None:
        return []
    match = _SUBJECT_GREETING.match(subject)
    places = [match] if match else [_SUBJECT_OPENS.match(subject), _SUBJECT_ENDS.search(subject)]
    given: frozenset[str] | None = None  # the grounds' words, read only for a lower-case word
    for place in filter(None, places):
        names = place["names"].strip()
        words = _WORD.findall(unicodedata.normalize("NFKC", names))
        if match is None and not (all(w[0].isupper() for w in words) or all(w.islower() for w in words)):
            continue
        if any(w.casefold() in roles.others for w in words):
            return [f"subject greets {names}, not the contact {roles.contact or '(the facts give no name)'}"]
        # A given name that is also a word ("mark", "will", "grant") is a name where only a name
        # stands: after the greeting word, or alone before the first comma or after the last.
        named = match is not None or len(words) == 1
        lower = [w for w in words if w.islower()]
        if lower and given is None:
            given = _folded_words(grounds)
        strangers = [w for w in lower if w not in given
                     and (not ordinary_word(w) or (named and w not in ADDRESSEES and is_also_a_name(w)))]
        if strangers:
            return [f"subject greets someone not in the facts: {names}"]
    return []
