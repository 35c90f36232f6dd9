"""A promotion or new seat of the contact said without "your": "Congrats on the promotion to VP Sales,
Tom", "Congrats on the step up to CEO", "Congrats on making VP", "Hope the first weeks as CEO are
going well", "How are you finding the VP Sales seat so far?", "Congrats on the move to Acme".

A congratulation or a wish to the reader is said of them, so these claim the contact's new role as
"your promotion" does, and the claim check grounds them the same way (``claim_subjects.py``).
"Congrats on the appointment of Maria" and "the step up in funding" are of something else.
"""

from __future__ import annotations

from collections.abc import Iterator

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.name_slots import word_first
from sdr_assets.domain.new_roles import A_TITLE

_B = r"[ \t]+"
_CONGRATS_ON = rf"(?:congrat(?:s|ulations)|kudos){_B}on{_B}"
_PRAISE = r"(?:big|recent|well[- ]earned|well[- ]deserved|new|huge|latest|much[- ]deserved)"
# Before the company's name: "congrats on the move to Acme".
CONGRATS_ON_MOVE = rf"\b{_CONGRATS_ON}the{_B}(?:recent{_B})?move{_B}to{_B}"
CONGRATS_LEADS = ("congrat", "kudos")
_SAID = (
    (LazyPattern(rf"\b{_CONGRATS_ON}(?:the|a|this|that){_B}(?:{_PRAISE}[ \t,]+(?:and{_B})?){{0,2}}"
                 rf"(?:promotion|elevation|appointment|step{_B}up|move{_B}up)\b(?!{_B}(?:of|in|for)\b)"),
     "was promoted"),
    (LazyPattern(rf"\b{_CONGRATS_ON}(?:making|becoming|being{_B}(?:made|named)|stepping{_B}up{_B}to"
                 rf"|moving{_B}up{_B}to){_B}{A_TITLE}"), "was promoted"),
    (word_first(rf"\bhope{_B}the{_B}new{_B}(?:role|job|gig|seat|position|post|title){_B}is\b"), "has a new role"),
    (LazyPattern(rf"\b(?:the|these){_B}first{_B}(?:few{_B})?(?:days|weeks|months){_B}as{_B}{A_TITLE}"),
     "has a new role"),
    (word_first(rf"\bhow{_B}(?:are{_B}you{_B}finding|is{_B}(?:life{_B}in|it{_B}going{_B}in)){_B}the{_B}"
                rf"(?:[^\W\d_]+{_B}){{0,3}}?(?:seat|role|job|chair|position)\b"), "has a new role"),
)

# A word every wish above holds: a text with none of them is not scanned.
_CUES = Cues(("congrat", "kudos", "hope the new", "first days", "first weeks", "first months", "first few",
              "how are you", "how is"))


def promotions_of_you(text: str) -> Iterator[str]:
    """How a reason says each promotion or new seat ``text`` (folded, lower case) wishes the reader."""
    if not _CUES.any_in(text):
        return
    for pattern, said in _SAID:
        for _ in pattern.finditer(text):
            yield said
