"""Research our side does: "we research every account", "teams use us to research accounts", "we
help reps research their market", "we do the research and drafting", "we write and research the
outbound", "our research finds the accounts".

The "research" claim is that the prospect is researching or evaluating something (an intent
signal). Said of us, or of what we help someone do, it claims nothing of the prospect and is
blanked before the claim check reads a text (lower case). "Your team is researching platforms",
"I saw you're researching", "are you researching", "helping your team research vendors like us"
and "teams use us to research, like yours is doing now" stay.
"""

from __future__ import annotations

import re

_OURS = re.compile(
    r"(?<![^\W\d_])(?:we(?:'ll|'d|[ \t]+(?:can|will|would|also|already|do|then))?|us[ \t]+to|our[ \t]+team"
    r"|our|help(?:s|ing)?(?:[ \t]+(?:you|them|teams|reps|sellers|people))?(?:[ \t]+to)?)"
    r"[ \t]+(?:(?:do|run|handle|own|manage|take[ \t]+care[ \t]+of)[ \t]+(?:(?:the|all[ \t]+the|all|your)[ \t]+)?"
    r"|[^\W\d_]+[ \t]+and[ \t]+)?(?P<word>research|researching)(?![^\W\d_])(?![ \t]*,[ \t]*like[ \t]+(?:you|yours))")


def without_own_research(lower: str) -> str:
    """``lower`` with "research" blanked where we do it or help someone do it."""
    if "research" not in lower:
        return lower
    return _OURS.sub(lambda m: m.group()[:m.start("word") - m.start()] + " " * len(m["word"]), lower)
