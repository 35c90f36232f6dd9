"""What a reviewer needs to decide on a play: samples that cover it, and what changed."""

from __future__ import annotations

import difflib
from typing import Any

import yaml


def pick_review_sample(accounts: list[dict[str, Any]], size: int = 5) -> list[str]:
    """Contact emails for a sample covering every (variant, signal type) pair, best fit first."""
    ordered = sorted(accounts, key=lambda a: (-float(a.get("fit") or 0), a["contact_email"]))
    chosen: list[str] = []
    covered: set[tuple[str, str]] = set()
    for account in ordered:
        pair = (account["variant"], account["signal_type"])
        if pair not in covered and len(chosen) < size:
            covered.add(pair)
            chosen.append(account["contact_email"])
    for account in ordered:
        if len(chosen) >= size:
            break
        if account["contact_email"] not in chosen:
            chosen.append(account["contact_email"])
    return chosen


def content_diff(old: dict[str, Any] | None, new: dict[str, Any], old_label: str, new_label: str) -> str:
    """Unified diff of two play versions' content, as YAML; empty when they are equal."""
    if old is None:
        return ""
    dump = lambda content: yaml.safe_dump(content, sort_keys=True, allow_unicode=True).splitlines()  # noqa: E731
    return "\n".join(difflib.unified_diff(dump(old), dump(new), old_label, new_label, lineterm=""))
