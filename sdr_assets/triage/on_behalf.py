"""Whether a request to stop speaks only for someone else: "my colleague asked to be removed, please
don't contact her again" asks nothing for its writer.

Read in the sentences that ask to stop: one that names a third person (she, him, my colleague) and
no first person (me, my, us, we, I) speaks for someone else. Any doubt reads as the writer's own
request, recorded at once: "please remove Ann and me", "unsubscribe", "stop emailing our team".
"""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern

from .caseless import Caseless
from .labels import is_unsubscribe

__all__ = ["speaks_for_others"]

_SENTENCE_RE = LazyPattern(r"(?<=[.!?;])\s+|\n+")
_ROLES = (r"(colleague|co-?worker|boss|manager|client|customer|assistant|ceo|cfo|cto|coo|teammate|team member|"
          r"employee|staff member|friend|wife|husband|partner|predecessor|successor)s?")
# "My colleague", "our CEO": someone else, though the words are the writer's.
_THEIRS_RE = Caseless(rf"\b(my|our) (former |new |old )?{_ROLES}\b")
# "She is no longer with us", "he left our company": where the other person was, not who asks.
_WHERE_RE = Caseless(r"\b(left|leaving|with|at|from|for|joined) (us|our|my)( [a-z]+)?\b")
_THIRD_RE = Caseless(rf"\b(she|her|hers|herself|he|him|his|himself|they|them|their|themselves|this person|"
                     rf"{_ROLES})\b")
_FIRST_RE = Caseless(r"\b(i|me|my|myself|mine|we|us|our|ours|ourselves)\b")


def speaks_for_others(text: str) -> bool:
    """Whether the request to stop in ``text`` (what its writer wrote) is only about someone else."""
    sentences = [s for s in _SENTENCE_RE.split(text[:4000]) if s.strip()]
    asking = [s for s in sentences if is_unsubscribe(s)] or sentences
    third = False
    for sentence in asking:
        own = _WHERE_RE.lowered.sub(" ", _THEIRS_RE.lowered.sub(" someone ", sentence.lower()))
        if _FIRST_RE.search(own):
            return False
        third = third or bool(_THIRD_RE.search(sentence))
    return third
