"""A request to stop she takes back in the same message: "Le agradecería que me quitaran de su lista. Es broma, me
interesa, llámenme.", "Unsubscribe me. Just kidding, send me the deck."

She takes it back by saying she joked ("just kidding", "es broma", "c'est une blague", "war nur Spaß", "grapje"), in a
clause of its own right after the request, in the sentence that makes it or the next. Not a joke she names ("your
pitch is a joke", "just kidding about the budget"), nor one she asks about in anger ("¿Es broma?",
"C'est une blague ?"), nor "joking aside" ("Spaß beiseite", "blague à part"), which makes what follows serious,
nor one sentences after the request ("Take me off your list. We had a laugh at your subject line. Just kidding.").
What she writes after it is what she asks instead: a person reads the reply when that takes up the offer (interest,
a meeting, a call, the price, a demo) and asks to stop nowhere (``classify``); "Just kidding, not interested" leaves
the request, and so does a question alone, which is exasperation more than interest ("É brincadeira! Quantas vezes
preciso pedir?", "jk. Who are you again?").
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import SENTENCE_BREAKS

from .caseless import Caseless
from .labels import is_unsubscribe
from .reply_sentences import AFTER_A_SIGN

__all__ = ["after_withdrawal", "asks_about_the_offer"]

# Saying she joked, in the languages the rules read.
_JOKED = (
    r"(just |only )?(kidding|joking)|(i'?m|i am|i was) (just |only )?(kidding|joking)|jk|j/k|"
    r"(that|it) was (just |only )?a joke|"
    r"(es|era) (solo |sólo )?(una )?broma|(estoy|estaba) bromeando|(te |les? )?estoy tomando el pelo|bromeo|"
    r"c'(est|était|etait) (juste |seulement )?(une )?blague|je (plaisante|plaisantais|rigole|rigolais|blague)|"
    r"(war |ist )?(nur|bloß|bloss) (ein )?(spaß|spass|scherz)|kleiner scherz|(ich )?(scherze|mache nur spaß)|"
    r"(grapje|geintje)|(ik maak|ik maakte|maak|maakte) (maar )?een grapje|(het )?(was|is) (maar )?een grap(je)?|"
    r"(sto|stavo) scherzando|(era|è) (solo )?uno scherzo|scherzo|"
    r"(é|era) (só |apenas )?(uma )?brincadeira|(tô|to|estou|estava) brincando|brincadeira"
)
# A clause of its own: at the start of a line or after a sign, an interjection at most before it ("haha, just
# kidding"), a sign or the end after it, and no question mark.
_WITHDRAWAL_RE = LazyPattern(
    rf"(^|{AFTER_A_SIGN})[^\S\n]*((haha|ha|lol|jaja|jeje|mdr|hihi|hehe)[^\w\n]*)?({_JOKED})"
    r"(?=[^\S\n]*([.!,;:)\n–—-]|$))(?![^\S\n]*[.!]*[^\S\n]*\?)", re.I | re.M)

# A question that takes up the offer: its price, a demo or a trial, a meeting or a call.
_ABOUT_THE_OFFER_RE = Caseless(
    r"\b(price|prices|pricing|cost|costs|how much|demo|trial|pilot|meeting|call|"
    r"precio|cuánto cuesta|cuesta|reunión|llamada|prix|combien|coûte|réunion|appel|preis|kostet|wie viel|termin|"
    r"prijs|kost|afspraak|bellen|prezzo|quanto costa|costa|riunione|chiamata|preço|quanto custa|custa|reunião|"
    r"ligação)\b")


def asks_about_the_offer(text: str) -> bool:
    """Whether ``text`` asks about what we offer rather than who we are or why we write."""
    return bool(_ABOUT_THE_OFFER_RE.search(text))


def after_withdrawal(text: str) -> str | None:
    """What she writes after taking back a request to stop made in the sentence before it (or its own), or None where
    she takes none back."""
    for withdrawal in _WITHDRAWAL_RE.finditer(text):
        before = [sentence for sentence in SENTENCE_BREAKS.split(text[:withdrawal.start()]) if sentence.strip()]
        if before and is_unsubscribe(before[-1]):
            return text[withdrawal.end():].lstrip(" \t\n,.!;:-–—")
    return None
