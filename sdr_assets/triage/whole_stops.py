"""Her request that we stop everything, the mail with the rest: "Please stop altogether", "Actually, just stop
everything", "I'd rather you stopped altogether", "Stop emailing too".

Each stops no one thing named but all of it, so it takes back whatever she allowed before: "Stop calling me, email
is fine if you must, but I'd rather you stopped altogether" asks for no mail at all (``call_requests`` sets aside
only its first clause). Each is an order of her own (at a clause's start, or what she would rather "you" did), not
ours told of ("we stopped altogether"), refused ("don't stop everything") or asked ("should we stop altogether?"),
and stops no single thing she names ("stop calling altogether", "I'd rather you stopped calling").
"""

from __future__ import annotations

from .reply_sentences import AFTER_A_SIGN

# Where an order of hers starts: a line or a clause, or a word that turns to it ("but", "actually", "just").
_CLAUSE_START = (rf"(^|({AFTER_A_SIGN})[^\S\n]*|\b(but|so|and|then|actually|honestly|really|just|please)"
                 r"[^\S\n]+)")
# All of it, however she puts it.
_ALL = (r"(altogether|entirely|completely|for good|everything|all of it|all (contact|communications?|outreach|"
        r"follow-?ups))")
# The clause ends there, or turns: no thing she names follows, and no question.
_ENDS = r"(?=[^\S\n]*([.!;,\n)]|$|\b(but|and|though|thanks|thank you|please)\b))(?![^.!?\n]{0,120}\?)"
_OUR_MAIL = r"(e-?mailing|emailing|mailing|writing|messaging|contacting|reaching out)( (to )?(me|us))?"

WHOLE_STOPS: dict[str, tuple[str, ...]] = {
    "en": (
        rf"{_CLAUSE_START}((please|just|now)[^\S\n]+)*(stop|quit|cease)( it| this| them| these)?( all)?[^\S\n]+{_ALL}"
        rf"{_ENDS}",
        r"\b(i|we)('d|’d| would)( much| really| honestly)? (rather|prefer)( that| if)? you( guys| all)?( to)?"
        rf"( just| simply)? (stop|stopped|quit|ceased)( {_OUR_MAIL})?( {_ALL})?{_ENDS}",
        rf"\b(stop|quit) {_OUR_MAIL} (too|as well)\b",
    ),
}
