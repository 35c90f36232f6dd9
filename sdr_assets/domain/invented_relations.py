"""Relations between us and the prospect's world that no fact states: "Maria asked me to reach out",
"Maria Lopez and I worked together", "Index Ventures told us you'd be a great fit", "Stripe's sales
team has used us", "we have a few connections in common".

Research gives names (the signal's person, the investors, the tools in the prospect's stack, the
company and its product) and what they did; it never finds that one of them knows us, referred us,
uses us or said anything to us. A name of the facts is the subject of a referral or of a word said
("Maria said", "Index Ventures pointed us to you"), uses or backs us ("HubSpot's own reps use our
drafts", "GridSense was built with our data"), is one of our users, friends or fans, is known to
us or worked with us ("I know Maria from", "Maria Lopez and I"), or is where our friends are ("our
friends at Index Ventures"); and without a name, connections in common, a meeting with the contact,
or someone of theirs who spoke to us ("a former colleague of yours speaks highly of you"). The
approved template saying the same grounds it.
"""

from __future__ import annotations

from sdr_assets.domain.address_lines import Roles
from sdr_assets.domain.lazy_patterns import LazyPattern

# Where a name of the facts stood in a sentence, which the patterns read as one letter.
_NAME = "\ue000"
_B = r"[ \t]+"
_CLAUSE = r"[^.!?;,\n]"
_FIELDS = ("person", "lead_investor", "investors", "technology", "company_name", "product")
_REFERS = (r"asked|told|tells|pointed|suggested|suggests|recommended|recommends|introduced|referred|mentioned"
           r"|thought|thinks|said|says|speaks?|spoke|put[ \t]+(?:me|us)|sent[ \t]+(?:me|us)")
_ONE_OF_US = (rf"(?:is|was|are|were|has{_B}been){_B}(?:already{_B}|always{_B})?(?:(?:a|an){_B}(?:old{_B}|big{_B}|huge{_B}"
              rf"|long-time{_B}|longtime{_B})?(?:fan|friend|customer|client|user|partner|backer|investor)"
              rf"|one{_B}of{_B}our)\b")
_USES = r"uses?|used|using|tried|tries|runs?|ran|built|builds?|relies|relied|backs|backed|loves?|loved"
_NAMED = LazyPattern(
    rf"{_NAME}(?:'s?)?(?:{_B}[^\W\d_]+){{0,3}}?{_B}(?:(?:already|also|just|once){_B})?(?:{_REFERS}|{_ONE_OF_US})\b"
    rf"|{_NAME}{_B}(?:already{_B}|really{_B})?want(?:s|ed){_B}to\b"
    rf"|{_NAME}(?:'s?)?{_CLAUSE}*?\b(?:{_USES})(?:{_B}[^\W\d_]+){{0,3}}?{_B}(?:us|our|ours)\b"
    rf"|\b(?:we|i)(?:'ve|{_B}have)?(?:{_B}already)?{_B}(?:run|ran|do|did|work|worked|built|build|handle|handled"
    rf"|power|powered|supply|supplied)(?:{_B}[^\W\d_]+){{0,2}}?{_B}(?:for|with){_B}(?:the{_B})?{_NAME}"
    rf"|\b(?:we|i)(?:{_B}both)?{_B}(?:know|knew|met|worked{_B}with){_B}(?:(?:a{_B}few|some|several|many){_B}"
    rf"(?:people|folks){_B}(?:at|from){_B})?{_NAME}"
    rf"|{_NAME}{_B}and{_B}(?:i|we|me)\b|\b(?:i|we){_B}and{_B}{_NAME}"
    rf"|\b(?:friends|colleagues|contacts|partners){_B}(?:at|from){_B}{_NAME}"
    rf"|\b(?:we|our(?:{_B}[^\W\d_]+)?){_B}(?:integrate|plug|connect|sync)s?(?:{_B}(?:natively|directly))?{_B}"
    rf"(?:with|into){_B}{_NAME}")
_UNNAMED = LazyPattern(
    rf"\b(?:connections?|friends?|contacts?|people|acquaintances){_B}in{_B}common\b"
    rf"|\bmutual{_B}(?:connection|friend|contact|acquaintance|colleague)s?\b"
    rf"|\bwe{_B}both{_B}know\b|\bwe{_B}go{_B}(?:way{_B})?back\b"
    rf"|\b(?:bump(?:ing|ed)?|r[au]n(?:ning)?){_B}into{_B}you\b"
    rf"|\b(?:great|good|nice|lovely){_B}(?:meeting|seeing|chatting{_B}with|talking{_B}to){_B}you\b"
    rf"|\b(?:someone|somebody|a{_B}(?:former{_B}|mutual{_B})?(?:colleague|friend|contact)"
    rf"|(?:one{_B}of{_B})?your{_B}(?:former{_B})?(?:board{_B}members?|board|investors?|colleagues?|teammates?"
    rf"|peers?|friends?)|my{_B}(?:colleague|boss|friend|manager|co-?founder)s?)\b{_CLAUSE}{{0,40}}?"
    rf"\b(?:told|tells|speaks|spoke|thought|suggested|recommended|mentioned|said|pointed|asked|referred"
    rf"|introduced|met)\b")
_SENTENCE = LazyPattern(r"(?<=[.!?])\s+|\n+")


def _names(roles: Roles) -> list[str]:
    """The names of the facts other than the contact's and the sender's, longest first, folded."""
    names = set()
    for field, value in roles.fields:
        if field in _FIELDS or field.startswith("tech_"):
            parts = [v.strip() for v in value.split(",")] if field in ("investors", "lead_investor") else [value]
            names.update(p.casefold() for p in parts if p.strip())
            if field == "person":
                names.update(w.casefold() for w in value.split() if len(w) > 1)
    return sorted(names, key=len, reverse=True)


def _marked(sentence: str, names: list[str]) -> str:
    """``sentence`` with each whole-word name replaced by the one letter the patterns read."""
    for name in names:
        at = sentence.find(name)
        while at >= 0:
            end = at + len(name)
            if (at == 0 or not sentence[at - 1].isalnum()) and (end == len(sentence) or not sentence[end].isalnum()):
                sentence = sentence[:at] + _NAME + sentence[end:]
                end = at + 1
            at = sentence.find(name, end)
    return sentence


def _relations(lower: str, names: list[str]) -> list[tuple[str, str]]:
    """(what states a relation, its sentence) for each relation ``lower`` states."""
    found = []
    for sentence in _SENTENCE.split(lower):
        marked = _marked(sentence, names) if names else sentence
        found += [(m.group(), sentence) for m in _NAMED.finditer(marked)] if _NAME in marked else []
        found += [(m.group(), sentence) for m in _UNNAMED.finditer(marked)]
    return found


def relation_reasons(text: str, grounds: str, roles: Roles | None) -> list[str]:
    """A reason for each relation with us ``text`` (folded) states that ``grounds`` do not."""
    names = _names(roles) if roles else []
    said = _relations(text.lower(), names)
    if not said:
        return []
    known = {phrase for phrase, _ in _relations(grounds.lower(), names)}
    return [f"relation with us not in the facts: '{sentence.strip()[:80]}'"
            for sentence in dict.fromkeys(s for phrase, s in said if phrase not in known)]
