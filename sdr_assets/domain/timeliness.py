"""Whether a draft's why-now still holds on the day it would go out, not only on its research's day.

Research qualifies a signal and words its why-now on the day it runs; the send step may run days
later without new research (no new signal file, a daily cap spread over weeks). A first email goes
only while its signal is inside a trigger of the play, ``max_age_days`` counted at send time. A
follow-up continues a conversation begun inside the window, so the window does not hold it back.
Any step that states the research's "just" why-now goes only while the signal is at most
``JUST_DAYS`` old, as research itself would word it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, NamedTuple

from sdr_assets.domain.facts import JUST_DAYS, says_just
from sdr_assets.domain.plays import Play
from sdr_assets.domain.targeting import age_in_days, matching_trigger, trigger_matches

WHY_NOW_FACT = "research.why_now"

# Why a draft waits, as `sdr status` counts them: its first email's signal is past the play's trigger
# window (or matches no trigger now), its "just" no longer holds, or its signal is no longer stored.
PAST_WINDOW, JUST, GONE = "past_trigger_window", "just_no_longer_holds", "signal_gone"
KINDS = (PAST_WINDOW, JUST, GONE)
# Every reason begins so: the send ledger's held rows that wait for fresh research are known by it.
WAITS = "waits: "


class Stale(NamedTuple):
    kind: str
    reason: str


def staleness(draft: dict[str, Any], signal: dict[str, Any] | None, play: Play, now: datetime) -> Stale | None:
    """Why ``draft`` must wait for fresh research at ``now`` (``signal`` is its signal, None when no
    longer stored); None when it may go. A draft not written from research has nothing to check."""
    signal_id = draft.get("signal_id")
    if not signal_id:
        return None
    if signal is None:
        return Stale(GONE, f"{WAITS}its signal {signal_id} is no longer among the raw signals; it goes only if "
                           "fresh research qualifies its account again")
    if int(draft["step"]) == 1 and matching_trigger(play, signal, now) is None:
        return Stale(PAST_WINDOW, f"{WAITS}{_outside(play, signal)}; it goes only if fresh research qualifies "
                                  "its account again")
    why_now = str(draft.get("why_now") or "")
    cited = json.loads(draft.get("fact_ids") or "[]")
    age = age_in_days(signal["observed_at"], now)
    if WHY_NOW_FACT in cited and says_just(str(signal["signal_type"]), why_now) and age > JUST_DAYS:
        return Stale(JUST, f'{WAITS}it says "{why_now}" of a signal {age} days old ("just" holds for {JUST_DAYS} '
                           'days); the next research writes it again without "just"')
    return None


def stale_reason(draft: dict[str, Any], signal: dict[str, Any] | None, play: Play, now: datetime) -> str | None:
    """The reason of ``staleness``: what the send ledger records on the draft's held row."""
    stale = staleness(draft, signal, play, now)
    return stale.reason if stale else None


def _outside(play: Play, signal: dict[str, Any]) -> str:
    """How the signal misses the play's triggers now: past the longest window of a trigger it matches
    otherwise, or no longer matching any (the play's triggers changed since its research)."""
    observed = signal["observed_at"]
    windows = [int(t["max_age_days"]) for t in play.triggers
               if t.get("max_age_days") is not None and trigger_matches(t, signal, observed)]
    kind = signal["signal_type"]
    if windows:
        return (f"its {kind} signal of {observed:%Y-%m-%d} is past the play's {max(windows)}-day trigger window "
                "(max_age_days)")
    return f"its {kind} signal of {observed:%Y-%m-%d} no longer matches the play's triggers"
