"""Reply triage: classify raw mail into bounces, delays, complaints, auto-replies and human replies.

Pure Python (standard library only); nothing here imports Dagster.
"""

from .classify import classify_message
from .result import KINDS, LABELS, TriageResult

__all__ = ["classify_message", "TriageResult", "KINDS", "LABELS"]
