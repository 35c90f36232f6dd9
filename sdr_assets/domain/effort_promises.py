"""A promise that our service asks no work of the prospect: "Our tables load into Snowflake with no
engineering work", "Setup needs no technical effort", "without any help from IT", "There is nothing
to install", "It works out of the box", "running in minutes".

What taking us on costs the prospect in work is a term of ours, as a price is: only the approved
template may state it, and the facts, which describe the prospect, never do. A sentence promises it
where it says there is no work, effort or setup of a kind (engineering, technical, integration...),
nothing to install or set up, that it works out of the box or plugs in, or that it is set up in
minutes. A question, a condition and what teams in general go through ("without clean data, reps
often lose a day") promise nothing. Stopped unless the grounds say the same words.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import claims_outright
from sdr_assets.domain.ungrounded import ungrounded

_B = r"[ \t]+"
_KIND = (r"(?:engineering|engineer|developer|dev|it|technical|tech|integration|setup|set-up|implementation"
         r"|configuration|manual|coding|extra|additional|heavy)")
_WORK = r"(?:work|effort|lift|lifting|hassle|friction|setup|set-up|installation|integration|coding|configuration)"
_EFFORTLESS = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:(?:no|zero|without(?:{_B}any)?|minimal|(?<!a[ \t])little|not{_B}any){_B}"
    rf"(?:{_KIND}{_B}){{0,2}}{_WORK}"
    rf"|without(?:{_B}any)?{_B}help{_B}from{_B}(?:it|engineering|developers|engineers|(?:your{_B})?(?:it|data|tech|dev"
    rf"|engineering){_B}team)"
    rf"|nothing{_B}to{_B}(?:install|set{_B}up|configure|integrate|build|maintain)"
    rf"|out{_B}of{_B}the{_B}box|plug(?:s|ged)?(?:-|{_B}and{_B})play"
    rf"|(?:running|live|set{_B}up|up{_B}and{_B}running|ready){_B}in{_B}(?:(?:a{_B}few|five|ten|\d+){_B})?minutes"
    rf"|effortless(?:ly)?|painless(?:ly)?)(?![^\W\d_])")
_CUES = Cues(("no ", "zero", "without", "minimal", "little", "not any", "nothing to", "out of the box", "plug",
              "minutes", "effortless", "painless"))


def _promises(lower: str) -> list[str]:
    if not _CUES.any_in(lower) or not _EFFORTLESS.search(lower):
        return []
    return [" ".join(said.group().split()) for _, said in claims_outright(lower, _EFFORTLESS)]


def effort_reasons(text: str, grounds: str) -> list[str]:
    """A reason for each promise ``text`` (folded) makes that taking us on asks no work, unless the
    ``grounds`` (the approved template as filled, and the facts) make it too."""
    return [f"promise of no work not in the approved template: '{p}'" for p in ungrounded(_promises, text, grounds)]
