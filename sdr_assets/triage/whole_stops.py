"""Her request that we stop everything, the mail with the rest: "Please stop altogether", "Actually, just stop
everything", "I'd rather you stopped altogether", "Stop emailing too".

Each stops no one thing named but all of it, so it takes back whatever she allowed before: "Stop calling me, email
is fine if you must, but I'd rather you stopped altogether" asks for no mail at all (``call_requests`` sets aside
only its first clause). Each is an order of her own (at a clause's start, or what she would rather "you" did), not
ours told of ("we stopped altogether"), refused ("don't stop everything") or asked ("should we stop altogether?"),
and stops no single thing she names ("stop calling altogether", "I'd rather you stopped calling").

It is read only where it takes back mail she allowed beside a request to stop calling (``call_requests``), whose
own request then stands. Alone, "stop everything" is as often "stop everything, we just got budget approved" or
"I'd rather you stopped, regrouped and came back with a demo": a person reads it (the opt-out model marks it).
"""

from __future__ import annotations

from .reply_sentences import AFTER_A_SIGN

# Where an order of hers starts: a line or a clause, or a word that turns to it ("but", "actually", "just").
_CLAUSE_START = (rf"((?<=\n)|({AFTER_A_SIGN})[^\S\n]{{0,20}}|\b(but|so|and|then|actually|honestly|really|just|please)"
                 r"[^\S\n]+)")
# All of it, however she puts it.
_ALL = (r"(altogether|entirely|completely|for good|everything|all of it|all (contact|communications?|outreach|"
        r"follow-?ups))")
# The clause ends there, or turns: no thing she names follows ("stop everything and listen"), and no question.
_ENDS = (r"(?=[^\S\n]{0,20}([.!;\n)]|\Z|,?[^\S\n]{0,20}\b(but|though|thanks|thank you|please)\b))"
         r"(?![^.!?\n]{0,120}\?)")
_OUR_MAIL = r"(e-?mailing|emailing|mailing|writing|messaging|contacting|reaching out)( (to )?(me|us))?"

WHOLE_STOPS = "|".join((
    rf"{_CLAUSE_START}((please|just|now)[^\S\n]+)*(stop|quit|cease)( it| this| them| these)?( all)?[^\S\n]+{_ALL}"
    rf"{_ENDS}",
    r"\b(i|we)('d|’d| would)( much| really| honestly)? (rather|prefer)( that| if)? you( guys| all)?( to)?"
    rf"( just| simply)? (stop|stopped|quit|ceased)( {_OUR_MAIL})?( {_ALL})?{_ENDS}",
    rf"\b(stop|quit) {_OUR_MAIL} (too|as well)\b",
))
