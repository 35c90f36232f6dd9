"""Whether a draft's why-now still holds on the day it would go out, not only on its research's day.

Research qualifies a signal and words its why-now on the day it runs; the send step may run days
later without new research (no new signal file, a daily cap spread over weeks). A first email goes
only while its signal is inside a trigger of the play, ``max_age_days`` counted at send time. A
follow-up continues a conversation begun inside the window, so the window does not hold it back.
Any step that states the research's "just" why-now goes only while the signal is at most
``JUST_DAYS`` old, as research itself would word it. A signal no longer stored (a rebuild screened
its row out) holds back the first email and a "just" whose age is then unknown, never another
follow-up.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, NamedTuple

from sdr_assets.domain.facts import JUST_DAYS, NOT_JUST, WHY_NOW_FACT, says_just
from sdr_assets.domain.plays import Play
from sdr_assets.domain.recency import recency_claims
from sdr_assets.domain.targeting import age_in_days, matching_trigger, trigger_matches

# Why a draft waits, as `sdr status` counts them: its first email's signal is past the play's trigger
# window (or matches no trigger now), its "just" no longer holds, or its signal is no longer stored
# (a first email, or a step saying "just").
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
    first = int(draft["step"]) == 1
    why_now = str(draft.get("why_now") or "")
    # With its signal gone, the draft's own type says which form is news; a draft without one, any.
    kind = signal["signal_type"] if signal else draft.get("signal_type")
    just = WHY_NOW_FACT in json.loads(draft.get("fact_ids") or "[]") and any(
        says_just(str(k), why_now) for k in ([kind] if kind else NOT_JUST))
    if signal is None:
        if not just and (said := _news_in_its_words(draft)):
            just, why_now = True, said
        return _gone(signal_id, why_now if just else "") if first or just else None
    if first and matching_trigger(play, signal, now) is None:
        return Stale(PAST_WINDOW, f"{WAITS}{_outside(play, signal)}; it goes only if fresh research qualifies "
                                  "its account again")
    age = age_in_days(signal["observed_at"], now)
    if age > JUST_DAYS and not just and (said := _news_in_its_words(draft)):
        just, why_now = True, said
    if just and age > JUST_DAYS:
        return Stale(JUST, f'{WAITS}it says "{why_now}" of a signal {age} days old ("just" holds for {JUST_DAYS} '
                           'days); the next research writes it again without "just"')
    return None


def _news_in_its_words(draft: dict[str, Any]) -> str | None:
    """The first phrase of a draft's subject or body that calls something news ("just closed", "recently
    raised"): a draft may say "just" in its own words, citing no why-now."""
    said = recency_claims(f"{draft.get('subject') or ''}\n{draft.get('body') or ''}")
    return said[0] if said else None


def _gone(signal_id: str, why_now: str) -> Stale:
    """A first email, or a step saying "just" (``why_now``), whose signal is no longer stored: the window,
    or the age "just" needs, cannot be known, so it waits."""
    said = f'; it says "{why_now}" of a signal whose age is unknown' if why_now else ""
    return Stale(GONE, f"{WAITS}its signal {signal_id} is no longer among the raw signals{said}; it goes only "
                       "if fresh research qualifies its account again")


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
