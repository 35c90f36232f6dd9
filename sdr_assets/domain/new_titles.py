"""A title called new ("New COO at Acme", "your new VP Sales", "congrats to your new CTO") says the
role changed hands lately: facts that name the person or the role do not say so.

Such a claim needs grounds that tell of a change: a title called new or incoming there, a verb of
entering a role (joined, appointed, promoted, named, took over, stepped in, succeeds), a start
("starts as", "start date") or a role being filled (hiring, an opening), where the hire to come is
judged on its own (``new_hires.py``). A new title after "a", "an", "any" or "every" is said of no
one ("a new VP Sales usually reviews the pipeline") and claims nothing.
"""

from __future__ import annotations


from sdr_assets.domain.lazy_patterns import LazyPattern

_B = r"[ \t]+"
_RANK = (r"(?:head|vp|svp|evp|vice[ \t]+president|president|director|chief|manager|officer"
         r"|ceo|cro|cmo|cfo|cto|coo|cio|cso|cpo)(?![^\W\d_])")
# "new", up to two words, then the word that ranks a title: "new COO", "new VP Sales", "new Sales Director".
_NEW = rf"(?<![^\W\d_])new{_B}(?:[^\W\d_]+{_B}){{0,2}}?{_RANK}"
_CLAIM = LazyPattern(rf"(?i)(?<!\ba )(?<!\ban )(?<!\bany )(?<!\bevery )(?<!\beach )(?<!\banother ){_NEW}")
_CHANGE = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:(?:new|incoming){_B}(?:[^\W\d_]+{_B}){{0,2}}?{_RANK}"
    r"|join(?:s|ed|ing)?|appoint(?:s|ed|ment)|promot(?:ed|ion)|named|hired|hiring|hires|recruiting|openings?"
    rf"|t(?:ook|akes|aking){_B}over|succe(?:eds|eded|eding)|replac(?:es|ed|ing)|step(?:s|ped|ping){_B}(?:in|into|up)"
    rf"|start(?:s|ed|ing)?{_B}(?:as|on|in)|start{_B}date|leadership{_B}change)(?![^\W\d_])")

# The word that completes a rank of a title shown in a reason: "VP Sales", "Head of Sales".
_OPENS_TITLE = LazyPattern(r"(?i)(?:vp|svp|evp|head|chief)\Z")
_ITS_AREA = LazyPattern(r"(?:[ \t]+of)?[ \t]+[A-Z][\w&-]*")


def new_title_reasons(text: str, grounds: str) -> list[str]:
    """A reason for the first title ``text`` calls new where ``grounds`` tell of no change of role."""
    if "new" not in text.lower():
        return []
    claim = _CLAIM.search(text)
    if claim is None or _CHANGE.search(grounds):
        return []
    area = _ITS_AREA.match(text, claim.end()) if _OPENS_TITLE.search(claim.group()) else None
    said = " ".join(text[claim.start():area.end() if area else claim.end()].split())
    return [f"new role claim not in the facts: '{said}' (the facts name no one who joined, was appointed "
            "or took the role)"]
