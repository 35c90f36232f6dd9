"""Reply triage: classify raw mail into bounces, delays, complaints, auto-replies and human replies.

Pure Python (standard library only); nothing here imports Dagster. The classifier is imported on
first use of ``classify_message``: `sdr` registers ``sdr triage`` at start and pays for it only
when a command classifies.
"""

from __future__ import annotations

from .result import KINDS, LABELS, TriageResult

__all__ = ["classify_message", "TriageResult", "KINDS", "LABELS"]


def __getattr__(name: str):
    if name != "classify_message":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from .classify import classify_message

    return classify_message
