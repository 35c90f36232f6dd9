"""Where the contact or the signal's person came from: "Maria joins from a big software company",
"Since you moved from marketing into sales, you know both sides", "She started her career in field
sales", "You came up through customer success".

A signal tells a person's role now, never the road to it. A clause tells it where a person of the
facts ("you", "she", "he", a name the facts give a person or its first word) joins, comes, moves,
arrives or switches from somewhere, started out or began a career somewhere, came up or rose
through something, or cut their teeth there. Nothing is stated in a question, after a word of
condition, of newcomers in general or of what is to come ("if Maria comes from a software company",
"new sales leaders often come from bigger companies", "whoever you hire will come in from outside"),
or of things ("data moves from HubSpot into the drafts"). It is stopped unless the grounds say the
same words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import clause_start, not_stated_after, statements

_B = r"[ \t]+"
_ORIGIN = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:(?:join(?:s|ed|ing)?|comes?|came|coming|mov(?:es?|ed|ing)|arriv(?:es?|ed|ing)"
    rf"|switch(?:es|ed|ing)?|transition(?:s|ed|ing)?|hails?|hailed)(?:{_B}(?:over|across|in))?{_B}from"
    rf"|start(?:s|ed|ing)?{_B}(?:out|off|(?:her|his|your|their){_B}career)(?:{_B}(?:in|at|as|on))?"
    rf"|beg(?:an|un|ins){_B}(?:her|his|your|their){_B}career|(?:came|come|comes|rose|rise|rises){_B}up{_B}through"
    rf"|rose{_B}through|cut{_B}(?:her|his|your|their){_B}teeth)(?![^\W\d_])")
# A text holding none of these holds no origin: each is a part of one of them.
_CUES = Cues((" from", "start", "career", "through", "teeth"))
_PERSON = LazyPattern(r"(?i)(?<![^\W\d_])(?:you|your|you['’](?:ve|d)|she|he|her|his)(?![^\W\d_])")
_OURS = LazyPattern(r"(?i)(?<![^\W\d_])(?:we|i|our|us|we['’](?:ve|d))(?![^\W\d_])")
# Words before the origin that make it a question, a condition, newcomers in general or what is to come.
_NOT_STATED = not_stated_after("where", "how", "whoever", "often", "usually", "typically", "most", "many", "will",
                               "would", "could", "might", "may", "should")


def origin_reasons(text: str, grounds: str, people: Callable[[], Iterable[str]] = tuple) -> list[str]:
    """A reason for each sentence of ``text`` that tells where a person of the facts came from in words
    the ``grounds`` never say; ``people``: gives the names the facts give the contact and the signal's
    person, asked only of a text that may tell an origin."""
    lower = text.lower()
    if not _CUES.any_in(lower):
        return []
    full_names = [p.lower() for p in people() if p.strip()]
    names = tuple(dict.fromkeys([*full_names, *(p.split()[0] for p in full_names)]))
    known = " ".join(grounds.lower().split())
    reasons = []
    for sentence in statements(text):
        for origin in _ORIGIN.finditer(sentence):
            before = sentence[clause_start(sentence, origin.start()):origin.start()]
            said = f" {' '.join(before.lower().replace('’', chr(39)).split())} "
            of_person = _PERSON.search(before) or any(f" {n} " in said or f" {n}'s " in said for n in names)
            if not of_person or _OURS.search(before) or _NOT_STATED.search(sentence, 0, origin.start()):
                continue
            if " ".join(origin.group().lower().split()) not in known:
                reasons.append(f"career of a person not in the facts ({origin.group()}): {sentence.strip()[:80]}")
                break
    return reasons
